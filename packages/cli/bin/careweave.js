#!/usr/bin/env node
// The `careweave` command as npm links it. This file is in the repository (not in dist/) so that
// `npm install` can link the bin on a fresh clone before anything is built; it loads the built
// CLI, and says what to do when the build is missing instead of npm's "could not determine
// executable to run".
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', 'dist', 'main.js');

if (!existsSync(main)) {
  const root = resolve(here, '..', '..', '..');
  process.stderr.write(
    `careweave: the command is not built yet (${main} is missing).\n` +
      `Run \`npm run build\` in ${root} (after \`npm install\`), then try again.\n`,
  );
  process.exit(1);
}
await import(pathToFileURL(main).href);
