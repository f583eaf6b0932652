import { OperationOutcomeError } from '@medplum/core';
import { OPEN_TASK_STATUSES } from '@careweave/contract';
import { describe, expect, it } from 'vitest';
import { careErrorCode } from '../shared/care-errors.js';
import {
  TASK_STATUSES,
  TASK_TRANSITIONS,
  TERMINAL_STATUSES,
  TaskError,
  assertTransition,
  canTransition,
  pathTo,
  type TaskStatus,
} from './state-machine.js';

describe('the FHIR Task state machine', () => {
  it('follows the R4 diagram: request → accept → start → complete, with hold and resume', () => {
    const happy: TaskStatus[] = [
      'draft',
      'requested',
      'received',
      'accepted',
      'in-progress',
      'on-hold',
      'in-progress',
      'completed',
    ];
    for (let i = 1; i < happy.length; i++) {
      expect(
        canTransition(happy[i - 1] as TaskStatus, happy[i] as TaskStatus),
        `${happy[i - 1]} → ${happy[i]}`,
      ).toBe(true);
    }
  });

  it('keeps completed, cancelled, failed and rejected final (only entered-in-error may follow)', () => {
    for (const terminal of TERMINAL_STATUSES) {
      for (const to of TASK_STATUSES) {
        expect(canTransition(terminal, to), `${terminal} → ${to}`).toBe(
          to === 'entered-in-error' && terminal !== 'entered-in-error',
        );
      }
    }
  });

  it("leaves every open status (the worklist SQL's set, from the contract) a way forward", () => {
    for (const open of OPEN_TASK_STATUSES) {
      expect(TERMINAL_STATUSES).not.toContain(open);
      expect(
        TASK_TRANSITIONS[open].filter((s) => s !== 'entered-in-error').length,
        `${open} has a next status`,
      ).toBeGreaterThan(0);
    }
    expect([...OPEN_TASK_STATUSES, ...TERMINAL_STATUSES].sort()).toEqual([...TASK_STATUSES].sort());
  });

  it('rejects an illegal transition with a 422 OperationOutcome carrying TaskError.ILLEGAL_TRANSITION', () => {
    let error: unknown;
    try {
      assertTransition('completed', 'requested', 't1');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OperationOutcomeError);
    const outcome = (error as OperationOutcomeError).outcome;
    expect(outcome.id).toBe('business-rule');
    expect(careErrorCode(error)).toBe(TaskError.ILLEGAL_TRANSITION);
    expect(outcome.issue[0]?.details?.text).toContain(
      'Task/t1 cannot go from completed to requested',
    );
    expect(() => assertTransition('requested', 'requested')).not.toThrow();
  });

  it.each([
    ['requested', 'completed', ['accepted', 'in-progress', 'completed']],
    ['requested', 'on-hold', ['accepted', 'in-progress', 'on-hold']],
    ['on-hold', 'completed', ['in-progress', 'completed']],
    ['draft', 'in-progress', ['ready', 'in-progress']],
    ['in-progress', 'cancelled', ['cancelled']],
  ] as const)('finds the shortest legal path %s → %s', (from, to, path) => {
    expect(pathTo(from, to)).toEqual(path);
  });

  it('never walks through a final status and says when there is no path', () => {
    for (const from of TASK_STATUSES) {
      for (const to of TASK_STATUSES) {
        try {
          const path = pathTo(from, to);
          path.slice(0, -1).forEach((s) => expect(TERMINAL_STATUSES).not.toContain(s));
          [from, ...path].forEach(
            (s, i, all) => i > 0 && expect(TASK_TRANSITIONS[all[i - 1] as TaskStatus]).toContain(s),
          );
        } catch (err) {
          expect(careErrorCode(err)).toBe(TaskError.NO_PATH);
        }
      }
    }
    expect(() => pathTo('completed', 'in-progress')).toThrow(/cannot become in-progress/);
  });
});
