import type { MeasureResults, MeasurePerson } from '@careweave/contract';
import { createAccessService, loadSqlMeasures } from '@careweave/care';
import { accessStory } from '@careweave/care/testing';
import { Repository, SYSTEM_CONTEXT, createAccount } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import type { MeasureReport, Resource } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';

const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const encounter = (
  id: string,
  who: string,
  cls: string,
  start: string,
  end: string,
  dx?: string,
): Resource => ({
  resourceType: 'Encounter',
  id,
  status: 'finished',
  class: { system: ACT, code: cls },
  subject: { reference: `Patient/${who}` },
  period: { start: `${start}T10:00:00Z`, end: `${end}T12:00:00Z` },
  ...(dx ? { diagnosis: [{ condition: { reference: `Condition/${dx}` }, rank: 1 }] } : {}),
});
const depression = (id: string, who: string): Resource => ({
  resourceType: 'Condition',
  id,
  subject: { reference: `Patient/${who}` },
  code: { coding: [{ system: ICD, code: 'F32.1' }] },
  onsetDateTime: '2025-01-01',
});

/** Ana is followed up on day 7 after her stay; Ben on day 8. */
const STAYS: Resource[] = [
  depression('ana-dep', 'ana'),
  encounter('ana-stay', 'ana', 'IMP', '2026-03-01', '2026-03-10', 'ana-dep'),
  encounter('ana-visit', 'ana', 'AMB', '2026-03-17', '2026-03-17'),
  depression('ben-dep', 'ben'),
  encounter('ben-stay', 'ben', 'IMP', '2026-04-01', '2026-04-10', 'ben-dep'),
  encounter('ben-visit', 'ben', 'AMB', '2026-04-18', '2026-04-18'),
];
const PERIOD = 'periodStart=2026-01-01&periodEnd=2026-12-31';

describe.each(testDatabaseKinds())('measures API on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let origin = '';
  let systemToken = '';
  const tokens = new Map<string, string>();

  const call = async <T = Record<string, unknown>>(
    user: string,
    path: string,
  ): Promise<{ status: number; body: T }> => {
    const token = user === 'system' ? systemToken : (tokens.get(user) ?? '');
    const response = await fetch(`${origin}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const access = createAccessService(new Repository(database.db));
    const repo = new Repository(database.db, { hooks: access.writeHooks });
    const { directory, records } = accessStory.storyResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, ...records, ...STAYS], { skipUnchanged: false }),
    );
    expect(await loadSqlMeasures(repo)).toBe(15);
    expect(await loadSqlMeasures(repo)).toBe(0); // idempotent
    const keys = await generateSigningKeys();
    systemToken = await mintAccessToken(keys, {
      kind: 'system',
      sub: 'measures-test',
      scopes: ['system/*.cruds'],
    });
    for (const name of ['coordinator', 'patient'] as const) {
      const identity = accessStory.USERS[name];
      if (identity.kind !== 'user') throw new Error('story users are users');
      const { email, fhirUser, role, organizationIds, displayName } = identity;
      await createAccount(database.db, {
        email,
        passwordHash: 'not-used',
        fhirUser,
        role,
        organizationIds: [...organizationIds],
        displayName,
      });
      tokens.set(
        name,
        await mintAccessToken(keys, {
          kind: 'user',
          sub: email,
          fhirUser,
          scopes: defaultScopesForRole(role),
        }),
      );
    }
    app = await buildApp({
      db: database.db,
      repo,
      version: 'test',
      logger: false,
      auth: { keys, access },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 300_000); // migrations on embedded PGlite take minutes on a loaded machine
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const counts = (report: MeasureReport): Record<string, number | undefined> =>
    Object.fromEntries(
      (report.group?.[0]?.population ?? []).map((p): [string, number | undefined] => [
        p.code?.coding?.[0]?.code ?? '',
        p.count,
      ]),
    );

  it('each SQL measure is a Measure resource', async () => {
    const { status, body } = await call<{ resourceType: string; url: string; usage: string }>(
      'system',
      '/fhir/R4/Measure/fuh-7',
    );
    expect(status).toBe(200);
    expect(body.url).toBe('https://careweave.org/fhir/Measure/fuh-7');
    expect(body.usage).toContain('Simplifications');
  });

  it('$evaluate-measure, population: a summary MeasureReport with strata', async () => {
    const { status, body } = await call<MeasureReport>(
      'system',
      `/fhir/R4/Measure/fuh-7/$evaluate-measure?${PERIOD}&reportType=population`,
    );
    expect(status).toBe(200);
    expect(body.resourceType).toBe('MeasureReport');
    expect(body.type).toBe('summary');
    expect(body.period).toEqual({ start: '2026-01-01', end: '2026-12-31' });
    expect(counts(body)).toEqual({
      'initial-population': 2,
      denominator: 2,
      'denominator-exclusion': 0,
      numerator: 1,
    });
    expect(body.group?.[0]?.measureScore?.value).toBe(0.5);
    const months = body.group?.[0]?.stratifier?.find((s) => s.code?.[0]?.text === 'month');
    expect(months?.stratum?.map((s) => [s.value?.text, s.measureScore?.value])).toEqual([
      ['2026-03', 1],
      ['2026-04', 0],
    ]);
    // 30 days: both.
    const thirty = await call<MeasureReport>(
      'system',
      `/fhir/R4/Measure/fuh-30/$evaluate-measure?${PERIOD}`,
    );
    expect(counts(thirty.body)['numerator']).toBe(2);
  });

  it('$evaluate-measure, subject-list and subject', async () => {
    const list = await call<MeasureReport>(
      'system',
      `/fhir/R4/Measure/fuh-7/$evaluate-measure?${PERIOD}&reportType=subject-list`,
    );
    expect(list.body.type).toBe('subject-list');
    const numerator = list.body.group?.[0]?.population?.find(
      (p) => p.code?.coding?.[0]?.code === 'numerator',
    );
    const ref = numerator?.subjectResults?.reference?.slice(1);
    const contained = list.body.contained?.find((r) => r.id === ref);
    expect(contained && 'entry' in contained ? contained.entry : undefined).toEqual([
      { item: { reference: 'Patient/ana' } },
    ]);
    const one = await call<MeasureReport>(
      'system',
      `/fhir/R4/Measure/fuh-7/$evaluate-measure?${PERIOD}&reportType=subject&subject=Patient/ben`,
    );
    expect(one.body.type).toBe('individual');
    expect(one.body.subject?.reference).toBe('Patient/ben');
    expect(counts(one.body)).toMatchObject({ denominator: 1, numerator: 0 });
  });

  it("applies the caller's access scope: Ana sees only herself", async () => {
    const mine = await call<MeasureReport>(
      'patient',
      `/fhir/R4/Measure/fuh-30/$evaluate-measure?${PERIOD}`,
    );
    expect(mine.status).toBe(200);
    expect(counts(mine.body)).toMatchObject({ denominator: 1, numerator: 1 });
  });

  it('errors are coded OperationOutcomes', async () => {
    const missing = await call<{ resourceType: string }>(
      'system',
      '/fhir/R4/Measure/fuh-7/$evaluate-measure?periodStart=2026-01-01',
    );
    expect([missing.status, missing.body.resourceType]).toEqual([400, 'OperationOutcome']);
    const badType = await call(
      'system',
      `/fhir/R4/Measure/fuh-7/$evaluate-measure?${PERIOD}&reportType=all`,
    );
    expect(badType.status).toBe(400);
    const badSubject = await call(
      'system',
      `/fhir/R4/Measure/fuh-7/$evaluate-measure?${PERIOD}&subject=Group/x`,
    );
    expect(badSubject.status).toBe(400);
    const unknown = await call('system', `/fhir/R4/Measure/nope/$evaluate-measure?${PERIOD}`);
    expect(unknown.status).toBe(404);
    const backwards = await call(
      'system',
      '/fhir/R4/Measure/fuh-7/$evaluate-measure?periodStart=2026-12-31&periodEnd=2026-01-01',
    );
    expect(backwards.status).toBe(400);
  });

  it('the dashboards API: results with intervals, and the people who missed', async () => {
    const results = await call<MeasureResults>('system', `/api/measures/results?${PERIOD}`);
    expect(results.status).toBe(200);
    const fuh7 = results.body.measures.find((m) => m.id === 'fuh-7');
    expect(fuh7?.overall).toMatchObject({ denominator: 2, numerator: 1, score: 0.5 });
    expect(fuh7?.overall.low).toBeGreaterThan(0);
    expect(fuh7?.overall.high).toBeLessThan(1);
    expect(results.body.measures).toHaveLength(15);
    const missed = await call<MeasurePerson[]>(
      'system',
      `/api/measures/fuh-7/people?${PERIOD}&outcome=missed`,
    );
    expect(missed.body.map((p) => [p.patientId, p.event])).toEqual([['ben', 'Encounter/ben-stay']]);
    const bad = await call('system', `/api/measures/fuh-7/people?${PERIOD}&ageBand=old`);
    expect(bad.status).toBe(400);
  });
});
