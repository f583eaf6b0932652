/**
 * `npm run bench:web`: how fast the integrated patient summary renders on the demo data, and how
 * big the production bundle is. Builds (once) a demo network in bench/out/web-demo, serves it
 * with the real server, signs in as the demo coordinator in headless chromium and opens ten of
 * her patients, by full page load and by in-app navigation. Writes the "Web" section of
 * bench/RESULTS.md. Flags: --patients N (2000), --samples N (10), --reset, --no-write.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { provisionUser, startServer, type RunningServer } from '@careweave/server';
import { DEMO_USERS, generatePopulation } from '@careweave/synth';
import type { Page } from 'playwright-core';
import { importFiles } from '../../packages/cli/dist/import/importer.js';
import { listSources } from '../../packages/cli/dist/import/sources.js';
import { CHROMIUM_PATH, HAS_CHROMIUM, launchBrowser } from '../../e2e/support/browser.js';
import { measureBundle } from './bundle.js';
import { load, quantile, renderWeb, writeWebSection, type Sample } from './results.js';

const root = resolve(import.meta.dirname, '..', '..');
const { values: flags } = parseArgs({
  options: {
    patients: { type: 'string', default: '2000' },
    samples: { type: 'string', default: '10' },
    reset: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const patients = Number(flags.patients);
const dir = join(root, 'bench', 'out', `web-demo-${patients}`);
const PASSWORD = 'careweave-demo';

async function serve(): Promise<RunningServer> {
  if (flags.reset) {
    rmSync(dir, { recursive: true, force: true });
  }
  const ready = join(dir, 'ready.json');
  const fresh = !existsSync(ready);
  if (fresh) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    console.log(`Generating ${patients} people and importing them (first run only)…`);
    await generatePopulation({ patients, seed: 42, outDir: join(dir, 'generated') });
  }
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: join(dir, 'db'),
    version: 'bench',
    logLevel: 'warn',
    beforeListen: async (db, repo) => {
      if (!fresh) {
        return;
      }
      const started = Date.now();
      const report = await importFiles(repo, listSources([join(dir, 'generated')]));
      if (report.failures.length > 0) {
        throw new Error(
          `import failed: ${report.failures[0]?.file}: ${report.failures[0]?.reason}`,
        );
      }
      await db.exec('VACUUM ANALYZE');
      for (const u of DEMO_USERS) {
        await provisionUser(db, repo, {
          email: u.email,
          password: u.password,
          fhirUser: u.fhirUser,
          role: u.role,
        });
      }
      console.log(
        `Imported ${report.resources} resources in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    },
  });
  if (fresh) {
    writeFileSync(ready, JSON.stringify({ patients, seed: 42 }));
  }
  return server;
}

/** The coordinator's enrolled patients (her caseload), by the FHIR API. */
async function caseload(url: string, count: number): Promise<string[]> {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'coordinator@careweave.demo', password: PASSWORD }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const res = await fetch(
    `${url}/fhir/R4/EpisodeOfCare?care-manager=Practitioner/demo-coordinator-1&status=active&_count=200`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const bundle = (await res.json()) as {
    entry?: { resource: { patient: { reference: string } } }[];
  };
  const ids = [
    ...new Set(
      (bundle.entry ?? []).map((e) => e.resource.patient.reference.replace('Patient/', '')),
    ),
  ].sort();
  return ['demo-patient-1', ...ids.filter((id) => id !== 'demo-patient-1')].slice(0, count);
}

/** Resolves with `performance.now()` once every panel has rendered and every trend chart is drawn. */
async function renderedAt(page: Page, patientId: string): Promise<number> {
  const handle = await page.waitForFunction(
    (id) => {
      const summary = document.querySelector(`[data-summary="${id}"]`);
      if (
        !summary ||
        summary.querySelector('[data-state="loading"]') ||
        document.querySelectorAll('[data-panel]').length < 11
      ) {
        return false;
      }
      const trends = Array.from(summary.querySelectorAll('[data-trend]'));
      return trends.every((t) => t.querySelector('.recharts-surface')) ? performance.now() : false;
    },
    patientId,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Opens `id` by a full page load (empty query cache, warm asset cache), then goes back to patient
 * search in-app and opens `next`, which this page has not fetched yet.
 */
async function sample(page: Page, url: string, id: string, next: string): Promise<Sample> {
  await page.goto(`${url}/patients/${id}`);
  const fullLoadMs = await renderedAt(page, id);
  const encounters = Number(
    await page
      .locator('section[data-panel="Encounters"] .mantine-Badge-root')
      .first()
      .textContent(),
  );
  await page.evaluate(() => {
    window.history.pushState(null, '', '/search');
    window.dispatchEvent(new Event('careweave:navigate'));
  });
  await page.getByRole('heading', { name: 'Patient search' }).waitFor();
  const start = await page.evaluate((pid) => {
    const t = performance.now();
    window.history.pushState(null, '', `/patients/${pid}`);
    window.dispatchEvent(new Event('careweave:navigate'));
    return t;
  }, next);
  const end = await renderedAt(page, next);
  return { patientId: id, encounters, fullLoadMs, inAppMs: end - start };
}

async function main(): Promise<void> {
  if (!HAS_CHROMIUM) {
    console.log(`bench:web needs chromium at ${CHROMIUM_PATH}`);
    process.exit(1);
  }
  const bundle = measureBundle(join(root, 'packages', 'web', 'dist'));
  const server = await serve();
  const browser = await launchBrowser();
  try {
    const ids = await caseload(server.url, Number(flags.samples));
    const page = await browser.context.newPage();
    await page.goto(server.url);
    await page.getByLabel('Email').fill('coordinator@careweave.demo');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Search patients').waitFor();
    await sample(page, server.url, ids[0] ?? 'demo-patient-1', ids[1] ?? 'demo-patient-1'); // warm-up: caches, JIT, lazy chunk
    const loadBefore = load();
    const samples: Sample[] = [];
    for (const [i, id] of ids.entries()) {
      samples.push(await sample(page, server.url, id, ids[(i + 1) % ids.length] ?? id));
      console.log(
        `  ${id}: ${samples.at(-1)?.encounters} encounters, full load ${samples.at(-1)?.fullLoadMs.toFixed(0)} ms, in-app ${samples.at(-1)?.inAppMs.toFixed(0)} ms`,
      );
    }
    const chromium = browser.context.browser()?.version() ?? 'chromium';
    const section = renderWeb({
      patients,
      samples,
      bundle,
      chromium: `Chromium ${chromium}`,
      loadBefore,
    });
    console.log(
      `\nfull load p50 ${quantile(
        samples.map((s) => s.fullLoadMs),
        0.5,
      ).toFixed(0)} ms, p95 ${quantile(
        samples.map((s) => s.fullLoadMs),
        0.95,
      ).toFixed(0)} ms; bundle first page ${(bundle.initial.gzip / 1024).toFixed(1)} KiB gzip`,
    );
    if (!flags['no-write']) {
      writeWebSection(join(root, 'bench', 'RESULTS.md'), section);
      console.log('Wrote the "Web" section of bench/RESULTS.md');
    } else {
      console.log(section);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
