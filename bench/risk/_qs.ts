import { openDatabase } from '@careweave/store';
import { validateResourceStrict } from '@careweave/fhir';
import { quickStructureOk } from '/work/main/packages/fhir/src/validation/quick-structure.ts';
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
const { rows } = await db.query<{ content: any }>("SELECT content FROM resource WHERE resource_type IN ('RiskAssessment','Group') LIMIT 3000");
validateResourceStrict(rows[0]!.content);
const by = new Map<string, [number, number]>();
for (const r of rows) { const c = r.content; const k = c.resourceType + '/' + (c.method?.coding?.[0]?.code ?? ''); const e = by.get(k) ?? [0, 0]; e[0]++; if (quickStructureOk(c)) e[1]++; by.set(k, e); }
console.log(by);
const bad = rows.map(r=>r.content).find((c) => c.resourceType === 'RiskAssessment' && !quickStructureOk(c));
if (bad) { for (const k of Object.keys(bad)) { const copy = { ...bad }; delete copy[k]; if (quickStructureOk(copy)) console.log('culprit key', k); } }
await db.close();
