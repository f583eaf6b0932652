import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TRANSITION_CONFIG,
  TransitionConfigError,
  parseTransitionConfig,
  transitionConfigFromEnv,
} from './config.js';
import { dischargeSteps } from './protocol.js';

describe('transitions configuration', () => {
  it('defaults follow the measures: 2 business days, day 30, 7 and 30 days, Saturday and Sunday off', () => {
    expect(transitionConfigFromEnv({})).toEqual(DEFAULT_TRANSITION_CONFIG);
    expect(DEFAULT_TRANSITION_CONFIG).toMatchObject({
      contactBusinessDays: 2,
      medicationReconciliationDays: 30,
      followUpDays: 7,
      mentalHealthFollowUpDays: 30,
      readmissionDays: 30,
      weekend: [0, 6],
      holidays: [],
    });
  });

  it('reads a JSON file and adds CAREWEAVE_HOLIDAYS to its holidays', () => {
    const dir = mkdtempSync(join(tmpdir(), 'transitions-'));
    const file = join(dir, 'transitions.json');
    writeFileSync(file, JSON.stringify({ holidays: ['2026-12-25'], contactBusinessDays: 1 }));
    const config = transitionConfigFromEnv({
      CAREWEAVE_TRANSITIONS_CONFIG: file,
      CAREWEAVE_HOLIDAYS: '2027-01-01, 2026-12-25',
    });
    expect(config.holidays).toEqual(['2026-12-25', '2027-01-01']);
    expect(config.contactBusinessDays).toBe(1);
    expect(config.followUpDays).toBe(7);
  });

  it('refuses what it cannot use, naming the setting', () => {
    expect(() => parseTransitionConfig({ holidays: ['2026-13-01'] })).toThrow(
      /holidays.*2026-13-01/,
    );
    expect(() => parseTransitionConfig({ followUpDays: -1 })).toThrow(/followUpDays/);
    expect(() => parseTransitionConfig({ weekend: [0, 1, 2, 3, 4, 5, 6] })).toThrow(/weekend/);
    expect(() => parseTransitionConfig({ followupDays: 7 })).toThrow(
      /unknown setting followupDays/,
    );
    expect(() => parseTransitionConfig({ calendarDeadlines: 'later' })).toThrow(
      TransitionConfigError,
    );
    expect(() =>
      transitionConfigFromEnv({ CAREWEAVE_TRANSITIONS_CONFIG: '/nonexistent/t.json' }),
    ).toThrow(/cannot read/);
  });

  it('moves calendar-day deadlines on a day off earlier only when asked', () => {
    const facts = {
      patientName: 'Ana',
      discharged: '2026-12-11T10:00:00-05:00', // a Friday: day 30 is Sunday 10 January
      mentalIllness: true,
      now: new Date('2026-12-11T16:00:00Z'),
    };
    const due = (config = DEFAULT_TRANSITION_CONFIG): Record<string, string | undefined> =>
      Object.fromEntries(dischargeSteps(facts, config).map((s) => [s.code, s.due]));
    expect(due()['follow-up-30-days']).toBe('2027-01-10');
    expect(
      due({ ...DEFAULT_TRANSITION_CONFIG, calendarDeadlines: 'previous-business-day' })[
        'follow-up-30-days'
      ],
    ).toBe('2027-01-08');
    // The day of discharge is the hospital's calendar day, whatever the offset.
    expect(due()['post-discharge-contact']).toBe('2026-12-15');
  });
});
