import { OperationOutcomeError } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import {
  readActivityDone,
  readComment,
  readPortalMessage,
  readPriority,
  readQuestionnaireAssignment,
} from './portal-bodies.js';

/** The field a refusal names (OperationOutcome.issue[0].expression[0]). */
function refusedField(read: () => unknown): string | undefined {
  try {
    read();
  } catch (err) {
    if (err instanceof OperationOutcomeError) return err.outcome.issue?.[0]?.expression?.[0];
    throw err;
  }
  throw new Error('expected a 400');
}

describe('portal request bodies', () => {
  it('read each body into its contract type, absent optional fields left out', () => {
    expect(readPriority({ text: 'Walk to the shop', domain: 'health' })).toEqual({
      text: 'Walk to the shop',
      domain: 'health',
    });
    expect(readPriority({ text: 'Sleep' })).toEqual({ text: 'Sleep' });
    expect(readComment({ text: 'Going well' })).toEqual({ text: 'Going well' });
    expect(readActivityDone(undefined)).toEqual({});
    expect(readActivityDone({ note: 'done on Monday' })).toEqual({ note: 'done on Monday' });
    expect(readPortalMessage({ topic: 'Pain', text: 'Worse today' }, false)).toEqual({
      topic: 'Pain',
      text: 'Worse today',
    });
    // A reply takes its thread from the path: a topic in the body is not read.
    expect(readPortalMessage({ topic: 'ignored', text: 'Thanks' }, true)).toEqual({
      text: 'Thanks',
    });
    expect(
      readQuestionnaireAssignment({ patient: 'Patient/p1', instrument: 'phq9', dueInDays: 7 }),
    ).toEqual({ patient: 'Patient/p1', instrument: 'phq9', dueInDays: 7 });
  });

  it('pass a missing text on as "" so that the portal answers with its own coded error', () => {
    expect(readPriority({})).toEqual({ text: '' });
    expect(readPortalMessage({}, false)).toEqual({ text: '', topic: '' });
  });

  it('refuse a field of the wrong JSON kind with a 400 naming it', () => {
    expect(refusedField(() => readPriority({ text: 42 }))).toBe('text');
    expect(refusedField(() => readPriority({ text: 'x', domain: ['a'] }))).toBe('domain');
    expect(refusedField(() => readComment({ text: { html: '<b>' } }))).toBe('text');
    expect(refusedField(() => readActivityDone({ note: true }))).toBe('note');
    expect(refusedField(() => readPortalMessage({ topic: 1, text: 'x' }, false))).toBe('topic');
    expect(
      refusedField(() =>
        readQuestionnaireAssignment({ patient: 'p1', instrument: 'phq9', dueInDays: '7' }),
      ),
    ).toBe('dueInDays');
    expect(refusedField(() => readPriority([]))).toBe('body');
  });
});
