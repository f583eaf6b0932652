import { describe, expect, it } from 'vitest';
import {
  PLAIN_WEEK,
  addBusinessDays,
  addCalendarDays,
  isBusinessDay,
  onOrBeforeBusinessDay,
} from './business-days.js';

// December 2026: the 7th is a Monday, the 11th a Friday, the 25th a Friday (Christmas).
const withChristmas = { weekend: [0, 6], holidays: new Set(['2026-12-25', '2026-12-28']) };

describe('business days', () => {
  it('counts from the day after, skipping Saturday and Sunday', () => {
    expect(addBusinessDays('2026-12-07', 2, PLAIN_WEEK)).toBe('2026-12-09'); // Mon → Wed
    expect(addBusinessDays('2026-12-10', 2, PLAIN_WEEK)).toBe('2026-12-14'); // Thu → Mon
    expect(addBusinessDays('2026-12-11', 2, PLAIN_WEEK)).toBe('2026-12-15'); // Fri → Tue
    expect(addBusinessDays('2026-12-12', 2, PLAIN_WEEK)).toBe('2026-12-15'); // Sat → Tue
    expect(addBusinessDays('2026-12-13', 2, PLAIN_WEEK)).toBe('2026-12-15'); // Sun → Tue
    expect(addBusinessDays('2026-12-11', 0, PLAIN_WEEK)).toBe('2026-12-11');
  });

  it('skips configured holidays as well', () => {
    // Discharged Thursday 24th: Friday 25th and Monday 28th are holidays → Tue 29th, Wed 30th.
    expect(addBusinessDays('2026-12-24', 2, withChristmas)).toBe('2026-12-30');
    expect(addBusinessDays('2026-12-24', 2, PLAIN_WEEK)).toBe('2026-12-28'); // Fri 25th, Mon 28th
    expect(isBusinessDay('2026-12-25', withChristmas)).toBe(false);
    expect(isBusinessDay('2026-12-24', withChristmas)).toBe(true);
  });

  it('honours another weekend (Friday and Saturday)', () => {
    const gulf = { weekend: [5, 6], holidays: new Set<string>() };
    expect(addBusinessDays('2026-12-10', 2, gulf)).toBe('2026-12-14'); // Thu → Sun, Mon
    expect(addBusinessDays('2026-12-13', 1, gulf)).toBe('2026-12-14');
  });

  it('moves a deadline on a day off to the business day before it', () => {
    expect(onOrBeforeBusinessDay('2026-12-13', PLAIN_WEEK)).toBe('2026-12-11');
    expect(onOrBeforeBusinessDay('2026-12-28', withChristmas)).toBe('2026-12-24');
    expect(onOrBeforeBusinessDay('2026-12-09', PLAIN_WEEK)).toBe('2026-12-09');
  });

  it('adds calendar days across months and leap years, and refuses days that do not exist', () => {
    expect(addCalendarDays('2028-02-25', 7)).toBe('2028-03-03');
    expect(addCalendarDays('2026-12-07', 30)).toBe('2027-01-06');
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-12-07', -1, PLAIN_WEEK)).toThrow(RangeError);
    expect(() =>
      addBusinessDays('2026-12-07', 1, { weekend: [0, 1, 2, 3, 4, 5, 6], holidays: new Set() }),
    ).toThrow(RangeError);
  });
});
