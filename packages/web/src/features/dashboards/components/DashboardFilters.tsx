import { Select, SegmentedControl, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { INTEGRATED_CARE, PROGRAMME_SYSTEM, TIER_LABEL, TIERS } from '@careweave/contract';
import { useFilterOptions } from '../../population/hooks/usePopulation';
import { conditionLabel } from '../../population/model/labels';
import { AGE_BANDS, type MeasureResults } from '../api';
import type { DashboardFilters as Filters, DashboardView } from '../model/query';

const VIEWS: { value: DashboardView; label: string }[] = [
  { value: 'network', label: 'Network' },
  { value: 'organization', label: 'Organisation' },
  { value: 'team', label: 'Team' },
  { value: 'coordinator', label: 'Coordinator' },
];

/** The groups the results hold for a stratum (their keys and names), for the pickers. */
function groups(
  results: MeasureResults | undefined,
  stratum: 'organization' | 'team' | 'coordinator',
) {
  const seen = new Map<string, string>();
  for (const m of results?.measures ?? []) {
    for (const g of m.strata[stratum]) if (g.key !== 'none') seen.set(g.key, g.label);
  }
  return [...seen]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Period, view and filters, each a labelled field; every change recomputes the measures. */
export function DashboardFilters({
  value,
  view,
  results,
  onChange,
  onView,
}: {
  value: Filters;
  view: DashboardView;
  results: MeasureResults | undefined;
  onChange: (next: Filters) => void;
  onView: (next: DashboardView) => void;
}) {
  const options = useFilterOptions();
  // Four segments side by side are wider than a phone: stacked there instead.
  const narrow = useMediaQuery('(max-width: 600px)') ?? false;
  const set = (patch: Partial<Filters>): void => onChange({ ...value, ...patch });
  const pick = (v: string | null): string => v ?? '';
  return (
    <Stack gap="xs" component="section" aria-label="Filters">
      <SegmentedControl
        aria-label="View"
        data={VIEWS}
        value={view}
        onChange={(v) => onView(v)}
        orientation={narrow ? 'vertical' : 'horizontal'}
        fullWidth={narrow}
        w={narrow ? undefined : 'fit-content'}
      />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
        <TextInput
          type="date"
          label="Period start"
          value={value.periodStart}
          onChange={(e) => set({ periodStart: e.currentTarget.value })}
        />
        <TextInput
          type="date"
          label="Period end"
          value={value.periodEnd}
          onChange={(e) => set({ periodEnd: e.currentTarget.value })}
        />
        <Select
          label="Programme"
          placeholder="Everyone"
          clearable
          data={[{ value: `${PROGRAMME_SYSTEM}|${INTEGRATED_CARE}`, label: 'Integrated care' }]}
          value={value.programme || null}
          onChange={(v) => set({ programme: pick(v) })}
        />
        <Select
          label="Risk tier"
          placeholder="Any tier"
          clearable
          data={TIERS.map((t) => ({ value: t, label: TIER_LABEL[t] }))}
          value={value.tier || null}
          onChange={(v) => set({ tier: pick(v) })}
        />
        <Select
          label="Condition"
          placeholder="Any condition"
          clearable
          data={(options.data?.conditions ?? []).map((c) => ({
            value: c,
            label: conditionLabel(c),
          }))}
          value={value.condition || null}
          onChange={(v) => set({ condition: pick(v) })}
        />
        <Select
          label="Age band"
          placeholder="Any age"
          clearable
          data={AGE_BANDS.map((b) => ({ value: b, label: b }))}
          value={value.ageBand || null}
          onChange={(v) => set({ ageBand: v ?? '' })}
        />
        <Select
          label="Organisation"
          placeholder="All organisations"
          clearable
          searchable
          data={groups(results, 'organization')}
          value={value.organization || null}
          onChange={(v) => set({ organization: pick(v) })}
        />
        <Select
          label="Team"
          placeholder="All teams"
          clearable
          searchable
          data={groups(results, 'team')}
          value={value.team || null}
          onChange={(v) => set({ team: pick(v) })}
        />
        <Select
          label="Coordinator"
          placeholder="All coordinators"
          clearable
          searchable
          data={groups(results, 'coordinator')}
          value={value.coordinator || null}
          onChange={(v) => set({ coordinator: pick(v) })}
        />
      </SimpleGrid>
    </Stack>
  );
}
