import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import { createClient, recordAssertionJti } from '../accounts/oauth.js';
import {
  addExportFile,
  claimExportJob,
  createExportJob,
  deleteExportJob,
  findExportJob,
  finishExportJob,
  heartbeatExportJob,
  listExportFiles,
  readExportFile,
  releaseExportJob,
} from './export-jobs.js';

const MINUTE = 60_000;

describe.each(testDatabaseKinds())('export jobs and assertion jtis on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const queue = (id: string): ReturnType<typeof createExportJob> =>
    createExportJob(database.db, {
      id,
      owner: { kind: 'system', id: 'analytics' },
      scopes: ['system/*.rs'],
      requestUrl: 'http://example.org/fhir/R4/$export',
      params: { level: { kind: 'system' }, typeFilters: {} },
    });

  it('one job goes to one worker; a stale one is taken over and its first worker can write no more', async () => {
    const db = database.db;
    await queue('job-a');
    const t0 = new Date();
    const claimed = await claimExportJob(db, 'server-1', MINUTE, t0);
    expect(claimed).toMatchObject({ id: 'job-a', status: 'running' });
    // Server 2 looks while server 1 holds a fresh heartbeat: nothing for it.
    expect(await claimExportJob(db, 'server-2', MINUTE, t0)).toBeUndefined();
    expect(
      await addExportFile(db, 'job-a', 'server-1', {
        seq: 1,
        kind: 'output',
        resourceType: 'Patient',
        count: 1,
        content: '{"resourceType":"Patient"}\n',
      }),
    ).toBe(true);
    // Server 1 dies; two minutes later server 2 takes the job over and starts it afresh.
    const later = new Date(t0.getTime() + 2 * MINUTE);
    expect(await claimExportJob(db, 'server-2', MINUTE, later)).toMatchObject({ id: 'job-a' });
    expect(await listExportFiles(db, 'job-a')).toEqual([]);
    expect(await heartbeatExportJob(db, 'job-a', 'server-1', 'late')).toBe(false);
    expect(
      await addExportFile(db, 'job-a', 'server-1', {
        seq: 1,
        kind: 'output',
        resourceType: 'Patient',
        count: 1,
        content: '{}\n',
      }),
    ).toBe(false);
    expect(await finishExportJob(db, 'job-a', 'server-1', { status: 'completed' }, later)).toBe(
      false,
    );
    expect(
      await addExportFile(db, 'job-a', 'server-2', {
        seq: 1,
        kind: 'output',
        resourceType: 'Patient',
        count: 2,
        content: '{"id":"1"}\n{"id":"2"}\n',
      }),
    ).toBe(true);
    expect(await finishExportJob(db, 'job-a', 'server-2', { status: 'completed' }, later)).toBe(
      true,
    );
    expect(await findExportJob(db, 'job-a')).toMatchObject({ status: 'completed' });
    expect(await readExportFile(db, 'job-a', 1)).toBe('{"id":"1"}\n{"id":"2"}\n');
  });

  it('a stopping server gives its job back; a cancelled job takes its files with it', async () => {
    const db = database.db;
    await queue('job-b');
    expect(await claimExportJob(db, 'server-1', MINUTE)).toMatchObject({ id: 'job-b' });
    await releaseExportJob(db, 'job-b', 'server-1');
    expect(await findExportJob(db, 'job-b')).toMatchObject({ status: 'queued' });
    expect(await claimExportJob(db, 'server-2', MINUTE)).toMatchObject({ id: 'job-b' });
    await addExportFile(db, 'job-b', 'server-2', {
      seq: 1,
      kind: 'output',
      resourceType: 'Patient',
      count: 1,
      content: '{}\n',
    });
    expect(await deleteExportJob(db, 'job-b')).toBe(true);
    expect(await readExportFile(db, 'job-b', 1)).toBeUndefined();
    expect(await heartbeatExportJob(db, 'job-b', 'server-2', 'x')).toBe(false);
  });

  it('a client assertion jti is accepted once per client until it expires', async () => {
    const db = database.db;
    for (const clientId of ['svc-1', 'svc-2']) {
      await createClient(db, {
        clientId,
        name: clientId,
        redirectUris: [],
        allowedScopes: ['system/*.rs'],
        kind: 'confidential',
        jwks: { keys: [{ kty: 'EC', crv: 'P-384', x: 'x', y: 'y' }] },
      });
    }
    const expires = new Date(Date.now() + 5 * MINUTE);
    expect(await recordAssertionJti(db, 'svc-1', 'jti-1', expires)).toBe(true);
    expect(await recordAssertionJti(db, 'svc-1', 'jti-1', expires)).toBe(false);
    expect(await recordAssertionJti(db, 'svc-2', 'jti-1', expires)).toBe(true);
  });
});
