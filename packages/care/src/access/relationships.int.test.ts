import type { CareTeam, Consent, EpisodeOfCare } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { found, openStory, type StoryWorld } from './testing/setup.js';

/** Scopes are cached per identity; these stories check that a change of relationship shows at once. */
describe.each(testDatabaseKinds())('relationship changes on %s', (kind) => {
  let world: StoryWorld;
  beforeAll(async () => {
    world = await openStory(kind);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('a GP added to Ana’s care team sees her record at once, and loses it when taken off', async () => {
    const seesAna = async (): Promise<boolean> =>
      found(async () =>
        world.repo.read(await world.as('gpNotOnTeam'), 'Observation', 'ana-obs-hospital'),
      );
    expect(await seesAna()).toBe(false);
    const coordinator = await world.as('coordinator');
    const team = await world.repo.read<CareTeam>(coordinator, 'CareTeam', 'ana-team');
    const joined = (
      await world.repo.update(coordinator, {
        ...team,
        participant: [
          ...(team.participant ?? []),
          { member: { reference: 'Practitioner/gp-other' } },
        ],
      })
    ).resource;
    expect(await seesAna()).toBe(true);
    await world.repo.update(coordinator, { ...joined, participant: team.participant ?? [] });
    expect(await seesAna()).toBe(false);
  });

  it('a participation that has ended no longer counts', async () => {
    const coordinator = await world.as('coordinator');
    const team = await world.repo.read<CareTeam>(coordinator, 'CareTeam', 'ana-team');
    const ended = {
      member: { reference: 'Practitioner/gp-other' },
      period: { start: '2024-01-01', end: '2024-12-31' },
    };
    await world.repo.update(coordinator, {
      ...team,
      participant: [...(team.participant ?? []), ended],
    });
    expect(
      await found(async () =>
        world.repo.read(await world.as('gpNotOnTeam'), 'Observation', 'ana-obs-network'),
      ),
    ).toBe(false);
  });

  it('when Cleo signs an opt-in consent, her coordinator sees the hospital’s results; her son still needs to be named', async () => {
    const coordinatorSees = async (): Promise<boolean> =>
      found(async () =>
        world.repo.read(await world.as('coordinator'), 'Observation', 'cleo-obs-hospital'),
      );
    const sonSees = async (): Promise<boolean> =>
      found(async () =>
        world.repo.read(
          await world.as('caregiverWithoutConsent'),
          'Observation',
          'cleo-obs-hospital',
        ),
      );
    expect(await coordinatorSees()).toBe(false);
    const consent: Consent = {
      resourceType: 'Consent',
      id: 'cleo-consent',
      status: 'active',
      scope: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
        ],
      },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
      patient: { reference: 'Patient/cleo' },
      dateTime: '2026-01-01T00:00:00Z',
      organization: [{ reference: 'Organization/riverside-network' }],
      policyRule: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN' }],
      },
      provision: {
        type: 'permit',
        actor: [
          {
            role: { text: 'recipient' },
            reference: { reference: 'Organization/riverside-network' },
          },
        ],
      },
    };
    await world.repo.update(await world.as('coordinator'), consent); // the coordinator records the signed form
    expect(await coordinatorSees()).toBe(true);
    expect(await sonSees()).toBe(false);

    const naming = {
      ...consent,
      provision: {
        ...consent.provision,
        provision: [
          {
            type: 'permit' as const,
            actor: [
              {
                role: { text: 'caregiver' },
                reference: { reference: 'RelatedPerson/cleo-caregiver' },
              },
            ],
          },
        ],
      },
    };
    await world.repo.update(SYSTEM_CONTEXT, naming);
    expect(await sonSees()).toBe(true);
    // … but not her behavioural-health diagnoses, which the consent does not name.
    expect(
      await found(async () =>
        world.repo.read(await world.as('caregiverWithoutConsent'), 'Condition', 'cleo-cond-psy'),
      ),
    ).toBe(false);

    await world.repo.update(SYSTEM_CONTEXT, { ...naming, status: 'inactive' });
    expect(await coordinatorSees()).toBe(false);
    expect(await sonSees()).toBe(false);
  });

  it('a care manager of an active episode sees the patient even when off the care team', async () => {
    const coordinator = await world.as('coordinator');
    const team = await world.repo.read<CareTeam>(coordinator, 'CareTeam', 'ben-team');
    await world.repo.update(SYSTEM_CONTEXT, {
      ...team,
      participant: (team.participant ?? []).filter(
        (p) => p.member?.reference !== 'Practitioner/coord',
      ),
    });
    expect(
      await found(async () =>
        world.repo.read(await world.as('coordinator'), 'Observation', 'ben-obs-network'),
      ),
    ).toBe(true);
    await world.repo.update(SYSTEM_CONTEXT, {
      ...(await world.repo.read<EpisodeOfCare>(SYSTEM_CONTEXT, 'EpisodeOfCare', 'ben-episode')),
      status: 'finished',
    });
    expect(
      await found(async () =>
        world.repo.read(await world.as('coordinator'), 'Observation', 'ben-obs-network'),
      ),
    ).toBe(false);
  });
});
