import type { Bundle, Task } from '@medplum/fhirtypes';
import { REFERRAL_REASON_SYSTEM } from '@careweave/contract';
import { SYSTEM_CONTEXT, processTransaction } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, openCareWorld, type CareWorld } from '../plans/testing/world.js';
import { STATUS_CHANGE_EXTENSION } from './codes.js';
import { REFERRAL_STATUSES, ReferralError, sideFor, type ReferralStatus } from './state-machine.js';

/** A referral Task of Ana's, owned by the food bank, created by the system in any status. */
const referralTask = (status: ReferralStatus): Task => ({
  resourceType: 'Task',
  status,
  intent: 'order',
  code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
  for: { reference: 'Patient/ana' },
  focus: { reference: 'ServiceRequest/ana-referral' },
  requester: { reference: 'Practitioner/coord' },
  owner: { reference: 'Organization/food-bank' },
});
const withReason = (task: Task, to: string): Task =>
  to === 'rejected' || to === 'failed'
    ? {
        ...task,
        status: to,
        statusReason: {
          coding: [{ system: REFERRAL_REASON_SYSTEM, code: 'no-capacity', display: 'No capacity' }],
        },
      }
    : { ...task, status: to as Task['status'] };

const OTHER_STATUSES = ['draft', 'received', 'ready'] as const;

describe.each(testDatabaseKinds())(
  'the referral state machine on every write path (%s)',
  (kind) => {
    let world: CareWorld;
    beforeAll(async () => {
      world = await openCareWorld(kind);
    });
    afterAll(() => world?.dispose());

    it('lets the right side take every allowed transition and refuses every forbidden one and every wrong side with 422', async () => {
      const { repo } = world;
      const sides = {
        receiver: await world.as('foodBankWorker'),
        requester: await world.as('coordinator'),
      };
      for (const from of REFERRAL_STATUSES) {
        const stuck = (await repo.create(SYSTEM_CONTEXT, referralTask(from))).resource;
        for (const to of [...REFERRAL_STATUSES, ...OTHER_STATUSES]) {
          if (to === from) continue;
          const allowed = sideFor(from, to as ReferralStatus);
          for (const [side, ctx] of Object.entries(sides)) {
            if (allowed === side) {
              const fresh = (await repo.create(SYSTEM_CONTEXT, referralTask(from))).resource;
              const moved = (await repo.update(ctx, withReason(fresh, to))).resource;
              expect(moved.status, `${side}: ${from} → ${to}`).toBe(to);
            } else {
              const got = await failure(() => repo.update(ctx, withReason(stuck, to)));
              expect(got, `${side}: ${from} → ${to}`).toMatchObject({
                status: 422,
                code: allowed ? ReferralError.WRONG_SIDE : ReferralError.ILLEGAL_TRANSITION,
              });
            }
          }
        }
        expect((await repo.read<Task>(SYSTEM_CONTEXT, 'Task', stuck.id as string)).status).toBe(
          from,
        );
      }
    });

    it('holds JSON Patch and transaction bundles to the same machine, and imports to its edges', async () => {
      const { repo } = world;
      const worker = await world.as('foodBankWorker');
      const coordinator = await world.as('coordinator');
      const task = (await repo.create(SYSTEM_CONTEXT, referralTask('requested'))).resource;
      const id = task.id as string;
      expect(
        await failure(() =>
          repo.patch(worker, 'Task', id, [{ op: 'replace', path: '/status', value: 'completed' }]),
        ),
      ).toMatchObject({ status: 422, code: ReferralError.ILLEGAL_TRANSITION });
      expect(
        await failure(() =>
          repo.patch(worker, 'Task', id, [{ op: 'replace', path: '/status', value: 'cancelled' }]),
        ),
      ).toMatchObject({ status: 422, code: ReferralError.WRONG_SIDE });
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { ...task, status: 'accepted' },
            request: { method: 'PUT', url: `Task/${id}` },
          },
        ],
      };
      expect(await failure(() => processTransaction(repo, coordinator, bundle))).toMatchObject({
        status: 422,
        code: ReferralError.WRONG_SIDE,
      });
      expect((await processTransaction(repo, worker, bundle)).entry?.[0]?.response?.status).toMatch(
        /^200/,
      );
      // The system (imports) follows the edges too, without a side: accepted → in-progress → cancelled.
      const accepted = await repo.read<Task>(SYSTEM_CONTEXT, 'Task', id);
      const started = (await repo.update(SYSTEM_CONTEXT, { ...accepted, status: 'in-progress' }))
        .resource;
      const stopped = (await repo.update(SYSTEM_CONTEXT, { ...started, status: 'cancelled' }))
        .resource;
      expect(stopped.status).toBe('cancelled');
      const done = (await repo.create(SYSTEM_CONTEXT, referralTask('completed'))).resource;
      expect(
        await failure(() => repo.update(SYSTEM_CONTEXT, { ...done, status: 'in-progress' })),
      ).toMatchObject({ status: 422, code: ReferralError.ILLEGAL_TRANSITION });
    });

    it('records who, when and why on each change, needs a reason code to reject or fail, and starts at requested', async () => {
      const { repo } = world;
      const worker = await world.as('foodBankWorker');
      const coordinator = await world.as('coordinator');
      const task = (await repo.create(SYSTEM_CONTEXT, referralTask('requested'))).resource;
      expect(
        await failure(() =>
          repo.update(worker, { ...task, status: 'rejected', statusReason: { text: 'full' } }),
        ),
      ).toMatchObject({ status: 422, code: ReferralError.REASON_REQUIRED });
      const rejected = (await repo.update(worker, withReason(task, 'rejected'))).resource;
      const change = rejected.extension?.find((e) => e.url === STATUS_CHANGE_EXTENSION);
      const part = (url: string) => change?.extension?.find((e) => e.url === url);
      expect(part('from')?.valueCode).toBe('requested');
      expect(part('to')?.valueCode).toBe('rejected');
      expect(part('by')?.valueReference?.reference).toBe('Practitioner/foodbank');
      expect(part('at')?.valueDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(part('reason')?.valueString).toBe('No capacity');
      expect(
        await failure(() => repo.create(coordinator, { ...referralTask('accepted') })),
      ).toMatchObject({ status: 422, code: ReferralError.MUST_START_REQUESTED });
    });
  },
);
