import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core';

/** A placeholder for a screen a later issue builds, clearly labelled "coming". */
export function ComingPage({ title, description }: { title: string; description: string }) {
  return (
    <Stack gap="md" maw={720}>
      <Group gap="sm">
        <Title order={1}>{title}</Title>
        <Badge variant="outline" color="gray" size="lg">
          coming
        </Badge>
      </Group>
      <Alert variant="light" color="gray" title="Coming soon">
        <Text size="sm">{description}</Text>
      </Alert>
    </Stack>
  );
}
