import { describe, expect, it } from 'vitest';
import { call, encounter, record } from '../testing/records.js';
import { dischargeContact } from './transitions.js';

// Discharged Friday 2026-03-13: 2 business days → Tuesday 2026-03-17.
const discharge = () => encounter('IMP', '2026-03-10T08:00:00Z', '2026-03-13T15:00:00Z');

describe('discharged without contact within 2 business days (TCM / TRC)', () => {
  it('a call on the second business day counts; one on the third does not', () => {
    const r = record('2026-03-20T12:00:00Z');
    r.encounters = [discharge()];
    r.communications = [call('2026-03-17T16:00:00Z')];
    expect(dischargeContact.evaluate(r)).toBeUndefined();
    r.communications = [call('2026-03-18T09:00:00Z')];
    const card = dischargeContact.evaluate(r);
    expect(card?.summary).toBe('Discharged 2026-03-13; no contact by 2026-03-17 (2 business days)');
  });

  it('a clinic visit counts as contact; an in-progress call log (not completed) does not', () => {
    const r = record('2026-03-20T12:00:00Z');
    r.encounters = [discharge(), encounter('AMB', '2026-03-16T10:00:00Z')];
    expect(dischargeContact.evaluate(r)).toBeUndefined();
    r.encounters = [discharge()];
    r.communications = [{ ...call('2026-03-16T10:00:00Z'), status: 'in-progress' }];
    expect(dischargeContact.evaluate(r)).toBeDefined();
  });

  it('before the deadline the card says when contact is due', () => {
    const r = record('2026-03-16T12:00:00Z');
    r.encounters = [discharge()];
    expect(dischargeContact.evaluate(r)?.summary).toBe(
      'Discharged 2026-03-13; contact due by 2026-03-17',
    );
  });

  it('a discharge more than 30 days ago, or a stay still open, is not followed', () => {
    const r = record('2026-04-13T12:00:00Z');
    r.encounters = [discharge()];
    expect(dischargeContact.evaluate(r)).toBeUndefined();
    const open = record('2026-03-20T12:00:00Z');
    open.encounters = [{ ...discharge(), status: 'in-progress' }];
    expect(dischargeContact.evaluate(open)).toBeUndefined();
  });
});
