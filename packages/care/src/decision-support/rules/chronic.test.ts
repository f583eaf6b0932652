import { describe, expect, it } from 'vitest';
import { bloodPressure, encounter, hba1c, record } from '../testing/records.js';
import { bpUncontrolled, hba1cNoVisit } from './chronic.js';

describe('HbA1c > 9% and no visit in 90 days (CMS122)', () => {
  it('fires above 9.0 and not at 9.0', () => {
    const r = record();
    r.observations = [hba1c(9.1, '2026-03-01')];
    expect(hba1cNoVisit.evaluate(r)?.summary).toBe(
      'HbA1c 9.1% (2026-03-01) and no visit in 90 days',
    );
    r.observations = [hba1c(9, '2026-03-01')];
    expect(hba1cNoVisit.evaluate(r)).toBeUndefined();
  });

  it('a visit 90 days ago counts; one 91 days ago does not', () => {
    const r = record(); // 2026-03-18
    r.observations = [hba1c(10.2, '2026-03-01')];
    r.encounters = [encounter('AMB', '2025-12-18T10:00:00Z')]; // 90 days
    expect(hba1cNoVisit.evaluate(r)).toBeUndefined();
    r.encounters = [encounter('AMB', '2025-12-17T10:00:00Z')]; // 91 days
    expect(hba1cNoVisit.evaluate(r)?.detail).toContain('2025-12-17');
  });

  it('an inpatient stay is not a visit; the latest result decides', () => {
    const r = record();
    r.observations = [hba1c(11, '2026-01-01'), hba1c(7.5, '2026-03-01')];
    expect(hba1cNoVisit.evaluate(r)).toBeUndefined();
    r.observations = [hba1c(11, '2026-03-01')];
    r.encounters = [encounter('IMP', '2026-03-02T10:00:00Z', '2026-03-05T10:00:00Z')];
    expect(hba1cNoVisit.evaluate(r)).toBeDefined();
  });
});

describe('BP ≥ 140/90 at the last two readings (CMS165)', () => {
  it('139/89 twice is controlled; 140/89 or 139/90 twice is not', () => {
    const r = record();
    r.observations = [
      bloodPressure(139, 89, '2026-03-01T09:00:00Z'),
      bloodPressure(139, 89, '2026-03-10T09:00:00Z'),
    ];
    expect(bpUncontrolled.evaluate(r)).toBeUndefined();
    r.observations = [
      bloodPressure(140, 89, '2026-03-01T09:00:00Z'),
      bloodPressure(139, 90, '2026-03-10T09:00:00Z'),
    ];
    expect(bpUncontrolled.evaluate(r)?.summary).toBe(
      'Blood pressure 139/90 (2026-03-10) and 140/89 (2026-03-01): not controlled',
    );
  });

  it('needs both of the last two: a high reading then a controlled one is quiet', () => {
    const r = record();
    r.observations = [
      bloodPressure(150, 95, '2026-02-01T09:00:00Z'),
      bloodPressure(152, 96, '2026-03-01T09:00:00Z'),
      bloodPressure(128, 80, '2026-03-10T09:00:00Z'),
    ];
    expect(bpUncontrolled.evaluate(r)).toBeUndefined();
    r.observations = [bloodPressure(160, 100, '2026-03-10T09:00:00Z')];
    expect(bpUncontrolled.evaluate(r)).toBeUndefined();
  });

  it('suggests a Goal of below 140/90', () => {
    const r = record();
    r.observations = [
      bloodPressure(150, 92, '2026-03-01T09:00:00Z'),
      bloodPressure(145, 91, '2026-03-10T09:00:00Z'),
    ];
    expect(bpUncontrolled.evaluate(r)?.suggestions[0]?.actions[0]?.resource).toMatchObject({
      resourceType: 'Goal',
      lifecycleStatus: 'proposed',
      subject: { reference: 'Patient/p1' },
    });
  });
});
