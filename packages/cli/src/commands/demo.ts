import { ensureAgentDevices } from '@careweave/care';
import { migrate, openDatabase } from '@careweave/store';
import { startServer, wireAccess } from '@careweave/server';
import { DEMO_USERS, generatePopulation } from '@careweave/synth';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importFiles } from '../import/importer.js';
import { ensureDemoAccounts } from './demo-accounts.js';
import { seedDemoWork } from './demo-work.js';
import { seedDemoStays } from './demo-stays.js';
import { listSources } from '../import/sources.js';
import { describeFound, inspectDataDir } from '../data-dir.js';
import { fail, VERSION } from '../options.js';
import { createProgress } from '../progress.js';

export interface DemoFlags {
  dataDir: string;
  port: string;
  host: string;
  patients: string;
  reset?: boolean;
}

/** The seed of the demo population: the demo is the same network on every machine. */
const DEMO_SEED = 42;

/**
 * `careweave demo`: generates and imports a synthetic integrated-care network into an embedded
 * database (first run only; `--reset` starts over), then serves it and prints the URL and logins.
 */
export async function demoCommand(flags: DemoFlags): Promise<void> {
  const dir = resolve(flags.dataDir);
  const ready = join(dir, 'demo-ready.json');
  const patients = Number(flags.patients);
  if (!Number.isInteger(patients) || patients < 50) {
    fail('--patients must be an integer of at least 50');
  }
  const layout = inspectDataDir(dir);
  if (layout.kind === 'server' || layout.kind === 'foreign') {
    // Checked before --reset, which deletes the directory: never anything that is not a demo's.
    fail(
      `${dir} is not a demo directory: expected ${join(dir, 'demo-ready.json')} and ${join(dir, 'db')} (or an empty or new directory), but ${describeFound(layout)}. ` +
        (layout.kind === 'server'
          ? `It is a server's data directory: serve it with \`careweave serve --data-dir ${dir}\`, or give the demo a directory of its own.`
          : 'Give the demo a directory of its own.'),
    );
  }
  if (flags.reset) {
    rmSync(dir, { recursive: true, force: true });
  }
  const fresh = !existsSync(ready);
  if (fresh) {
    rmSync(join(dir, 'db'), { recursive: true, force: true });
    const generated = join(dir, 'generated');
    const started = Date.now();
    const genProgress = createProgress('Generating', patients, 'patients');
    const summary = await generatePopulation({
      patients,
      seed: DEMO_SEED,
      outDir: generated,
      onProgress: (done) => genProgress.update(done),
    });
    genProgress.stop();
    const db = await openDatabase({ dataDir: join(dir, 'db') });
    try {
      await migrate(db);
      await ensureAgentDevices(wireAccess(db).repo);
      const files = listSources([generated]);
      const progress = createProgress('Importing', summary.resources);
      const report = await importFiles(wireAccess(db).repo, files, {
        onProgress: (n) => progress.update(n),
      });
      progress.stop();
      if (report.failures.length > 0) {
        fail(
          `demo import failed:\n${report.failures.map((f) => `  ${f.file}: ${f.reason}`).join('\n')}`,
        );
      }
      await db.exec('VACUUM ANALYZE');
    } finally {
      await db.close();
    }
    writeFileSync(
      ready,
      JSON.stringify(
        {
          patients,
          seed: DEMO_SEED,
          resources: summary.resources,
          seconds: (Date.now() - started) / 1000,
        },
        null,
        2,
      ),
    );
    process.stderr.write(
      `Demo data ready: ${patients} patients, ${summary.resources.toLocaleString('en-US')} resources in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
  const server = await startServer({
    port: Number(flags.port),
    host: flags.host,
    dataDir: join(dir, 'db'),
    version: VERSION,
    logLevel: 'warn',
    beforeListen: async (db, repo, access) => {
      const created = await ensureDemoAccounts(db, repo);
      if (created > 0) {
        process.stderr.write(`Created ${created} demo login accounts\n`);
      }
      if (fresh) {
        // The day's work at the first login: plans and tasks on the coordinator's caseload.
        const work = await seedDemoWork(db, repo, access);
        process.stderr.write(
          `Demo work: ${work.plans} care plans and ${work.tasks} tasks on Nadia Haddad's caseload\n`,
        );
        // Hospital events as the feed writes them: a recent discharge and a person in hospital now.
        const stays = await seedDemoStays(db, repo, access);
        process.stderr.write(`Demo hospital stays: ${stays.encounters.join(', ') || 'none'}\n`);
      }
    },
  });
  const lines = [
    '',
    `Careweave demo is running at ${server.url}`,
    `  FHIR API:  ${server.url}/fhir/R4  (try ${server.url}/fhir/R4/Patient?_count=5)`,
    `  Health:    ${server.url}/healthz`,
    `  Log in:    POST ${server.url}/auth/login {"email","password"}, or: careweave token --user <email> --data-dir ${dir}`,
    `  Admin:     ${server.url}/admin as admin@careweave.demo (users, organisations, apps, audit log)`,
    '',
    'Demo logins (demo data only; never use these passwords anywhere else):',
    ...DEMO_USERS.map(
      (u) => `  ${u.role.padEnd(22)} ${u.email.padEnd(34)} ${u.password.padEnd(16)} ${u.name}`,
    ),
    '',
    'Press Ctrl+C to stop. Run again to restart in seconds; add --reset to regenerate.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const stop = async (): Promise<void> => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
