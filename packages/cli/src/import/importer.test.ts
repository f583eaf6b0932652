import { normalizeOperationOutcome, operationOutcomeToString } from '@medplum/core';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { processTransaction, Repository, SYSTEM_CONTEXT, type Database } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from './importer.js';
import { runPrepareTask } from './prepare.js';
import { listSources } from './sources.js';

const syntheaDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/data/synthea',
);
const TABLES = ['resource', 'resource_history', 'sp_string', 'sp_date', 'sp_number'];

/** Every stored row, minus what differs between two writes of the same data (times, sequence). */
async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = await db.query<{ j: string }>(
      `SELECT (to_jsonb(x) - 'last_updated' - 'seq' #- '{content,meta,lastUpdated}')::text AS j FROM ${table} x ORDER BY 1`,
    );
    out[table] = rows.map((r) => r.j);
  }
  return out;
}

async function clear(db: Database): Promise<void> {
  for (const table of TABLES) {
    await db.exec(`DELETE FROM ${table}`);
  }
}

describe.skipIf(!existsSync(syntheaDir)).each(testDatabaseKinds())('importFiles on %s', (kind) => {
  let t: TestDatabase;
  let dir: string;
  const smallest = existsSync(syntheaDir)
    ? path.join(syntheaDir, readdirSync(syntheaDir).filter((f) => f.startsWith('Alexis'))[0] ?? '')
    : '';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'careweave-import-test-'));
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a Synthea bundle exactly as the general transaction path does, and re-imports idempotently', async () => {
    const repo = new Repository(t.db);
    await clear(t.db);
    expect(runPrepareTask({ kind: 'json', path: smallest }).kind).toBe('transaction'); // the prepared path, not the fallback
    const report = await importFiles(repo, listSources([smallest]), {}, { workers: 0 });
    expect(report).toMatchObject({ files: 1, resources: 176, failures: [] });
    const prepared = await snapshot(t.db);
    expect(await importFiles(repo, listSources([smallest]), {}, { workers: 0 })).toMatchObject({
      files: 1,
      failures: [],
    });
    expect(await snapshot(t.db)).toEqual(prepared); // unchanged resources are skipped: no new versions

    await clear(t.db);
    await processTransaction(
      repo,
      SYSTEM_CONTEXT,
      JSON.parse(readFileSync(smallest, 'utf8')) as Bundle,
      { preserveIds: true },
    );
    expect(prepared).toEqual(await snapshot(t.db));
  });

  it('writes two files at once but never two writes of one resource', async () => {
    const repo = new Repository(t.db);
    await clear(t.db);
    const files = readdirSync(syntheaDir)
      .slice(0, 3)
      .map((f) => path.join(syntheaDir, f));
    const again = path.join(dir, 'again.json'); // the same bundle under another name: same ids
    writeFileSync(again, readFileSync(files[0] as string));
    const report = await importFiles(
      repo,
      listSources([...files, again]),
      {},
      { workers: 0, writers: 2 },
    );
    expect(report.failures).toEqual([]);
    expect(report.files).toBe(4);
    const { rows } = await t.db.query<{ n: number; v: number }>(
      'SELECT count(*)::int AS n, max(version_id)::int AS v FROM resource',
    );
    const distinct = new Set(
      files.flatMap((f) =>
        ((JSON.parse(readFileSync(f, 'utf8')) as Bundle).entry ?? []).map((e) => e.fullUrl),
      ),
    );
    expect(rows[0]).toEqual({ n: distinct.size, v: 1 });
  });

  it('reports a broken transaction in the general path’s words and writes none of it', async () => {
    const repo = new Repository(t.db);
    await clear(t.db);
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:5f1c2a36-0000-4000-8000-000000000001',
          resource: { resourceType: 'Patient', gender: 'female' },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          fullUrl: 'urn:uuid:5f1c2a36-0000-4000-8000-000000000002',
          // deliberately invalid: the gender is not in the required value set
          resource: { resourceType: 'Patient', gender: 'robot' } as unknown as Patient,
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    };
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(bundle));
    const expected = await processTransaction(repo, SYSTEM_CONTEXT, bundle, {
      preserveIds: true,
    }).then(
      () => 'no error',
      (err: unknown) => operationOutcomeToString(normalizeOperationOutcome(err)),
    );
    const report = await importFiles(repo, listSources([file]), {}, { workers: 0 });
    expect(report.failures).toEqual([{ file, reason: expected }]);
    expect(expected).toContain('Bundle.entry[1]');
    expect((await snapshot(t.db))['resource']).toEqual([]);
  });

  it('runs domain hooks on the writing thread and indexes what they change', async () => {
    await clear(t.db);
    const repo = new Repository(t.db, {
      hooks: {
        beforeWrite: (_ctx, next) =>
          next.resourceType === 'Patient' ? { ...next, gender: 'unknown' } : next,
      },
    });
    const report = await importFiles(repo, listSources([smallest]), {}, { workers: 0 });
    expect(report.failures).toEqual([]);
    const { rows } = await t.db.query<{ gender: string; tokens: string[] }>(
      "SELECT content->>'gender' AS gender, tokens FROM resource WHERE resource_type = 'Patient'",
    );
    expect(rows.map((r) => r.gender)).toEqual(['unknown']);
    expect(rows[0]?.tokens.some((k) => k.startsWith('gender|') && k.endsWith('|unknown'))).toBe(
      true,
    );
  });

  it('imports NDJSON in prepared batches and stops a file at its first unparsable line', async () => {
    await clear(t.db);
    const repo = new Repository(t.db);
    const resources =
      (JSON.parse(readFileSync(smallest, 'utf8')) as Bundle).entry?.flatMap((e) =>
        e.resource ? [{ ...e.resource, id: e.fullUrl?.slice(9) }] : [],
      ) ?? [];
    const patient = resources.find((r) => r.resourceType === 'Patient');
    const good = path.join(dir, 'good.ndjson');
    writeFileSync(
      good,
      `${JSON.stringify(patient)}\n\n${JSON.stringify({ resourceType: 'Patient', gender: 'male' })}\n`,
    );
    const bad = path.join(dir, 'bad.ndjson');
    writeFileSync(
      bad,
      `${JSON.stringify({ resourceType: 'Patient', id: 'p-ok', gender: 'male' })}\n{not json\n`,
    );
    const report = await importFiles(repo, listSources([good, bad]), {}, { workers: 0 });
    expect(report.files).toBe(1);
    expect(report.resources).toBe(2);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]?.reason).toMatch(/^line 2: invalid JSON/);
    const { rows } = await t.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM resource WHERE resource_type = 'Patient'",
    );
    expect(rows[0]?.n).toBe(2); // the bad file's batch is not written
  });
});
