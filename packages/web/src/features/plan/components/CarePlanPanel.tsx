import { Badge, Card, Group, Text, Title } from '@mantine/core';

/** Where the shared care plan (goals, activities by domain) will sit once it exists. */
export function CarePlanPanel(_props: { patientId: string }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="panel-care-plan" data-panel="Care plan" data-state="ready">
      <Group gap="xs" mb="xs">
        <Title order={2} size="h4" id="panel-care-plan">
          Care plan
        </Title>
        <Badge variant="outline" color="gray" size="sm">
          coming
        </Badge>
      </Group>
      <Text size="sm" c="dimmed">
        The shared care plan — goals in the person's own words and each team member's activities, by domain — arrives with the care-plan work.
      </Text>
    </Card>
  );
}
