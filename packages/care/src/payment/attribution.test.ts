import { describe, expect, it } from 'vitest';
import { attributeMembers, type AttributionVisit } from './attribution.js';

const visit = (
  day: string,
  practitioner: string | null,
  organization = 'Organization/north',
  paid = 100,
): AttributionVisit => ({ patientId: 'ann', day, practitioner, organization, paid });

const months = (visits: AttributionVisit[], list: string[], lookback = 12) =>
  attributeMembers(visits, list, lookback).get('ann') ?? [];

describe('attribution by plurality of primary-care visits', () => {
  it('gives Ann to the practitioner she saw most often in the look-back', () => {
    const [jun] = months(
      [
        visit('2026-01-10', 'Practitioner/a', 'Organization/north'),
        visit('2026-02-10', 'Practitioner/a', 'Organization/north'),
        visit('2026-03-10', 'Practitioner/a', 'Organization/north'),
        visit('2026-04-10', 'Practitioner/b', 'Organization/south'),
        visit('2026-05-10', 'Practitioner/b', 'Organization/south'),
      ],
      ['2026-06'],
    );
    expect(jun).toEqual({
      month: '2026-06',
      practitioner: 'Practitioner/a',
      organization: 'Organization/north',
      visits: 3,
      tied: false,
      // May already had the same plurality.
      change: 'unchanged',
    });
  });

  it('breaks a tie first by the most recent visit', () => {
    const [jun] = months(
      [
        visit('2026-01-10', 'Practitioner/a'),
        visit('2026-05-10', 'Practitioner/a'),
        visit('2026-02-10', 'Practitioner/b', 'Organization/south'),
        visit('2026-05-20', 'Practitioner/b', 'Organization/south'),
      ],
      ['2026-06'],
    );
    expect(jun).toMatchObject({ practitioner: 'Practitioner/b', visits: 2, tied: true });
  });

  it('then by the higher paid amount, then by the lower reference', () => {
    const sameDay = [
      visit('2026-05-10', 'Practitioner/b', 'Organization/north', 130),
      visit('2026-05-10', 'Practitioner/a', 'Organization/north', 120),
    ];
    expect(months(sameDay, ['2026-06'])[0]?.practitioner).toBe('Practitioner/b');
    const samePaid = [
      visit('2026-05-10', 'Practitioner/b', 'Organization/north', 120),
      visit('2026-05-10', 'Practitioner/a', 'Organization/north', 120),
    ];
    expect(months(samePaid, ['2026-06'])[0]?.practitioner).toBe('Practitioner/a');
    // Input order does not matter.
    expect(months([...samePaid].reverse(), ['2026-06'])[0]?.practitioner).toBe('Practitioner/a');
  });

  it('takes the organisation of the winner’s most recent visit', () => {
    const [mar] = months(
      [
        visit('2026-01-10', 'Practitioner/a', 'Organization/north'),
        visit('2026-02-10', 'Practitioner/a', 'Organization/south'),
      ],
      ['2026-03'],
    );
    expect(mar?.organization).toBe('Organization/south');
  });

  it('recomputes every month and says why the attribution changed', () => {
    // January: Dr A once (new). February: Dr B once, tied, more recent (tie-break).
    // March: Dr B twice (unchanged).
    const series = months(
      [
        visit('2026-01-10', 'Practitioner/a'),
        visit('2026-02-05', 'Practitioner/b'),
        visit('2026-03-05', 'Practitioner/b'),
      ],
      ['2026-01', '2026-02', '2026-03'],
    );
    expect(series.map((s) => [s.month, s.practitioner, s.change])).toEqual([
      ['2026-01', 'Practitioner/a', 'new'],
      ['2026-02', 'Practitioner/b', 'tie-break'],
      ['2026-03', 'Practitioner/b', 'unchanged'],
    ]);
    // Two visits to A in January (attributed since then); B overtakes in March with three (plurality shift).
    const shift = months(
      [
        visit('2026-01-10', 'Practitioner/a'),
        visit('2026-01-20', 'Practitioner/a'),
        visit('2026-02-10', 'Practitioner/b'),
        visit('2026-03-10', 'Practitioner/b'),
        visit('2026-03-20', 'Practitioner/b'),
      ],
      ['2026-02', '2026-03'],
    );
    expect(shift.map((s) => [s.practitioner, s.change])).toEqual([
      ['Practitioner/a', 'unchanged'],
      ['Practitioner/b', 'plurality-shift'],
    ]);
  });

  it('ends the attribution when no visit is left in the look-back', () => {
    const series = months(
      [visit('2026-01-10', 'Practitioner/a')],
      ['2026-01', '2026-02', '2026-03'],
      2,
    );
    expect(series.map((s) => [s.practitioner, s.change])).toEqual([
      ['Practitioner/a', 'new'],
      ['Practitioner/a', 'unchanged'],
      [null, 'no-visits-in-lookback'],
    ]);
  });

  it('compares the first month with the month before it', () => {
    const [feb] = months([visit('2025-12-10', 'Practitioner/a')], ['2026-02']);
    expect(feb).toMatchObject({ practitioner: 'Practitioner/a', change: 'unchanged' });
  });
});
