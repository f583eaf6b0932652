import { readFileSync } from 'node:fs';
import { openDatabase, loadRiskInputs } from '@careweave/store';
import { buildPersons } from '/work/main/packages/care/src/risk/person.ts';
import { RISK_OBSERVATION_CODES } from '/work/main/packages/care/src/risk/codes.ts';
import { evaluateAdmissionModel } from '/work/main/packages/care/src/risk/evaluate.ts';
import { parseTruthCsv } from '/work/main/packages/care/src/risk/truth.ts';
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
let t = Date.now();
const inputs = await loadRiskInputs(db, {}, { loinc: RISK_OBSERVATION_CODES });
console.log('load', Date.now() - t, Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.length]))); t = Date.now();
const persons = buildPersons(inputs);
console.log('build', Date.now() - t); t = Date.now();
const truth = parseTruthCsv(readFileSync(process.argv[2]!, 'utf8'));
for (const lambda of (process.argv[3] ?? '1').split(',').map(Number)) {
const r = evaluateAdmissionModel(persons, Date.parse('2026-11-01'), truth, lambda);
console.log('eval', Date.now() - t, 'lambda', lambda);
const m = (x: any) => ({ n: x.n, ev: x.events, auc: x.auc.toFixed(3), brier: x.brier.toFixed(4), slope: x.calibrationSlope.toFixed(2), oe: x.observedExpected.toFixed(2) });
console.log('train', r.train, 'test', r.test);
console.log('model', m(r.metrics));
console.log('charlson', m(r.baselines.charlson), 'lace', m(r.baselines.lace));
console.log('truth', r.truth && { ...m(r.truth.metrics), matched: r.truth.matched, corr: r.truth.correlation.toFixed(3), mad: r.truth.meanAbsoluteDifference.toFixed(3), agree: r.truth.outcomeAgreement.toFixed(3) });
console.log(r.model.features.map((f, i) => `${f}=${r.model.coefficients[i]!.toFixed(2)}`).join(' '), 'b0', r.model.intercept.toFixed(2));
console.log(JSON.stringify(r.model.means.map(x=>+x.toFixed(3))));
}
await db.close();
