import type { AuditEvent } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStory, statusOf, type StoryWorld } from './testing/setup.js';
import { USERS } from './testing/story.js';

const whatOf = (a: AuditEvent | undefined): (string | undefined)[] =>
  (a?.entity ?? []).map((e) => e.what?.reference ?? `query:${e.name}`);

describe.each(testDatabaseKinds())('audit trail and access log on %s', (kind) => {
  let world: StoryWorld;
  beforeAll(async () => {
    world = await openStory(kind);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  /** Runs `fn` and returns the AuditEvents it left. */
  async function leaves(fn: () => Promise<unknown>): Promise<AuditEvent[]> {
    const before = (await world.auditEvents()).length;
    await fn();
    return (await world.auditEvents()).slice(before);
  }

  it('each access the server reports leaves exactly one AuditEvent: who, what, when, from where, outcome', async () => {
    const coordinator = await world.as('coordinator');
    const [read, ...more] = await leaves(() =>
      world.access.audit.recordAccess({
        ctx: coordinator,
        action: 'read',
        resourceType: 'Observation',
        id: 'ana-obs-network',
        status: 200,
        ip: '192.0.2.4',
        patients: ['Patient/ana'],
      }),
    );
    expect(more).toEqual([]);
    expect(read?.subtype?.[0]).toEqual({
      system: 'http://hl7.org/fhir/restful-interaction',
      code: 'read',
    });
    expect(read?.action).toBe('R');
    expect(read?.outcome).toBe('0');
    expect(read?.agent[0]).toMatchObject({
      who: { reference: 'Practitioner/coord', display: 'Nora Coordinator' },
      requestor: true,
      altId: 'acct-coord',
      network: { address: '192.0.2.4', type: '2' },
    });
    expect(whatOf(read)).toEqual(['Observation/ana-obs-network', 'Patient/ana']);
    expect(Date.parse(read?.recorded ?? '')).toBeGreaterThan(Date.now() - 60_000);

    const [search] = await leaves(() =>
      world.access.audit.recordAccess({
        ctx: coordinator,
        action: 'search',
        resourceType: 'Observation',
        query: 'patient=Patient/ana,Patient/ben',
        status: 200,
        patients: ['Patient/ana', 'Patient/ben'],
      }),
    );
    expect(whatOf(search)).toEqual(['query:Observation', 'Patient/ana', 'Patient/ben']);
    expect(Buffer.from(search?.entity?.[0]?.query ?? '', 'base64').toString()).toBe(
      'patient=Patient/ana,Patient/ben',
    );

    const [denied] = await leaves(() =>
      world.access.audit.recordAccess({
        ctx: coordinator,
        action: 'read',
        resourceType: 'Observation',
        id: 'dan-obs-network',
        status: 404,
      }),
    );
    expect(denied?.outcome).toBe('4');

    const [exported] = await leaves(() =>
      world.access.audit.recordAccess({
        ctx: SYSTEM_CONTEXT,
        action: 'export',
        query: '_type=Patient',
        status: 200,
      }),
    );
    expect(exported?.type.code).toBe('110106');
    expect(exported?.agent[0]?.who?.display).toBe('Careweave system');
  });

  it('logins and failed logins are audited, without the password', async () => {
    const [ok, failed] = await leaves(async () => {
      await world.access.audit.recordLogin({
        email: 'coord@example.org',
        identity: USERS.coordinator,
        outcome: 'success',
        ip: '192.0.2.9',
      });
      await world.access.audit.recordLogin({
        email: 'coord@example.org',
        outcome: 'failure',
        reason: 'wrong password',
        ip: '192.0.2.9',
      });
    });
    expect(ok?.type.code).toBe('110114');
    expect(ok?.outcome).toBe('0');
    expect(ok?.agent[0]?.who?.reference).toBe('Practitioner/coord');
    expect(failed?.outcome).toBe('4');
    expect(failed?.outcomeDesc).toBe('wrong password');
    expect(failed?.agent[0]?.who?.display).toBe('coord@example.org');
  });

  it('Ana reads who looked at her record: names and organisations, newest first, without their IP addresses', async () => {
    const log = await world.access.accessLog(await world.as('patient'), 'ana');
    const events = (log.entry ?? []).map((e) => e.resource as AuditEvent);
    const readers = events.map((e) => e.agent.map((a) => a.who?.display).join(' @ '));
    expect(readers).toContain('Nora Coordinator @ Org network');
    expect(
      events.every((e) => e.agent.every((a) => a.network === undefined && a.altId === undefined)),
    ).toBe(true);
    // The search also returned Ben's data: Ana's log does not tell her about Ben.
    expect(events.flatMap((e) => (e.entity ?? []).map((x) => x.what?.reference))).not.toContain(
      'Patient/ben',
    );
    const times = events.map((e) => e.recorded);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('only Ana and her care coordinator may read her access log', async () => {
    expect(
      await statusOf(async () => world.access.accessLog(await world.as('coordinator'), 'ana')),
    ).toBe(200);
    for (const user of [
      'gpNotOnTeam',
      'gpOnTeam',
      'psychologist',
      'caregiverWithConsent',
      'foodBankWorker',
    ] as const) {
      expect(
        await statusOf(async () => world.access.accessLog(await world.as(user), 'ana')),
        user,
      ).toBe(403);
    }
    expect(
      await statusOf(async () => world.access.accessLog(await world.as('patient'), 'ben')),
    ).toBe(403);
    expect(
      await statusOf(async () =>
        world.access.accessLog(await world.as('gpNotOnTeam'), 'no-such-patient'),
      ),
    ).toBe(403);
  });
});
