import { Button, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { endTeamMember } from '../api';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { PlanDialog } from './PlanDialog';

/**
 * Ends a member's participation in the care team, with the reason (a therapy finished, a move).
 * The team's history keeps them; their open work stays where it is until someone reassigns it.
 */
export function EndMemberDialog({
  careTeamId,
  member,
  name,
}: {
  careTeamId: string;
  member: string;
  name: string;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const [reason, setReason] = useState('');
  const write = usePlanWrite((body: { member: string; reason: string }) =>
    endTeamMember(careTeamId, body),
  );
  const submit = () => {
    if (!reason.trim()) return;
    write.mutate(
      { member, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          close();
        },
      },
    );
  };
  return (
    <>
      <Button
        variant="subtle"
        size="compact-xs"
        color="gray"
        onClick={open}
        aria-label={`End ${name}'s membership`}
      >
        End
      </Button>
      <PlanDialog
        title={`End ${name}'s membership`}
        submitLabel="End membership"
        opened={opened}
        onClose={close}
        onSubmit={submit}
        pending={write.isPending}
        error={write.errorMessage}
        conflict={write.conflict}
      >
        <TextInput
          label="Why (reason)"
          required
          data-autofocus
          description="Kept in the care team's history"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </PlanDialog>
    </>
  );
}
