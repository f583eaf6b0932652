import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ROLE_LABELS } from '../../shell/navigation';
import { useCreateUser, useOrganizations } from '../hooks/useAdmin';
import { personTypeFor, usePersonSearch } from '../hooks/usePersonSearch';
import type { AdminUser } from '../model/types';
import { ErrorAlert } from './common';
import { PasswordField } from './PasswordField';

const PORTAL_ROLES = ['patient', 'caregiver'];
const ROLE_CHOICES = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));

function Created({
  user,
  password,
  temporary,
  onClose,
}: {
  user: AdminUser;
  password: string;
  temporary: boolean;
  onClose: () => void;
}) {
  return (
    <Stack gap="sm">
      <Alert color="green" variant="light" role="status" title="Account created">
        {user.displayName} ({ROLE_LABELS[user.role] ?? user.role}) can sign in as {user.email}
        {temporary
          ? ' with the temporary password below, and will be asked to choose their own.'
          : '.'}
      </Alert>
      {temporary && (
        <Text ff="monospace" fw={700} data-testid="temporary-password">
          {password}
        </Text>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}

/**
 * A new login account: its role, the person it acts as (a colleague new to the directory, or
 * someone already in the record), organisations, and a password — temporary by default.
 */
export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string | null>('care-coordinator');
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [given, setGiven] = useState('');
  const [family, setFamily] = useState('');
  const [search, setSearch] = useState('');
  const [person, setPerson] = useState<string | null>(null);
  const [orgs, setOrgs] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const [temporary, setTemporary] = useState(true);
  const create = useCreateUser();
  const organizations = useOrganizations();
  const portal = role !== null && PORTAL_ROLES.includes(role);
  const linking = portal ? 'existing' : mode;
  const people = usePersonSearch(personTypeFor(role ?? ''), linking === 'existing' ? search : '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!role) return;
    create.mutate({
      email: email.trim(),
      role,
      password,
      temporaryPassword: temporary,
      ...(linking === 'new'
        ? { newPractitioner: { given: given.trim(), family: family.trim() } }
        : { fhirUser: person ?? '' }),
      ...(!portal && orgs.length > 0 ? { organizationIds: orgs } : {}),
    });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title="New user"
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {create.data ? (
        <Created user={create.data} password={password} temporary={temporary} onClose={onClose} />
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput
              label="Email (sign-in name)"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-autofocus
            />
            <Select
              label="Role"
              required
              data={ROLE_CHOICES}
              value={role}
              onChange={(v) => {
                setRole(v);
                setPerson(null);
              }}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            {!portal && (
              <SegmentedControl
                aria-label="Who the account is for"
                value={mode}
                onChange={setMode}
                data={[
                  { value: 'new', label: 'A new colleague' },
                  { value: 'existing', label: 'Someone in the directory' },
                ]}
              />
            )}
            {linking === 'new' ? (
              <Group grow>
                <TextInput
                  label="Given name(s)"
                  required
                  value={given}
                  onChange={(e) => setGiven(e.currentTarget.value)}
                />
                <TextInput
                  label="Family name"
                  required
                  value={family}
                  onChange={(e) => setFamily(e.currentTarget.value)}
                />
              </Group>
            ) : (
              <Select
                label={`The ${personTypeFor(role ?? '') === 'Practitioner' ? 'practitioner' : personTypeFor(role ?? '') === 'Patient' ? 'patient' : 'caregiver'} this account acts as`}
                placeholder="Type two letters of the name"
                required
                searchable
                searchValue={search}
                onSearchChange={setSearch}
                data={people.data ?? (person ? [{ value: person, label: person }] : [])}
                value={person}
                onChange={setPerson}
                filter={({ options }) => options}
                nothingFoundMessage={
                  search.trim().length < 2
                    ? 'Type two letters or more'
                    : people.isFetching
                      ? 'Searching…'
                      : 'Nobody by that name'
                }
                comboboxProps={{ withinPortal: true }}
              />
            )}
            {!portal && (
              <MultiSelect
                label="Organisations"
                description={
                  linking === 'new'
                    ? 'Where they work: each gets a PractitionerRole.'
                    : 'Leave empty for the organisations of their practitioner roles.'
                }
                required={linking === 'new'}
                data={(organizations.data ?? []).map((o) => ({
                  value: o.id ?? '',
                  label: o.name ?? o.id ?? '',
                }))}
                value={orgs}
                onChange={setOrgs}
                searchable
                comboboxProps={{ withinPortal: true }}
              />
            )}
            <PasswordField
              label={temporary ? 'Temporary password' : 'Password'}
              value={password}
              onChange={setPassword}
              visible={visible}
              onVisibleChange={setVisible}
            />
            <Checkbox
              label="Temporary: they must choose their own password at the first sign-in"
              checked={temporary}
              onChange={(e) => setTemporary(e.currentTarget.checked)}
            />
            <ErrorAlert error={create.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={
                  !email.trim() ||
                  !role ||
                  !password ||
                  (linking === 'existing' ? !person : !family.trim() || orgs.length === 0)
                }
              >
                Create account
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
