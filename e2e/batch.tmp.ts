import { startServer } from '@careweave/server';
import { loadavg } from 'node:os';
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: 'bench/out/web-demo-200/db', version: 'x', logLevel: 'warn' });
const U = server.url;
const { access_token: tok } = await (await fetch(`${U}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'coordinator@careweave.demo', password: 'careweave-demo' }) })).json() as { access_token: string };
const H = { Authorization: `Bearer ${tok}`, 'content-type': 'application/fhir+json' };
const qs = (p: string) => [`Patient/${p}`, `Condition?patient=Patient/${p}&_count=500`, `MedicationRequest?patient=Patient/${p}&_count=500&_sort=-authoredon`, `Observation?patient=Patient/${p}&_count=1000&_sort=-date`, `Encounter?patient=Patient/${p}&_count=1000&_sort=-date`, `AllergyIntolerance?patient=Patient/${p}&_count=100`, `CareTeam?patient=Patient/${p}&_count=50`, `EpisodeOfCare?patient=Patient/${p}&_count=50`, `Consent?patient=Patient/${p}&_count=50`, `Task?patient=Patient/${p}&status=requested&_count=200`, `RiskAssessment?patient=Patient/${p}&_sort=-date&_count=1`];
for (let round = 0; round < 3; round++) {
  for (const p of ['demo-patient-1', 'demo-patient-2']) {
    let t = performance.now();
    const single = await Promise.all(qs(p).map(async (q) => { const t0 = performance.now(); const r = await fetch(`${U}/fhir/R4/${q}`, { headers: H }); await r.text(); return Math.round(performance.now() - t0); }));
    const parallel = performance.now() - t;
    t = performance.now();
    for (const q of qs(p)) { const r = await fetch(`${U}/fhir/R4/${q}`, { headers: H }); await r.text(); }
    const serial = performance.now() - t;
    t = performance.now();
    const r = await fetch(`${U}/fhir/R4`, { method: 'POST', headers: H, body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: qs(p).map((url) => ({ request: { method: 'GET', url } })) }) });
    const body = await r.json() as { entry?: { response?: { status: string } }[] };
    const batch = performance.now() - t;
    console.log(p, `parallel ${parallel.toFixed(0)} ms [${single.join(',')}], serial ${serial.toFixed(0)} ms, batch ${batch.toFixed(0)} ms (${r.status}, ${body.entry?.map((e) => e.response?.status).join('|')})`, loadavg()[0].toFixed(1));
  }
}
await server.close();
