import { Button, Checkbox, NativeSelect, NumberInput, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { addGoal, type NewGoal } from '../api';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { DOMAIN_LABEL, GOAL_PRIORITIES } from '../model/plan-model';
import { CARE_DOMAINS, type PlanView } from '@careweave/contract';
import { PlanDialog } from './PlanDialog';
import { FIELD_LABEL } from '../model/field-labels';

const EMPTY = {
  description: '',
  domain: 'physical',
  inPersonsWords: false,
  rank: '' as string | number,
  priority: '',
  due: '',
  reason: '',
};

/** Turns the form into the API body (empty fields left out). */
export function goalBody(form: typeof EMPTY): NewGoal {
  const rank = typeof form.rank === 'number' ? form.rank : Number.parseInt(form.rank, 10);
  return {
    description: form.description.trim(),
    domain: form.domain,
    inPersonsWords: form.inPersonsWords,
    ...(Number.isInteger(rank) && rank > 0 ? { personalRank: rank } : {}),
    ...(form.priority ? { priority: form.priority } : {}),
    ...(form.due ? { target: { dueDate: form.due } } : {}),
    ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
  };
}

/** "Add goal": a goal in a domain — in the person's own words, with their ranking, when it is theirs. */
export function AddGoalDialog({ view }: { view: PlanView }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState(EMPTY);
  const planId = view.plan.id ?? '';
  const write = usePlanWrite((body: NewGoal) => addGoal(planId, view.version, body));
  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = () =>
    write.mutate(goalBody(form), {
      onSuccess: () => {
        setForm(EMPTY);
        close();
      },
    });
  return (
    <>
      <Button variant="light" onClick={open}>
        Add goal
      </Button>
      <PlanDialog
        title="Add goal"
        submitLabel="Save goal"
        opened={opened}
        onClose={close}
        onSubmit={submit}
        pending={write.isPending}
        error={write.errorMessage}
        conflict={write.conflict}
      >
        <Textarea
          label="Goal"
          required
          data-autofocus
          rows={3}
          value={form.description}
          onChange={(e) => set('description', e.currentTarget.value)}
        />
        <NativeSelect
          label={FIELD_LABEL.domain}
          value={form.domain}
          onChange={(e) => set('domain', e.currentTarget.value)}
          data={CARE_DOMAINS.map((d) => ({ value: d, label: DOMAIN_LABEL[d] }))}
        />
        <Checkbox
          label="In the person's own words"
          description="What matters to them, as they said it"
          checked={form.inPersonsWords}
          onChange={(e) => set('inPersonsWords', e.currentTarget.checked)}
        />
        <NumberInput
          label="What matters most (rank)"
          description="Their own ranking: 1 matters most"
          min={1}
          max={20}
          allowDecimal={false}
          value={form.rank}
          onChange={(v) => set('rank', v)}
        />
        <NativeSelect
          label={FIELD_LABEL.priority}
          value={form.priority}
          onChange={(e) => set('priority', e.currentTarget.value)}
          data={[
            { value: '', label: 'Not set' },
            ...GOAL_PRIORITIES.map(([value, label]) => ({ value, label })),
          ]}
        />
        <TextInput
          label={FIELD_LABEL.dueDate}
          type="date"
          value={form.due}
          onChange={(e) => set('due', e.currentTarget.value)}
        />
        <TextInput
          label={FIELD_LABEL.reason}
          value={form.reason}
          onChange={(e) => set('reason', e.currentTarget.value)}
        />
      </PlanDialog>
    </>
  );
}
