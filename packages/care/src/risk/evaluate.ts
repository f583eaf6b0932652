/**
 * Temporal validation of the admission model against the published scores: train on
 * the year before last (factors at asOf − 2 years, outcome in the following 12 months), test on
 * the latest year (factors at asOf − 1 year, outcome in [asOf − 1 year, asOf)), on the same
 * people; baselines are the Charlson index (1987 weights) and a LACE-style score, each also
 * calibrated to a probability on the training year; the synthetic truth, when given, is scored
 * on the same test set (its AUC is the ceiling any model can reach).
 */
import { admittedBetween, riskFactors, type RiskFactors } from './features.js';
import { fitLogistic, expit, linearPredictor } from './logistic.js';
import { predictionMetrics, auc, type PredictionMetrics } from './metrics.js';
import { predictAdmission, trainAdmissionModel, type AdmissionModel } from './model.js';
import type { PersonRecord } from './person.js';
import { truthProbability, type TruthRow } from './truth.js';

/** Adds whole years in UTC. */
export function addYears(t: number, years: number): number {
  const d = new Date(t);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

/** The evaluation report; `toJSON` of the CLI's last line is derived from it. */
export interface EvaluationReport {
  asOf: string;
  train: { from: string; to: string; people: number; events: number };
  test: { from: string; to: string; people: number; events: number };
  model: AdmissionModel;
  metrics: PredictionMetrics;
  baselines: { charlson: PredictionMetrics; lace: PredictionMetrics };
  truth?: {
    metrics: PredictionMetrics;
    matched: number;
    correlation: number;
    meanAbsoluteDifference: number;
    outcomeAgreement: number;
  };
}

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

function population(persons: Map<string, PersonRecord>, t: number): PersonRecord[] {
  return [...persons.values()].filter((p) => p.birth !== undefined && p.birth < t && !p.deceased);
}

/** A one-variable logistic recalibration of a published score (fitted on the training year). */
function calibrateScore(trainScores: number[], trainY: number[], testScores: number[]): number[] {
  const fit = fitLogistic(
    trainScores.map((s) => [s]),
    trainY,
    { lambda: 0 },
  );
  return testScores.map((s) => expit(linearPredictor(fit, [s])));
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] ?? 0) - ma;
    const db = (b[i] ?? 0) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Runs the temporal validation. `asOf` is the end of the data (exclusive). */
export function evaluateAdmissionModel(
  persons: Map<string, PersonRecord>,
  asOf: number,
  truth?: readonly TruthRow[],
  lambda = 1,
): EvaluationReport {
  const tTest = addYears(asOf, -1);
  const tTrain = addYears(asOf, -2);
  const trainSet = population(persons, tTrain).map((p) => ({
    factors: riskFactors(p, tTrain),
    admitted: admittedBetween(p, tTrain, tTest),
  }));
  const testPeople = population(persons, tTest);
  const testSet = testPeople.map((p) => ({
    id: p.id,
    factors: riskFactors(p, tTest),
    admitted: admittedBetween(p, tTest, asOf),
  }));
  const model = trainAdmissionModel(trainSet, { from: iso(tTrain), to: iso(tTest) }, lambda);

  const y = testSet.map((e): number => (e.admitted ? 1 : 0));
  const trainY = trainSet.map((e): number => (e.admitted ? 1 : 0));
  const p = testSet.map((e) => predictAdmission(model, e.factors).probability);
  const score = (f: (x: RiskFactors) => number): { train: number[]; test: number[] } => ({
    train: trainSet.map((e) => f(e.factors)),
    test: testSet.map((e) => f(e.factors)),
  });
  const charlson = score((f) => f.charlson1987);
  const lace = score((f) => f.laceStyle);
  const baseline = (s: { train: number[]; test: number[] }): PredictionMetrics => ({
    ...predictionMetrics(calibrateScore(s.train, trainY, s.test), y),
    auc: auc(s.test, y), // the AUC of the raw score (identical up to ties; stated for clarity)
  });

  const report: EvaluationReport = {
    asOf: iso(asOf),
    train: {
      from: iso(tTrain),
      to: iso(tTest),
      people: trainSet.length,
      events: trainY.reduce((s, v) => s + v, 0),
    },
    test: {
      from: iso(tTest),
      to: iso(asOf),
      people: testSet.length,
      events: y.reduce((s, v) => s + v, 0),
    },
    model,
    metrics: predictionMetrics(p, y),
    baselines: { charlson: baseline(charlson), lace: baseline(lace) },
  };
  if (truth && truth.length > 0) {
    const byPatient = new Map<string, TruthRow[]>();
    for (const row of truth) {
      const list = byPatient.get(row.patientId) ?? [];
      list.push(row);
      byPatient.set(row.patientId, list);
    }
    const tp: number[] = [];
    const ty: number[] = [];
    const mp: number[] = [];
    let agree = 0;
    testSet.forEach((e, i) => {
      const rows = byPatient.get(e.id);
      const q = rows ? truthProbability(rows, tTest, asOf) : undefined;
      if (!rows || !q) return;
      tp.push(q.probability);
      ty.push(y[i] ?? 0);
      mp.push(p[i] ?? 0);
      if (q.admissions > 0 === e.admitted) agree++;
    });
    if (tp.length > 0) {
      report.truth = {
        metrics: predictionMetrics(tp, ty),
        matched: tp.length,
        correlation: pearson(mp, tp),
        meanAbsoluteDifference:
          mp.reduce((s, x, i) => s + Math.abs(x - (tp[i] ?? 0)), 0) / mp.length,
        outcomeAgreement: agree / tp.length,
      };
    }
  }
  return report;
}
