/**
 * Set-based read of what claims cost: one small row per ExplanationOfBenefit (who, when, what the
 * payer paid, what was submitted, which provider billed), in one statement over the whole
 * `resource` table or over some patients. Per-member-per-month cost, programme evaluation and
 * value-based payment all start here (care/shared/claim-costs.ts).
 */
import type { Database, SqlValue } from '../db/database.js';

/** Which patients to read: all of them, or these ids. */
export interface ClaimCostScope {
  patientIds?: readonly string[];
}

/** One adjudicated claim. */
export interface ClaimCostRow {
  patientId: string;
  id: string;
  /** When the care was given: billablePeriod.start, else the first item's service date, else created. */
  service: string | null;
  /**
   * What the payer paid: the `benefit` adjudication total (CARIN Blue Button's "paid" amount),
   * else `payment.amount`; null when the claim states neither.
   */
  paid: number | null;
  /** The `submitted` adjudication total (the charge); null when absent. */
  submitted: number | null;
  /** `Organization/<id>` (or any reference) of `provider`. */
  provider: string | null;
  /** claim-type code: institutional, professional, pharmacy, oral, vision. */
  claimType: string | null;
}

const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';

const total = (code: string): string =>
  `(SELECT (t->'amount'->>'value')::float8 FROM jsonb_array_elements(COALESCE(content->'total', '[]'::jsonb)) t
     WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t->'category'->'coding', '[]'::jsonb)) c
                    WHERE c->>'system' = '${ADJUDICATION}' AND c->>'code' = '${code}') LIMIT 1)`;

/**
 * Every ExplanationOfBenefit of the requested patients, except those entered in error or
 * cancelled. Runs with a larger `work_mem` for the same reason as the risk inputs' big reads.
 */
export async function loadClaimCosts(
  db: Database,
  scope: ClaimCostScope = {},
): Promise<ClaimCostRow[]> {
  const params: SqlValue[] = [];
  let filter = 'patient_id IS NOT NULL';
  if (scope.patientIds) {
    params.push([...scope.patientIds]);
    filter = `patient_id = ANY($1::text[])`;
  }
  return db.transaction(async (tx) => {
    await tx.query("SET LOCAL work_mem = '64MB'");
    const { rows } = await tx.query<ClaimCostRow>(
      `SELECT patient_id AS "patientId", id,
              COALESCE(content->'billablePeriod'->>'start', content->'item'->0->'servicedPeriod'->>'start',
                       content->'item'->0->>'servicedDate', content->>'created') AS service,
              COALESCE(${total('benefit')}, (content->'payment'->'amount'->>'value')::float8) AS paid,
              ${total('submitted')} AS submitted,
              content->'provider'->>'reference' AS provider,
              content->'type'->'coding'->0->>'code' AS "claimType"
         FROM resource
        WHERE resource_type = 'ExplanationOfBenefit' AND NOT deleted
          AND COALESCE(content->>'status', 'active') NOT IN ('entered-in-error', 'cancelled')
          AND ${filter}`,
      params,
    );
    return rows.map((r) => ({
      ...r,
      paid: r.paid === null ? null : Number(r.paid),
      submitted: r.submitted === null ? null : Number(r.submitted),
    }));
  });
}
