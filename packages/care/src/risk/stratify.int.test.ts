import type { Encounter, Group, Resource, RiskAssessment } from '@medplum/fhirtypes';
import {
  abandonRiskRun,
  currentRisk,
  lastRiskRun,
  startRiskRun,
  Repository,
  riskCandidates,
  SYSTEM_CONTEXT,
} from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolFromQueue } from './enrol.js';
import { overrideRiskTier } from './override.js';
import { ENROLMENT_TOKENS, populationSummary } from './population.js';
import { stratify } from './stratify.js';

const AS_OF = new Date('2026-11-01T00:00:00Z');
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

const patient = (id: string, birthDate: string): Resource => ({
  resourceType: 'Patient',
  id,
  birthDate,
  gender: 'female',
  name: [{ given: [id[0]?.toUpperCase() + id.slice(1)], family: 'Test' }],
  managingOrganization: { reference: 'Organization/northside' },
});
const condition = (
  id: string,
  who: string,
  code: string,
  recordedDate: string,
  sdoh = false,
): Resource => ({
  resourceType: 'Condition',
  id,
  clinicalStatus: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
    ],
  },
  verificationStatus: {
    coding: [
      { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
    ],
  },
  category: [
    {
      coding: [
        sdoh
          ? { system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category', code: 'sdoh' }
          : {
              system: 'http://terminology.hl7.org/CodeSystem/condition-category',
              code: 'problem-list-item',
            },
      ],
    },
  ],
  code: { coding: [{ system: ICD, code }] },
  subject: { reference: `Patient/${who}` },
  recordedDate,
});
const encounter = (
  id: string,
  who: string,
  cls: 'IMP' | 'EMER',
  start: string,
  end: string,
): Encounter => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  class: { system: ACT, code: cls },
  subject: { reference: `Patient/${who}` },
  period: { start, end },
  ...(cls === 'IMP'
    ? {
        hospitalization: {
          admitSource: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'emd' }],
          },
        },
      }
    : {}),
});
const hba1c = (id: string, who: string, when: string, value: number): Resource => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '4548-4' }] },
  subject: { reference: `Patient/${who}` },
  effectiveDateTime: when,
  valueQuantity: { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
});

/** Rosa: heart failure, complicated diabetes with HbA1c 9.8%, food insecurity, two admissions. Sam: healthy. Lee: diabetes. */
const POPULATION: Resource[] = [
  patient('rosa', '1952-09-24'),
  patient('sam', '1990-01-01'),
  patient('lee', '1960-05-05'),
  condition('rosa-hf', 'rosa', 'I50.9', '2022-02-17'),
  condition('rosa-dm', 'rosa', 'E11.22', '2022-02-17'),
  condition('rosa-food', 'rosa', 'Z59.41', '2025-06-01', true),
  condition('lee-dm', 'lee', 'E11.9', '2021-01-01'),
  encounter('rosa-stay1', 'rosa', 'IMP', '2026-03-01T10:00:00Z', '2026-03-06T12:00:00Z'),
  encounter('rosa-stay2', 'rosa', 'IMP', '2026-08-10T10:00:00Z', '2026-08-14T12:00:00Z'),
  encounter('rosa-ed', 'rosa', 'EMER', '2026-06-01T09:00:00Z', '2026-06-01T13:00:00Z'),
  hba1c('rosa-a1c', 'rosa', '2026-09-01T09:00:00Z', 9.8),
];

describe.each(testDatabaseKinds())('risk stratification on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(POPULATION, { skipUnchanged: false }),
    );
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('first scores everyone: RiskAssessments with explanations, discharge scores, registries and the queue', async () => {
    const result = await stratify(repo, { asOf: AS_OF });
    expect(result).toMatchObject({ kind: 'full', patients: 3 });
    expect(result.model.trainedOn).toBe('default'); // three people are too few to fit a model

    const found = await repo.search(SYSTEM_CONTEXT, 'RiskAssessment', [
      ['subject', 'Patient/rosa'],
      ['method', 'https://careweave.org/fhir/CodeSystem/risk-method|admission-12m'],
    ]);
    const ra = found.resources[0] as RiskAssessment;
    expect(ra.prediction?.[0]?.rationale).toContain('2 admissions in 12 months');
    expect(ra.prediction?.[0]?.rationale).toContain('HbA1c 9.8%');
    expect(ra.prediction?.[0]?.qualitativeRisk?.coding?.[0]?.code).toBe('very-high');
    const lace = await repo.search(SYSTEM_CONTEXT, 'RiskAssessment', [
      ['subject', 'Patient/rosa'],
      ['method', 'https://careweave.org/fhir/CodeSystem/risk-method|lace'],
    ]);
    expect(lace.resources).toHaveLength(2);

    const diabetes = await repo.read<Group>(SYSTEM_CONTEXT, 'Group', 'registry-diabetes');
    expect(diabetes.member?.map((m) => m.entity.reference)).toEqual([
      'Patient/lee',
      'Patient/rosa',
    ]);
    const hf = await repo.read<Group>(SYSTEM_CONTEXT, 'Group', 'registry-heart-failure');
    expect(hf.quantity).toBe(1);
    // A registry is nobody's record: its row carries no patient_id (not its first member's), so
    // who may see it does not hinge on seeing one person.
    const { rows } = await t.db.query<{ id: string; patient_id: string | null }>(
      `SELECT id, patient_id FROM resource WHERE resource_type = 'Group' ORDER BY id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.patient_id !== null)).toEqual([]);

    const queue = await riskCandidates(t.db, SYSTEM_CONTEXT.scope, {
      tiers: ['very-high', 'high', 'rising', 'low'],
      count: 10,
    });
    expect(queue.rows.map((r) => r.patientId)[0]).toBe('rosa');
    expect(queue.rows[0]?.name).toBe('Rosa Test');
  });

  it('then recomputes only people whose data changed', async () => {
    expect((await stratify(repo, { asOf: AS_OF, overlapMs: 0 })).patients).toBe(0);
    await repo.create(
      SYSTEM_CONTEXT,
      encounter('sam-stay', 'sam', 'IMP', '2026-10-20T10:00:00Z', '2026-10-22T10:00:00Z'),
    );
    const before = (await currentRisk(t.db, ['sam'])).get('sam')?.probability ?? 1;
    const again = await stratify(repo, { asOf: AS_OF, overlapMs: 0 });
    expect(again).toMatchObject({ kind: 'incremental', patients: 1 });
    expect((await currentRisk(t.db, ['sam'])).get('sam')?.probability).toBeGreaterThan(before);
    expect((await lastRiskRun(t.db))?.kind).toBe('incremental');
    // One run at a time: while another is in progress, a second start is refused.
    const other = await startRiskRun(t.db, { kind: 'incremental', asOf: AS_OF, watermark: 0 });
    await expect(stratify(repo, { asOf: AS_OF })).rejects.toThrow(/Another stratification/);
    await abandonRiskRun(t.db, other);
  });

  it('lets a clinician override a tier with a reason, and keeps it through later runs', async () => {
    const ctx = { actor: 'Practitioner/dr-cho', scope: SYSTEM_CONTEXT.scope };
    await expect(
      overrideRiskTier(repo, ctx, { patient: 'Patient/rosa', tier: 'rising', reason: '' }),
    ).rejects.toThrow(/reason/);
    const override = await overrideRiskTier(repo, ctx, {
      patient: 'Patient/rosa',
      tier: 'rising',
      reason: 'Admissions were for a resolved fracture',
    });
    expect(override.performer?.reference).toBe('Practitioner/dr-cho');
    expect(override.basis?.[0]?.reference).toMatch(/^RiskAssessment\//);
    const summary = await populationSummary(repo, SYSTEM_CONTEXT);
    expect(summary.tiers.find((x) => x.tier === 'rising')?.count).toBeGreaterThanOrEqual(1);
    // The override is a change to Rosa's record: the next run recomputes her, and the override stands.
    expect((await stratify(repo, { asOf: AS_OF, overlapMs: 0 })).patients).toBe(1);
    expect((await currentRisk(t.db, ['rosa'])).get('rosa')).toMatchObject({
      tier: 'very-high',
      overrideTier: 'rising',
    });
    await overrideRiskTier(repo, ctx, { patient: 'rosa', tier: null, reason: 'Reviewed again' });
    expect((await currentRisk(t.db, ['rosa'])).get('rosa')?.overrideTier).toBeNull();
  });

  it('enrols from the queue once: the person leaves it, a second enrolment is a conflict', async () => {
    const ctx = { actor: 'Practitioner/coordinator', scope: SYSTEM_CONTEXT.scope };
    const { episode } = await enrolFromQueue(repo, ctx, { patient: 'Patient/lee' });
    expect(episode).toMatchObject({
      status: 'active',
      careManager: { reference: 'Practitioner/coordinator' },
    });
    expect(episode.extension?.[0]?.valueCodeableConcept?.text).toMatch(
      /^Identified by risk stratification/,
    );
    const queue = await riskCandidates(t.db, SYSTEM_CONTEXT.scope, {
      tiers: ['very-high', 'high', 'rising', 'low'],
      count: 10,
      enrolmentTokens: ENROLMENT_TOKENS,
    });
    expect(queue.rows.map((r) => r.patientId)).not.toContain('lee');
    await expect(enrolFromQueue(repo, ctx, { patient: 'Patient/lee' })).rejects.toThrow(
      /already enrolled/,
    );
    await expect(
      enrolFromQueue(
        repo,
        { actor: 'Patient/lee', scope: SYSTEM_CONTEXT.scope },
        { patient: 'Patient/lee' },
      ),
    ).rejects.toThrow(/care staff/);
  });
});
