import type { AuditEvent, Bundle, Observation } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStoryServer, type StoryServer } from './testing.js';

const F = '/fhir/R4';
const ids = (body: Record<string, unknown>): (string | undefined)[] =>
  ((body as unknown as Bundle).entry ?? []).map((e) => e.resource?.id);

/**
 * Access control through the live FHIR API, with real tokens: the same story as the care tests
 * (care/access/testing/story.ts), told over HTTP, with the audit trail each request leaves.
 */
describe.each(testDatabaseKinds())('access control over HTTP on %s', (kind) => {
  let server: StoryServer;
  beforeAll(async () => {
    server = await startStoryServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Runs the request and returns its answer plus the AuditEvents it left. */
  async function audited(
    ...args: Parameters<StoryServer['call']>
  ): Promise<{ status: number; body: Record<string, unknown>; audits: AuditEvent[] }> {
    const before = (await server.auditEvents()).length;
    const answer = await server.call(...args);
    return { ...answer, audits: (await server.auditEvents()).slice(before) };
  }

  it('the coordinator reads Ana’s weight: 200, and one AuditEvent names her, Ana and where she was', async () => {
    const { status, audits } = await audited(
      'coordinator',
      'GET',
      `${F}/Observation/ana-obs-network`,
    );
    expect(status).toBe(200);
    expect(audits).toHaveLength(1);
    expect(audits[0]?.subtype?.[0]?.code).toBe('read');
    expect(audits[0]?.agent[0]?.who?.reference).toBe('Practitioner/coord');
    expect(audits[0]?.agent[0]?.network?.address).toBe('127.0.0.1');
    expect(audits[0]?.entity?.map((e) => e.what?.reference)).toEqual([
      'Observation/ana-obs-network',
      'Patient/ana',
    ]);
  });

  it('a GP not on the team gets 404 for the same row, an empty search and no history — each attempt audited as a failure or an empty answer', async () => {
    const read = await audited('gpNotOnTeam', 'GET', `${F}/Observation/ana-obs-network`);
    expect(read.status).toBe(404);
    expect(read.audits.map((a) => a.outcome)).toEqual(['4']);
    expect(read.audits[0]?.entity?.map((e) => e.what?.reference)).toEqual([
      'Observation/ana-obs-network',
    ]); // not linked to Ana: nothing of hers was disclosed
    const search = await audited('gpNotOnTeam', 'GET', `${F}/Observation?patient=Patient/ana`);
    expect(ids(search.body)).toEqual([]);
    expect(search.audits).toHaveLength(1);
    const history = await server.call(
      'gpNotOnTeam',
      'GET',
      `${F}/Observation/ana-obs-network/_history`,
    );
    expect(history.status).toBe(404);
    const absent = await server.call('gpNotOnTeam', 'GET', `${F}/Observation/no-such-id`);
    expect(absent).toEqual({
      status: 404,
      body: expect.objectContaining({ resourceType: 'OperationOutcome' }) as unknown,
    });
  });

  it('searches return only permitted rows: the team GP sees Ana’s shared data but not her substance-use diagnosis', async () => {
    const { body } = await server.call('gpOnTeam', 'GET', `${F}/Condition?patient=Patient/ana`);
    expect(ids(body).sort()).toEqual(['ana-cond-psy', 'ana-summary']);
    const psych = await server.call('psychologist', 'GET', `${F}/Condition?patient=Patient/ana`);
    expect(ids(psych.body).sort()).toEqual(['ana-cond-psy', 'ana-cond-sud', 'ana-summary']);
  });

  it('a successful write is audited once, in its own transaction; a failed one once, by the server', async () => {
    const weight: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'weight' },
      subject: { reference: 'Patient/ana' },
    };
    const created = await audited('coordinator', 'POST', `${F}/Observation`, weight);
    expect(created.status).toBe(201);
    expect(created.audits.map((a) => [a.subtype?.[0]?.code, a.outcome])).toEqual([['create', '0']]);
    const refused = await audited('coordinator', 'POST', `${F}/Observation`, {
      ...weight,
      subject: { reference: 'Patient/dan' },
    });
    expect(refused.status).toBe(403);
    expect(refused.audits.map((a) => [a.subtype?.[0]?.code, a.outcome])).toEqual([['create', '4']]);
  });

  it('AuditEvents cannot be read, changed or deleted through the API, even with a system token', async () => {
    const [audit] = await server.auditEvents();
    expect((await server.call('coordinator', 'GET', `${F}/AuditEvent/${audit?.id}`)).status).toBe(
      404,
    );
    expect(
      (
        await server.call('system', 'PUT', `${F}/AuditEvent/${audit?.id}`, {
          ...audit,
          outcome: '8',
        })
      ).status,
    ).toBe(403);
    expect((await server.call('system', 'DELETE', `${F}/AuditEvent/${audit?.id}`)).status).toBe(
      403,
    );
    expect(
      (await server.call('patient', 'POST', `${F}/AuditEvent`, { ...audit, id: undefined })).status,
    ).toBe(403);
  });

  it('the food bank reads its referral and only the minimum about Ana', async () => {
    expect(
      (await server.call('foodBankWorker', 'GET', `${F}/ServiceRequest/ana-referral`)).status,
    ).toBe(200);
    const ana = await server.call('foodBankWorker', 'GET', `${F}/Patient/ana`);
    expect(Object.keys(ana.body).sort()).toEqual([
      'birthDate',
      'id',
      'meta',
      'name',
      'resourceType',
      'telecom',
    ]);
    expect(
      (await server.call('foodBankWorker', 'GET', `${F}/Observation/ana-obs-network`)).status,
    ).toBe(404);
  });

  it('break-the-glass over the API: the ER doctor states a reason, reads Ben’s record, and every read is flagged', async () => {
    expect((await server.call('erDoctor', 'GET', `${F}/Condition/ben-cond-sud`)).status).toBe(404);
    const opened = await server.call('erDoctor', 'POST', '/api/break-glass', {
      patient: 'Patient/ben',
      reason: 'Unresponsive in ED',
    });
    expect(opened.status).toBe(201);
    expect(opened.body['patient']).toBe('Patient/ben');
    const read = await audited('erDoctor', 'GET', `${F}/Condition/ben-cond-sud`);
    expect(read.status).toBe(200);
    expect(read.audits[0]?.purposeOfEvent?.[0]?.coding?.[0]?.code).toBe('BTG');
    expect(
      (await server.call('erDoctor', 'POST', '/api/break-glass', { patient: 'Patient/ben' }))
        .status,
    ).toBe(400);
    expect(
      (
        await server.call('foodBankWorker', 'POST', '/api/break-glass', {
          patient: 'Patient/ben',
          reason: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('Ana lists who accessed her record; the GP not on her team may not', async () => {
    const log = await server.call('patient', 'GET', `${F}/Patient/ana/$access-log`);
    expect(log.status).toBe(200);
    const who = ((log.body as unknown as Bundle<AuditEvent>).entry ?? []).map(
      (e) => e.resource?.agent[0]?.who?.display,
    );
    expect(who).toContain('Nora Coordinator');
    expect((await server.call('gpNotOnTeam', 'GET', `${F}/Patient/ana/$access-log`)).status).toBe(
      403,
    );
    expect(
      (await server.call('coordinator', 'GET', `${F}/Patient/ana/$access-log?_count=5`)).status,
    ).toBe(200);
  });

  it('a request without a token gets 401 and leaves no AuditEvent', async () => {
    const before = (await server.auditEvents()).length;
    expect((await fetch(`${server.baseUrl}/Observation/ana-obs-network`)).status).toBe(401);
    expect(await server.auditEvents()).toHaveLength(before);
  });

  it('Bulk $export applies consent and labels as search does: the team GP’s export has no substance-use diagnosis, and the kick-off is audited', async () => {
    /** Kicks off a Patient-level export as this user and polls it to its manifest's counts. */
    const exportCounts = async (
      user: 'gpOnTeam' | 'psychologist',
    ): Promise<{ counts: Record<string, number>; audits: AuditEvent[] }> => {
      const kickOff = await audited(
        user,
        'GET',
        `${F}/Patient/$export?_type=Condition`,
        undefined,
        {
          Prefer: 'respond-async',
        },
      );
      expect(kickOff.status).toBe(202);
      const id = (kickOff.body['issue'] as { details: { text: string } }[])[0]?.details.text.split(
        ' ',
      )[1];
      for (let i = 0; i < 600; i++) {
        const status = await server.call(user, 'GET', `${F}/$export-status/${id ?? ''}`);
        if (status.status === 200) {
          const output = status.body['output'] as { type: string; count: number }[];
          return {
            counts: Object.fromEntries(output.map((o) => [o.type, o.count])),
            audits: kickOff.audits,
          };
        }
        expect(status.status).toBe(202);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('The export did not complete');
    };
    const gp = await exportCounts('gpOnTeam');
    const gpSearch = await server.call('gpOnTeam', 'GET', `${F}/Condition?_total=accurate`);
    expect(gp.counts['Condition']).toBe(gpSearch.body['total']);
    const psych = await exportCounts('psychologist');
    const psychSearch = await server.call('psychologist', 'GET', `${F}/Condition?_total=accurate`);
    expect(psych.counts['Condition']).toBe(psychSearch.body['total']);
    expect(psych.counts['Condition']).toBeGreaterThan(gp.counts['Condition'] ?? 0);
    // DICOM 110106 Export, as `careweave export` records it.
    expect(gp.audits.map((a) => a.type.code)).toEqual(['110106']);
  });
});
