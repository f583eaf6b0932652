import { Alert, Button, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../../lib/http';

interface BreakGlassGrant {
  patient: string;
  expiresAt: string;
}

/**
 * Emergency access to a record outside the viewer's rights: a reason is required, the access is
 * time-limited, audited (flagged "break the glass") and shown to the person in their access log,
 * and the person's care coordinator is told.
 */
export function BreakGlassForm({
  patientId,
  onGranted,
}: {
  patientId: string;
  onGranted: (grant: BreakGlassGrant) => void;
}) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const grant = useMutation({
    mutationFn: () =>
      request<BreakGlassGrant>('/api/break-glass', {
        method: 'POST',
        json: { patient: patientId, reason: reason.trim() },
      }).then((r) => r.data),
    onSuccess: onGranted,
  });
  const missing = touched && reason.trim().length === 0;
  return (
    <Stack
      gap="sm"
      component="form"
      aria-label="Break the glass"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (reason.trim().length > 0) {
          grant.mutate();
        }
      }}
    >
      <Text size="sm">
        In an emergency you can open this record for a limited time. Your reason is recorded, the
        access is audited and shown to the person in their access log, and their care coordinator is
        told.
      </Text>
      <Textarea
        label="Reason for emergency access"
        description="Required: say why you need this record now."
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        onBlur={() => setTouched(true)}
        error={missing ? 'Give a reason before opening the record.' : undefined}
        maxLength={1000}
        autosize
        minRows={2}
        withAsterisk
      />
      {grant.isError && (
        <Alert color="red" variant="light" role="alert" title="Emergency access was refused">
          {grant.error.message}
        </Alert>
      )}
      <div>
        <Button type="submit" color="red" loading={grant.isPending}>
          Break the glass and open the record
        </Button>
      </div>
    </Stack>
  );
}
