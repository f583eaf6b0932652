import { Select } from '@mantine/core';
import type { PersonChoice } from '../../care-team/model/team';

/** The owner picker of reassign dialogs: team members (and the team) who may take the work. */
export function OwnerSelect({
  choices,
  loading,
  value,
  onChange,
  label = 'New owner',
}: {
  choices: readonly PersonChoice[];
  loading: boolean;
  value: string | null;
  onChange: (v: string | null) => void;
  label?: string;
}) {
  return (
    <Select
      label={label}
      required
      searchable
      data={choices.map((c) => ({ value: c.value, label: c.label }))}
      value={value}
      onChange={onChange}
      placeholder={loading ? 'Loading the care team…' : 'Choose a team member'}
      nothingFoundMessage="Nobody on every team matches"
      disabled={loading}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
