import {
  Autocomplete,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fetchAuditCsv } from '../api';
import { useAuditLog, useUsers } from '../hooks/useAdmin';
import { AUDIT_ACTIONS, NO_FILTERS } from '../model/audit';
import type { AuditFilters, AuditRow } from '../model/types';
import { ErrorAlert, Loading, when } from './common';

/** Saves text as a file (a blob link; the app sets no cookies, so the export is fetched with the token). */
function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Row({ row }: { row: AuditRow }) {
  return (
    <Table.Tr data-testid="audit-row">
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(row.recorded)}</Table.Td>
      <Table.Td>
        {row.action}
        {row.breakGlass && (
          <Badge ml={4} size="xs" color="red" variant="light">
            break the glass
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <Badge color={row.outcome === 'success' ? 'green' : 'red'} variant="light">
          {row.outcome === 'success' ? 'Success' : 'Failure'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{row.user}</Text>
        {row.organizations.length > 0 && (
          <Text size="xs" c="dimmed">
            {row.organizations.join(', ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{row.patients.map((p) => p.name ?? p.reference).join(', ') || '—'}</Table.Td>
      <Table.Td style={{ wordBreak: 'break-word' }}>{row.target ?? '—'}</Table.Td>
      <Table.Td style={{ wordBreak: 'break-word' }}>{row.detail ?? ''}</Table.Td>
      <Table.Td>{row.ip ?? ''}</Table.Td>
    </Table.Tr>
  );
}

/** The audit log: who did what, to whose record, when, with what outcome; searchable and exportable as CSV. */
export function AuditPanel() {
  const [draft, setDraft] = useState<AuditFilters>(NO_FILTERS);
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const { query, rows } = useAuditLog(filters);
  const users = useUsers('');
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<Error | null>(null);
  const set = (key: keyof AuditFilters, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft });
  };
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const csv = await fetchAuditCsv(filters);
      saveFile(`careweave-audit-${new Date().toISOString().slice(0, 10)}.csv`, csv, 'text/csv');
    } catch (err) {
      setExportError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setExporting(false);
    }
  };
  return (
    <Stack gap="sm">
      <form onSubmit={search} aria-label="Audit log filters">
        <Group align="flex-end" gap="sm">
          <Autocomplete
            label="User (email)"
            data={[...new Set((users.data ?? []).map((u) => u.email))]}
            value={draft.user}
            onChange={(v) => set('user', v)}
            w={240}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="Patient"
            placeholder="Patient/ID"
            value={draft.patient}
            onChange={(e) => set('patient', e.currentTarget.value)}
            w={170}
          />
          <Select
            label="Action"
            data={[{ value: '', label: 'Any' }, ...AUDIT_ACTIONS]}
            value={draft.action}
            onChange={(v) => set('action', v ?? '')}
            w={190}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label="Outcome"
            data={[
              { value: '', label: 'Any' },
              { value: 'success', label: 'Success' },
              { value: 'failure', label: 'Failure' },
            ]}
            value={draft.outcome}
            onChange={(v) => set('outcome', v ?? '')}
            w={120}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            label="From"
            type="date"
            value={draft.from}
            onChange={(e) => set('from', e.currentTarget.value)}
            w={150}
          />
          <TextInput
            label="To"
            type="date"
            value={draft.to}
            onChange={(e) => set('to', e.currentTarget.value)}
            w={150}
          />
          <Button type="submit">Search</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
            }}
          >
            Clear
          </Button>
          <Button variant="default" loading={exporting} onClick={() => void exportCsv()}>
            Export CSV
          </Button>
        </Group>
      </form>
      <ErrorAlert error={exportError} />
      <Loading loading={query.isPending} error={query.error}>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            No events match.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped verticalSpacing={4} fz="sm">
              <VisuallyHidden component="caption">Audit events, newest first</VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>User</Table.Th>
                  <Table.Th>Patient</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Detail</Table.Th>
                  <Table.Th>Address</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Row key={row.id} row={row} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {query.hasNextPage && (
          <Group>
            <Button
              variant="default"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              Load more
            </Button>
          </Group>
        )}
      </Loading>
    </Stack>
  );
}
