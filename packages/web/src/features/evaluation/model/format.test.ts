import { describe, expect, it } from 'vitest';
import { effectWords, formatRate, intervalWords, quarterLabel, verdict } from './format';

describe('evaluation words', () => {
  it('says a positive estimate is a reduction and a negative one an increase', () => {
    expect(effectWords(0.12)).toBe('12.0% fewer');
    expect(effectWords(-0.05)).toBe('5.0% more');
    expect(effectWords(0.0001)).toBe('no change');
    expect(intervalWords([-0.031, 0.202])).toBe('3.1% more to 20.2% fewer');
  });

  it('calls it only when the interval excludes no effect', () => {
    expect(verdict({ ci95: [0.01, 0.2] })).toBe('reduction');
    expect(verdict({ ci95: [-0.3, -0.02] })).toBe('increase');
    expect(verdict({ ci95: [-0.1, 0.2] })).toBe('unclear');
  });

  it('writes cost in dollars and counts per member-month to four places', () => {
    expect(formatRate(512.4, 'cost')).toBe('$512');
    expect(formatRate(0.01234, 'admissions')).toBe('0.0123');
    expect(formatRate(Number.NaN, 'ed')).toBe('—');
    expect(quarterLabel(-1)).toBe('Q-1');
    expect(quarterLabel(0)).toBe('Q+0');
  });
});
