import { describe, expect, it } from 'vitest';
import { hospitalScore, type HospitalScoreInput } from './hospital-score.js';

describe('HOSPITAL score (Donzé, JAMA Intern Med 2013)', () => {
  const none: HospitalScoreInput = {
    hemoglobinGdl: 13,
    oncology: false,
    sodiumMmolL: 140,
    procedure: false,
    urgent: false,
    admissions12m: 0,
    losDays: 2,
  };

  it('spans 0 to 13 as published', () => {
    expect(hospitalScore(none)).toMatchObject({ score: 0, band: 'low' });
    expect(
      hospitalScore({
        hemoglobinGdl: 9,
        oncology: true,
        sodiumMmolL: 128,
        procedure: true,
        urgent: true,
        admissions12m: 6,
        losDays: 10,
      }),
    ).toMatchObject({ score: 13, band: 'high' });
  });

  it('gives each point at its edge', () => {
    expect(hospitalScore({ ...none, hemoglobinGdl: 11.9 }).points.h).toBe(1);
    expect(hospitalScore({ ...none, hemoglobinGdl: 12 }).points.h).toBe(0);
    expect(hospitalScore({ ...none, sodiumMmolL: 134 }).points.s).toBe(1);
    expect(hospitalScore({ ...none, sodiumMmolL: 135 }).points.s).toBe(0);
    expect(hospitalScore({ ...none, losDays: 4.9 }).points.l).toBe(0);
    expect(hospitalScore({ ...none, losDays: 5 }).points.l).toBe(2);
    expect([1, 2, 5, 6].map((a) => hospitalScore({ ...none, admissions12m: a }).points.a)).toEqual([
      0, 2, 2, 5,
    ]);
    expect(hospitalScore({ ...none, hemoglobinGdl: undefined, sodiumMmolL: undefined }).score).toBe(
      0,
    );
  });

  it('risk classes: low 0–4, intermediate 5–6, high ≥ 7', () => {
    expect(hospitalScore({ ...none, oncology: true, admissions12m: 2 })).toMatchObject({
      score: 4,
      band: 'low',
    });
    expect(
      hospitalScore({ ...none, oncology: true, admissions12m: 2, urgent: true }),
    ).toMatchObject({ score: 5, band: 'intermediate' });
    expect(
      hospitalScore({ ...none, oncology: true, admissions12m: 2, urgent: true, procedure: true }),
    ).toMatchObject({ score: 6, band: 'intermediate' });
    expect(
      hospitalScore({
        ...none,
        oncology: true,
        admissions12m: 2,
        urgent: true,
        procedure: true,
        hemoglobinGdl: 10,
      }),
    ).toMatchObject({ score: 7, band: 'high' });
  });

  it('rejects impossible input', () => {
    expect(() => hospitalScore({ ...none, admissions12m: -2 })).toThrow(RangeError);
  });
});
