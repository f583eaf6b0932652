import type {
  Bundle,
  Encounter,
  List,
  MedicationStatement,
  OperationOutcome,
  RiskAssessment,
  Task,
} from '@medplum/fhirtypes';
import {
  DEFAULT_TRANSITION_CONFIG,
  careWriteHooks,
  composeWriteHooks,
  createAccessService,
} from '@careweave/care';
import { careStory } from '@careweave/care/testing';
import {
  READMISSION_OF_EXTENSION,
  TRANSITION_TASK_SYSTEM,
  type Caseload,
  type MedicationReconciliationView,
  type NotificationFeed,
  type TransitionSummary,
  type Worklist,
} from '@careweave/contract';
import { Repository, SYSTEM_CONTEXT, createAccount } from '@careweave/store';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '@careweave/store/testing';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { generateSigningKeys } from '../auth/keys.js';
import { defaultScopesForRole } from '../auth/scopes.js';
import { mintAccessToken } from '../auth/tokens.js';

type Json = Record<string, unknown>;
const USERS = ['coordinator', 'gpOnTeam'] as const;
/** The protocol's clock: Friday 11 December 2026, 15:00 UTC. Monday the 14th is a holiday. */
const NOW = new Date('2026-12-11T15:00:00Z');
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

describe.each(testDatabaseKinds())('transitions of care through a live server on %s', (kind) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let repo: Repository;
  let origin = '';
  const tokens = new Map<string, string>();

  const call = async (
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${origin}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${tokens.get(user) ?? ''}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const tasksOf = async (encounterId: string): Promise<Task[]> => {
    const found = await call(
      'coordinator',
      'GET',
      `/fhir/R4/Task?focus=Encounter/${encounterId}&_count=100`,
    );
    expect(found.status).toBe(200);
    return ((found.body as unknown as Bundle).entry ?? []).map((e) => e.resource as Task);
  };
  const codeOf = (t: Task): string | undefined =>
    t.code?.coding?.find((c) => c.system === TRANSITION_TASK_SYSTEM)?.code;
  const byCode = (tasks: Task[], status?: string): Record<string, Task> =>
    Object.fromEntries(
      tasks.filter((t) => !status || t.status === status).map((t) => [codeOf(t) ?? '?', t]),
    );
  const stay = (id: string, patient: string, patch: Partial<Encounter>): Encounter => ({
    resourceType: 'Encounter',
    id,
    status: 'in-progress',
    class: { system: ACT, code: 'IMP', display: 'inpatient encounter' },
    subject: { reference: `Patient/${patient}` },
    serviceProvider: {
      reference: 'Organization/riverside-hospital',
      display: 'Riverside Hospital',
    },
    ...patch,
  });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const access = createAccessService(new Repository(database.db), { cacheTtlMs: 0 });
    repo = new Repository(database.db, {
      hooks: composeWriteHooks(
        access.writeHooks,
        careWriteHooks({
          now: () => NOW,
          transitions: { ...DEFAULT_TRANSITION_CONFIG, holidays: ['2026-12-14'] },
        }),
      ),
    });
    const { directory, records } = careStory.careStoryResources();
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([...directory, ...records], { skipUnchanged: false }),
    );
    const keys = await generateSigningKeys();
    for (const name of USERS) {
      const user = careStory.CARE_USERS[name];
      if (user.kind !== 'user') throw new Error('story users are people');
      const { email, fhirUser, role, organizationIds, displayName } = user;
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
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('admission of an enrolled person: TRC notice recorded, urgent task and a notification to the coordinator', async () => {
    const created = await call(
      'gpOnTeam',
      'PUT',
      '/fhir/R4/Encounter/ana-stay-1',
      stay('ana-stay-1', 'ana', {
        period: { start: '2026-12-07T09:30:00+01:00' },
        reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F32.2' }] }],
      }),
    );
    expect(created.status).toBe(201);
    const tasks = byCode(await tasksOf('ana-stay-1'));
    expect(Object.keys(tasks).sort()).toEqual(['admission-contact', 'admission-notification']);
    expect(tasks['admission-notification']).toMatchObject({
      status: 'completed',
      owner: { reference: 'Practitioner/coord' },
    });
    expect(tasks['admission-contact']).toMatchObject({
      status: 'requested',
      priority: 'urgent',
      owner: { reference: 'Practitioner/coord' },
      restriction: { period: { end: '2026-12-11' } },
      for: { reference: 'Patient/ana' },
    });
    const feed = (await call('coordinator', 'GET', '/api/notifications'))
      .body as unknown as NotificationFeed;
    const admission = feed.items.find((n) => n.kind === 'admission');
    expect(admission).toMatchObject({ patientId: 'ana', focus: 'Encounter/ana-stay-1' });
    expect(admission?.summary).toContain('admitted to hospital');
    // The worklist shows the urgent task first.
    const worklist = (await call('coordinator', 'GET', '/api/worklist?scope=mine')).body as {
      items: { task: Task; due?: string }[];
    };
    const contact = worklist.items.find((i) => i.task.id === tasks['admission-contact']?.id);
    expect(contact?.due).toBe('2026-12-11');
  });

  it('discharge: LACE and the TRC/FUH tasks with due dates in business days; a duplicate changes nothing', async () => {
    const discharge = stay('ana-stay-1', 'ana', {
      status: 'finished',
      period: { start: '2026-12-07T09:30:00+01:00', end: '2026-12-11T11:00:00+01:00' },
      reasonCode: [{ coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F32.2' }] }],
      priority: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM' }],
      },
    });
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-1', discharge)).status).toBe(
      200,
    );
    const tasks = byCode(await tasksOf('ana-stay-1'));
    // Discharged Friday 11th; Monday 14th is a configured holiday: contact by Wednesday 16th.
    expect(tasks['post-discharge-contact']?.restriction?.period?.end).toBe('2026-12-16');
    expect(tasks['medication-reconciliation']?.restriction?.period?.end).toBe('2027-01-10');
    expect(tasks['follow-up-7-days']?.restriction?.period?.end).toBe('2026-12-18');
    // F32.2 (major depressive disorder) is a FUH mental illness: the 30-day follow-up too.
    expect(tasks['follow-up-30-days']?.restriction?.period?.end).toBe('2027-01-10');
    expect(tasks['discharge-information']).toMatchObject({ status: 'completed' });
    for (const code of ['post-discharge-contact', 'medication-reconciliation', 'follow-up-7-days'])
      expect(tasks[code]).toMatchObject({
        status: 'requested',
        owner: { reference: 'Practitioner/coord' },
        focus: { reference: 'Encounter/ana-stay-1' },
      });
    // LACE: 4 days (L 4), emergent (A 3), Charlson of F32.9/F10.20 = 0 (C 0), no ED visits (E 0).
    const lace = await call(
      'coordinator',
      'GET',
      '/fhir/R4/RiskAssessment?encounter=Encounter/ana-stay-1',
    );
    const assessments = ((lace.body as unknown as Bundle).entry ?? []).map(
      (e) => e.resource as RiskAssessment,
    );
    expect(assessments).toHaveLength(1);
    expect(assessments[0]?.note?.[0]?.text).toContain('LACE 7: L 4, A 3, C 0, E 0');

    // Out of hospital: the urgent in-hospital contact is closed by the discharge, with the reason.
    expect(tasks['admission-contact']).toMatchObject({
      status: 'cancelled',
      statusReason: { coding: [{ code: 'discharged' }] },
    });
    expect(tasks['admission-contact']?.statusReason?.text).toContain('Discharged on 2026-12-11');
    const before = (await tasksOf('ana-stay-1')).length;
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-1', discharge)).status).toBe(
      200,
    );
    expect((await tasksOf('ana-stay-1')).length).toBe(before);
    const notices = (await call('coordinator', 'GET', '/api/notifications'))
      .body as unknown as NotificationFeed;
    expect(notices.items.filter((n) => n.kind === 'discharge')).toHaveLength(1);
  });

  it('a cancelled discharge (A13) cancels the open discharge tasks; the discharge coming back makes them again, once', async () => {
    const reopened = stay('ana-stay-1', 'ana', { period: { start: '2026-12-07T09:30:00+01:00' } });
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-1', reopened)).status).toBe(
      200,
    );
    const cancelled = (await tasksOf('ana-stay-1')).filter(
      (t) =>
        t.status === 'cancelled' && t.statusReason?.coding?.[0]?.code === 'discharge-cancelled',
    );
    expect(cancelled.map(codeOf).sort()).toEqual([
      'follow-up-30-days',
      'follow-up-7-days',
      'medication-reconciliation',
      'post-discharge-contact',
    ]);
    expect(cancelled[0]?.statusReason?.text).toContain('cancelled the discharge');
    // In hospital again: the urgent contact (closed by the discharge) is open again, once.
    const inHospital = (await tasksOf('ana-stay-1')).filter(
      (t) => t.status === 'requested' && codeOf(t) === 'admission-contact',
    );
    expect(inHospital).toHaveLength(1);

    const again = stay('ana-stay-1', 'ana', {
      status: 'finished',
      period: { start: '2026-12-07T09:30:00+01:00', end: '2026-12-10T16:00:00Z' },
    });
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-1', again)).status).toBe(
      200,
    );
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-1', again)).status).toBe(
      200,
    );
    const open = (await tasksOf('ana-stay-1')).filter((t) => t.status === 'requested');
    // Thursday 10th: Friday 11th, (Monday 14th a holiday) Tuesday 15th.
    expect(Object.fromEntries(open.map((t) => [codeOf(t), t.restriction?.period?.end]))).toEqual({
      'post-discharge-contact': '2026-12-15',
      'medication-reconciliation': '2027-01-09',
      'follow-up-7-days': '2026-12-17',
    });
  });

  it('a readmission within 30 days is linked to its index stay; its cancellation (A11) cancels its tasks with the reason', async () => {
    const readmitted = stay('ana-stay-2', 'ana', { period: { start: '2026-12-11T08:00:00Z' } });
    expect(
      (await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-2', readmitted)).status,
    ).toBe(201);
    const stored = (await call('coordinator', 'GET', '/fhir/R4/Encounter/ana-stay-2'))
      .body as unknown as Encounter;
    expect(stored.extension).toEqual([
      { url: READMISSION_OF_EXTENSION, valueReference: { reference: 'Encounter/ana-stay-1' } },
    ]);
    expect(byCode(await tasksOf('ana-stay-2'))['admission-contact']?.description).toContain(
      'Readmission within 30 days of the discharge on 2026-12-10',
    );

    const withdrawn = { ...readmitted, status: 'entered-in-error' as const };
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-2', withdrawn)).status).toBe(
      200,
    );
    const after = byCode(await tasksOf('ana-stay-2'));
    expect(after['admission-contact']).toMatchObject({ status: 'cancelled' });
    expect(after['admission-contact']?.statusReason?.text).toContain('cancelled this admission');
    expect(after['admission-notification']).toMatchObject({ status: 'completed' });
    const unlinked = (await call('coordinator', 'GET', '/fhir/R4/Encounter/ana-stay-2'))
      .body as unknown as Encounter;
    expect(unlinked.extension).toBeUndefined();
  });

  it('a readmission written before its index stay (out of order) is linked when the index stay arrives, and unlinked when it is withdrawn', async () => {
    const readmission = stay('ana-late-2', 'ana', {
      status: 'finished',
      period: { start: '2026-10-20T08:00:00Z', end: '2026-10-24T10:00:00Z' },
    });
    expect(
      (await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-late-2', readmission)).status,
    ).toBe(201);
    const linkOf = async (): Promise<Encounter['extension']> =>
      (
        (await call('coordinator', 'GET', '/fhir/R4/Encounter/ana-late-2'))
          .body as unknown as Encounter
      ).extension;
    expect(await linkOf()).toBeUndefined();
    const index = stay('ana-late-1', 'ana', {
      status: 'finished',
      period: { start: '2026-10-01T08:00:00Z', end: '2026-10-05T10:00:00Z' },
    });
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-late-1', index)).status).toBe(
      201,
    );
    expect(await linkOf()).toEqual([
      { url: READMISSION_OF_EXTENSION, valueReference: { reference: 'Encounter/ana-late-1' } },
    ]);
    const withdrawn = { ...index, status: 'entered-in-error' as const };
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-late-1', withdrawn)).status).toBe(
      200,
    );
    expect(await linkOf()).toBeUndefined();
  });

  it('people not enrolled, stays long over and outpatient visits make no transition work', async () => {
    // Dan consented to sharing but is not enrolled in the programme (written as a feed would: system).
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.update(stay('dan-stay', 'dan', { period: { start: '2026-12-10T08:00:00Z' } })),
    );
    expect(
      await repo.search(SYSTEM_CONTEXT, 'Task', [['focus', 'Encounter/dan-stay']]),
    ).toMatchObject({
      resources: [],
    });
    const old = stay('ana-stay-2019', 'ana', {
      status: 'finished',
      period: { start: '2019-03-01T08:00:00Z', end: '2019-03-04T08:00:00Z' },
    });
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-stay-2019', old)).status).toBe(
      201,
    );
    expect(await tasksOf('ana-stay-2019')).toEqual([]);
    const visit = stay('ana-visit', 'ana', {
      status: 'finished',
      class: { system: ACT, code: 'AMB' },
      period: { start: '2026-12-10T08:00:00Z', end: '2026-12-10T09:00:00Z' },
    });
    expect((await call('gpOnTeam', 'PUT', '/fhir/R4/Encounter/ana-visit', visit)).status).toBe(201);
    expect(await tasksOf('ana-visit')).toEqual([]);
  });

  it('a system write (as the HL7 v2 feed makes) gets the same protocol, and the coordinator hears of it', async () => {
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.update(
        stay('ana-ed', 'ana', {
          class: { system: ACT, code: 'EMER' },
          period: { start: '2026-12-11T13:00:00Z' },
        }),
      ),
    );
    const found = await repo.search(SYSTEM_CONTEXT, 'Task', [['focus', 'Encounter/ana-ed']]);
    expect((found.resources as Task[]).map(codeOf).sort()).toEqual([
      'admission-contact',
      'admission-notification',
    ]);
    const feed = (await call('coordinator', 'GET', '/api/notifications'))
      .body as unknown as NotificationFeed;
    expect(feed.items.find((n) => n.focus === 'Encounter/ana-ed')?.summary).toContain(
      'arrived at the emergency department',
    );
  });

  it('a transaction bundle is one more door to the same protocol', async () => {
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: stay('cleo-stay', 'cleo', {
            status: 'finished',
            period: { start: '2026-12-08T10:00:00Z', end: '2026-12-09T10:00:00Z' },
          }),
          request: { method: 'PUT', url: 'Encounter/cleo-stay' },
        },
      ],
    };
    expect((await call('coordinator', 'POST', '/fhir/R4', bundle)).status).toBe(200);
    const tasks = byCode(await tasksOf('cleo-stay'));
    // Wednesday 9th + 2 business days = Friday 11th; no 30-day follow-up without a mental illness.
    expect(tasks['post-discharge-contact']?.restriction?.period?.end).toBe('2026-12-11');
    expect(tasks['follow-up-30-days']).toBeUndefined();
  });

  it('the summary, worklist and caseload say who is in hospital since when; the summary shows the last stay with LACE', async () => {
    const summary = (await call('coordinator', 'GET', '/api/transitions/patients/ana'))
      .body as unknown as TransitionSummary;
    expect(summary.inHospitalSince).toBe('2026-12-11T13:00:00Z');
    expect(summary.current).toMatchObject({
      encounter: 'Encounter/ana-ed',
      class: 'EMER',
      status: 'in-progress',
    });
    // Re-discharged on the 10th: 3 days (L 3), not emergent this time (A 0), Charlson 0, no ED visits.
    expect(summary.lastDischarge).toMatchObject({
      encounter: 'Encounter/ana-stay-1',
      discharged: '2026-12-10T16:00:00Z',
      where: 'Riverside Hospital',
      lace: { score: 3, band: 'low', points: { l: 3, a: 0, c: 0, e: 0 } },
    });
    expect(
      summary.tasks.find((t) => t.code === 'post-discharge-contact' && t.status === 'requested')
        ?.due,
    ).toBe('2026-12-15');
    const worklist = (await call('coordinator', 'GET', '/api/worklist?scope=mine&count=200'))
      .body as unknown as Worklist;
    const ana = worklist.items.filter((i) => i.patient?.id === 'ana');
    expect(ana.length).toBeGreaterThan(0);
    expect(ana.every((i) => i.inHospitalSince === '2026-12-11T13:00:00Z')).toBe(true);
    expect(
      worklist.items
        .filter((i) => i.patient?.id === 'cleo')
        .every((i) => i.inHospitalSince === undefined),
    ).toBe(true);
    const caseload = (await call('coordinator', 'GET', '/api/roster/caseload'))
      .body as unknown as Caseload;
    expect(caseload.patients.find((p) => p.patientId === 'ana')?.inHospitalSince).toBe(
      '2026-12-11T13:00:00Z',
    );
    expect(caseload.patients.find((p) => p.patientId === 'cleo')?.inHospitalSince).toBeUndefined();
    expect((await call('coordinator', 'GET', '/api/transitions/patients/nobody')).status).toBe(404);
  });

  it('medication reconciliation: the lists side by side, a decision per line, recorded once, completing the task', async () => {
    const rx = (code: string, display: string) => ({
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code, display }],
      text: display,
    });
    const subject = { reference: 'Patient/ana' };
    await repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(
        [
          {
            resourceType: 'MedicationStatement',
            id: 'ana-ms-metformin',
            status: 'active',
            subject,
            medicationCodeableConcept: rx('860975', 'Metformin 500 mg tablet'),
            dosage: [{ text: '500 mg twice daily' }],
            dateAsserted: '2026-11-01',
          },
          {
            resourceType: 'MedicationStatement',
            id: 'ana-ms-lisinopril',
            status: 'active',
            subject,
            medicationCodeableConcept: rx('314076', 'Lisinopril 10 mg tablet'),
            dosage: [{ text: '10 mg once daily' }],
            dateAsserted: '2026-11-01',
          },
          {
            resourceType: 'MedicationRequest',
            id: 'ana-mr-sertraline',
            status: 'active',
            intent: 'order',
            subject,
            authoredOn: '2026-10-01',
            medicationCodeableConcept: rx('312940', 'Sertraline 50 mg tablet'),
            dosageInstruction: [{ text: '50 mg daily' }],
          },
          {
            resourceType: 'MedicationRequest',
            id: 'ana-dc-lisinopril',
            status: 'active',
            intent: 'order',
            subject,
            encounter: { reference: 'Encounter/ana-stay-1' },
            authoredOn: '2026-12-10',
            medicationCodeableConcept: rx('314076', 'Lisinopril 10 mg tablet'),
            dosageInstruction: [{ text: '20 mg once daily' }],
          },
          {
            resourceType: 'MedicationRequest',
            id: 'ana-dc-sertraline',
            status: 'active',
            intent: 'order',
            subject,
            encounter: { reference: 'Encounter/ana-stay-1' },
            authoredOn: '2026-12-10',
            medicationCodeableConcept: rx('312940', 'Sertraline 50 mg tablet'),
            dosageInstruction: [{ text: '50 mg daily' }],
          },
          {
            resourceType: 'MedicationRequest',
            id: 'ana-dc-apixaban',
            status: 'active',
            intent: 'order',
            subject,
            encounter: { reference: 'Encounter/ana-stay-1' },
            authoredOn: '2026-12-10',
            medicationCodeableConcept: rx('1364435', 'Apixaban 5 mg tablet'),
            dosageInstruction: [{ text: '5 mg twice daily' }],
          },
        ],
        { skipUnchanged: false },
      ),
    );
    const path = '/api/transitions/patients/ana/medication-reconciliation';
    const view = (await call('coordinator', 'GET', `${path}?encounter=Encounter/ana-stay-1`))
      .body as unknown as MedicationReconciliationView;
    expect(view.dischargeListReceived).toBe(true);
    expect(Object.fromEntries(view.lines.map((l) => [l.medication, l.change]))).toEqual({
      'Metformin 500 mg tablet': 'stopped',
      'Lisinopril 10 mg tablet': 'dose-changed',
      'Sertraline 50 mg tablet': 'unchanged',
      'Apixaban 5 mg tablet': 'added',
    });
    expect(view.task).toMatchObject({ code: 'medication-reconciliation', status: 'requested' });
    const key = (name: string): string =>
      view.lines.find((l) => l.medication.startsWith(name))?.key ?? '';
    const decisions = [
      { key: key('Metformin'), decision: 'stop', reason: 'Stopped in hospital: eGFR 28' },
      { key: key('Lisinopril'), decision: 'change', reason: 'Blood pressure still high' },
      { key: key('Sertraline'), decision: 'continue' },
      { key: key('Apixaban'), decision: 'continue' },
    ];
    const post = (body: unknown) => call('coordinator', 'POST', path, body);
    const codeOfError = (b: Json) =>
      (b as unknown as OperationOutcome).issue?.[0]?.details?.coding?.[0]?.code;
    const missing = await post({
      encounter: 'Encounter/ana-stay-1',
      decisions: decisions.slice(1),
    });
    expect([missing.status, codeOfError(missing.body)]).toEqual([
      422,
      'transition-decision-missing',
    ]);
    const noReason = await post({
      encounter: 'Encounter/ana-stay-1',
      decisions: [{ ...decisions[0], reason: ' ' }, ...decisions.slice(1)],
    });
    expect([noReason.status, codeOfError(noReason.body)]).toEqual([
      422,
      'transition-reason-required',
    ]);
    const unknown = await post({
      encounter: 'Encounter/ana-stay-1',
      decisions: [...decisions, { key: 'aspirin', decision: 'stop', reason: 'x' }],
    });
    expect([unknown.status, codeOfError(unknown.body)]).toEqual([422, 'transition-unknown-line']);
    expect((await post({ encounter: 'Encounter/dan-stay', decisions })).status).toBe(404);

    const done = await post({ encounter: 'Encounter/ana-stay-1', decisions });
    expect(done.status).toBe(200);
    const recorded = done.body as unknown as MedicationReconciliationView;
    expect(recorded.reconciled).toMatchObject({
      by: 'Practitioner/coord',
      byName: 'Nora Coordinator',
    });
    expect(recorded.task?.status).toBe('completed');
    expect(recorded.lines.find((l) => l.key === key('Lisinopril'))?.decision).toEqual({
      decision: 'change',
      reason: 'Blood pressure still high',
      dosage: '20 mg once daily',
    });
    const metformin = (
      await call('coordinator', 'GET', '/fhir/R4/MedicationStatement/ana-ms-metformin')
    ).body as unknown as MedicationStatement;
    expect(metformin.status).toBe('stopped');
    expect(metformin.statusReason?.[0]?.text).toBe('Stopped in hospital: eGFR 28');
    const lisinopril = (
      await call('coordinator', 'GET', '/fhir/R4/MedicationStatement/ana-ms-lisinopril')
    ).body as unknown as MedicationStatement;
    expect(lisinopril).toMatchObject({ status: 'active', dosage: [{ text: '20 mg once daily' }] });
    const statements = (
      await call(
        'coordinator',
        'GET',
        '/fhir/R4/MedicationStatement?patient=Patient/ana&status=active&_count=50',
      )
    ).body as unknown as Bundle;
    const active = (statements.entry ?? [])
      .map((e) => (e.resource as MedicationStatement).medicationCodeableConcept?.text)
      .sort();
    expect(active).toEqual([
      'Apixaban 5 mg tablet',
      'Lisinopril 10 mg tablet',
      'Sertraline 50 mg tablet',
    ]);
    const again = await post({ encounter: 'Encounter/ana-stay-1', decisions });
    expect([again.status, codeOfError(again.body)]).toEqual([409, 'transition-already-reconciled']);
    // The record is a List: who and when; the task's output points at it.
    const task = byCode(await tasksOf('ana-stay-1'), 'completed')['medication-reconciliation'];
    expect(task?.output?.[0]?.valueReference?.reference).toBe(recorded.reconciled?.record);
    const list = (await call('coordinator', 'GET', `/fhir/R4/${recorded.reconciled?.record ?? ''}`))
      .body as unknown as List;
    expect(list).toMatchObject({
      source: { reference: 'Practitioner/coord' },
      encounter: { reference: 'Encounter/ana-stay-1' },
    });
    expect(list.entry).toHaveLength(4);
  });
});
