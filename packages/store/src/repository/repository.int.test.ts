import { OperationOutcomeError, getStatus } from '@medplum/core';
import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import { migrate } from '../migrate.js';
import { processBatch, processTransaction } from '../bundles/process-bundle.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import { Repository } from './repository.js';

const ctx = SYSTEM_CONTEXT;

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      return getStatus(err.outcome);
    }
    throw err;
  }
}

describe.each(testDatabaseKinds())('Repository on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('migrations are safe to run twice', async () => {
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied.length).toBeGreaterThan(0);
  });

  it('creates, reads, updates, keeps history and deletes logically', async () => {
    const { resource: created } = await repo.create<Patient>(ctx, {
      resourceType: 'Patient',
      name: [{ family: 'Álvarez', given: ['Ana'] }],
      gender: 'female',
      meta: { tag: [{ system: 'urn:t', code: 'x' }] },
    });
    expect(created.id).toBeDefined();
    expect(created.meta?.versionId).toBe('1');
    expect(created.meta?.tag).toEqual([{ system: 'urn:t', code: 'x' }]);
    const read = await repo.read<Patient>(ctx, 'Patient', created.id as string);
    expect(read.name?.[0]?.family).toBe('Álvarez');

    const { resource: updated } = await repo.update<Patient>(ctx, {
      ...read,
      birthDate: '1950-02-03',
    });
    expect(updated.meta?.versionId).toBe('2');
    expect(
      (await repo.vread<Patient>(ctx, 'Patient', created.id as string, '1')).birthDate,
    ).toBeUndefined();

    await repo.delete(ctx, 'Patient', created.id as string);
    expect(await statusOf(repo.read(ctx, 'Patient', created.id as string))).toBe(410);
    const history = await repo.history(ctx, {
      resourceType: 'Patient',
      id: created.id,
      count: 10,
    });
    expect(history.entries.map((e) => [e.versionId, e.method, e.deleted])).toEqual([
      [3, 'DELETE', true],
      [2, 'PUT', false],
      [1, 'POST', false],
    ]);
    expect(history.total).toBe(3);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const { resource: p } = await repo.create<Patient>(ctx, {
      resourceType: 'Patient',
      gender: 'male',
    });
    await repo.update<Patient>(ctx, { ...p, gender: 'female' }, { ifMatch: 'W/"1"' });
    expect(
      await statusOf(repo.update<Patient>(ctx, { ...p, gender: 'other' }, { ifMatch: 'W/"1"' })),
    ).toBe(412);
    expect(await statusOf(repo.delete(ctx, 'Patient', p.id as string, { ifMatch: 'W/"1"' }))).toBe(
      412,
    );
    const now = await repo.read<Patient>(ctx, 'Patient', p.id as string);
    expect(now.gender).toBe('female');
    expect(now.meta?.versionId).toBe('2');
  });

  it('rejects invalid resources with located issues and stores nothing', async () => {
    const before = await repo.search(ctx, 'Patient', [['_count', '0']]);
    const err = await repo
      .create(ctx, {
        resourceType: 'Patient',
        gender: 'robot',
        birthDate: 'yesterday',
      } as unknown as Patient)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationOutcomeError);
    const outcome = (err as OperationOutcomeError).outcome;
    expect(getStatus(outcome)).toBe(400);
    const where = outcome.issue.flatMap((i) => i.expression ?? []);
    expect(where).toContain('Patient.gender');
    expect(where).toContain('Patient.birthDate');
    const after = await repo.search(ctx, 'Patient', [['_count', '0']]);
    expect(after.total).toBe(before.total);
  });

  it('conditional create returns the existing match instead of a duplicate', async () => {
    const body: Patient = {
      resourceType: 'Patient',
      identifier: [{ system: 'urn:mrn', value: 'C-1' }],
    };
    const first = await repo.create(ctx, body, { ifNoneExist: 'identifier=urn:mrn|C-1' });
    const second = await repo.create(ctx, body, { ifNoneExist: 'identifier=urn:mrn|C-1' });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.resource.id).toBe(first.resource.id);
  });

  it('a transaction rewrites urn:uuid references and a failure in entry 37 of 40 leaves nothing behind', async () => {
    const entries = (n: number, bad?: number): Bundle['entry'] =>
      Array.from({ length: n }, (_, i) => {
        const fullUrl = `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        if (i === 0) {
          return {
            fullUrl,
            resource: {
              resourceType: 'Patient',
              identifier: [{ system: 'urn:tx', value: String(n) }],
            },
            request: { method: 'POST', url: 'Patient' },
          };
        }
        const obs: Observation = {
          resourceType: 'Observation',
          status: i === bad ? ('not-a-status' as Observation['status']) : 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          subject: { reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' },
          valueQuantity: {
            value: 100 + i,
            unit: 'mm[Hg]',
            system: 'http://unitsofmeasure.org',
            code: 'mm[Hg]',
          },
        };
        return { fullUrl, resource: obs, request: { method: 'POST', url: 'Observation' } };
      });
    const before = (await repo.search(ctx, 'Observation', [['_count', '0']])).total;
    const failed = await processTransaction(repo, ctx, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: entries(40, 36),
    }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OperationOutcomeError);
    expect((await repo.search(ctx, 'Observation', [['_count', '0']])).total).toBe(before);
    expect((await repo.search(ctx, 'Patient', [['identifier', 'urn:tx|40']])).total).toBe(0);

    const ok = await processTransaction(repo, ctx, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: entries(5),
    });
    const patientLocation = ok.entry?.[0]?.response?.location ?? '';
    expect(ok.entry?.[0]?.response?.status).toBe('201 Created');
    const patientId = patientLocation.split('/')[1] as string;
    const obs = await repo.search(ctx, 'Observation', [['subject', `Patient/${patientId}`]]);
    expect(obs.total).toBe(4);
    expect(
      obs.resources.every((o) => (o as Observation).subject?.reference === `Patient/${patientId}`),
    ).toBe(true);
  });

  it('refuses a transaction entry URL that is not Type, Type/id or Type?query, writing nothing', async () => {
    for (const url of ['Patient/../x', 'Patient/..', 'Patient/a/b', 'Patient/a%2Fb', 'Patient/']) {
      const before = (await repo.search(ctx, 'Patient', [['_count', '0']])).total;
      const status = await statusOf(
        processTransaction(repo, ctx, {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [{ resource: { resourceType: 'Patient' }, request: { method: 'PUT', url } }],
        }),
      );
      expect(status, url).toBe(400);
      expect((await repo.search(ctx, 'Patient', [['_count', '0']])).total, url).toBe(before);
    }
  });

  it('a batch reports each entry on its own', async () => {
    const result = await processBatch(repo, ctx, {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          resource: { resourceType: 'Patient', gender: 'male' },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: { resourceType: 'Patient', gender: 'robot' } as unknown as Patient,
          request: { method: 'POST', url: 'Patient' },
        },
        { request: { method: 'GET', url: 'Patient/does-not-exist' } },
      ],
    });
    expect(result.entry?.map((e) => e.response?.status)).toEqual(['201 Created', '400', '404']);
  });

  it('indexes the patient compartment and searches by reference, _id and _lastUpdated with stable paging', async () => {
    const { resource: p } = await repo.create<Patient>(ctx, {
      resourceType: 'Patient',
      gender: 'female',
    });
    for (let i = 0; i < 7; i++) {
      await repo.create<Observation>(ctx, {
        resourceType: 'Observation',
        status: 'final',
        code: { text: `obs ${i}` },
        subject: { reference: `Patient/${p.id}` },
      });
    }
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM resource WHERE patient_id = $1`,
      [p.id as string],
    );
    expect(rows[0]?.n).toBe(8);
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await repo.search(ctx, 'Observation', [
        ['patient', p.id as string],
        ['_count', '3'],
        ['_total', 'accurate'],
        ...(cursor ? [['_cursor', cursor] as [string, string]] : []),
      ]);
      page.resources.forEach((r) => seen.add(r.id as string));
      if (!cursor) {
        expect(page.total).toBe(7);
        // a new observation written mid-paging must not make a later page skip or repeat
        await repo.create<Observation>(ctx, {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'late' },
          subject: { reference: `Patient/${p.id}` },
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBeGreaterThanOrEqual(7);
    const byId = await repo.search(ctx, 'Patient', [['_id', p.id as string]]);
    expect(byId.resources.map((r) => r.id)).toEqual([p.id]);
    const recent = await repo.search(ctx, 'Observation', [
      ['_lastUpdated', `ge${new Date(Date.now() - 60_000).toISOString()}`],
      ['patient', `Patient/${p.id}`],
    ]);
    expect(recent.total).toBe(8);
    expect(await statusOf(repo.search(ctx, 'Patient', [['not-a-param', 'x']]))).toBe(400);
  });

  it('system history lists every change since an instant', async () => {
    const since = new Date().toISOString();
    const { resource } = await repo.create<Patient>(ctx, {
      resourceType: 'Patient',
      gender: 'unknown',
    });
    await repo.delete(ctx, 'Patient', resource.id as string);
    const page = await repo.history(ctx, { since, count: 50 });
    expect(page.entries.filter((e) => e.id === resource.id).map((e) => e.method)).toEqual([
      'DELETE',
      'POST',
    ]);
  });
});
