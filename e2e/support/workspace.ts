import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
    const log: string[] = [];
    const running = await server.startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'db'),
      version: 'e2e',
      // Every request is logged, as in production, and kept: `close` looks for health data in it.
      logLevel: 'info',
      logDestination: { write: (line: string) => void log.push(line) },
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
        const people = await peopleOf(generated);
        await rm(dir, { recursive: true, force: true });
        const leaks = phiIn(log, people);
        if (leaks.length > 0) {
          throw new Error(
            `the server log holds health data of the demo's people: ${leaks.join('; ')}`,
          );
        }
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Names, birth dates and identifiers of the generated people, as a request could carry them. */
async function peopleOf(generated: string): Promise<string[]> {
  const lines = (await readFile(join(generated, 'Patient.ndjson'), 'utf8')).split('\n');
  const values = new Set<string>();
  for (const line of lines.filter(Boolean)) {
    const patient = JSON.parse(line) as {
      name?: { family?: string; given?: string[] }[];
      birthDate?: string;
      identifier?: { value?: string }[];
    };
    for (const name of patient.name ?? []) {
      if (name.family) values.add(name.family);
      for (const given of name.given ?? []) values.add(given);
    }
    if (patient.birthDate) values.add(patient.birthDate);
    for (const identifier of patient.identifier ?? []) {
      // Long identifiers only: a short number could be anything in a log line.
      if (identifier.value && identifier.value.length >= 6) values.add(identifier.value);
    }
  }
  return [...values].filter((v) => v.length >= 4);
}

/**
 * The people's values found in the log, as whole words (a name inside a longer word, or a log
 * field name, is not a leak): the logging rule of SECURITY.md, proved on a whole browser run.
 */
export function phiIn(log: readonly string[], people: readonly string[]): string[] {
  const found = new Set<string>();
  for (const value of people) {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const word = new RegExp(`(^|[^A-Za-z0-9])${escaped}($|[^A-Za-z0-9])`);
    if (log.some((line) => word.test(line))) found.add(value);
  }
  return [...found].sort();
}
