#!/usr/bin/env node
// The static checks `npm test` runs after the build, each timed, stopping at the first failure:
// test and benchmark code type-checked, formatting, ESLint (type-checked rules, cached) and the
// dependency rules (no cycles, no arrow against ARCHITECTURE.md's layers), npm audit of the
// production dependencies.
//   node scripts/checks.mjs            every check
//   node scripts/checks.mjs lint deps  only those
import { spawnSync } from 'node:child_process';

const CHECKS = {
  types: [
    'tsc -p tsconfig.check.json', // every package's sources and tests (the builds leave tests out)
    'tsc -p e2e',
    'tsc -p bench',
  ],
  format: ['prettier --check . --log-level warn'],
  lint: ['eslint . --cache --cache-strategy content --cache-location node_modules/.cache/eslint/'],
  deps: [
    `depcruise packages/*/src packages/synth/test e2e bench --config .dependency-cruiser.cjs`,
    `depcruise packages/care/src --config .dependency-cruiser-folders.cjs`,
  ],
  // no high or critical advisory in the production dependencies (skipped when offline)
  audit: ['node scripts/npm-audit.mjs'],
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in CHECKS));
if (unknown.length > 0) {
  console.error(
    `unknown check ${unknown.join(', ')}; choose from ${Object.keys(CHECKS).join(', ')}`,
  );
  process.exit(2);
}

const started = Date.now();
for (const [name, commands] of Object.entries(CHECKS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const t0 = Date.now();
  for (const command of commands) {
    const line = command.startsWith('node ') ? command : `npx --no-install ${command}`;
    const result = spawnSync(line, { shell: true, stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`✗ ${name}: \`${command}\` failed`);
      process.exit(result.status ?? 1);
    }
  }
  console.log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
