import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { usePeopleNames } from '../../../lib/usePeopleNames';
import { useWorklist } from '../hooks/useWorklist';
import {
  DEFAULT_FILTERS,
  taskTypes,
  type WorklistFilters as Filters,
  type WorklistTab,
} from '../model/worklist';
import { BulkReassignDialog } from './BulkReassignDialog';
import { WorklistFilters } from './WorklistFilters';
import { WorklistTable } from './WorklistTable';
import { WhoNeedsMeSection } from './WhoNeedsMeSection';

export { CaseloadPage } from './CaseloadPage';

const TABS: { value: WorklistTab; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'on-hold', label: 'On hold' },
  { value: 'done', label: 'Done' },
];

/**
 * My worklist: my (or my team's) tasks in the documented priority order, tabs with counts,
 * filters, row actions and bulk reassignment. Business rules stay on the server; this page only
 * asks and shows.
 */
export function WorklistPage() {
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const { query, items, counts } = useWorklist(filters);
  const ownerName = usePeopleNames(useMemo(() => items.map((i) => i.owner), [items]));
  const types = useMemo(() => taskTypes(items), [items]);
  const chosen = items.filter((i) => selected.has(i.id));

  const change = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setSelected(new Set());
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const count = (tab: WorklistTab): number | undefined =>
    tab === 'done' ? counts?.done : counts?.[tab];
  const state = query.isPending ? 'loading' : query.isError ? 'error' : 'ready';

  return (
    <Stack gap="md" data-page="worklist" data-state={state}>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>My worklist</Title>
        <SegmentedControl
          aria-label="Whose tasks"
          value={filters.scope}
          onChange={(v) => change({ scope: v === 'team' ? 'team' : 'mine' })}
          data={[
            { value: 'mine', label: 'Mine' },
            { value: 'team', label: 'My team' },
          ]}
        />
      </Group>
      <WhoNeedsMeSection />
      <Text size="sm" c="dimmed">
        Overdue tasks come first, then the most urgent (stat, asap, urgent, routine), then the
        earliest due.
        {counts ? ` ${counts.overdue} overdue.` : ''}
      </Text>
      <WorklistFilters filters={filters} types={types} onChange={change} />
      <Tabs
        value={filters.tab}
        onChange={(v) => change({ tab: (v ?? 'open') as WorklistTab })}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab
              key={t.value}
              value={t.value}
              data-tab={t.value}
              rightSection={
                count(t.value) !== undefined ? (
                  <Badge size="sm" variant="light" color="gray">
                    {count(t.value)}
                  </Badge>
                ) : undefined
              }
            >
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={filters.tab} pt="sm">
          <Stack gap="sm">
            {chosen.length > 0 && (
              <Group gap="sm">
                <Text size="sm" role="status">
                  {chosen.length} selected
                </Text>
                <Button size="xs" onClick={() => setBulkOpen(true)}>
                  Reassign selected
                </Button>
              </Group>
            )}
            {state === 'loading' && (
              <Stack gap={6} aria-label="Loading tasks">
                <Skeleton height={18} />
                <Skeleton height={18} />
                <Skeleton height={18} width="70%" />
              </Stack>
            )}
            {state === 'error' && (
              <Alert color="red" variant="light" role="alert" title="Could not load the worklist">
                {query.error?.message}
                <Button
                  size="compact-xs"
                  variant="default"
                  ml="sm"
                  onClick={() => void query.refetch()}
                >
                  Retry
                </Button>
              </Alert>
            )}
            {state === 'ready' && items.length === 0 && <Text c="dimmed">No tasks here.</Text>}
            {state === 'ready' && items.length > 0 && (
              <WorklistTable
                items={items}
                caption={`${TABS.find((t) => t.value === filters.tab)?.label ?? ''} tasks`}
                selected={selected}
                onToggle={toggle}
                onToggleAll={(all) =>
                  setSelected(all ? new Set(items.map((i) => i.id)) : new Set())
                }
                ownerName={ownerName}
              />
            )}
            <Group gap="sm">
              {query.hasNextPage && (
                <Button
                  variant="default"
                  size="xs"
                  loading={query.isFetchingNextPage}
                  onClick={() => void query.fetchNextPage()}
                >
                  Load more
                </Button>
              )}
              {query.isFetching && !query.isPending && <Loader size="xs" aria-label="Refreshing" />}
            </Group>
          </Stack>
        </Tabs.Panel>
      </Tabs>
      {bulkOpen && chosen.length > 0 && (
        <BulkReassignDialog
          items={chosen}
          onClose={() => setBulkOpen(false)}
          onDone={() => setSelected(new Set())}
        />
      )}
    </Stack>
  );
}
