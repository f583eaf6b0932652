import { Button, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import type { TeamMember } from '@careweave/contract';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { addActivity, type NewActivity } from '../api';
import { useNamedTeam } from '../hooks/useNames';
import { useServiceProviders } from '../hooks/useServiceProviders';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { DOMAIN_LABEL, TASK_PRIORITIES } from '../model/plan-model';
import { missingRoles, ownerGroups } from '../model/owner-options';
import { useCareTeams } from '../hooks/usePlanQueries';
import { AddMemberDialog } from './AddMemberDialog';
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
 * Why someone is not in the owner list — only the current care team can own an activity — and a
 * way to add them (through the person's consent, which the server checks).
 */
function OwnerHelp({ team, careTeamId }: { team: readonly TeamMember[]; careTeamId?: string }) {
  const missing = missingRoles(team);
  return (
    <Group gap="xs" align="center" wrap="wrap">
      <Text size="xs" c="dimmed" data-owner-help>
        Only the person&apos;s current care team can own an activity.
        {missing.length > 0 ? ` Not on this team: ${missing.join(', ').toLowerCase()}.` : ''}{' '}
        Someone missing? Add them to the care team first.
      </Text>
      {careTeamId && (
        <AddMemberDialog careTeamId={careTeamId} buttonLabel="Add someone to the care team" />
      )}
    </Group>
  );
}

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
  const [ownerMissing, setOwnerMissing] = useState(false);
  const teams = useCareTeams(view.patient.id);
  const careTeamId = (teams.data?.find((t) => t.careTeam.status === 'active') ?? teams.data?.[0])
    ?.careTeam.id;
  const submit = () => {
    if (!form.owner) {
      setOwnerMissing(true);
      return;
    }
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
                : 'Someone on the current care team, by role'
          }
          error={ownerMissing ? 'Choose who will do this: nobody is chosen for you.' : undefined}
          value={form.owner}
          onChange={(e) => {
            setOwnerMissing(false);
            set('owner', e.currentTarget.value);
          }}
          data={[{ value: '', label: 'Choose who does it' }, ...ownerGroups(team)]}
        />
        <OwnerHelp team={team} careTeamId={careTeamId} />
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
