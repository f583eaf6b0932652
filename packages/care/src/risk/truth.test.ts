import { describe, expect, it } from 'vitest';
import { parseTruthCsv, truthProbability } from './truth.js';

const CSV = `patient_id,period_start,period_end,kind,p_admission,p_admission_without_programme,ed_rate,enrolled,enrolment_date,after_enrolment,programme_effect,admissions,ed_visits
p1,2024-11-01,2025-11-01,history,0.100000,0.100000,0.2,false,,false,0,1,0
p1,2025-11-01,2026-05-01,history,0.200000,0.200000,0.2,true,2026-05-01,false,0,0,1
p1,2026-05-01,2026-11-01,history,0.100000,0.200000,0.2,true,2026-05-01,true,0.5,1,0
p1,2026-11-01,2027-11-01,forecast,0.100000,0.200000,0.2,true,2026-05-01,true,0.5,0,0
`;

describe('truth.csv', () => {
  it('parses rows and combines split periods as independent hazards', () => {
    const rows = parseTruthCsv(CSV);
    expect(rows).toHaveLength(4);
    const year = truthProbability(rows, Date.parse('2025-11-01'), Date.parse('2026-11-01'));
    // Half a year at 20% and half a year at 10%: 1 − √0.8 · √0.9.
    expect(year?.probability).toBeCloseTo(1 - Math.sqrt(0.8) * Math.sqrt(0.9), 2);
    expect(year?.admissions).toBe(1);
    expect(
      truthProbability(rows, Date.parse('2020-01-01'), Date.parse('2021-01-01')),
    ).toBeUndefined();
  });

  it('names the line of a malformed row', () => {
    expect(() =>
      parseTruthCsv(`${CSV}p2,2024-11-01,x,history,0.1,0.1,0,false,,false,0,0,0\n`),
    ).toThrow(/line 6/);
    expect(() => parseTruthCsv('a,b\n1,2\n')).toThrow(/patient_id/);
  });
});
