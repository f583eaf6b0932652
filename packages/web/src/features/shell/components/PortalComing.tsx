import { Alert, Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useAuth } from '../../auth/hooks/useAuth';

/** Where patients and caregivers land until the portal is built. */
export function PortalComing() {
  const { user, signOut } = useAuth();
  return (
    <Center component="main" id="main" mih="100vh" p="md" bg="gray.0">
      <Paper withBorder p="xl" radius="md" maw={520}>
        <Stack>
          <Title order={1} size="h2">
            Welcome, {user?.name}
          </Title>
          <Alert variant="light" color="blue" title="Your portal is coming">
            <Text size="sm">
              Soon you will see your care plan, your goals and priorities, your care team, messages,
              questionnaires, your consent choices and who has looked at your record.
            </Text>
          </Alert>
          <Button variant="default" onClick={() => void signOut()}>
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
