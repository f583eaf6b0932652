/**
 * Measures over the whole population (the quality-measures brief's "bench"): every SQL measure
 * over N people on PostgreSQL (target ≤ 30 s for the full set) and the eCQM engine's throughput
 * in patients/s. From the repository root, after `npx tsc -b packages/cli`:
 *
 *   DATABASE_URL=postgres://…/DB npx tsx bench/measures/run.ts [--period-start 2025-01-01]
 *     [--period-end 2025-12-31] [--ecqm-people 1000] [--repeat 2] [--per-measure]
 *
 * DB already holds the synthetic population (`careweave generate --patients 20000 --seed 42`,
 * `careweave import`, `careweave stratify`) and the eCQM packages (`careweave measures load` of
 * shared/data/ecqm CMS2, CMS165 and `_shared`). Per run, as the system (no access scope):
 *   1. lower bound: the rows the SQL measures read (Encounter, Task, Condition, EpisodeOfCare,
 *      Patient, ServiceRequest, Goal, Procedure), each read whole once (`SELECT content`);
 *   2. every SQL measure (`computeSqlCases`: one set-based statement per measure family, then
 *      the grouping attributes of the people), `--repeat` times, the best and every time kept;
 *   3. each loaded eCQM over the first `--ecqm-people` people (`runEcqm`: their records read in
 *      chunks of 200 and handed to fqm-execution), patients/s.
 * Prints a JSON summary on the last line; the figures go into bench/RESULTS.md by hand.
 */
import { computeSqlCases, isEcqm, runEcqm } from '@careweave/care';
import { SQL_MEASURE_IDS, isSqlMeasureId } from '@careweave/contract';
import { openDatabase, Repository, SYSTEM_CONTEXT } from '@careweave/store';
import type { Measure } from '@medplum/fhirtypes';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const period = { start: arg('period-start', '2025-01-01'), end: arg('period-end', '2025-12-31') };
const ecqmPeople = Number(arg('ecqm-people', '1000'));
const repeat = Number(arg('repeat', '2'));
const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL names the PostgreSQL database holding the population');

const SQL_INPUTS = [
  'Encounter',
  'Task',
  'Condition',
  'EpisodeOfCare',
  'Patient',
  'ServiceRequest',
  'Goal',
  'Procedure',
];

const seconds = (t0: number): number => (performance.now() - t0) / 1000;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join('/');

const db = await openDatabase({ databaseUrl: url });
const repo = new Repository(db);
const { rows: version } = await db.query<{ v: string }>('SELECT version() AS v');
const { rows: sizes } = await db.query<{ patients: string; resources: string }>(
  `SELECT count(*) FILTER (WHERE resource_type = 'Patient') AS patients, count(*) AS resources
     FROM resource WHERE NOT deleted`,
);
const loadBefore = load();
console.log(
  `PostgreSQL: ${version[0]?.v ?? '?'}; ${sizes[0]?.patients} people, ${sizes[0]?.resources} resources; ` +
    `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load ${loadBefore}`,
);

// 1. Lower bound: read the measures' input rows once, whole.
let t0 = performance.now();
const { rows: read } = await db.query<{ n: string; bytes: string }>(
  `SELECT count(*) AS n, sum(length(content::text)) AS bytes
     FROM resource WHERE resource_type = ANY($1::text[]) AND NOT deleted`,
  [SQL_INPUTS],
);
const lowerBound = seconds(t0);
console.log(
  `lower bound: ${read[0]?.n} rows (${Math.round(Number(read[0]?.bytes) / 2 ** 20)} MiB) read whole in ${lowerBound.toFixed(1)} s`,
);

// 2. Every SQL measure, the full set in one call (as `careweave measures run` and the dashboards do).
const sqlRuns: { seconds: number; cases: number; load: string }[] = [];
let perMeasure: Record<string, number> = {};
for (let i = 0; i < repeat; i += 1) {
  const before = load();
  t0 = performance.now();
  const { cases } = await computeSqlCases(repo, SYSTEM_CONTEXT, period, SQL_MEASURE_IDS);
  const s = seconds(t0);
  perMeasure = Object.fromEntries([...cases].map(([id, list]) => [id, list.length]));
  const total = [...cases.values()].reduce((n, list) => n + list.length, 0);
  sqlRuns.push({ seconds: s, cases: total, load: before });
  console.log(
    `SQL measures, all ${SQL_MEASURE_IDS.length}: ${s.toFixed(1)} s (${total} cases; load ${before})`,
  );
}
console.log(`cases per measure: ${JSON.stringify(perMeasure)}`);
// Each measure alone (`--per-measure`): where the time of the full set goes.
const alone: Record<string, number> = {};
if (args.includes('--per-measure')) {
  for (const id of SQL_MEASURE_IDS) {
    t0 = performance.now();
    await computeSqlCases(repo, SYSTEM_CONTEXT, period, [id]);
    alone[id] = seconds(t0);
    console.log(`  ${id}: ${alone[id].toFixed(1)} s (load ${load()})`);
  }
}

// 3. Each loaded eCQM over the first people.
const stored = await repo.readModels.measures.sharedResources('Measure');
const ecqms = stored.filter(
  (r): r is Measure => r.resourceType === 'Measure' && !!r.id && !isSqlMeasureId(r.id) && isEcqm(r),
);
const people = (await repo.readModels.measures.visiblePatients(SYSTEM_CONTEXT.scope)).slice(
  0,
  ecqmPeople,
);
const ecqmRuns: {
  id: string;
  people: number;
  unevaluated: number;
  seconds: number;
  perSecond: number;
  /** The same people again, unchanged: results from the cache (records still read). */
  secondRunSeconds: number;
  populations: Record<string, number>;
  load: string;
}[] = [];
const ecqmErrors: { id: string; error: string }[] = [];
for (const measure of ecqms) {
  const before = load();
  t0 = performance.now();
  let results: Awaited<ReturnType<typeof runEcqm>>['results'];
  let failures: Awaited<ReturnType<typeof runEcqm>>['failures'];
  try {
    ({ results, failures } = await runEcqm(repo, SYSTEM_CONTEXT, measure, period, people));
  } catch (err) {
    // Recorded, not fatal: one measure's engine failure must not hide the others' figures.
    const error =
      err instanceof Error ? err.message.split('\n').slice(0, 4).join(' ') : String(err);
    ecqmErrors.push({ id: measure.id ?? '', error });
    console.log(`${measure.id}: engine error after ${seconds(t0).toFixed(1)} s: ${error}`);
    continue;
  }
  const s = seconds(t0);
  // The same run again: every person's records unchanged, so each result comes from the cache.
  t0 = performance.now();
  await runEcqm(repo, SYSTEM_CONTEXT, measure, period, people);
  const again = seconds(t0);
  const populations: Record<string, number> = {};
  for (const r of results)
    for (const [code, n] of r.groups[0]?.populations ?? [])
      populations[code] = (populations[code] ?? 0) + n;
  ecqmRuns.push({
    id: measure.id ?? '',
    people: results.length,
    unevaluated: failures.length,
    seconds: s,
    perSecond: results.length / s,
    secondRunSeconds: again,
    populations,
    load: before,
  });
  console.log(
    `${measure.id}: ${results.length} people in ${s.toFixed(1)} s = ${(results.length / s).toFixed(0)} patients/s, again (cached) in ${again.toFixed(1)} s; ${failures.length} not evaluated (${failures[0]?.message ?? ''}); ${JSON.stringify(populations)} (load ${before})`,
  );
}

await db.close();
console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    period,
    postgres: version[0]?.v,
    people: Number(sizes[0]?.patients),
    resources: Number(sizes[0]?.resources),
    loadBefore,
    loadAfter: load(),
    lowerBound: { rows: Number(read[0]?.n), seconds: lowerBound },
    sql: sqlRuns,
    perMeasure,
    alone,
    ecqm: ecqmRuns,
    ecqmErrors,
  }),
);
