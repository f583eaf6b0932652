import { Button, Loader, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { addTeamMember, type RoleOption } from '../api';
import { useRoles } from '../hooks/usePlanQueries';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { usePractitionerSearch, type PractitionerChoice } from '../hooks/usePractitionerSearch';
import { ROLE_LABEL } from '../model/plan-model';
import type { TeamRole } from '@careweave/contract';
import { PlanDialog } from './PlanDialog';

/** The team role whose code the practitioner's job carries (a social worker's role suggests "social-worker"). */
export function suggestedRole(
  choice: PractitionerChoice | undefined,
  roles: readonly RoleOption[],
): TeamRole | undefined {
  if (!choice) return undefined;
  return roles.find((r) =>
    (r.code.coding ?? []).some((c) => c.code && choice.codes.includes(c.code)),
  )?.role;
}

/**
 * "Add team member": find a practitioner by name, give them a role on this patient's team. Someone
 * from outside the patient's network needs the patient's consent: the server refuses otherwise
 * and the dialog shows its reason.
 */
export function AddMemberDialog({
  careTeamId,
  buttonLabel = 'Add team member',
}: {
  careTeamId: string;
  /** The opening button's text, e.g. "Add someone to the care team" beside an owner picker. */
  buttonLabel?: string;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 250);
  const [picked, setPicked] = useState('');
  const [role, setRole] = useState('');
  const [reason, setReason] = useState('');
  const search = usePractitionerSearch(debounced);
  const roles = useRoles();
  const write = usePlanWrite((body: { member: string; role: TeamRole; reason?: string }) =>
    addTeamMember(careTeamId, body),
  );
  const choices = search.data ?? [];
  const pick = (reference: string): void => {
    setPicked(reference);
    const suggested = suggestedRole(
      choices.find((c) => c.reference === reference),
      roles.data ?? [],
    );
    if (suggested) setRole(suggested);
  };
  const submit = () => {
    if (!picked || !role) return;
    write.mutate(
      {
        member: picked,
        role: role as TeamRole,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      },
      {
        onSuccess: () => {
          setText('');
          setPicked('');
          setRole('');
          setReason('');
          close();
        },
      },
    );
  };
  return (
    <>
      <Button variant="light" onClick={open}>
        {buttonLabel}
      </Button>
      <PlanDialog
        title="Add team member"
        submitLabel="Add to team"
        opened={opened}
        onClose={close}
        onSubmit={submit}
        pending={write.isPending}
        error={write.errorMessage}
        conflict={write.conflict}
      >
        <TextInput
          label="Find a practitioner"
          data-autofocus
          description="Type at least two letters of their name"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          rightSection={search.isFetching ? <Loader size="xs" aria-label="Searching" /> : null}
        />
        {search.isError && (
          <Text size="sm" c="red" role="alert">
            Search failed: {search.error.message}
          </Text>
        )}
        {search.isSuccess && choices.length === 0 && (
          <Text size="sm">Nobody found by that name.</Text>
        )}
        {choices.length > 0 && (
          <Radio.Group label="Practitioner" required value={picked} onChange={pick}>
            <Stack gap={6} mt={6}>
              {choices.map((c) => (
                <Radio
                  key={c.reference}
                  value={c.reference}
                  label={[c.name, c.job, c.organizationName].filter(Boolean).join(' — ')}
                />
              ))}
            </Stack>
          </Radio.Group>
        )}
        <NativeSelect
          label="Role"
          required
          value={role}
          onChange={(e) => setRole(e.currentTarget.value)}
          data={[
            { value: '', label: 'Choose a role' },
            ...(roles.data ?? []).map((r) => ({
              value: r.role,
              label: ROLE_LABEL[r.role] ?? r.role,
            })),
          ]}
        />
        <TextInput
          label="Why (reason)"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </PlanDialog>
    </>
  );
}
