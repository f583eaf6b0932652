import { Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { TIER_LABEL, TIERS, isTier } from '../api';
import { useFilterOptions, useOrganizations } from '../hooks/usePopulation';
import { ageRangeError, type PopulationFilters as Filters } from '../model/filters';
import { conditionLabel, needLabel } from '../model/labels';

const age = (v: string | number): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * The queue's filters, each a labelled field: tiers (default very high and high), condition,
 * organisation, age range and social need. Values come from `/api/population/filters` and the
 * directory; every change refetches the queue.
 */
export function PopulationFilters({
  value,
  onChange,
}: {
  value: Filters;
  onChange: (next: Filters) => void;
}) {
  const options = useFilterOptions();
  const orgs = useOrganizations();
  const set = (patch: Partial<Filters>): void => onChange({ ...value, ...patch });
  const ageError = ageRangeError(value);
  const organizations = (orgs.data?.resources ?? [])
    .filter((o) => o.id)
    .map((o) => ({ value: `Organization/${o.id ?? ''}`, label: o.name ?? o.id ?? '' }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (
    <Stack gap="xs" component="section" aria-label="Filters" data-panel="Filters">
      <Checkbox.Group
        label="Risk tier"
        value={value.tiers}
        onChange={(tiers) => set({ tiers: tiers.filter(isTier) })}
      >
        <Group gap="md" mt={4}>
          {TIERS.map((t) => (
            <Checkbox key={t} value={t} label={TIER_LABEL[t]} />
          ))}
        </Group>
      </Checkbox.Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
        <Select
          label="Condition"
          placeholder="Any condition"
          clearable
          data={(options.data?.conditions ?? []).map((c) => ({
            value: c,
            label: conditionLabel(c),
          }))}
          value={value.condition}
          onChange={(condition) => set({ condition })}
        />
        <Select
          label="Organisation"
          placeholder="Any organisation"
          clearable
          searchable
          data={organizations}
          value={value.organization}
          onChange={(organization) => set({ organization })}
          nothingFoundMessage="No organisation matches"
        />
        <NumberInput
          label="Minimum age"
          min={0}
          max={130}
          allowDecimal={false}
          value={value.minAge ?? ''}
          onChange={(v) => set({ minAge: age(v) })}
          error={ageError ?? undefined}
        />
        <NumberInput
          label="Maximum age"
          min={0}
          max={130}
          allowDecimal={false}
          value={value.maxAge ?? ''}
          onChange={(v) => set({ maxAge: age(v) })}
        />
        <Select
          label="Social need"
          placeholder="Any need"
          clearable
          data={(options.data?.socialNeeds ?? []).map((n) => ({ value: n, label: needLabel(n) }))}
          value={value.socialNeed}
          onChange={(socialNeed) => set({ socialNeed })}
        />
      </SimpleGrid>
      {options.isError && (
        <Text size="sm" c="red.8" role="alert">
          Filter values unavailable: {options.error.message}
        </Text>
      )}
    </Stack>
  );
}
