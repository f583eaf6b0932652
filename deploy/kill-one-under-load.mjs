#!/usr/bin/env node
// Writes through the balancer from several clients, kills one server with SIGKILL part-way, and
// checks what the clients were told against what PostgreSQL holds.
//
//   node deploy/kill-one-under-load.mjs --url http://127.0.0.1:8080 --token TOKEN \
//        --kill-pid PID [--clients 8] [--seconds 30] [--kill-after 10]
//
// Each write is a conditional create (If-None-Exist on a unique identifier), so a client may
// retry one whose answer it lost without creating it twice. Prints one JSON line: writes
// acknowledged, retries, writes that failed after every retry, acknowledged writes missing or
// duplicated in the database (both must be 0).
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    token: { type: 'string' },
    'kill-pid': { type: 'string' },
    clients: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '30' },
    'kill-after': { type: 'string', default: '10' },
  },
});
const base = `${values.url}/fhir/R4`;
const headers = {
  Authorization: `Bearer ${values.token}`,
  'Content-Type': 'application/fhir+json',
};
const SYSTEM = 'urn:careweave:kill-one-under-load';
const run = Date.now().toString(36);
const acknowledged = new Set();
let retries = 0;
let failed = 0;

async function createOnce(value) {
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const response = await fetch(`${base}/Patient`, {
        method: 'POST',
        headers: { ...headers, 'If-None-Exist': `identifier=${SYSTEM}|${value}` },
        body: JSON.stringify({
          resourceType: 'Patient',
          identifier: [{ system: SYSTEM, value }],
          name: [{ family: 'Load', given: [value] }],
        }),
        signal: AbortSignal.timeout(30_000),
      });
      await response.text();
      if (response.status === 201 || response.status === 200) return true;
      if (response.status < 500) return false;
    } catch {
      // the connection broke: the answer was lost, the write may or may not have happened
    }
    retries++;
    await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
  }
  return false;
}

const end = Date.now() + Number(values.seconds) * 1000;
setTimeout(
  () => {
    try {
      process.kill(Number(values['kill-pid']), 'SIGKILL');
      process.stderr.write(`killed server pid ${values['kill-pid']}\n`);
    } catch (err) {
      process.stderr.write(`could not kill ${values['kill-pid']}: ${err.message}\n`);
    }
  },
  Number(values['kill-after']) * 1000,
);

await Promise.all(
  Array.from({ length: Number(values.clients) }, async (_, c) => {
    for (let i = 0; Date.now() < end; i++) {
      const value = `${run}-${c}-${i}`;
      if (await createOnce(value)) acknowledged.add(value);
      else failed++;
    }
  }),
);

// Every acknowledged write is stored exactly once.
let missing = 0;
let duplicated = 0;
for (const value of acknowledged) {
  const response = await fetch(
    `${base}/Patient?identifier=${encodeURIComponent(`${SYSTEM}|${value}`)}&_summary=count`,
    { headers },
  );
  const total = (await response.json()).total ?? 0;
  if (total === 0) missing++;
  if (total > 1) duplicated++;
}
process.stdout.write(
  `${JSON.stringify({ acknowledged: acknowledged.size, retries, failedAfterRetries: failed, missing, duplicated })}\n`,
);
process.exit(missing === 0 && duplicated === 0 ? 0 : 1);
