import { describe, expect, it } from 'vitest';
import { rankWhoNeedsMe, reasonsOf, type TodaySignals } from './rank.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-08T09:00:00Z');
const person = (id: string, s: Partial<TodaySignals> = {}): TodaySignals => ({
  patientId: id,
  tier: 'low',
  edVisits: [],
  admissions12m: 0,
  missedAppointments: [],
  positiveScreenings: [],
  overdueTasks: 0,
  enrolled: false,
  ...s,
});

describe('who needs me today: points and reasons', () => {
  it('a discharge weighs most in its first week, less up to 30 days, a little up to 90, then nothing', () => {
    const at = (days: number) =>
      reasonsOf(person('a', { lastDischarge: NOW - days * DAY }), NOW).find(
        (r) => r.code === 'discharge',
      );
    expect(at(7)).toEqual({ code: 'discharge', points: 5, text: 'discharged 7 days ago' });
    expect(at(8)?.points).toBe(3);
    expect(at(30)?.points).toBe(3);
    expect(at(31)?.points).toBe(1);
    expect(at(91)).toBeUndefined();
    expect(at(1)?.text).toBe('discharged yesterday');
  });

  it('days since last contact count for the enrolled from 30 days, double from 60', () => {
    const contact = (days: number | undefined) =>
      reasonsOf(
        person('a', {
          enrolled: true,
          lastContact: days === undefined ? undefined : NOW - days * DAY,
        }),
        NOW,
      ).find((r) => r.code === 'no-contact');
    expect(contact(29)).toBeUndefined();
    expect(contact(30)).toEqual({ code: 'no-contact', points: 1, text: 'no contact for 30 days' });
    expect(contact(60)?.points).toBe(2);
    expect(contact(undefined)?.text).toBe('no contact recorded');
  });

  it('ranks by points, then probability, then id; people with no reason are left out', () => {
    const ranked = rankWhoNeedsMe(
      [
        person('quiet'),
        person('ed', { edVisits: [NOW - 2 * DAY, NOW - 40 * DAY] }),
        person('high-a', { tier: 'high', probability: 0.2 }),
        person('high-b', { tier: 'high', probability: 0.25 }),
        person('screen', {
          positiveScreenings: [{ time: NOW - 5 * DAY, text: 'PHQ-9 14' }],
          overdueTasks: 2,
        }),
      ],
      NOW,
    );
    expect(ranked.map((r) => r.patientId)).toEqual(['high-b', 'high-a', 'ed', 'screen']);
    expect(ranked[2]?.reasons[0]?.text).toBe('ED visit 2 days ago (2 in 90 days)');
    expect(ranked[3]?.reasons.map((r) => r.text)).toEqual([
      'positive screening: PHQ-9 14 (5 days ago)',
      '2 overdue tasks',
    ]);
    expect(ranked[0]?.reasons[0]?.text).toBe(
      'high risk tier (25% chance of an emergency admission in 12 months)',
    );
  });
});
