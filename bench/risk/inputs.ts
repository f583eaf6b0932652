/**
 * The bench's direct SQL: clearing earlier risk results ("from scratch") and the lower bound —
 * reading, whole, the same rows `careweave stratify` reads (the filters of
 * packages/store/src/read-models/risk-inputs.ts), once, into the client.
 */
import pg from 'pg';

const LOINC = [
  '4548-4',
  '718-7',
  '2951-2',
  '62238-1',
  '44261-6',
  '88122-7',
  '71802-3',
  '93030-5',
  '96779-4',
  '95614-4',
];
const CLASSES = ['IMP', 'ACUTE', 'NONAC', 'EMER', 'OBSENC'];

/** Removes RiskAssessments, registry Groups, their index rows and the risk tables; returns the resource count. */
export async function resetRiskResults(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const types = ['RiskAssessment', 'Group'];
    for (const table of ['sp_string', 'sp_date', 'sp_number']) {
      await client.query(`DELETE FROM ${table} WHERE resource_type = ANY($1)`, [types]);
    }
    await client.query('DELETE FROM resource_history WHERE resource_type = ANY($1)', [types]);
    await client.query('DELETE FROM resource WHERE resource_type = ANY($1)', [types]);
    await client.query(
      "DELETE FROM resource_history WHERE resource_type = 'Observation' AND id LIKE 'bench-risk-%'",
    );
    await client.query(
      "DELETE FROM resource WHERE resource_type = 'Observation' AND id LIKE 'bench-risk-%'",
    );
    await client.query('TRUNCATE risk_run, risk_patient, risk_job_claim');
    await client.query('VACUUM ANALYZE resource');
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM resource');
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/** Reads the input rows whole (`content`), as one client would; returns time, rows and size. */
export async function readInputsWhole(
  url: string,
): Promise<{ seconds: number; rows: number; mib: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    let rows = 0;
    let bytes = 0;
    const queries: [string, unknown[]][] = [
      [
        "SELECT content::text AS c FROM resource WHERE resource_type = 'Patient' AND NOT deleted",
        [],
      ],
      [
        "SELECT content::text AS c FROM resource WHERE resource_type IN ('Condition', 'EpisodeOfCare', 'Procedure') AND NOT deleted AND patient_id IS NOT NULL",
        [],
      ],
      [
        "SELECT content::text AS c FROM resource WHERE resource_type = 'Encounter' AND NOT deleted AND tokens && $1::text[]",
        [CLASSES.map((c) => `class|http://terminology.hl7.org/CodeSystem/v3-ActCode|${c}`)],
      ],
      [
        "SELECT content::text AS c FROM resource WHERE resource_type = 'Observation' AND NOT deleted AND tokens && $1::text[]",
        [LOINC.map((c) => `code|http://loinc.org|${c}`)],
      ],
    ];
    for (const [sql, params] of queries) {
      const result = await client.query<{ c: string }>(sql, params);
      rows += result.rows.length;
      for (const r of result.rows) bytes += r.c.length;
    }
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, rows, mib: bytes / 2 ** 20 };
  } finally {
    await client.end();
  }
}
