import { describe, expect, it } from 'vitest';
import { laceIndex, lacePointsL } from './lace.js';

describe('LACE index (van Walraven, CMAJ 2010)', () => {
  it('gives L points at every length-of-stay edge', () => {
    const table: [number, number][] = [
      [0, 0],
      [0.9, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [6, 4],
      [7, 5],
      [13, 5],
      [14, 7],
      [60, 7],
    ];
    for (const [days, points] of table) {
      expect([days, lacePointsL(days)]).toEqual([days, points]);
    }
  });

  it('spans 0 to 19 as published', () => {
    expect(laceIndex({ losDays: 0, acute: false, charlson: 0, edVisits6m: 0 })).toEqual({
      score: 0,
      band: 'low',
      points: { l: 0, a: 0, c: 0, e: 0 },
    });
    expect(laceIndex({ losDays: 14, acute: true, charlson: 4, edVisits6m: 4 }).score).toBe(19);
  });

  it('caps C at 5 for Charlson ≥ 4 and E at 4', () => {
    expect(laceIndex({ losDays: 0, acute: false, charlson: 3, edVisits6m: 3 }).points).toEqual({
      l: 0,
      a: 0,
      c: 3,
      e: 3,
    });
    expect(laceIndex({ losDays: 0, acute: false, charlson: 4, edVisits6m: 4 }).points).toEqual({
      l: 0,
      a: 0,
      c: 5,
      e: 4,
    });
    expect(laceIndex({ losDays: 0, acute: false, charlson: 9, edVisits6m: 12 }).points).toEqual({
      l: 0,
      a: 0,
      c: 5,
      e: 4,
    });
  });

  it('bands: low 0–4, moderate 5–9, high ≥ 10', () => {
    expect(laceIndex({ losDays: 4, acute: false, charlson: 0, edVisits6m: 0 }).band).toBe('low'); // 4
    expect(laceIndex({ losDays: 4, acute: false, charlson: 1, edVisits6m: 0 }).band).toBe(
      'moderate',
    ); // 5
    expect(laceIndex({ losDays: 4, acute: true, charlson: 2, edVisits6m: 0 }).band).toBe(
      'moderate',
    ); // 9
    expect(laceIndex({ losDays: 4, acute: true, charlson: 3, edVisits6m: 0 })).toMatchObject({
      score: 10,
      band: 'high',
    });
  });

  it('rejects impossible input', () => {
    expect(() => laceIndex({ losDays: -1, acute: true, charlson: 0, edVisits6m: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      laceIndex({ losDays: 1, acute: true, charlson: Number.NaN, edVisits6m: 0 }),
    ).toThrow(/charlson/);
  });
});
