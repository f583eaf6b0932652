import type { Patient } from '@medplum/fhirtypes';
import { Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useEffect, useState } from 'react';
import { navigate } from '../../../app/router';
import { ageFrom, formatDate, formatIdentifier, formatName } from '../../../lib/format';
import { usePatientSearch } from '../hooks/usePatientSearch';

export interface PatientSearchProps {
  /** Larger field with a description, for the search page. */
  size?: 'sm' | 'lg';
  autoFocus?: boolean;
}

function Row({ patient }: { patient: Patient }) {
  const age = ageFrom(patient.birthDate);
  const mrn = patient.identifier?.[0];
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" fw={600}>
        {formatName(patient.name)}
      </Text>
      <Text size="xs" c="dimmed">
        {formatDate(patient.birthDate)}
        {age !== undefined ? ` (${age})` : ''} · {patient.gender ?? 'sex unknown'}
        {mrn ? ` · ${formatIdentifier(mrn)}` : ''}
      </Text>
    </Group>
  );
}

/**
 * The "Search patients" field: type a name, birth date or identifier; results appear as you type
 * (debounced); arrow keys move, Enter opens the summary, Escape closes the list.
 */
export function PatientSearch({ size = 'sm', autoFocus = false }: PatientSearchProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [term, setTerm] = useState('');
  const { params, result, isFetching, error, pending } = usePatientSearch(term);
  const patients = result?.resources ?? [];

  useEffect(() => {
    if (patients.length > 0) {
      combobox.selectFirstOption();
    }
    // Re-select only when a new page of results arrives (the store object is stable).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  const open = (id: string): void => {
    combobox.closeDropdown();
    setTerm('');
    navigate(`/patients/${encodeURIComponent(id)}`);
  };

  const busy = pending || isFetching;
  let status: string | null = null;
  if (error) {
    status = `Search failed: ${error.message}`;
  } else if (params && !busy && result && patients.length === 0) {
    status = 'No patients match.';
  } else if (params && busy && patients.length === 0) {
    status = 'Searching…';
  }

  return (
    <Combobox store={combobox} onOptionSubmit={(id) => open(id)} withinPortal={false}>
      <Combobox.Target withExpandedAttribute>
        <TextInput
          label="Search patients"
          description={
            size === 'lg'
              ? 'Name, birth date (1952-08-14 or 14/08/1952) or identifier (MRN)'
              : undefined
          }
          placeholder="Name, birth date or MRN"
          size={size === 'lg' ? 'md' : 'sm'}
          value={term}
          autoFocus={autoFocus}
          autoComplete="off"
          rightSection={busy && params ? <Loader size="xs" aria-label="Searching" /> : null}
          onChange={(e) => {
            setTerm(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!params}>
        <Combobox.Options aria-label="Matching patients">
          {patients.map((p) => (
            <Combobox.Option value={p.id ?? ''} key={p.id}>
              <Row patient={p} />
            </Combobox.Option>
          ))}
          {status && (
            <Combobox.Empty>
              <span role={error ? 'alert' : 'status'}>{status}</span>
            </Combobox.Empty>
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
