import type { Consent, Resource } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { found, openStory, statusOf, type StoryWorld } from '../access/testing/setup.js';
import { enrol } from '../roster/enrol.js';
import { enrolFromQueue } from './enrol.js';
import { enrolmentCandidates, populationSummary } from './population.js';
import { stratify } from './stratify.js';

const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const ALL_TIERS = 'very-high,high,rising,low';

const heartFailure = (who: string): Resource => ({
  resourceType: 'Condition',
  id: `${who}-hf`,
  clinicalStatus: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
    ],
  },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'I50.9' }] },
  subject: { reference: `Patient/${who}` },
  recordedDate: '2023-01-01',
});
const stay = (who: string, n: number, start: string, end: string): Resource => ({
  resourceType: 'Encounter',
  id: `${who}-stay-${n}`,
  status: 'finished',
  class: { system: ACT, code: 'IMP' },
  subject: { reference: `Patient/${who}` },
  period: { start, end },
  hospitalization: {
    admitSource: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'emd' }],
    },
  },
});
const sick = (who: string): Resource[] => [
  heartFailure(who),
  stay(who, 1, '2026-02-01T10:00:00Z', '2026-02-05T10:00:00Z'),
  stay(who, 2, '2026-09-01T10:00:00Z', '2026-09-09T10:00:00Z'),
];

/** Eve is as ill as Dan, not enrolled, and opted out of network sharing. */
const EVE_CONSENT: Consent = {
  resourceType: 'Consent',
  id: 'eve-consent',
  status: 'active',
  scope: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' },
    ],
  },
  category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
  patient: { reference: 'Patient/eve' },
  dateTime: '2025-01-01T00:00:00Z',
  organization: [{ reference: 'Organization/riverside-network' }],
  policyRule: { coding: [{ system: ACT, code: 'OPTOUT' }] },
  provision: {
    type: 'deny',
    actor: [
      {
        role: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' },
          ],
        },
        reference: { reference: 'Organization/riverside-network' },
      },
    ],
  },
};
/** Fay opted in too and already has a care team (her GP), but no coordinator and no enrolment. */
const FAY: Resource[] = [
  {
    resourceType: 'Patient',
    id: 'fay',
    name: [{ family: 'FAY', given: ['fay'] }],
    birthDate: '1945-03-01',
  },
  {
    ...EVE_CONSENT,
    id: 'fay-consent',
    patient: { reference: 'Patient/fay' },
    policyRule: { coding: [{ system: ACT, code: 'OPTIN' }] },
    provision: { ...EVE_CONSENT.provision, type: 'permit' },
  },
  {
    resourceType: 'CareTeam',
    id: 'fay-team',
    status: 'active',
    subject: { reference: 'Patient/fay' },
    participant: [
      { member: { reference: 'Patient/fay' } },
      { member: { reference: 'PractitionerRole/gp-team-role' } },
    ],
  },
  ...sick('fay'),
];
const EXTRA: Resource[] = [
  ...FAY,
  ...sick('dan'),
  {
    resourceType: 'Patient',
    id: 'eve',
    name: [{ family: 'EVE', given: ['eve'] }],
    birthDate: '1948-06-01',
  },
  EVE_CONSENT,
  ...sick('eve'),
];

/**
 * The coordinator's outreach view (care/access README "Outreach"): Nora, the network's care
 * coordinator, finds in her queue Dan — opted in to network sharing, not enrolled — but not Eve,
 * who opted out. She cannot open Dan's record from the queue; she enrols him, and as his care
 * manager she can then read it.
 */
describe.each(testDatabaseKinds())('the coordinator outreach queue on %s', (kind) => {
  let world: StoryWorld;

  beforeAll(async () => {
    world = await openStory(kind);
    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(EXTRA, { skipUnchanged: false }),
    );
    await stratify(world.repo, { asOf: new Date('2026-11-01T00:00:00Z') });
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('lists a consenting unenrolled person and not one who opted out; the counts agree', async () => {
    const ctx = await world.as('coordinator');
    const queue = await enrolmentCandidates(world.repo, ctx, { tier: ALL_TIERS });
    const ids = queue.items.map((i) => i.patientId);
    expect(ids).toContain('dan');
    expect(ids).not.toContain('eve');
    expect(queue.items.find((i) => i.patientId === 'dan')?.factors?.map((f) => f.text)).toContain(
      '2 admissions in 12 months',
    );
    const summary = await populationSummary(world.repo, ctx);
    expect(summary.tiers.reduce((s, t) => s + t.notEnrolled, 0)).toBe(ids.length);
    // Without the outreach scope (another clinician) Dan is not in the queue at all.
    expect(
      (await enrolmentCandidates(world.repo, await world.as('gpNotOnTeam'), { tier: ALL_TIERS }))
        .items,
    ).toEqual([]);
  });

  it('does not open the record: the FHIR Patient stays hidden (404) before enrolment', async () => {
    const ctx = await world.as('coordinator');
    expect(await found(() => world.repo.read(ctx, 'Patient', 'dan'))).toBe(false);
    expect(await found(() => world.repo.read(ctx, 'Condition', 'dan-hf'))).toBe(false);
  });

  it('cannot enrol someone the queue does not show', async () => {
    const ctx = await world.as('coordinator');
    expect(await statusOf(() => enrolFromQueue(world.repo, ctx, { patient: 'Patient/eve' }))).toBe(
      404,
    );
    // …nor through the roster's own enrolment (POST /api/roster/enrolments), by id.
    expect(
      await statusOf(() =>
        enrol(world.repo, ctx, { patientId: 'eve', coordinator: ctx.actor, reason: 'outreach' }),
      ),
    ).toBe(404);
  });

  it('enrols Dan from the queue; as his care manager she then reads his record, and he leaves the queue', async () => {
    const ctx = await world.as('coordinator');
    const { episode } = await enrolFromQueue(world.repo, ctx, { patient: 'Patient/dan' });
    expect(episode).toMatchObject({
      status: 'active',
      careManager: { reference: 'Practitioner/coord' },
      patient: { reference: 'Patient/dan' },
    });
    const after = await world.as('coordinator');
    expect(await found(() => world.repo.read(after, 'Patient', 'dan'))).toBe(true);
    expect(
      (await enrolmentCandidates(world.repo, after, { tier: ALL_TIERS })).items.map(
        (i) => i.patientId,
      ),
    ).not.toContain('dan');
  });

  it('joins an existing care team when she enrols someone found through the queue', async () => {
    const ctx = await world.as('coordinator');
    expect(
      (await enrolmentCandidates(world.repo, ctx, { tier: ALL_TIERS })).items.map(
        (i) => i.patientId,
      ),
    ).toContain('fay');
    const { careTeam } = await enrolFromQueue(world.repo, ctx, { patient: 'Patient/fay' });
    expect(careTeam.id).toBe('fay-team');
    expect(careTeam.participant?.map((p) => p.member?.reference)).toContain('Practitioner/coord');
  });
});
