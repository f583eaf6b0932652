import { Badge, Button, Group, Menu, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { ROLE_LABELS } from '../../shell/navigation';
import { useSetUserDisabled, useUsers } from '../hooks/useAdmin';
import type { AdminUser } from '../model/types';
import { ConfirmDialog, Loading, when } from './common';
import { CreateUserDialog } from './CreateUserDialog';
import { ResetPasswordDialog } from './ResetPasswordDialog';

function StatusBadge({ user }: { user: AdminUser }) {
  if (user.disabled) {
    return (
      <Badge color="red" variant="light">
        Disabled
      </Badge>
    );
  }
  return user.mustChangePassword ? (
    <Badge color="yellow" variant="light">
      Temporary password
    </Badge>
  ) : (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
}

type Dialog =
  { kind: 'create' } | { kind: 'reset'; user: AdminUser } | { kind: 'disable'; user: AdminUser };

/** Users: who can sign in, with which role and organisations, and when they last did. */
export function UsersPanel() {
  const [search, setSearch] = useState('');
  const users = useUsers(search);
  const toggle = useSetUserDisabled();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const columns: Column<AdminUser>[] = [
    {
      id: 'name',
      header: 'Name',
      value: (u) => u.displayName,
      cell: (u) => (
        <div>
          <Text size="sm" fw={600}>
            {u.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {u.email}
          </Text>
        </div>
      ),
    },
    { id: 'role', header: 'Role', value: (u) => ROLE_LABELS[u.role] ?? u.role },
    {
      id: 'organizations',
      header: 'Organisations',
      value: (u) => u.organizations.map((o) => o.name).join(', '),
      cell: (u) =>
        u.organizations.length > 0 ? u.organizations.map((o) => o.name).join(', ') : '—',
    },
    { id: 'person', header: 'Acts as', value: (u) => u.fhirUser },
    {
      id: 'status',
      header: 'Status',
      value: (u) =>
        u.disabled ? 'Disabled' : u.mustChangePassword ? 'Temporary password' : 'Active',
      cell: (u) => <StatusBadge user={u} />,
    },
    {
      id: 'last',
      header: 'Last sign-in',
      value: (u) => u.lastLoginAt ?? '',
      cell: (u) => when(u.lastLoginAt),
    },
    {
      id: 'actions',
      header: 'Actions',
      sortable: false,
      value: () => '',
      cell: (u) => (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-sm" variant="default" aria-label={`Actions for ${u.email}`}>
              Actions
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setDialog({ kind: 'reset', user: u })}>
              Reset password…
            </Menu.Item>
            {u.disabled ? (
              <Menu.Item onClick={() => toggle.mutate({ id: u.id, disabled: false })}>
                Re-enable
              </Menu.Item>
            ) : (
              <Menu.Item color="red" onClick={() => setDialog({ kind: 'disable', user: u })}>
                Disable…
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <TextInput
          label="Find a user"
          placeholder="Name or email"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Button onClick={() => setDialog({ kind: 'create' })}>New user</Button>
      </Group>
      {toggle.error && dialog === null && (
        <Text c="red" role="alert" size="sm">
          {toggle.error.message}
        </Text>
      )}
      <Loading loading={users.isPending} error={users.error}>
        <DataTable
          caption="Login accounts"
          rows={users.data ?? []}
          columns={columns}
          rowKey={(u) => u.id}
          initialRows={50}
          emptyText={search ? `No account matches “${search}”.` : 'No accounts yet.'}
        />
      </Loading>
      {dialog?.kind === 'create' && <CreateUserDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog
          title={`Disable ${dialog.user.displayName}?`}
          confirm="Disable account"
          busy={toggle.isPending}
          error={toggle.error}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            toggle.mutate(
              { id: dialog.user.id, disabled: true },
              { onSuccess: () => setDialog(null) },
            )
          }
        >
          <Text size="sm">
            {dialog.user.email} will be signed out everywhere and cannot sign in until re-enabled.
            Their records and history stay.
          </Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
