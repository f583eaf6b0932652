import { Stack, Tabs, Text, Title } from '@mantine/core';
import { navigate } from '../../../app/router';
import './admin-styles';
import { AuditPanel } from './AuditPanel';
import { ClientsPanel } from './ClientsPanel';
import { InterfacesPanel } from './InterfacesPanel';
import { OrganizationsPanel } from './OrganizationsPanel';
import { PatientMatchingPanel } from './PatientMatchingPanel';
import { UsersPanel } from './UsersPanel';

/** The administration sections, each at `/admin/{value}`. */
export const ADMIN_SECTIONS = [
  { value: 'users', label: 'Users' },
  { value: 'organizations', label: 'Organisations' },
  { value: 'clients', label: 'Apps (SMART clients)' },
  { value: 'audit', label: 'Audit log' },
  { value: 'interfaces', label: 'Interfaces' },
  { value: 'matching', label: 'Patient matching' },
] as const;

type Section = (typeof ADMIN_SECTIONS)[number]['value'];

/** The section a path names (`/admin` is Users). */
export function sectionOf(path: string): Section {
  const part = path.split('/')[2] ?? '';
  return ADMIN_SECTIONS.find((s) => s.value === part)?.value ?? 'users';
}

/**
 * Administration (`/admin`), for administrators: users, organisations and their services, SMART
 * apps, the audit log and the interfaces. The server refuses every other role (403); this page is
 * only offered to administrators.
 */
export function AdminPage({ path }: { path: string }) {
  const section = sectionOf(path);
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Administration</Title>
        <Text c="dimmed" size="sm">
          Every change here is recorded in the audit log.
        </Text>
      </div>
      <Tabs
        value={section}
        onChange={(value) => value && navigate(`/admin/${value}`)}
        keepMounted={false}
      >
        <Tabs.List>
          {ADMIN_SECTIONS.map((s) => (
            <Tabs.Tab key={s.value} value={s.value}>
              {s.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="users" pt="md">
          <UsersPanel />
        </Tabs.Panel>
        <Tabs.Panel value="organizations" pt="md">
          <OrganizationsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="clients" pt="md">
          <ClientsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditPanel />
        </Tabs.Panel>
        <Tabs.Panel value="interfaces" pt="md">
          <InterfacesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="matching" pt="md">
          <PatientMatchingPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
