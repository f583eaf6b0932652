import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useResetPassword } from '../hooks/useAdmin';
import type { AdminUser } from '../model/types';
import { ErrorAlert } from './common';
import { PasswordField } from './PasswordField';

/** Sets a temporary password: the person changes it at their next sign-in; their sessions end. */
export function ResetPasswordDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [visible, setVisible] = useState(false);
  const reset = useResetPassword();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ id: user.id, password });
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Reset the password of ${user.displayName}`}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {reset.isSuccess ? (
        <Stack gap="sm">
          <Alert color="green" variant="light" role="status">
            {user.email} now has the temporary password below. They must choose their own at the
            next sign-in; they were signed out everywhere.
          </Alert>
          <Text ff="monospace" fw={700} data-testid="temporary-password">
            {password}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <PasswordField
              label="Temporary password"
              value={password}
              onChange={setPassword}
              visible={visible}
              onVisibleChange={setVisible}
            />
            <ErrorAlert error={reset.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={reset.isPending} disabled={!password}>
                Set temporary password
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
