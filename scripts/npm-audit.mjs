#!/usr/bin/env node
// `npm audit --omit=dev`: the production dependencies must have no high or critical advisory.
// Skips (exit 0, saying so) when the registry cannot be reached, so an offline build still runs
// the other checks; CI has the network, so there it always decides.
import { spawnSync } from 'node:child_process';

const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
  encoding: 'utf8',
  timeout: 120_000,
});
let report;
try {
  report = JSON.parse(result.stdout || '{}');
} catch {
  report = {};
}
const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why = (
    report.message ??
    report.error?.summary ??
    result.stderr ??
    result.error?.message ??
    ''
  ).trim();
  console.log(
    `npm audit skipped: the registry's audit endpoint did not answer (${why.split('\n')[0] || 'no answer'})`,
  );
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === 'high' || v.severity === 'critical') {
      console.error(`${v.severity}: ${name} ${v.range ?? ''}`);
    }
  }
  console.error(`npm audit --omit=dev: ${serious} high or critical advisories`);
  process.exit(1);
}
console.log(
  `npm audit --omit=dev: no high or critical advisories (${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low)`,
);
