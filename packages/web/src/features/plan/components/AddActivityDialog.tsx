import { Button, NativeSelect, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { addActivity, type NewActivity } from '../api';
import { useNamedTeam } from '../hooks/useNames';
import { useServiceProviders } from '../hooks/useServiceProviders';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { DOMAIN_LABEL, memberLabel, TASK_PRIORITIES } from '../model/plan-model';
import { CARE_DOMAINS, type PlanView } from '@careweave/contract';
import { PlanDialog } from './PlanDialog';
import { FIELD_LABEL } from '../model/field-labels';

const EMPTY = {
  kind: 'task',
  title: '',
  domain: 'physical',
  owner: '',
  performer: '',
  due: '',
  priority: 'routine',
  goal: '',
  reason: '',
};

/**
 * "Add activity": who does what by when, owned by someone on the current team, for a goal — a
 * task for a team member, or a referral (ServiceRequest) to a community service that a team member
 * is responsible for.
 */
export function AddActivityDialog({ view }: { view: PlanView }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [form, setForm] = useState(EMPTY);
  const planId = view.plan.id ?? '';
  const write = usePlanWrite((body: NewActivity) => addActivity(planId, view.version, body));
  const set = (key: keyof typeof EMPTY, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const goals = view.domains.flatMap((d) => d.goals);
  const team = useNamedTeam(view);
  const referral = form.kind === 'service-request';
  const providers = useServiceProviders(opened && referral);
  const submit = () => {
    const body: NewActivity = {
      ...(referral
        ? {
            kind: 'service-request' as const,
            ...(form.performer ? { performer: form.performer } : {}),
          }
        : {}),
      title: form.title.trim(),
      domain: form.domain,
      owner: form.owner,
      priority: form.priority,
      ...(form.due ? { due: form.due } : {}),
      ...(form.goal ? { goal: form.goal } : {}),
      ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
    };
    write.mutate(body, {
      onSuccess: () => {
        setForm(EMPTY);
        close();
      },
    });
  };
  return (
    <>
      <Button variant="light" onClick={open}>
        Add activity
      </Button>
      <PlanDialog
        title="Add activity"
        submitLabel="Save activity"
        opened={opened}
        onClose={close}
        onSubmit={submit}
        pending={write.isPending}
        error={write.errorMessage}
        conflict={write.conflict}
      >
        <NativeSelect
          label="Kind"
          value={form.kind}
          onChange={(e) => set('kind', e.currentTarget.value)}
          data={[
            { value: 'task', label: 'Task for someone on the team' },
            { value: 'service-request', label: 'Referral to a community service' },
          ]}
        />
        <TextInput
          label="Activity"
          required
          data-autofocus
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
        />
        {referral && (
          <NativeSelect
            label="Service"
            required
            description={
              providers.isError ? providers.error.message : 'The community service that will do it'
            }
            value={form.performer}
            onChange={(e) => set('performer', e.currentTarget.value)}
            data={[
              { value: '', label: providers.isPending ? 'Loading services…' : 'Choose a service' },
              ...(providers.data ?? []).map((p) => ({ value: p.reference, label: p.name })),
            ]}
          />
        )}
        <NativeSelect
          label={FIELD_LABEL.domain}
          value={form.domain}
          onChange={(e) => set('domain', e.currentTarget.value)}
          data={CARE_DOMAINS.map((d) => ({ value: d, label: DOMAIN_LABEL[d] }))}
        />
        <NativeSelect
          label={FIELD_LABEL.owner}
          required
          description={
            view.team.length === 0
              ? 'Nobody is on the care team yet: add a team member first.'
              : referral
                ? 'The team member responsible for the referral'
                : 'Someone on the current care team'
          }
          value={form.owner}
          onChange={(e) => set('owner', e.currentTarget.value)}
          data={[
            { value: '', label: 'Choose who does it' },
            ...team.map((m) => ({ value: m.reference, label: memberLabel(m) })),
          ]}
        />
        <TextInput
          label={FIELD_LABEL.due}
          type="date"
          value={form.due}
          onChange={(e) => set('due', e.currentTarget.value)}
        />
        <NativeSelect
          label={FIELD_LABEL.priority}
          value={form.priority}
          onChange={(e) => set('priority', e.currentTarget.value)}
          data={TASK_PRIORITIES.map(([value, label]) => ({ value, label }))}
        />
        <NativeSelect
          label="For goal"
          value={form.goal}
          onChange={(e) => set('goal', e.currentTarget.value)}
          data={[
            { value: '', label: 'No particular goal' },
            ...goals.map((g) => ({ value: g.id, label: g.description })),
          ]}
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
