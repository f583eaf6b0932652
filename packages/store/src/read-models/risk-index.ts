/**
 * The per-person index of current risk results (table `risk_patient`, migration 0005) behind the
 * population summary and the enrolment queue: filters, sorting and keyset paging in SQL, with
 * the caller's access scope applied to both the Patient and its RiskAssessment row (so a label
 * that hides the assessment hides the person's queue entry too).
 */
import type { AccessScope } from '../context.js';
import type { Queryable, SqlValue } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';
import { enrolledSql } from './enrolment-queue.js';

/** One person's current result. */
export interface RiskPatientRow {
  patientId: string;
  assessmentId: string;
  probability: number;
  tier: string;
  /** A clinician's override of the tier, if one stands. */
  overrideTier: string | null;
  computedAt: Date;
  dueAt: Date | null;
  birthDate: string | null;
  organization: string | null;
  conditions: string[];
  socialNeeds: string[];
  enrolled: boolean;
  factors: unknown;
  scores: unknown;
}

const BATCH = 2000;

/** Inserts or replaces results. */
export async function upsertRiskPatients(
  db: Queryable,
  rows: readonly RiskPatientRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const col = <T extends SqlValue>(f: (r: RiskPatientRow) => T): T[] => batch.map(f);
    await db.query(
      `INSERT INTO risk_patient (patient_id, assessment_id, probability, tier, override_tier, computed_at, due_at, birth_date, organization, conditions, social_needs, enrolled, factors, scores)
       SELECT u.patient_id, u.assessment_id, u.probability, u.tier, NULLIF(u.override_tier, ''), u.computed_at, NULLIF(u.due_at, '')::timestamptz, NULLIF(u.birth_date, '')::date, NULLIF(u.organization, ''),
              string_to_array(u.conditions, ','), string_to_array(u.social_needs, ','), u.enrolled, u.factors::jsonb, u.scores::jsonb
         FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::boolean[], $13::text[], $14::text[])
           AS u(patient_id, assessment_id, probability, tier, override_tier, computed_at, due_at, birth_date, organization, conditions, social_needs, enrolled, factors, scores)
       ON CONFLICT (patient_id) DO UPDATE SET assessment_id = EXCLUDED.assessment_id, probability = EXCLUDED.probability, tier = EXCLUDED.tier, override_tier = EXCLUDED.override_tier,
              computed_at = EXCLUDED.computed_at, due_at = EXCLUDED.due_at, birth_date = EXCLUDED.birth_date, organization = EXCLUDED.organization,
              conditions = EXCLUDED.conditions, social_needs = EXCLUDED.social_needs, enrolled = EXCLUDED.enrolled, factors = EXCLUDED.factors, scores = EXCLUDED.scores`,
      [
        col((r) => r.patientId),
        col((r) => r.assessmentId),
        col((r) => r.probability),
        col((r) => r.tier),
        col((r) => r.overrideTier ?? ''),
        col((r) => r.computedAt.toISOString()),
        col((r) => r.dueAt?.toISOString() ?? ''),
        col((r) => r.birthDate ?? ''),
        col((r) => r.organization ?? ''),
        col((r) => r.conditions.join(',')),
        col((r) => r.socialNeeds.join(',')),
        col((r) => r.enrolled),
        col((r) => JSON.stringify(r.factors)),
        col((r) => JSON.stringify(r.scores)),
      ],
    );
  }
}

/** Removes people (e.g. deleted patients) from the index. */
export async function deleteRiskPatients(
  db: Queryable,
  patientIds: readonly string[],
): Promise<void> {
  if (patientIds.length > 0)
    await db.query('DELETE FROM risk_patient WHERE patient_id = ANY($1::text[])', [
      [...patientIds],
    ]);
}

/** People whose result goes stale by `at`. */
export async function duePatients(db: Queryable, at: Date): Promise<string[]> {
  const { rows } = await db.query<{ patient_id: string }>(
    'SELECT patient_id FROM risk_patient WHERE due_at <= $1',
    [at.toISOString()],
  );
  return rows.map((r) => r.patient_id);
}

/** The probability and tier currently recorded for these people. */
export async function currentRisk(
  db: Queryable,
  patientIds?: readonly string[],
): Promise<Map<string, { probability: number; tier: string; overrideTier: string | null }>> {
  const { rows } = await db.query<{
    patient_id: string;
    probability: number;
    tier: string;
    override_tier: string | null;
  }>(
    `SELECT patient_id, probability, tier, override_tier FROM risk_patient${patientIds ? ' WHERE patient_id = ANY($1::text[])' : ''}`,
    patientIds ? [[...patientIds]] : [],
  );
  return new Map(
    rows.map((r) => [
      r.patient_id,
      { probability: r.probability, tier: r.tier, overrideTier: r.override_tier },
    ]),
  );
}

/** Sets (or with null clears) a person's clinician-override tier. */
export async function setRiskOverride(
  db: Queryable,
  patientId: string,
  tier: string | null,
): Promise<void> {
  await db.query('UPDATE risk_patient SET override_tier = $2 WHERE patient_id = $1', [
    patientId,
    tier,
  ]);
}

/** Marks a person enrolled (or not) so the queue drops them at once. */
export async function setRiskEnrolled(
  db: Queryable,
  patientId: string,
  enrolled: boolean,
): Promise<void> {
  await db.query('UPDATE risk_patient SET enrolled = $2 WHERE patient_id = $1', [
    patientId,
    enrolled,
  ]);
}

/** FROM … WHERE of the visible index rows (scope on the Patient and on the RiskAssessment). */
function visibleFrom(scope: AccessScope, params: SqlParams): string {
  return `FROM risk_patient rp
    JOIN resource p ON p.resource_type = 'Patient' AND p.id = rp.patient_id AND NOT p.deleted
    JOIN resource a ON a.resource_type = 'RiskAssessment' AND a.id = rp.assessment_id AND NOT a.deleted
   WHERE ${scopeSql(scope, 'p', params)} AND ${scopeSql(scope, 'a', params)}`;
}

/** Counts per effective tier (override if any), split by enrolment (live with `enrolmentTokens`, see risk-candidates.ts). */
export async function riskTierCounts(
  db: Queryable,
  scope: AccessScope,
  enrolmentTokens?: readonly string[],
): Promise<{ tier: string; enrolled: boolean; count: number }[]> {
  const params = new SqlParams();
  const enrolled = enrolledSql('rp', enrolmentTokens, params);
  const { rows } = await db.query<{ tier: string; enrolled: boolean; count: number | string }>(
    `SELECT COALESCE(rp.override_tier, rp.tier) AS tier, ${enrolled} AS enrolled, count(*) AS count ${visibleFrom(scope, params)} GROUP BY 1, 2`,
    params.values,
  );
  return rows.map((r) => ({ tier: r.tier, enrolled: r.enrolled, count: Number(r.count) }));
}
