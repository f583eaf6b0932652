import { Badge, SimpleGrid, Stack, Table, Tabs, Text, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useClients, useSystemStatus } from '../hooks/useAdmin';
import { Loading, when } from './common';
import { Hl7MessagesTab } from './Hl7MessagesTab';

function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </div>
  );
}

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** The server: version, database, schema, uptime, and what it holds. */
function ServerTab() {
  const status = useSystemStatus();
  const s = status.data;
  return (
    <Loading loading={status.isPending} error={status.error}>
      {s && (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Fact label="Version" value={s.version} />
          <Fact label="Node.js" value={s.node} />
          <Fact
            label="Database"
            value={s.database === 'postgres' ? 'PostgreSQL' : 'Embedded (PGlite)'}
          />
          <Fact
            label="Schema"
            value={
              s.migrations.pending.length === 0 ? (
                <Badge color="green" variant="light">
                  Up to date ({s.migrations.applied})
                </Badge>
              ) : (
                <Badge color="red" variant="light">
                  {s.migrations.pending.length} pending
                </Badge>
              )
            }
          />
          <Fact
            label="Running since"
            value={`${when(s.startedAt)} (${duration(s.uptimeSeconds)})`}
          />
          <Fact label="Web app" value={s.webApp ? 'Built' : 'Not built'} />
          <Fact
            label="Accounts (enabled)"
            value={`${s.counts.accounts} (${s.counts.enabledAccounts})`}
          />
          <Fact
            label="Audit events, last 24 h"
            value={s.counts.auditEventsLast24h.toLocaleString()}
          />
        </SimpleGrid>
      )}
    </Loading>
  );
}

/** The apps and services that use the API, and when each last did. */
function AppsTab() {
  const clients = useClients();
  return (
    <Loading loading={clients.isPending} error={clients.error}>
      {(clients.data ?? []).length === 0 ? (
        <Text size="sm" c="dimmed">
          No apps registered: register one under Apps (SMART clients).
        </Text>
      ) : (
        <Table striped fz="sm">
          <VisuallyHidden component="caption">App activity</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>App</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Last token</Table.Th>
              <Table.Th>Signed-in sessions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(clients.data ?? []).map((c) => (
              <Table.Tr key={c.clientId}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{c.kind}</Table.Td>
                <Table.Td>{when(c.lastUsedAt)}</Table.Td>
                <Table.Td>{c.activeSessions}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Loading>
  );
}

/**
 * The interfaces Careweave has with other systems, one tab each. A capability that adds an
 * interface (the HL7 v2 feed, background jobs, subscriptions) adds its tab to this list.
 */
export const INTERFACE_TABS: readonly { value: string; label: string; render: () => ReactNode }[] =
  [
    { value: 'apps', label: 'Apps and services', render: () => <AppsTab /> },
    { value: 'server', label: 'Server', render: () => <ServerTab /> },
    { value: 'hl7', label: 'HL7 v2 feed', render: () => <Hl7MessagesTab /> },
  ];

export function InterfacesPanel() {
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        How Careweave connects to other systems, and whether they are healthy.
      </Text>
      <Tabs defaultValue={INTERFACE_TABS[0]?.value ?? 'apps'} variant="outline" keepMounted={false}>
        <Tabs.List>
          {INTERFACE_TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {INTERFACE_TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            {t.render()}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
