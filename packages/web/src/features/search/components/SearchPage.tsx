import { Paper, Stack, Text, Title } from '@mantine/core';
import { PatientSearch } from './PatientSearch';

/** The patient search page: one large search field and how to use it. */
export function SearchPage() {
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>Patient search</Title>
      <Paper withBorder p="lg" radius="md">
        <PatientSearch size="lg" autoFocus />
      </Paper>
      <Text size="sm" c="dimmed">
        Results appear as you type. Use the arrow keys to choose a person and Enter to open their
        integrated summary. You see the people your role and the patients' consent allow.
      </Text>
    </Stack>
  );
}
