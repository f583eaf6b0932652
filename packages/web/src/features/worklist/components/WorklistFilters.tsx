import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import { formatName } from '../../../lib/format';
import { usePatientSearch } from '../../search/hooks/usePatientSearch';
import { useCareTeamChoices, useOrganizationChoices } from '../hooks/useFilterChoices';
import type { DueWindow, WorklistFilters as Filters } from '../model/worklist';

const DUE: { value: DueWindow; label: string }[] = [
  { value: 'overdue', label: 'Overdue' },
  { value: 'today', label: 'Due today' },
  { value: 'week', label: 'Due within 7 days' },
  { value: 'month', label: 'Due within 30 days' },
];

/** Patient filter: type a name and pick (the same search as the header's patient search). */
function PatientFilter({
  value,
  onChange,
}: {
  value: string;
  onChange: (id: string, label: string) => void;
}) {
  const [term, setTerm] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const { result } = usePatientSearch(term);
  const found = (result?.resources ?? [])
    .filter((p) => p.id)
    .map((p) => ({
      value: p.id ?? '',
      label: `${formatName(p.name)}${p.birthDate ? ` (${p.birthDate})` : ''}`,
    }));
  const data =
    chosen && value && !found.some((f) => f.value === chosen.value) ? [chosen, ...found] : found;
  return (
    <Select
      label="Patient"
      placeholder="Type a name"
      searchable
      clearable
      size="xs"
      w={220}
      data={data}
      value={value || null}
      searchValue={term}
      onSearchChange={setTerm}
      filter={({ options }) => options}
      nothingFoundMessage={term.trim().length < 2 ? 'Type at least 2 letters' : 'No patient found'}
      onChange={(id, option) => {
        setChosen(id && option ? { value: id, label: option.label } : null);
        onChange(id ?? '', option?.label ?? '');
      }}
    />
  );
}

/** The worklist filters, each labelled; a change goes straight to the server query. */
export function WorklistFilters({
  filters,
  types,
  onChange,
}: {
  filters: Filters;
  types: { value: string; label: string }[];
  onChange: (next: Partial<Filters>) => void;
}) {
  const organizations = useOrganizationChoices();
  const careTeams = useCareTeamChoices();
  const any =
    filters.patient || filters.type || filters.due || filters.organization || filters.careTeam;
  const typeData =
    filters.type && !types.some((t) => t.value === filters.type)
      ? [{ value: filters.type, label: filters.type }, ...types]
      : types;
  return (
    <Group gap="sm" align="flex-end" role="group" aria-label="Filter tasks">
      <PatientFilter value={filters.patient} onChange={(patient) => onChange({ patient })} />
      <Select
        label="Type"
        placeholder="Any type"
        clearable
        size="xs"
        w={180}
        data={typeData}
        value={filters.type || null}
        onChange={(v) => onChange({ type: v ?? '' })}
      />
      <Select
        label="Due"
        placeholder="Any time"
        clearable
        size="xs"
        w={170}
        data={DUE}
        value={filters.due || null}
        onChange={(v) => onChange({ due: v ?? '' })}
      />
      <Select
        label="Organisation"
        placeholder="Any organisation"
        searchable
        clearable
        size="xs"
        w={220}
        data={organizations}
        value={filters.organization || null}
        onChange={(v) => onChange({ organization: v ?? '' })}
      />
      <Select
        label="Care team"
        placeholder="Any care team"
        searchable
        clearable
        size="xs"
        w={220}
        data={careTeams}
        value={filters.careTeam || null}
        onChange={(v) => onChange({ careTeam: v ?? '' })}
      />
      {any && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() =>
            onChange({ patient: '', type: '', due: '', organization: '', careTeam: '' })
          }
        >
          Clear filters
        </Button>
      )}
    </Group>
  );
}
