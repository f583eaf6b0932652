import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { TIER_LABEL, TIERS, isTier, type Candidate } from '../api';
import { useOverrideTier } from '../hooks/useOverrideTier';
import { tierLabel } from '../model/labels';

const WITHDRAW = 'withdraw';

/**
 * A clinician's override of a person's tier, with a required reason (stored as its own attributed
 * RiskAssessment); a standing override can be withdrawn the same way.
 */
export function OverrideDialog({
  candidate,
  name,
  onClose,
}: {
  candidate: Candidate | null;
  name: string;
  onClose: () => void;
}) {
  const override = useOverrideTier();
  const [tier, setTier] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    setTier(null);
    setReason('');
    override.reset();
    // Reset whenever another person's dialog opens (`override` is a new object each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [candidate?.patientId]);

  const choices = [
    ...TIERS.map((t) => ({ value: t, label: TIER_LABEL[t] })),
    ...(candidate?.overrideTier
      ? [
          {
            value: WITHDRAW,
            label: `Withdraw the override (back to ${tierLabel(candidate.computedTier).toLowerCase()})`,
          },
        ]
      : []),
  ];
  const reasonError =
    reason.trim().length > 0 && reason.trim().length < 3 ? 'Say why in a few words' : null;
  const submit = (): void => {
    if (!candidate || !tier || reason.trim().length < 3) return;
    override.mutate(
      {
        patient: `Patient/${candidate.patientId}`,
        tier: tier === WITHDRAW ? null : isTier(tier) ? tier : null,
        reason: reason.trim(),
      },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal
      opened={candidate !== null}
      onClose={onClose}
      closeButtonProps={{ 'aria-label': 'Close' }}
      title="Override risk tier"
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            {name}: computed tier <strong>{tierLabel(candidate?.computedTier ?? '')}</strong>
            {candidate?.overrideTier
              ? `, overridden to ${tierLabel(candidate.overrideTier).toLowerCase()}`
              : ''}
            .
          </Text>
          <Select
            label="New tier"
            required
            data={choices}
            value={tier}
            onChange={setTier}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
          />
          {override.error && (
            <Alert color="red" role="alert" title="Not saved">
              {override.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              loading={override.isPending}
              disabled={!tier || reason.trim().length < 3}
            >
              Save override
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
