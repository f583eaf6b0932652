import type { AuditEvent, Communication } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, activeAccessGrants } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { found, openStory, statusOf, type StoryWorld } from './testing/setup.js';

const HOUR = 60 * 60 * 1000;

describe.each(testDatabaseKinds())('break-the-glass on %s', (kind) => {
  let world: StoryWorld;
  let clock = new Date('2026-11-02T03:00:00Z');
  beforeAll(async () => {
    world = await openStory(kind, { now: () => clock });
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('an emergency doctor opens Ben’s record for an hour, flagged and reported to his coordinator', async () => {
    const before = (await world.auditEvents()).length;
    expect(
      await found(async () =>
        world.repo.read(await world.as('erDoctor'), 'Condition', 'ben-cond-sud'),
      ),
    ).toBe(false);

    const result = await world.access.breakGlass(await world.as('erDoctor'), {
      patient: 'Patient/ben',
      reason: 'Unconscious in ED, suspected overdose',
      ip: '10.0.0.7',
    });
    expect(result.expiresAt).toBe(new Date(clock.getTime() + HOUR).toISOString());

    // The whole record, sensitive categories included, while the grant lasts.
    const doctor = await world.as('erDoctor');
    expect(doctor.breakGlassPatients).toEqual(['ben']);
    for (const [type, id] of [
      ['Condition', 'ben-cond-sud'],
      ['Condition', 'ben-cond-psy'],
      ['Observation', 'ben-obs-hospital'],
    ] as const) {
      expect(await found(() => world.repo.read(doctor, type, id))).toBe(true);
    }

    // Flagged: one AuditEvent with purpose of use BTG and the reason; plus the audit record of the notice.
    const audits = (await world.auditEvents()).slice(before);
    const flag = audits.find(
      (a) => a.purposeOfEvent?.[0]?.coding?.[0]?.code === 'BTG',
    ) as AuditEvent;
    expect(flag.purposeOfEvent?.[0]?.text).toBe('Unconscious in ED, suspected overdose');
    expect(flag.agent[0]?.who?.reference).toBe('Practitioner/er-doc');
    expect(flag.agent[0]?.network?.address).toBe('10.0.0.7');
    expect(flag.entity?.map((e) => e.what?.reference)).toEqual([
      'Patient/ben',
      result.notification,
    ]);
    expect(audits.map((a) => a.subtype?.[0]?.code).sort()).toEqual(['break-the-glass', 'create']);

    // Reported: Ben's coordinator finds an urgent notice addressed to her.
    const notice = await world.repo.read<Communication>(
      await world.as('coordinator'),
      'Communication',
      result.notification.split('/')[1] ?? '',
    );
    expect(notice.recipient).toEqual([{ reference: 'Practitioner/coord' }]);
    expect(notice.priority).toBe('urgent');
    expect(notice.payload?.[0]?.contentString).toContain('Unconscious in ED');

    // Reads under the grant are flagged too.
    await world.access.audit.recordAccess({
      ctx: doctor,
      action: 'read',
      resourceType: 'Condition',
      id: 'ben-cond-sud',
      status: 200,
      patients: ['Patient/ben'],
    });
    const read = (await world.auditEvents()).at(-1);
    expect(read?.agent[0]?.purposeOfUse?.[0]?.coding?.[0]?.code).toBe('BTG');
  });

  it('the access ends when the hour is up', async () => {
    clock = new Date(clock.getTime() + HOUR + 1000);
    const doctor = await world.as('erDoctor');
    expect(doctor.breakGlassPatients).toEqual([]);
    expect(await found(() => world.repo.read(doctor, 'Condition', 'ben-cond-sud'))).toBe(false);
    expect(await activeAccessGrants(world.repo.db, 'Practitioner/er-doc', clock)).toEqual([]);
  });

  it('only clinical staff may break the glass, with a reason, for a patient that exists', async () => {
    expect(
      await statusOf(async () =>
        world.access.breakGlass(await world.as('foodBankWorker'), {
          patient: 'Patient/ben',
          reason: 'curious',
        }),
      ),
    ).toBe(403);
    expect(
      await statusOf(async () =>
        world.access.breakGlass(await world.as('patient'), {
          patient: 'Patient/ben',
          reason: 'curious',
        }),
      ),
    ).toBe(403);
    expect(
      await statusOf(() =>
        world.access.breakGlass(SYSTEM_CONTEXT, { patient: 'Patient/ben', reason: 'x' }),
      ),
    ).toBe(403);
    expect(
      await statusOf(async () =>
        world.access.breakGlass(await world.as('erDoctor'), {
          patient: 'Patient/ben',
          reason: '   ',
        }),
      ),
    ).toBe(400);
    expect(
      await statusOf(async () =>
        world.access.breakGlass(await world.as('erDoctor'), {
          patient: 'Patient/nobody',
          reason: 'emergency',
        }),
      ),
    ).toBe(404);
  });
});
