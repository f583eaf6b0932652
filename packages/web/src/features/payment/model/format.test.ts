import { describe, expect, it } from 'vitest';
import { formatPercent, formatUsd, parsePeriodInput } from './format';

describe('payment formatting', () => {
  it('writes dollars with cents, separators and a leading minus', () => {
    expect(formatUsd(1234567.891)).toBe('$1,234,567.89');
    expect(formatUsd(-129943.07)).toBe('-$129,943.07');
    expect(formatUsd(0)).toBe('$0.00');
  });

  it('writes fractions as percentages', () => {
    expect(formatPercent(0.0525)).toBe('5.3%');
  });

  it('accepts a month range, one month or nothing as the period', () => {
    expect(parsePeriodInput(' 2026-01..2026-06 ')).toBe('2026-01..2026-06');
    expect(parsePeriodInput('2026-03')).toBe('2026-03');
    expect(parsePeriodInput('')).toBe('');
    expect(parsePeriodInput('2026-13')).toBeNull();
    expect(parsePeriodInput('January')).toBeNull();
  });
});
