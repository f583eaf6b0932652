import { describe, expect, test } from 'vitest';
import { dateRange, MAX_INSTANT, MIN_INSTANT, periodRange } from './dates.js';

describe('dateRange honours precision', () => {
  test('a year covers the whole year', () => {
    expect(dateRange('2025')).toEqual({
      low: '2025-01-01T00:00:00.000Z',
      high: '2025-12-31T23:59:59.999Z',
    });
  });

  test('a month covers the whole month, with leap years', () => {
    expect(dateRange('2025-03')).toEqual({
      low: '2025-03-01T00:00:00.000Z',
      high: '2025-03-31T23:59:59.999Z',
    });
    expect(dateRange('2024-02')?.high).toBe('2024-02-29T23:59:59.999Z');
    expect(dateRange('2025-02')?.high).toBe('2025-02-28T23:59:59.999Z');
    expect(dateRange('1900-02')?.high).toBe('1900-02-28T23:59:59.999Z');
    expect(dateRange('2000-02')?.high).toBe('2000-02-29T23:59:59.999Z');
    expect(dateRange('2025-12')?.high).toBe('2025-12-31T23:59:59.999Z');
  });

  test('a date covers the whole UTC day', () => {
    expect(dateRange('2025-03-04')).toEqual({
      low: '2025-03-04T00:00:00.000Z',
      high: '2025-03-04T23:59:59.999Z',
    });
    expect(dateRange('2024-02-29')?.low).toBe('2024-02-29T00:00:00.000Z');
  });

  test('a dateTime with an offset is converted to UTC and covers its second', () => {
    expect(dateRange('2025-03-04T10:00:00+02:00')).toEqual({
      low: '2025-03-04T08:00:00.000Z',
      high: '2025-03-04T08:00:00.999Z',
    });
    expect(dateRange('2025-12-31T22:30:00-05:30')?.low).toBe('2026-01-01T04:00:00.000Z');
    expect(dateRange('2025-03-04T10:00:00Z')?.low).toBe('2025-03-04T10:00:00.000Z');
  });

  test('minutes without seconds cover the minute; fractions their own precision', () => {
    expect(dateRange('2025-03-04T10:15+01:00')).toEqual({
      low: '2025-03-04T09:15:00.000Z',
      high: '2025-03-04T09:15:59.999Z',
    });
    expect(dateRange('2025-03-04T10:15:30.5Z')).toEqual({
      low: '2025-03-04T10:15:30.500Z',
      high: '2025-03-04T10:15:30.599Z',
    });
    expect(dateRange('2025-03-04T10:15:30.123456Z')).toEqual({
      low: '2025-03-04T10:15:30.123Z',
      high: '2025-03-04T10:15:30.123Z',
    });
  });

  test('early years are not mistaken for the 1900s', () => {
    expect(dateRange('0001')?.low).toBe(MIN_INSTANT);
    expect(dateRange('0050-06-15')?.low).toBe('0050-06-15T00:00:00.000Z');
  });

  test('invalid dates have no range', () => {
    for (const value of [
      '2025-02-30',
      '2025-13',
      '2025-00-01',
      '2025-03-04T25:00:00Z',
      'around May',
      '',
      '25',
    ]) {
      expect(dateRange(value), value).toBeUndefined();
    }
  });
});

describe('periodRange', () => {
  test('runs from the start of start to the end of end', () => {
    expect(periodRange('2025-01', '2025-02-10')).toEqual({
      low: '2025-01-01T00:00:00.000Z',
      high: '2025-02-10T23:59:59.999Z',
    });
  });

  test('an open Period is still ongoing; a missing start is unbounded', () => {
    expect(periodRange('2025-01-01T08:00:00Z', undefined)).toEqual({
      low: '2025-01-01T08:00:00.000Z',
      high: MAX_INSTANT,
    });
    expect(periodRange(undefined, '2025')).toEqual({
      low: MIN_INSTANT,
      high: '2025-12-31T23:59:59.999Z',
    });
    expect(periodRange(undefined, undefined)).toBeUndefined();
  });
});
