import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useAuth } from '../hooks/useAuth';

/** The server's rule (at least 12 characters; common passwords refused), repeated here as a hint. */
const MIN_LENGTH = 12;

/**
 * Shown instead of the workspace after a sign-in with a temporary password: the person chooses
 * their own before anything else (the server refuses every other call until then).
 */
export function ChangePasswordPage() {
  const { user, changePassword, signOut } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = again.length > 0 && again !== next;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (next !== again) {
      setError('The two new passwords are not the same.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The password was not changed.');
      setBusy(false);
    }
  };

  return (
    <Center component="main" mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={440} maw="100%">
        <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="change-title">
          <Stack gap="md">
            <Box>
              <Title order={1} id="change-title" size="h2">
                Choose your password
              </Title>
              <Text c="dimmed" size="sm">
                Welcome{user ? `, ${user.name}` : ''}. You signed in with a temporary password;
                choose your own to continue.
              </Text>
            </Box>
            {error && (
              <Alert color="red" role="alert" title="Password not changed" variant="light">
                {error}
              </Alert>
            )}
            <PasswordInput
              label="Temporary password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label="New password"
              description={`At least ${MIN_LENGTH} characters; a few unrelated words work well. Common passwords are refused.`}
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
            />
            <PasswordInput
              label="New password again"
              autoComplete="new-password"
              required
              value={again}
              onChange={(e) => setAgain(e.currentTarget.value)}
              error={mismatch ? 'Not the same as the new password' : undefined}
            />
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => void signOut()}>
                Sign out
              </Button>
              <Button
                type="submit"
                loading={busy}
                disabled={!current || next.length < MIN_LENGTH || mismatch}
              >
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
