import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { Repository, SYSTEM_CONTEXT } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAuthFixture, type AuthFixture } from '../testing/auth-fixtures.js';
import { listenOn, startLiveServer, type LiveServer } from '../testing/live-server.js';
import { wireAccess } from '../start.js';

const LOINC = 'http://loinc.org';
const HEART_RATE = '8867-4';
const WEIGHT = '29463-7';

/** The manifest of a completed export (Bulk Data Access 2.0 "Complete status"). */
interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: { type: string; url: string }[];
}

/**
 * A plain HTTP Bulk Data client, as an integrator writes one: kick off, poll the status URL as
 * `Retry-After` says until the manifest comes, download every file with the same bearer token.
 */
class BulkClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get auth(): Record<string, string> {
    return { Authorization: `Bearer ${this.token}` };
  }

  async kickOff(path: string): Promise<Response> {
    return fetch(`${this.baseUrl}/${path}`, {
      headers: { ...this.auth, Accept: 'application/fhir+json', Prefer: 'respond-async' },
    });
  }

  async start(path: string): Promise<string> {
    const response = await this.kickOff(path);
    expect(response.status).toBe(202);
    const location = response.headers.get('content-location');
    expect(location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/fhir\/R4\/\$export-status\//);
    return location as string;
  }

  /** Polls until the export completes (at most `maxPolls` times); answers the manifest. */
  async wait(statusUrl: string, maxPolls = 600): Promise<Manifest> {
    for (let i = 0; i < maxPolls; i++) {
      const response = await fetch(statusUrl, { headers: this.auth });
      if (response.status === 200) {
        return (await response.json()) as Manifest;
      }
      expect(response.status).toBe(202);
      expect(response.headers.get('x-progress')).toBeTruthy();
      const retry = Number(response.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      // Polling faster than Retry-After asks, so the test does not sleep for whole seconds.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`The export at ${statusUrl} did not complete`);
  }

  /** Every resource of the export, by type, read from the NDJSON files. */
  async download(manifest: Manifest): Promise<Map<string, Resource[]>> {
    const byType = new Map<string, Resource[]>();
    for (const file of manifest.output) {
      const response = await fetch(file.url, { headers: this.auth });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+ndjson/);
      const lines = (await response.text()).split('\n').filter((l) => l.length > 0);
      expect(lines).toHaveLength(file.count);
      const resources = lines.map((l) => JSON.parse(l) as Resource);
      expect(resources.every((r) => r.resourceType === file.type)).toBe(true);
      byType.set(file.type, [...(byType.get(file.type) ?? []), ...resources]);
    }
    return byType;
  }

  async run(path: string): Promise<{ manifest: Manifest; byType: Map<string, Resource[]> }> {
    const manifest = await this.wait(await this.start(path));
    return { manifest, byType: await this.download(manifest) };
  }

  /** What a search by this caller finds (`_total=accurate`). */
  async total(query: string): Promise<number> {
    const response = await fetch(
      `${this.baseUrl}/${query}${query.includes('?') ? '&' : '?'}_total=accurate&_count=0`,
      {
        headers: this.auth,
      },
    );
    expect(response.status).toBe(200);
    return ((await response.json()) as Bundle).total ?? -1;
  }
}

const counts = (byType: Map<string, Resource[]>): Record<string, number> =>
  Object.fromEntries([...byType].map(([type, list]) => [type, list.length]));

describe.each(testDatabaseKinds())('Bulk Data $export on %s', (kind) => {
  let server: LiveServer;
  let fixture: AuthFixture;
  let analytics: BulkClient;
  let offset = 0;
  let since = '';

  const observation = (id: string, patient: string, code: string): Resource => ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: `Patient/${patient}` },
    valueQuantity: { value: 70, unit: '/min' },
  });

  beforeAll(async () => {
    server = await startLiveServer(kind, {
      domainHooks: true,
      bulkExport: { pollMs: 100, now: () => new Date(Date.now() + offset) },
    });
    fixture = await seedAuthFixture(server.db, server.repo);
    for (const p of ['p1', 'p2', 'p3']) {
      await server.repo.update(SYSTEM_CONTEXT, {
        resourceType: 'Patient',
        id: p,
        gender: 'female',
      });
      await server.repo.update(SYSTEM_CONTEXT, observation(`${p}-hr`, p, HEART_RATE));
      await server.repo.update(SYSTEM_CONTEXT, observation(`${p}-wt`, p, WEIGHT));
    }
    await server.repo.update(SYSTEM_CONTEXT, observation('ana-hr', 'fx-ana', HEART_RATE));
    await server.repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Group',
      id: 'cohort',
      type: 'person',
      actual: true,
      member: [{ entity: { reference: 'Patient/p1' } }, { entity: { reference: 'Patient/p2' } }],
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Changed after `since`: one new condition and one updated observation.
    await server.repo.update(SYSTEM_CONTEXT, {
      resourceType: 'Condition',
      id: 'p3-dm',
      subject: { reference: 'Patient/p3' },
      code: { text: 'Type 2 diabetes' },
    });
    await server.repo.update(SYSTEM_CONTEXT, {
      ...observation('p1-hr', 'p1', HEART_RATE),
      valueQuantity: { value: 88, unit: '/min' },
    } as Resource);
    analytics = new BulkClient(
      server.baseUrl,
      await server.mintToken({ kind: 'system', sub: 'analytics', scopes: ['system/*.rs'] }, 3600),
    );
  });

  afterAll(async () => {
    await server?.close();
  });

  it('the CapabilityStatement advertises the three $export operations', async () => {
    const cs = (await (await fetch(`${server.baseUrl}/metadata`)).json()) as CapabilityStatement;
    const rest = cs.rest?.[0];
    expect(rest?.operation?.map((o) => o.name)).toContain('export');
    const opsOf = (type: string): string[] =>
      rest?.resource?.find((r) => r.type === type)?.operation?.map((o) => o.name) ?? [];
    expect(opsOf('Patient')).toContain('export');
    expect(opsOf('Group')).toContain('export');
    expect(cs.instantiates).toContain(
      'http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data',
    );
  });

  it('a system export holds, per type, exactly what the same client finds by searching', async () => {
    const { manifest, byType } = await analytics.run('$export');
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.request).toMatch(/\/fhir\/R4\/\$export$/);
    expect(Number.isNaN(Date.parse(manifest.transactionTime))).toBe(false);
    expect(manifest.error).toEqual([]);
    expect(byType.size).toBeGreaterThanOrEqual(6);
    for (const [type, resources] of byType) {
      expect({ type, count: resources.length }).toEqual({
        type,
        count: await analytics.total(type),
      });
    }
    expect(counts(byType)).toMatchObject({ Observation: 7, Group: 1, Condition: 1 });
    // The current version is exported.
    const p1hr = byType.get('Observation')?.find((o) => o.id === 'p1-hr');
    expect(p1hr).toMatchObject({ valueQuantity: { value: 88 } });
  });

  it('_type, _since and _typeFilter narrow the export as the same searches do', async () => {
    const typed = await analytics.run('$export?_type=Observation,Condition');
    expect([...typed.byType.keys()].sort()).toEqual(['Condition', 'Observation']);

    // (Write audits are AuditEvents changed since too; these three types are the clinical data.)
    const changed = await analytics.run(
      `$export?_type=Patient,Observation,Condition&_since=${encodeURIComponent(since)}`,
    );
    expect(counts(changed.byType)).toEqual({ Condition: 1, Observation: 1 });
    expect(changed.byType.get('Observation')?.[0]?.id).toBe('p1-hr');

    const filtered = await analytics.run(
      `$export?_type=Observation,Patient&_typeFilter=${encodeURIComponent(`Observation?code=${LOINC}|${HEART_RATE}`)}`,
    );
    expect(counts(filtered.byType)).toEqual({
      Observation: await analytics.total(
        `Observation?code=${encodeURIComponent(`${LOINC}|${HEART_RATE}`)}`,
      ),
      Patient: await analytics.total('Patient'),
    });
    expect(filtered.byType.get('Observation')).toHaveLength(4);
  });

  it('Patient/$export covers the patients’ compartments; Group/{id}/$export its members only', async () => {
    const patients = await analytics.run('Patient/$export');
    expect(patients.byType.has('Organization')).toBe(false);
    expect(patients.byType.has('Group')).toBe(false);
    expect(counts(patients.byType)).toMatchObject({ Observation: 7, Condition: 1 });

    const group = await analytics.run('Group/cohort/$export');
    expect(counts(group.byType)).toMatchObject({ Patient: 2, Observation: 4, Group: 1 });
    expect(group.byType.has('Condition')).toBe(false); // p3's, who is not a member
    expect(
      group.byType
        .get('Patient')
        ?.map((p) => p.id)
        .sort(),
    ).toEqual(['p1', 'p2']);
    expect((await analytics.kickOff('Group/no-such-group/$export')).status).toBe(404);
  });

  it('a person exports only what they may search: the patient her own record', async () => {
    const ana = new BulkClient(
      server.baseUrl,
      await server.mintToken({
        kind: 'user',
        sub: fixture.patient.email,
        scopes: ['patient/*.rs'],
      }),
    );
    const { byType } = await ana.run('Patient/$export');
    expect(byType.get('Patient')?.map((p) => p.id)).toEqual(['fx-ana']);
    expect(byType.get('Observation')?.map((o) => o.id)).toEqual(['ana-hr']);
    for (const [type, resources] of byType) {
      expect({ type, count: resources.length }).toEqual({ type, count: await ana.total(type) });
    }
    // A narrower token narrows the export: with Observation only, nothing else is exported.
    const narrow = new BulkClient(
      server.baseUrl,
      await server.mintToken({
        kind: 'user',
        sub: fixture.patient.email,
        scopes: ['patient/Observation.rs'],
      }),
    );
    expect([...(await narrow.run('Patient/$export')).byType.keys()]).toEqual(['Observation']);
    expect((await narrow.kickOff('Patient/$export?_type=Condition')).status).toBe(403);
  });

  it('another client cannot poll, download or cancel the export; no token is a 401', async () => {
    const statusUrl = await analytics.start('$export?_type=Patient');
    const manifest = await analytics.wait(statusUrl);
    const other = new BulkClient(
      server.baseUrl,
      await server.mintToken({ kind: 'system', sub: 'someone-else', scopes: ['system/*.rs'] }),
    );
    const fileUrl = manifest.output[0]?.url as string;
    expect((await fetch(statusUrl, { headers: other.auth })).status).toBe(404);
    expect((await fetch(fileUrl, { headers: other.auth })).status).toBe(404);
    expect((await fetch(statusUrl, { method: 'DELETE', headers: other.auth })).status).toBe(404);
    expect((await fetch(fileUrl)).status).toBe(401);
    expect((await fetch(fileUrl, { headers: analytics.auth })).status).toBe(200);
  });

  it('DELETE on the status URL cancels the export and deletes its files', async () => {
    const statusUrl = await analytics.start('$export');
    const cancel = await fetch(statusUrl, { method: 'DELETE', headers: analytics.auth });
    expect(cancel.status).toBe(202);
    expect((await fetch(statusUrl, { headers: analytics.auth })).status).toBe(404);
    // A finished export's files go too.
    const done = await analytics.start('$export?_type=Patient');
    const manifest = await analytics.wait(done);
    expect((await fetch(done, { method: 'DELETE', headers: analytics.auth })).status).toBe(202);
    expect(
      (await fetch(manifest.output[0]?.url as string, { headers: analytics.auth })).status,
    ).toBe(404);
  });

  it('files expire: after the lifetime the status and the files answer 410 (404 once swept)', async () => {
    const statusUrl = await analytics.start('$export?_type=Patient');
    const manifest = await analytics.wait(statusUrl);
    const fileUrl = manifest.output[0]?.url as string;
    expect((await fetch(fileUrl, { headers: analytics.auth })).status).toBe(200);
    offset = 2 * 3_600_000; // two hours later (the default lifetime is one hour)
    try {
      // 410 while the expired row is still there; 404 once the worker's sweep has deleted it.
      expect([410, 404]).toContain((await fetch(statusUrl, { headers: analytics.auth })).status);
      expect([410, 404]).toContain((await fetch(fileUrl, { headers: analytics.auth })).status);
    } finally {
      offset = 0;
    }
  });

  it('refuses what it cannot do: no Prefer, another _outputFormat, a bad _since, unknown parameters', async () => {
    const plain = await fetch(`${server.baseUrl}/$export`, { headers: analytics.auth });
    expect(plain.status).toBe(400);
    for (const query of [
      '_outputFormat=text/csv',
      '_since=yesterday',
      '_type=NotAType',
      '_typeFilter=code=1234',
      'includeAssociatedData=LatestProvenanceResources',
      '_type=Patient&_typeFilter=Observation%3Fcode%3D1',
    ]) {
      expect({ query, status: (await analytics.kickOff(`$export?${query}`)).status }).toEqual({
        query,
        status: 400,
      });
    }
    expect(
      (await analytics.kickOff('$export?_outputFormat=application/fhir%2Bndjson')).status,
    ).toBe(202);
    expect((await analytics.kickOff('$export?_outputFormat=ndjson')).status).toBe(202);
  });
});

describe.each(testDatabaseKinds())('Bulk Data $export across a restart on %s', (kind) => {
  it('an export queued on a server that stops completes on the next server over the same database', async () => {
    const database = await openTestDatabase(kind);
    try {
      const { repo, access } = wireAccess(database.db);
      for (const id of ['r1', 'r2']) {
        await repo.update(SYSTEM_CONTEXT, { resourceType: 'Patient', id });
      }
      // The first server runs no worker, so the job is certainly still waiting when it stops.
      const first = await listenOn(database.db, new Repository(database.db), {
        auth: { access },
        bulkExport: { enabled: false },
      });
      const client = new BulkClient(
        first.baseUrl,
        await first.mintToken({ kind: 'system', sub: 'nightly', scopes: ['system/*.rs'] }),
      );
      const statusUrl = await client.start('$export?_type=Patient');
      const queued = await fetch(statusUrl, { headers: client.auth });
      expect(queued.status).toBe(202);
      expect(queued.headers.get('x-progress')).toBe('queued');
      await first.close();

      const second = await listenOn(database.db, repo, {
        auth: { access, keys: first.keys },
        bulkExport: { pollMs: 100 },
      });
      try {
        const path = new URL(statusUrl).pathname;
        const manifest = await client.wait(`${second.origin}${path}`);
        expect(manifest.output.map((o) => [o.type, o.count])).toEqual([['Patient', 2]]);
      } finally {
        await second.close();
      }
    } finally {
      await database.dispose();
    }
  });
});
