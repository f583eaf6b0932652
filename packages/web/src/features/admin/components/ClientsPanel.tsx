import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Menu,
  Modal,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import {
  useClients,
  useRegisterClient,
  useRevokeClient,
  useRotateSecret,
  useUpdateClient,
} from '../hooks/useAdmin';
import type { AdminClient } from '../model/types';
import { ConfirmDialog, ErrorAlert, Loading, when } from './common';

const lines = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The secret, shown once: the server keeps only its hash. */
function SecretShownOnce({
  name,
  clientId,
  secret,
  onClose,
}: {
  name: string;
  clientId: string;
  secret: string;
  onClose: () => void;
}) {
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Credentials of ${name}`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="sm">
        <Alert color="yellow" variant="light" role="status" title="Shown once">
          Copy the secret now and store it with the app. Careweave keeps only its hash; if it is
          lost, replace it.
        </Alert>
        <Text size="sm">client_id</Text>
        <Code block data-testid="client-id">
          {clientId}
        </Code>
        <Text size="sm">client_secret</Text>
        <Code block data-testid="client-secret">
          {secret}
        </Code>
        <Group justify="flex-end">
          <Button onClick={onClose}>I have stored it</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RegisterDialog({
  onClose,
  onSecret,
}: {
  onClose: () => void;
  onSecret: (c: AdminClient, secret: string) => void;
}) {
  const [name, setName] = useState('');
  const [confidential, setConfidential] = useState(false);
  const [uris, setUris] = useState('');
  const [scopes, setScopes] = useState('');
  const register = useRegisterClient();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate(
      {
        name: name.trim(),
        confidential,
        redirectUris: lines(uris),
        ...(lines(scopes).length > 0 ? { scopes: lines(scopes) } : {}),
      },
      {
        onSuccess: (result) => {
          if (result.secret) onSecret(result.client, result.secret);
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title="Register an app"
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Name people see when the app asks to sign in"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <Checkbox
            label="Confidential: a back-end service or server-side app that can keep a secret (client credentials)"
            checked={confidential}
            onChange={(e) => setConfidential(e.currentTarget.checked)}
          />
          <Textarea
            label="Redirect URIs"
            description="One per line: https, http only on localhost, or an app scheme such as com.example.app:/cb. A public app needs at least one."
            autosize
            minRows={2}
            value={uris}
            onChange={(e) => setUris(e.currentTarget.value)}
          />
          <Textarea
            label="Scopes"
            description="Space- or line-separated SMART scopes, e.g. patient/*.rs launch/patient offline_access. Empty: the defaults (system/*.rs too for a confidential app)."
            autosize
            minRows={2}
            value={scopes}
            onChange={(e) => setScopes(e.currentTarget.value)}
          />
          <ErrorAlert error={register.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={register.isPending} disabled={!name.trim()}>
              Register
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EditDialog({ client, onClose }: { client: AdminClient; onClose: () => void }) {
  const [uris, setUris] = useState(client.redirectUris.join('\n'));
  const [scopes, setScopes] = useState(client.scopes.join('\n'));
  const update = useUpdateClient();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { id: client.clientId, redirectUris: lines(uris), scopes: lines(scopes) },
      { onSuccess: onClose },
    );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Edit ${client.name}`}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Textarea
            label="Redirect URIs"
            autosize
            minRows={2}
            value={uris}
            onChange={(e) => setUris(e.currentTarget.value)}
            data-autofocus
          />
          <Textarea
            label="Scopes"
            autosize
            minRows={2}
            value={scopes}
            onChange={(e) => setScopes(e.currentTarget.value)}
          />
          <ErrorAlert error={update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type Dialog =
  | { kind: 'register' }
  | { kind: 'edit'; client: AdminClient }
  | { kind: 'rotate'; client: AdminClient }
  | { kind: 'revoke'; client: AdminClient }
  | { kind: 'secret'; client: AdminClient; secret: string };

/** SMART on FHIR / OAuth 2.0 apps: register, redirect URIs and scopes, secrets shown once, revoke. */
export function ClientsPanel() {
  const clients = useClients();
  const rotate = useRotateSecret();
  const revoke = useRevokeClient();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const columns: Column<AdminClient>[] = [
    {
      id: 'name',
      header: 'App',
      value: (c) => c.name,
      cell: (c) => (
        <div>
          <Text size="sm" fw={600}>
            {c.name}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {c.clientId}
          </Text>
        </div>
      ),
    },
    {
      id: 'kind',
      header: 'Kind',
      value: (c) => c.kind,
      cell: (c) => (
        <Badge variant="light" color={c.kind === 'confidential' ? 'grape' : 'blue'}>
          {c.kind}
        </Badge>
      ),
    },
    {
      id: 'uris',
      header: 'Redirect URIs',
      value: (c) => c.redirectUris.join(' '),
      cell: (c) => c.redirectUris.join('\n') || '—',
    },
    { id: 'scopes', header: 'Scopes', value: (c) => c.scopes.join(' ') },
    {
      id: 'used',
      header: 'Last token',
      value: (c) => c.lastUsedAt ?? '',
      cell: (c) => when(c.lastUsedAt),
    },
    { id: 'sessions', header: 'Signed-in sessions', value: (c) => c.activeSessions },
    {
      id: 'actions',
      header: 'Actions',
      sortable: false,
      value: () => '',
      cell: (c) => (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="compact-sm" variant="default" aria-label={`Actions for ${c.name}`}>
              Actions
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => setDialog({ kind: 'edit', client: c })}>
              Edit redirect URIs and scopes…
            </Menu.Item>
            {c.kind === 'confidential' && (
              <Menu.Item onClick={() => setDialog({ kind: 'rotate', client: c })}>
                Replace secret…
              </Menu.Item>
            )}
            <Menu.Item color="red" onClick={() => setDialog({ kind: 'revoke', client: c })}>
              Revoke…
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Apps that use Careweave through SMART on FHIR: patient apps, clinical apps and back-end
          services.
        </Text>
        <Button onClick={() => setDialog({ kind: 'register' })}>Register an app</Button>
      </Group>
      <Loading loading={clients.isPending} error={clients.error}>
        <DataTable
          caption="Registered apps"
          rows={clients.data ?? []}
          columns={columns}
          rowKey={(c) => c.clientId}
          initialRows={50}
          emptyText="No apps registered yet."
        />
      </Loading>
      {dialog?.kind === 'register' && (
        <RegisterDialog
          onClose={() => setDialog(null)}
          onSecret={(client, secret) => setDialog({ kind: 'secret', client, secret })}
        />
      )}
      {dialog?.kind === 'edit' && (
        <EditDialog client={dialog.client} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'secret' && (
        <SecretShownOnce
          name={dialog.client.name}
          clientId={dialog.client.clientId}
          secret={dialog.secret}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'rotate' && (
        <ConfirmDialog
          title={`Replace the secret of ${dialog.client.name}?`}
          confirm="Replace secret"
          busy={rotate.isPending}
          error={rotate.error}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            rotate.mutate(dialog.client.clientId, {
              onSuccess: (r) =>
                setDialog({ kind: 'secret', client: dialog.client, secret: r.secret }),
            })
          }
        >
          <Text size="sm">
            The current secret stops working at once; the app needs the new one.
          </Text>
        </ConfirmDialog>
      )}
      {dialog?.kind === 'revoke' && (
        <ConfirmDialog
          title={`Revoke ${dialog.client.name}?`}
          confirm="Revoke app"
          busy={revoke.isPending}
          error={revoke.error}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            revoke.mutate(dialog.client.clientId, { onSuccess: () => setDialog(null) })
          }
        >
          <Text size="sm">
            The app is removed: people signed in through it are signed out, and it can get no new
            tokens. Tokens a back-end service already holds expire within 15 minutes.
          </Text>
        </ConfirmDialog>
      )}
    </Stack>
  );
}
