/**
 * The search shapes of the search brief, each with: how to draw realistic values from the loaded data,
 * the FHIR request, and the best hand-written SQL for the same result (the "raw lower bound").
 * Raw SQL returns the same rows (content as text) the API returns, in the same order.
 */
import type { Queryable } from '@careweave/store';

/** One drawn value set (e.g. a patient id and a LOINC code). */
export type Sample = Record<string, string>;

export interface Shape {
  name: string;
  /** Draws up to `n` value sets from the database (deterministic: ordered by md5). */
  sample(q: Queryable, n: number): Promise<Sample[]>;
  /** The FHIR request path and query after `/fhir/R4/`. */
  request(s: Sample): string;
  /**
   * The hand-written statement and its parameters. Like the API it reads one row more than the
   * page (to know whether a next page exists); `page` is the page size the API returns.
   */
  raw(s: Sample): { sql: string; params: (string | number | string[])[] };
  page: number;
}

const MRN = 'https://careweave.org/fhir/sid/mrn';
const LOINC = 'http://loinc.org';

async function rows(q: Queryable, sql: string, n: number): Promise<Sample[]> {
  return (await q.query<Sample>(sql, [n])).rows;
}

/**
 * Picks the page's ids first and reads content for those rows only: without it, PostgreSQL
 * detoasts the content of every candidate before the top-N sort (4,600 Encounters: 4× slower).
 */
const idsFirst = (type: string, ids: string): string =>
  `SELECT c.id, c.content::text AS content FROM (${ids}) p JOIN resource c ON c.resource_type = '${type}' AND c.id = p.id ORDER BY c.id`;

/** A "random" but repeatable order: md5 of the id. */
const shuffled = (expr: string): string => `ORDER BY md5(${expr})`;

export const SHAPES: Shape[] = [
  {
    name: 'Patient?name= (common prefix)',
    page: 20,
    // the 3-letter prefixes of the 20 most common family names
    sample: (q, n) =>
      rows(
        q,
        `SELECT prefix FROM (SELECT left(value, 3) AS prefix, count(*) AS c FROM sp_string WHERE resource_type = 'Patient' AND param = 'family' GROUP BY 1 ORDER BY 2 DESC LIMIT 20) x ${shuffled('prefix')} LIMIT $1`,
        n,
      ),
    request: (s) => `Patient?name=${encodeURIComponent(s['prefix'] ?? '')}`,
    raw: (s) => ({
      sql: idsFirst(
        'Patient',
        `SELECT r.id FROM resource r WHERE r.resource_type = 'Patient' AND NOT r.deleted
           AND r.id IN (SELECT s.resource_id FROM sp_string s WHERE s.resource_type = 'Patient' AND s.param = 'name' AND s.value LIKE $1)
         ORDER BY r.id LIMIT 21`,
      ),
      params: [`${s['prefix']}%`],
    }),
  },
  {
    name: 'Patient?identifier=',
    page: 20,
    sample: (q, n) =>
      rows(
        q,
        `SELECT content->'identifier'->0->>'value' AS mrn FROM resource WHERE resource_type = 'Patient' ${shuffled('id')} LIMIT $1`,
        n,
      ),
    request: (s) => `Patient?identifier=${encodeURIComponent(`${MRN}|${s['mrn']}`)}`,
    raw: (s) => ({
      sql: `SELECT r.id, r.content::text AS content FROM resource r WHERE r.resource_type = 'Patient' AND NOT r.deleted AND r.tokens @> ARRAY[$1]::text[] ORDER BY r.id LIMIT 21`,
      params: [`identifier|${MRN}|${s['mrn']}`],
    }),
  },
  {
    name: 'Observation?patient=&code=&_sort=-date&_count=1',
    page: 1,
    sample: (q, n) =>
      rows(
        q,
        `SELECT patient_id AS patient, content->'code'->'coding'->0->>'code' AS code FROM resource WHERE resource_type = 'Observation' ${shuffled('id')} LIMIT $1`,
        n,
      ),
    request: (s) =>
      `Observation?patient=Patient/${s['patient']}&code=${encodeURIComponent(`${LOINC}|${s['code']}`)}&_sort=-date&_count=1`,
    raw: (s) => ({
      sql: `SELECT r.id, r.content::text AS content FROM resource r
             WHERE r.resource_type = 'Observation' AND r.patient_id = $1 AND NOT r.deleted AND r.tokens @> ARRAY[$2]::text[]
             ORDER BY (SELECT max(d.high) FROM sp_date d WHERE d.resource_type = 'Observation' AND d.resource_id = r.id AND d.param = 'date') DESC NULLS LAST, r.id
             LIMIT 2`,
      params: [s['patient'] ?? '', `code|${LOINC}|${s['code']}`],
    }),
  },
  {
    name: 'Encounter?date=ge&class=IMP',
    page: 20,
    sample: (q, n) =>
      rows(
        q,
        `SELECT to_char(d, 'YYYY-MM-DD') AS date FROM generate_series('2019-01-01'::date, '2026-06-01'::date, '17 days') d ${shuffled('d::text')} LIMIT $1`,
        n,
      ),
    request: (s) => `Encounter?date=ge${s['date']}&class=IMP`,
    raw: (s) => ({
      sql: idsFirst(
        'Encounter',
        `SELECT r.id FROM resource r WHERE r.resource_type = 'Encounter' AND NOT r.deleted AND r.tokens @> ARRAY['class|*|IMP']::text[]
           AND EXISTS (SELECT 1 FROM sp_date d WHERE d.resource_type = 'Encounter' AND d.resource_id = r.id AND d.param = 'date' AND d.high >= $1::timestamptz)
         ORDER BY r.id LIMIT 21`,
      ),
      params: [`${s['date']}T00:00:00Z`],
    }),
  },
  {
    name: 'Task?owner=&status=requested,in-progress&_sort=priority',
    page: 20,
    sample: (q, n) =>
      rows(
        q,
        `SELECT DISTINCT content->'owner'->>'reference' AS owner FROM resource WHERE resource_type = 'Task' ORDER BY 1 LIMIT $1`,
        n,
      ),
    request: (s) =>
      `Task?owner=${encodeURIComponent(s['owner'] ?? '')}&status=requested,in-progress&_sort=priority`,
    raw: (s) => ({
      sql: `SELECT r.id, r.content::text AS content FROM resource r
             WHERE r.resource_type = 'Task' AND NOT r.deleted AND r.refs @> ARRAY[$1]::text[]
               AND r.tokens && ARRAY['status|*|requested', 'status|*|in-progress']::text[]
             ORDER BY r.content->>'priority', r.id LIMIT 21`,
      params: [`owner|${s['owner']}`],
    }),
  },
  {
    name: 'Encounter?subject:Patient.identifier= (chain)',
    page: 20,
    sample: (q, n) =>
      rows(
        q,
        `SELECT content->'identifier'->0->>'value' AS mrn FROM resource WHERE resource_type = 'Patient' ${shuffled(`id || 'c'`)} LIMIT $1`,
        n,
      ),
    request: (s) =>
      `Encounter?subject:Patient.identifier=${encodeURIComponent(`${MRN}|${s['mrn']}`)}`,
    raw: (s) => ({
      sql: `SELECT r.id, r.content::text AS content FROM resource r
             WHERE r.resource_type = 'Encounter' AND NOT r.deleted
               AND r.patient_id IN (SELECT p.id FROM resource p WHERE p.resource_type = 'Patient' AND NOT p.deleted AND p.tokens @> ARRAY[$1]::text[])
             ORDER BY r.id LIMIT 21`,
      params: [`identifier|${MRN}|${s['mrn']}`],
    }),
  },
  {
    name: 'Patient?identifier=&_revinclude=Encounter:subject',
    page: Number.POSITIVE_INFINITY,
    sample: (q, n) =>
      rows(
        q,
        `SELECT content->'identifier'->0->>'value' AS mrn FROM resource WHERE resource_type = 'Patient' ${shuffled(`id || 'r'`)} LIMIT $1`,
        n,
      ),
    request: (s) =>
      `Patient?identifier=${encodeURIComponent(`${MRN}|${s['mrn']}`)}&_revinclude=Encounter:subject`,
    raw: (s) => ({
      sql: `WITH p AS (SELECT r.id, r.content FROM resource r WHERE r.resource_type = 'Patient' AND NOT r.deleted AND r.tokens @> ARRAY[$1]::text[] ORDER BY r.id LIMIT 21)
            SELECT p.id, p.content::text AS content FROM p
            UNION ALL
            SELECT e.id, e.content::text FROM resource e WHERE e.resource_type = 'Encounter' AND e.patient_id IN (SELECT id FROM p) AND NOT e.deleted`,
      params: [`identifier|${MRN}|${s['mrn']}`],
    }),
  },
];
