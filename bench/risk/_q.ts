import { openDatabase } from '@careweave/store';
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
const L = ['4548-4','718-7','2951-2','62238-1','44261-6','88122-7','71802-3','93030-5','96779-4','95614-4'];
const toks = L.map((c) => `code|http://loinc.org|${c}`);
const qs: [string, string, unknown[]][] = [
  ['obs-ids', `SELECT id FROM resource WHERE resource_type='Observation' AND NOT deleted AND tokens && $1::text[]`, [toks]],
  ['obs-content', `SELECT content FROM resource WHERE resource_type='Observation' AND NOT deleted AND tokens && $1::text[]`, [toks]],
  ['obs-light', `SELECT patient_id, id, content->'code'->'coding'->0->>'code' AS code, content->>'effectiveDateTime' AS eff, COALESCE(content->'valueQuantity'->>'value', content->>'valueInteger') v, content->'valueCodeableConcept'->'coding'->0->>'code' vc, content->'encounter'->>'reference' enc FROM resource WHERE resource_type='Observation' AND NOT deleted AND tokens && $1::text[]`, [toks]],
  ['enc', `SELECT patient_id, id, content->'class'->>'code', content->'period'->>'start', content->'period'->>'end' FROM resource WHERE resource_type='Encounter' AND NOT deleted AND tokens && $1::text[]`, [['class|http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP','class|http://terminology.hl7.org/CodeSystem/v3-ActCode|EMER']]],
  ['cond', `SELECT patient_id, id, content FROM resource WHERE resource_type='Condition' AND NOT deleted`, []],
  ['pat', `SELECT id, content->>'birthDate' FROM resource WHERE resource_type='Patient' AND NOT deleted`, []],
];
for (const [name, sql, params] of qs) {
  for (let i = 0; i < 2; i++) {
    const t = Date.now();
    const r = await db.query(sql, params as never);
    console.log(name, i, Date.now() - t, 'ms', r.rows.length);
  }
}
await db.close();
