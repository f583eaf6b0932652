import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** "2026-11-25 14:03" in the viewer's time zone, or the fallback. */
export function when(iso: string | null | undefined, fallback = 'never'): string {
  if (!iso) return fallback;
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A query's loading and error states, or its content. */
export function Loading({
  loading,
  error,
  children,
}: {
  loading: boolean;
  error: Error | null;
  children: ReactNode;
}) {
  if (error) {
    return (
      <Alert color="red" variant="light" role="alert" title="Could not load">
        {error.message}
      </Alert>
    );
  }
  if (loading) {
    return (
      <Group gap="xs" role="status">
        <Loader size="sm" />
        <Text size="sm">Loading…</Text>
      </Group>
    );
  }
  return <>{children}</>;
}

/** A server refusal, said in its own words. */
export function ErrorAlert({ error }: { error: Error | null | undefined }) {
  return error ? (
    <Alert color="red" variant="light" role="alert">
      {error.message}
    </Alert>
  ) : null;
}

/** "Are you sure?" with what will happen, for actions that cannot simply be undone. */
export function ConfirmDialog({
  title,
  children,
  confirm,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirm: string;
  busy: boolean;
  error: Error | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack gap="sm">
        {children}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={onConfirm} data-autofocus>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
