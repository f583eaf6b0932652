import { describe, expect, it } from 'vitest';
import { phq9, phq9Item9 as item9, record, referral, task } from '../testing/records.js';
import { phq9FollowUp, phq9Item9 } from './depression.js';

describe('PHQ-9 ≥ 10 without a follow-up plan within 14 days (CMS2)', () => {
  it('fires at exactly 10 and not at 9', () => {
    const r = record();
    r.observations = [phq9(10, '2026-03-10')];
    expect(phq9FollowUp.evaluate(r)?.indicator).toBe('warning');
    r.observations = [phq9(9, '2026-03-10')];
    expect(phq9FollowUp.evaluate(r)).toBeUndefined();
  });

  it('a plan on day 14 after the screen counts, one on day 15 does not', () => {
    const r = record('2026-04-10T12:00:00Z');
    r.observations = [phq9(15, '2026-03-10')];
    r.tasks = [task('2026-03-24T09:00:00Z')]; // day 14
    expect(phq9FollowUp.evaluate(r)).toBeUndefined();
    r.tasks = [task('2026-03-25T09:00:00Z')]; // day 15
    const card = phq9FollowUp.evaluate(r);
    expect(card?.summary).toContain('within 14 days');
  });

  it('a plan before the screen, or a cancelled one, is not a follow-up plan; a referral is', () => {
    const r = record();
    r.observations = [phq9(12, '2026-03-10')];
    r.tasks = [task('2026-03-09'), task('2026-03-11', 'cancelled')];
    expect(phq9FollowUp.evaluate(r)).toBeDefined();
    r.serviceRequests = [referral('2026-03-12')];
    expect(phq9FollowUp.evaluate(r)).toBeUndefined();
  });

  it('reads the latest PHQ-9 only, and none older than a year', () => {
    const r = record();
    r.observations = [phq9(18, '2026-01-10'), phq9(6, '2026-03-01')];
    expect(phq9FollowUp.evaluate(r)).toBeUndefined();
    r.observations = [phq9(18, '2025-03-17')];
    expect(phq9FollowUp.evaluate(r)).toBeUndefined();
    r.observations = [phq9(18, '2025-03-18')];
    expect(phq9FollowUp.evaluate(r)).toBeDefined();
  });

  it('suggests a follow-up Task for the person, focused on the screen', () => {
    const r = record();
    const screen = phq9(11, '2026-03-16');
    r.observations = [screen];
    const resource = phq9FollowUp.evaluate(r)?.suggestions[0]?.actions[0]?.resource;
    expect(resource).toMatchObject({
      resourceType: 'Task',
      status: 'requested',
      for: { reference: 'Patient/p1' },
      focus: { reference: `Observation/${screen.id}` },
    });
  });
});

describe('PHQ-9 item 9 > 0 (critical)', () => {
  it('fires critical at 1 and not at 0', () => {
    const r = record();
    r.observations = [item9(1, '2026-03-17')];
    expect(phq9Item9.evaluate(r)?.indicator).toBe('critical');
    r.observations = [item9(0, '2026-03-17')];
    expect(phq9Item9.evaluate(r)).toBeUndefined();
  });

  it('quiet once a safety assessment task exists from the day of the answer on', () => {
    const r = record();
    r.observations = [item9(2, '2026-03-17')];
    const suggested = phq9Item9.evaluate(r)?.suggestions[0]?.actions[0]?.resource;
    r.tasks = [{ ...task('2026-03-16'), code: (suggested as { code?: never }).code }];
    expect(phq9Item9.evaluate(r)).toBeDefined();
    r.tasks = [{ ...task('2026-03-17'), code: (suggested as { code?: never }).code }];
    expect(phq9Item9.evaluate(r)).toBeUndefined();
    r.tasks = [{ ...task('2026-03-17', 'cancelled'), code: (suggested as { code?: never }).code }];
    expect(phq9Item9.evaluate(r)).toBeDefined();
  });

  it('reads a LOINC answer code as points', () => {
    const r = record();
    const o = item9(0, '2026-03-17');
    delete o.valueQuantity;
    o.valueCodeableConcept = { coding: [{ system: 'http://loinc.org', code: 'LA6570-1' }] };
    r.observations = [o];
    expect(phq9Item9.evaluate(r)?.summary).toContain('item 9 = 2');
  });
});
