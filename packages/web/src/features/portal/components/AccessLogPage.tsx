import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useAccessLog } from '../hooks/usePortal';
import { PortalPage, SectionState, moment } from './common';

/** Who looked at my record: name, role, organisation, when, what; break-the-glass marked. */
export function AccessLogPage() {
  const log = useAccessLog();
  return (
    <PortalPage title="Who looked at my record">
      <Text size="sm">
        Everyone who opened your record, newest first. If something looks wrong, write to your care
        coordinator.
      </Text>
      {!log.data ? (
        <SectionState error={log.error} what="who looked at your record" />
      ) : log.data.entries.length === 0 ? (
        <Text>No one else has opened your record yet.</Text>
      ) : (
        <Stack gap="xs" component="ol" p={0} style={{ listStyle: 'none' }}>
          {log.data.entries.map((e, i) => (
            <Card
              component="li"
              key={`${e.at}-${i}`}
              withBorder
              padding="sm"
              radius="md"
              data-break-glass={e.breakTheGlass ? 'true' : undefined}
              style={
                e.breakTheGlass
                  ? { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 }
                  : undefined
              }
            >
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text fw={600}>{e.who}</Text>
                {e.breakTheGlass ? (
                  <Badge variant="light" color="red">
                    Emergency access
                  </Badge>
                ) : null}
              </Group>
              <Text size="sm">{[e.role, e.organisation].filter(Boolean).join(' · ')}</Text>
              <Text size="sm">
                {moment(e.at)} — {e.what}
              </Text>
              {e.reason ? <Text size="sm">Reason given: {e.reason}</Text> : null}
            </Card>
          ))}
        </Stack>
      )}
    </PortalPage>
  );
}
