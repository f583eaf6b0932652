/**
 * The enrolment queue: people not yet enrolled, filtered and sorted in SQL over `risk_patient`,
 * with keyset paging (a cursor names the last row's sort value and id, so pages neither skip nor
 * repeat rows when results change between pages).
 */
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/** Filters and order of the queue. */
export interface CandidateQuery {
  /** Effective tiers to include (override if any, else computed). */
  tiers: readonly string[];
  /** Condition group key (e.g. `diabetes`). */
  condition?: string | undefined;
  /** `Organization/<id>` of the person's managing organisation. */
  organization?: string | undefined;
  minAge?: number | undefined;
  maxAge?: number | undefined;
  socialNeed?: string | undefined;
  /** `-score` (default, highest first), `score`, `-age` (oldest first), `age`. */
  sort?: '-score' | 'score' | '-age' | 'age';
  /** Opaque cursor from the previous page's `next`. */
  cursor?: string | undefined;
  count: number;
  /** Include enrolled people too (default false: the queue is of people not yet enrolled). */
  includeEnrolled?: boolean;
  /**
   * Tokens (`param|system|code`) an EpisodeOfCare row must all carry to count as an active
   * enrolment, checked live, so an enrolment by any path (API, FHIR, import) leaves the queue at
   * once; without them the index's `enrolled` column (as of the last stratification) is used.
   */
  enrolmentTokens?: readonly string[];
}

/** SQL for "this index row's person is enrolled": live from EpisodeOfCare rows, or the column. */
export function enrolledSql(
  alias: string,
  tokens: readonly string[] | undefined,
  params: SqlParams,
): string {
  if (!tokens || tokens.length === 0) return `${alias}.enrolled`;
  return `EXISTS (SELECT 1 FROM resource e WHERE e.resource_type = 'EpisodeOfCare' AND e.patient_id = ${alias}.patient_id AND NOT e.deleted AND e.tokens @> ${params.add([...tokens])}::text[])`;
}

/** One person in the queue. */
export interface CandidateRow {
  patientId: string;
  name: string | null;
  gender: string | null;
  birthDate: string | null;
  organization: string | null;
  probability: number;
  tier: string;
  computedTier: string;
  overrideTier: string | null;
  conditions: string[];
  socialNeeds: string[];
  factors: unknown;
  scores: unknown;
  assessmentId: string;
  computedAt: Date;
  enrolled: boolean;
}

/** Thrown for a cursor that this query did not make. */
export class InvalidCursorError extends Error {}

/** A cursor names its sort, the last row's sort value and id; one made for another sort is refused. */
function decodeCursor(cursor: string, sort: string): [number | string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value[0] === sort &&
      typeof value[2] === 'string'
    ) {
      const key: unknown = value[1];
      if (
        sort.endsWith('score')
          ? typeof key === 'number' && Number.isFinite(key)
          : typeof key === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(key)
      ) {
        return [key as number | string, value[2]];
      }
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError('Invalid cursor');
}

/** A page of the queue and the cursor of the next page (undefined on the last page). */
export async function riskCandidates(
  db: Queryable,
  scope: AccessScope,
  q: CandidateQuery,
): Promise<{ rows: CandidateRow[]; next?: string }> {
  const params = new SqlParams();
  const where = [
    `${scopeSql(scope, 'p', params)}`,
    `${scopeSql(scope, 'a', params)}`,
    `COALESCE(rp.override_tier, rp.tier) = ANY(${params.add([...q.tiers])}::text[])`,
  ];
  const enrolled = enrolledSql('rp', q.enrolmentTokens, params);
  if (!q.includeEnrolled) where.push(`NOT ${enrolled}`);
  if (q.condition) where.push(`${params.add(q.condition)} = ANY(rp.conditions)`);
  if (q.socialNeed) where.push(`${params.add(q.socialNeed)} = ANY(rp.social_needs)`);
  if (q.organization) where.push(`rp.organization = ${params.add(q.organization)}`);
  // Age in whole years today: born on or before (today − minAge years), after (today − (maxAge + 1) years).
  if (q.minAge !== undefined)
    where.push(
      `rp.birth_date <= (current_date - make_interval(years => ${params.add(q.minAge)}::int))`,
    );
  if (q.maxAge !== undefined)
    where.push(
      `rp.birth_date > (current_date - make_interval(years => ${params.add(q.maxAge + 1)}::int))`,
    );

  const sort = q.sort ?? '-score';
  // Oldest first = earliest birth date first.
  const key = sort.endsWith('score')
    ? 'rp.probability'
    : `COALESCE(rp.birth_date, '9999-12-31'::date)`;
  const descending = sort === '-score' || sort === 'age';
  const cmp = descending ? '<' : '>';
  const dir = descending ? 'DESC' : 'ASC';
  if (q.cursor) {
    const [value, id] = decodeCursor(q.cursor, sort);
    const typed = sort.endsWith('score')
      ? `${params.add(Number(value))}::float8`
      : `${params.add(String(value))}::date`;
    where.push(`(${key}, rp.patient_id) ${cmp} (${typed}, ${params.add(id)})`);
  }
  const { rows } = await db.query<{
    patient_id: string;
    name: string | null;
    gender: string | null;
    birth_date: string | null;
    organization: string | null;
    probability: number;
    tier: string;
    computed_tier: string;
    override_tier: string | null;
    conditions: string[];
    social_needs: string[];
    factors: unknown;
    scores: unknown;
    assessment_id: string;
    computed_at: Date;
    enrolled: boolean;
    sort_key: number | string;
  }>(
    `SELECT rp.patient_id,
            NULLIF(concat_ws(' ', (SELECT string_agg(g, ' ') FROM jsonb_array_elements_text(COALESCE(p.content->'name'->0->'given', '[]'::jsonb)) g), p.content->'name'->0->>'family'), '') AS name,
            p.content->>'gender' AS gender, to_char(rp.birth_date, 'YYYY-MM-DD') AS birth_date, rp.organization, rp.probability,
            COALESCE(rp.override_tier, rp.tier) AS tier, rp.tier AS computed_tier, rp.override_tier, rp.conditions, rp.social_needs, rp.factors, rp.scores,
            rp.assessment_id, rp.computed_at, ${enrolled} AS enrolled,
            ${sort.endsWith('score') ? 'rp.probability' : `to_char(${key}, 'YYYY-MM-DD')`} AS sort_key
       FROM risk_patient rp
       JOIN resource p ON p.resource_type = 'Patient' AND p.id = rp.patient_id AND NOT p.deleted
       JOIN resource a ON a.resource_type = 'RiskAssessment' AND a.id = rp.assessment_id AND NOT a.deleted
      WHERE ${where.join(' AND ')}
      ORDER BY ${key} ${dir}, rp.patient_id ${dir}
      LIMIT ${params.add(q.count + 1)}`,
    params.values,
  );
  const page = rows.slice(0, q.count);
  const last = page[page.length - 1];
  const result: { rows: CandidateRow[]; next?: string } = {
    rows: page.map((r) => ({
      patientId: r.patient_id,
      name: r.name,
      gender: r.gender,
      birthDate: r.birth_date,
      organization: r.organization,
      probability: r.probability,
      tier: r.tier,
      computedTier: r.computed_tier,
      overrideTier: r.override_tier,
      conditions: r.conditions,
      socialNeeds: r.social_needs,
      factors: r.factors,
      scores: r.scores,
      assessmentId: r.assessment_id,
      computedAt: new Date(r.computed_at),
      enrolled: r.enrolled,
    })),
  };
  if (rows.length > q.count && last) {
    result.next = Buffer.from(JSON.stringify([sort, last.sort_key, last.patient_id])).toString(
      'base64url',
    );
  }
  return result;
}
