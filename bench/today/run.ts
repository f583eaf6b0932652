/**
 * "Who needs me today" against the orderings a coordinator has without it, on a population from
 * `careweave generate` (read straight from its NDJSON, with its truth.csv):
 *
 *   npx tsx bench/today/run.ts DIR [--dates 12]
 *
 * At each of `--dates` monthly dates t (the last one 30 days before the end of the data), every
 * living adult is ordered (a) by the who-needs-me points (care/today), (b) by the LACE-style score
 * at t, (c) by the current risk tier (ties in patient-id order, as a list sorted by tier shows
 * them), (d) by the model's probability, and (e) by the synthetic truth's admission probability
 * over [t, t+30d) (the ceiling no ordering of recorded data can beat on average). The outcome is an
 * unplanned admission starting in [t, t + 30 days). Precision at 20 and 50 is averaged over the
 * dates. The model is refitted at each t on the year before (factors at t − 1y, outcome in
 * [t − 1y, t)), as the nightly job would have it.
 *
 * The generated data have no appointments, tasks or contacts, so only the hospital part of the
 * signals (tier, in hospital, discharge, ED visits, admissions in 12 months) is scored here.
 */
import {
  assignTier,
  buildPersons,
  endOfData,
  hospitalSignals,
  parseTruthCsv,
  predictAdmission,
  rankWhoNeedsMe,
  riskFactors,
  trainAdmissionModel,
  truthProbability,
  type PersonRecord,
  type TruthRow,
} from '@careweave/care';
import type { Tier } from '@careweave/contract';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGeneratedData } from '../../packages/cli/src/evaluate/generated-data.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;
const TIER_RANK: Readonly<Record<Tier, number>> = { 'very-high': 0, high: 1, rising: 2, low: 3 };

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx bench/today/run.ts DIR [--dates N]\n');
  process.exit(2);
}
const datesAt = process.argv.indexOf('--dates');
const nDates = datesAt > 0 ? Number(process.argv[datesAt + 1]) : 12;

const { inputs } = await readGeneratedData(dir);
const persons = buildPersons(inputs);
const truthFile = join(dir, 'truth.csv');
const truth = new Map<string, TruthRow[]>();
if (existsSync(truthFile)) {
  for (const row of parseTruthCsv(readFileSync(truthFile, 'utf8'))) {
    truth.set(row.patientId, [...(truth.get(row.patientId) ?? []), row]);
  }
}
const end = endOfData(persons);
if (end === undefined) throw new Error('no admissions in the data');

const admitted = (p: PersonRecord, t: number): boolean =>
  p.stays.some((s) => s.unplanned && s.start >= t && s.start < t + 30 * DAY);
const precisionAt = (order: readonly PersonRecord[], k: number, t: number): number =>
  order.slice(0, k).filter((p) => admitted(p, t)).length / k;

type Method = 'who-needs-me' | 'lace' | 'tier' | 'model-probability' | 'truth (ceiling)';
const sums = new Map<Method, { p20: number; p50: number }>();
let baseRate = 0;
const started = Date.now();
for (let k = 0; k < nDates; k++) {
  const t = end - 30 * DAY - k * 30 * DAY;
  const alive = [...persons.values()].filter(
    (p) => p.birth !== undefined && p.birth < t - 18 * YEAR && !p.deceased,
  );
  const train = alive.map((p) => ({
    factors: riskFactors(p, t - YEAR),
    admitted: p.stays.some((s) => s.unplanned && s.start >= t - YEAR && s.start < t),
  }));
  const model = trainAdmissionModel(train, { from: '', to: '' });
  const scored = alive.map((p) => {
    const f = riskFactors(p, t);
    const probability = predictAdmission(model, f).probability;
    const tier = assignTier({
      probability,
      admissions12m: f.admissions12m.length,
      chronicCount: f.chronicCount,
      socialNeeds: f.socialNeeds.size,
    });
    const q = truth.get(p.id);
    return {
      p,
      f,
      probability,
      tier,
      truth: q ? (truthProbability(q, t, t + 30 * DAY)?.probability ?? 0) : 0,
    };
  });
  baseRate += scored.filter((s) => admitted(s.p, t)).length / scored.length;
  const byId = new Map(scored.map((s) => [s.p.id, s]));
  const ranked = rankWhoNeedsMe(
    scored.map((s) => ({
      ...hospitalSignals(s.p, t, { tier: s.tier, probability: s.probability }),
      enrolled: false, // no contact records in generated data: "days since contact" cannot be scored
    })),
    t,
  ).map((i) => byId.get(i.patientId)?.p as PersonRecord);
  const rest = scored
    .filter((s) => !ranked.includes(s.p))
    .sort((a, b) => b.probability - a.probability)
    .map((s) => s.p);
  const id = (a: { p: PersonRecord }, b: { p: PersonRecord }): number =>
    a.p.id.localeCompare(b.p.id);
  const orders: Record<Method, PersonRecord[]> = {
    'who-needs-me': [...ranked, ...rest],
    lace: [...scored].sort((a, b) => b.f.laceStyle - a.f.laceStyle || id(a, b)).map((s) => s.p),
    tier: [...scored]
      .sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier] || id(a, b))
      .map((s) => s.p),
    'model-probability': [...scored].sort((a, b) => b.probability - a.probability).map((s) => s.p),
    'truth (ceiling)': [...scored].sort((a, b) => b.truth - a.truth || id(a, b)).map((s) => s.p),
  };
  for (const [method, order] of Object.entries(orders) as [Method, PersonRecord[]][]) {
    const s = sums.get(method) ?? { p20: 0, p50: 0 };
    s.p20 += precisionAt(order, 20, t);
    s.p50 += precisionAt(order, 50, t);
    sums.set(method, s);
  }
  process.stderr.write(`date ${k + 1}/${nDates} (${new Date(t).toISOString().slice(0, 10)})\n`);
}

const rows = [...sums].map(([method, s]) => ({
  method,
  precisionAt20: Math.round((s.p20 / nDates) * 1000) / 1000,
  precisionAt50: Math.round((s.p50 / nDates) * 1000) / 1000,
}));
process.stdout.write(
  `| ordering | precision@20 | precision@50 |\n|---|---:|---:|\n${rows
    .map((r) => `| ${r.method} | ${r.precisionAt20.toFixed(3)} | ${r.precisionAt50.toFixed(3)} |`)
    .join(
      '\n',
    )}\n\nbase rate of an admission in 30 days: ${(baseRate / nDates).toFixed(4)}; ${persons.size} people; ${nDates} dates; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
process.stdout.write(`${JSON.stringify({ dates: nDates, people: persons.size, rows })}\n`);
