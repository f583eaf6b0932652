import { openDatabase, SYSTEM_CONTEXT, queryPairs } from '@careweave/store';
import { buildApp, generateSigningKeys, mintAccessToken, wireAccess } from '@careweave/server';
import type { AddressInfo } from 'node:net';
const db = await openDatabase({ databaseUrl: process.env['DATABASE_URL'] });
const keys = await generateSigningKeys();
const { access, repo } = wireAccess(db);
const app = await buildApp({ db, repo, version: 'bench', logger: false, auth: { keys, access } });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/fhir/R4`;
const token = await mintAccessToken(keys, { kind: 'system', sub: 'b', scopes: ['system/*.rs'] }, 3600);
const q = 'identifier=https://careweave.org/fhir/sid/mrn|CW00000110';
const time = async (name: string, fn: () => Promise<unknown>, n = 200) => {
  for (let i = 0; i < 20; i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  console.log(name.padEnd(30), 'p50', ts[n / 2]?.toFixed(2), 'p95', ts[Math.floor(n * 0.95)]?.toFixed(2));
};
await time('raw select 1', () => db.query('SELECT 1'));
await time('raw identifier', () => db.query(`SELECT r.id, r.content::text FROM resource r WHERE r.resource_type='Patient' AND NOT r.deleted AND r.tokens @> ARRAY['identifier|https://careweave.org/fhir/sid/mrn|CW00000110']::text[] ORDER BY r.id LIMIT 21`));
await time('repo.search', () => repo.search(SYSTEM_CONTEXT, 'Patient', queryPairs(q)));
await time('http healthz', () => fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/healthz`).then((r) => r.text()));
await time('http metadata', () => fetch(`${base}/metadata`).then((r) => r.text()), 50);
await time('http search gzip', () => fetch(`${base}/Patient?${q}`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.text()));
await time('http search identity', () => fetch(`${base}/Patient?${q}`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'identity' } }).then((r) => r.text()));
await app.close(); await db.close();
