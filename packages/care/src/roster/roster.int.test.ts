import type { CareTeam, EpisodeOfCare, Provenance } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { createTask } from '../tasks/actions.js';
import { addMember, endMember, patientTeams } from './care-team.js';
import { caseload } from './caseload.js';
import { RosterError } from './codes.js';
import { enrol, unenrol } from './enrol.js';
import { reassignPatients } from './reassign.js';

const coordinators = (team: CareTeam, now = new Date()) =>
  (team.participant ?? [])
    .filter(
      (p) =>
        p.role?.[0]?.text === 'Care coordinator' &&
        !(p.period?.end && Date.parse(p.period.end) <= now.getTime()),
    )
    .map((p) => p.member?.reference);

describe.each(testDatabaseKinds())('roster on %s', (kind) => {
  let world: CareWorld;
  beforeAll(async () => {
    world = await openCareWorld(kind);
  });
  afterAll(() => world?.dispose());

  it('enrols Dan with a coordinator and a cross-organisation team his opt-in consent allows; unenrolling keeps the history', async () => {
    const ctx = await world.as('coordinator');
    const { episode, careTeam } = await enrol(world.repo, ctx, {
      patientId: 'dan',
      coordinator: 'Practitioner/coord',
      reason: 'Two admissions in 6 months',
      members: [{ member: 'Practitioner/er-doc', role: 'gp' }],
    });
    expect(episode).toMatchObject({
      status: 'active',
      careManager: { reference: 'Practitioner/coord' },
      managingOrganization: { reference: 'Organization/riverside-network' },
      team: [{ reference: `CareTeam/${careTeam.id}` }],
    });
    expect(
      careTeam.participant?.map((p) => [
        p.member?.reference,
        p.role?.[0]?.text,
        p.onBehalfOf?.reference,
      ]),
    ).toEqual([
      ['Patient/dan', 'Patient', undefined],
      ['Practitioner/coord', 'Care coordinator', 'Organization/riverside-network'],
      ['Practitioner/er-doc', 'General practitioner', 'Organization/riverside-hospital'],
    ]);
    expect(
      await failure(() =>
        enrol(world.repo, ctx, {
          patientId: 'dan',
          coordinator: 'Practitioner/coord',
          reason: 'again',
        }),
      ),
    ).toMatchObject({ status: 409, code: RosterError.ALREADY_ENROLLED });
    expect(
      (await caseload(world.repo, await world.as('coordinator'))).patients.map((p) => p.patientId),
    ).toContain('dan');
    const ended = await unenrol(world.repo, await world.as('coordinator'), episode.id as string, {
      reason: 'Moved out of the area',
    });
    expect(ended).toMatchObject({
      status: 'finished',
      period: { end: expect.any(String) },
      statusHistory: [
        { status: 'active', period: { end: expect.any(String) } },
        { status: 'finished' },
      ],
    });
    const history = await world.repo.history(SYSTEM_CONTEXT, {
      resourceType: 'EpisodeOfCare',
      id: episode.id,
      count: 10,
    });
    expect(history.entries.map((e) => (e.resource as EpisodeOfCare).status)).toEqual([
      'finished',
      'active',
    ]);
    expect(
      (await world.repo.read<CareTeam>(SYSTEM_CONTEXT, 'CareTeam', careTeam.id as string)).status,
    ).toBe('inactive');
  });

  it("adds people from other organisations only as the patient's consent allows, on every path", async () => {
    const ctx = await world.as('coordinator');
    // Ben opted out, with an exception for the behavioural-health clinic.
    expect(
      await failure(() =>
        addMember(world.repo, ctx, 'ben-team', { member: 'Practitioner/er-doc', role: 'gp' }),
      ),
    ).toMatchObject({ status: 422, code: RosterError.CONSENT_DENIES_MEMBER });
    await endMember(world.repo, ctx, 'ben-team', {
      member: 'Practitioner/psych',
      reason: 'Therapy finished',
    });
    const back = await addMember(world.repo, ctx, 'ben-team', {
      member: 'Practitioner/psych',
      role: 'psychologist',
      reason: 'Relapse',
    });
    expect(
      back.participant?.filter((p) => p.member?.reference === 'Practitioner/psych'),
    ).toHaveLength(2);
    // Added without naming an organisation, the member acts for their practitioner role's.
    expect(back.participant?.at(-1)?.onBehalfOf?.reference).toMatch(/^Organization\//);
    await addMember(world.repo, ctx, 'ben-team', {
      member: 'Practitioner/coord2',
      role: 'care-coordinator',
    }); // the network's own staff
    // Cleo has no consent on file: nobody from outside the network.
    expect(
      await failure(() =>
        addMember(world.repo, ctx, 'cleo-team', {
          member: 'PractitionerRole/gp-other-role',
          role: 'gp',
        }),
      ),
    ).toMatchObject({ code: RosterError.CONSENT_DENIES_MEMBER });
    // The plain FHIR write path is held to the same rule.
    const team = await world.repo.read<CareTeam>(ctx, 'CareTeam', 'ben-team');
    const sneaky = {
      ...team,
      participant: [...(team.participant ?? []), { member: { reference: 'Practitioner/er-doc' } }],
    };
    expect(await failure(() => world.repo.update(ctx, sneaky))).toMatchObject({
      status: 422,
      code: RosterError.CONSENT_DENIES_MEMBER,
    });
  });

  it('names every current member, even entries the CareTeam stores without a display (a caregiver, the patient)', async () => {
    const [team] = await patientTeams(world.repo, await world.as('coordinator'), 'ana');
    const names = new Map(team?.members.map((m) => [m.reference, m.display]));
    expect(names.get('RelatedPerson/ana-caregiver')).toBe('Carla Alvarez');
    expect(names.get('Practitioner/coord')).toBeTruthy();
    expect(names.get('Patient/ana')).toBeTruthy();
  });

  it("counts open tasks, overdue tasks and recent admissions in the coordinator's caseload", async () => {
    const ctx = await world.as('coordinator');
    const now = new Date();
    // Ana already has the story's food-bank referral task; two more, one overdue.
    await createTask(world.repo, ctx, {
      patientId: 'ana',
      description: 'Overdue call',
      owner: 'Practitioner/coord',
      due: '2020-01-01',
    });
    await createTask(world.repo, ctx, {
      patientId: 'ana',
      description: 'Future call',
      owner: 'Practitioner/coord',
      due: '2999-01-01',
    });
    const start = new Date(now.getTime() - 5 * 86_400_000).toISOString();
    await world.repo.create(SYSTEM_CONTEXT, {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: 'Patient/ana' },
      period: { start },
    });
    const load = await caseload(world.repo, ctx);
    expect(load.patients.map((p) => p.patientId).sort()).toEqual(['ana', 'ben', 'cleo']);
    expect(load.patients[0]).toMatchObject({
      patientId: 'ana',
      name: 'ana ANA',
      openTasks: 3,
      overdueTasks: 1,
      recentAdmissions: 1,
      careTeam: 'CareTeam/ana-team',
    });
    expect(load.totals).toMatchObject({
      patients: 3,
      openTasks: 3,
      overdueTasks: 1,
      recentAdmissions: 1,
    });
  });

  it('reassigns patients in bulk atomically, keeping the reason, and survives two reassignments racing', async () => {
    const ctx = await world.as('coordinator');
    expect(
      await failure(() =>
        reassignPatients(world.repo, ctx, {
          patients: ['ben', 'dan'],
          to: 'Practitioner/coord2',
          reason: 'Leave',
        }),
      ),
    ).toMatchObject({ status: 422, code: RosterError.NOT_ENROLLED });
    expect(
      (await world.repo.read<EpisodeOfCare>(SYSTEM_CONTEXT, 'EpisodeOfCare', 'ben-episode'))
        .careManager?.reference,
    ).toBe('Practitioner/coord');
    const moved = await reassignPatients(world.repo, ctx, {
      patients: ['ana', 'cleo'],
      to: 'Practitioner/coord2',
      reason: 'Nora is on parental leave',
    });
    expect(moved.map((m) => [m.patientId, m.from, m.changed])).toEqual([
      ['ana', 'Practitioner/coord', true],
      ['cleo', 'Practitioner/coord', true],
    ]);
    expect(
      coordinators(await world.repo.read<CareTeam>(SYSTEM_CONTEXT, 'CareTeam', 'ana-team')),
    ).toEqual(['Practitioner/coord2']);
    const why = (
      await world.repo.search(SYSTEM_CONTEXT, 'Provenance', [
        ['target', 'EpisodeOfCare/ana-episode'],
      ])
    ).resources as Provenance[];
    expect(why.map((p) => p.reason?.[0]?.text)).toContain('Nora is on parental leave');
    // Cora hands both back twice at once: both succeed, the second finds nothing left to do.
    const cora = await world.as('coordinator2');
    const [one, two] = await Promise.all([
      reassignPatients(world.repo, cora, {
        patients: ['ana', 'cleo'],
        to: 'Practitioner/coord',
        reason: 'Back from leave',
      }),
      reassignPatients(world.repo, cora, {
        patients: ['cleo', 'ana'],
        to: 'Practitioner/coord',
        reason: 'Back from leave',
      }),
    ]);
    expect([...one, ...two].filter((r) => r.changed)).toHaveLength(2);
    for (const patient of ['ana', 'cleo']) {
      expect(
        (
          await world.repo.read<EpisodeOfCare>(
            SYSTEM_CONTEXT,
            'EpisodeOfCare',
            `${patient}-episode`,
          )
        ).careManager?.reference,
      ).toBe('Practitioner/coord');
      expect(
        coordinators(
          await world.repo.read<CareTeam>(SYSTEM_CONTEXT, 'CareTeam', `${patient}-team`),
        ),
      ).toEqual(['Practitioner/coord']);
    }
  });
});
