import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stratify } from '@careweave/care';
import * as server from '@careweave/server';
import type { Database, Repository } from '@careweave/store';
import { DEMO_USERS, generatePopulation } from '@careweave/synth';
import { seedDemoStays } from '../../packages/cli/dist/commands/demo-stays.js';
import { seedDemoWork } from '../../packages/cli/dist/commands/demo-work.js';
import { importFiles } from '../../packages/cli/dist/import/importer.js';
import { listSources } from '../../packages/cli/dist/import/sources.js';

/** A real Careweave server over a small generated network with the demo accounts. */
export interface Workspace {
  url: string;
  /** The MLLP listener's port, when started with `mllpPort`. */
  mllpPort?: number;
  close(): Promise<void>;
}

/**
 * Generates a small deterministic population (the demo seed), imports it through the one write
 * path, creates the demo accounts and starts the real server (embedded database in a temp dir,
 * port 0) with the built web app at `/`. With `stratify: true` it also runs the real risk
 * stratification after the import (RiskAssessments, registries, the enrolment queue), as
 * `careweave stratify` would — opt-in, since only the Population screen needs it. With `demoWork`
 * it seeds the demo's working day after the accounts, as `careweave demo` does. With `mllpPort`
 * (0: any free port) it also starts the HL7 v2 MLLP listener.
 */
export async function startWorkspace(
  options: {
    patients?: number;
    stratify?: boolean;
    mllpPort?: number;
    /** Seeds the demo's working day (plans, tasks, hospital stays) as `careweave demo` does. */
    demoWork?: boolean;
    /** Writes a test's own data after the import (and before stratification and the accounts). */
    afterImport?: (db: Database, repo: Repository) => Promise<void>;
  } = {},
): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'careweave-e2e-'));
  const generated = join(dir, 'generated');
  try {
    await generatePopulation({ patients: options.patients ?? 60, seed: 42, outDir: generated });
    const running = await server.startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'db'),
      version: 'e2e',
      logLevel: 'warn',
      ...(options.mllpPort !== undefined ? { mllpPort: options.mllpPort } : {}),
      beforeListen: async (db, repo, access) => {
        const report = await importFiles(repo, listSources([generated]));
        if (report.failures.length > 0) {
          throw new Error(
            `import failed: ${report.failures.map((f) => `${f.file}: ${f.reason}`).join('; ')}`,
          );
        }
        await options.afterImport?.(db, repo);
        if (options.stratify) {
          await stratify(repo, { full: true });
        }
        await db.exec('VACUUM ANALYZE');
        for (const u of DEMO_USERS) {
          await server.provisionUser(db, repo, {
            email: u.email,
            password: u.password,
            fhirUser: u.fhirUser,
            role: u.role,
          });
        }
        if (options.demoWork) {
          await seedDemoWork(db, repo, access);
          await seedDemoStays(db, repo, access);
        }
      },
    });
    return {
      url: running.url,
      ...(running.mllpPort !== undefined ? { mllpPort: running.mllpPort } : {}),
      async close() {
        await running.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
