import { Button, Checkbox, Stack, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { recordReview, type NewReview } from '../api';
import { useNamedTeam } from '../hooks/useNames';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { memberLabel } from '../model/plan-model';
import type { PlanView, TeamMember } from '@careweave/contract';
import { PlanDialog } from './PlanDialog';

/** Who may agree a review: the current team and the patient (once, even if they are on the team). */
export function reviewers(view: PlanView, named: readonly TeamMember[] = view.team): TeamMember[] {
  const patient = `Patient/${view.patient.id}`;
  const team = named.filter((m, i, all) => all.findIndex((o) => o.reference === m.reference) === i);
  return team.some((m) => m.reference === patient)
    ? team
    : [
        ...team,
        { reference: patient, display: view.patient.name ?? 'The patient', role: 'patient' },
      ];
}

/** "Record review": who agreed the plan (team members and the patient) and when it is next reviewed. */
export function ReviewDialog({ view }: { view: PlanView }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [agreedBy, setAgreedBy] = useState<string[]>([]);
  const [nextReview, setNextReview] = useState('');
  const [note, setNote] = useState('');
  const planId = view.plan.id ?? '';
  const team = useNamedTeam(view);
  const write = usePlanWrite((body: NewReview) => recordReview(planId, view.version, body));
  const submit = () =>
    write.mutate(
      { agreedBy, nextReview, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: () => {
          setAgreedBy([]);
          setNextReview('');
          setNote('');
          close();
        },
      },
    );
  return (
    <>
      <Button variant="light" onClick={open}>
        Record review
      </Button>
      <PlanDialog
        title="Record review"
        submitLabel="Save review"
        opened={opened}
        onClose={close}
        onSubmit={submit}
        pending={write.isPending}
        error={write.errorMessage}
        conflict={write.conflict}
      >
        <Checkbox.Group
          label="Agreed by"
          description="Team members and the person who agreed this plan"
          value={agreedBy}
          onChange={setAgreedBy}
        >
          <Stack gap={6} mt={6}>
            {reviewers(view, team).map((m) => (
              <Checkbox key={m.reference} value={m.reference} label={memberLabel(m)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <TextInput
          label="Next review"
          type="date"
          required
          data-autofocus
          value={nextReview}
          onChange={(e) => setNextReview(e.currentTarget.value)}
        />
        <Textarea
          label="Note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
      </PlanDialog>
    </>
  );
}
