import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeOfCare, Patient } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import { readGenerated } from '../test/fhir-checks.js';
import { generateToTemp, parseCsv, removeGenerated } from '../test/generated.js';

afterAll(removeGenerated);

describe('truth.csv', () => {
  it('records the injected programme effect: after enrolment p = p_without × (1 − effect)', async () => {
    const { dir } = await generateToTemp({ patients: 400, seed: 5, programmeEffect: 0.12 });
    const rows = parseCsv(readFileSync(join(dir, 'truth.csv'), 'utf8'));
    const after = rows.filter((r) => r.after_enrolment === 'true');
    const before = rows.filter((r) => r.after_enrolment === 'false');
    expect(after.length).toBeGreaterThan(10);
    for (const r of after) {
      expect(r.enrolled).toBe('true');
      expect(Number(r.programme_effect)).toBe(0.12);
      expect(Number(r.p_admission)).toBeCloseTo(Number(r.p_admission_without_programme) * 0.88, 5);
      expect((r.period_start ?? '') >= (r.enrolment_date ?? '')).toBe(true);
    }
    for (const r of before) {
      expect(r.p_admission).toBe(r.p_admission_without_programme);
      expect(Number(r.programme_effect)).toBe(0);
    }

    // Every patient has rows, and enrolled patients' EpisodeOfCare starts on the recorded date.
    const data = readGenerated(dir);
    const patients = (data.get('Patient') ?? []) as Patient[];
    const ids = new Set(rows.map((r) => r.patient_id));
    expect(patients.every((p) => ids.has(p.id ?? ''))).toBe(true);
    const enrolmentDate = new Map(
      rows
        .filter((r) => r.enrolled === 'true')
        .map((r) => [`Patient/${r.patient_id}`, r.enrolment_date]),
    );
    const episodes = (data.get('EpisodeOfCare') ?? []) as EpisodeOfCare[];
    expect(episodes.length).toBe(enrolmentDate.size);
    for (const e of episodes)
      expect(e.period?.start).toBe(enrolmentDate.get(e.patient.reference ?? ''));
    // Three history years plus a forecast year per person (enrolled people have one split year).
    expect(rows.filter((r) => r.kind === 'forecast').length).toBe(patients.length);
  });

  it('applies no effect when none is injected', async () => {
    const { dir } = await generateToTemp({ patients: 100, seed: 5 });
    const rows = parseCsv(readFileSync(join(dir, 'truth.csv'), 'utf8'));
    for (const r of rows) expect(r.p_admission).toBe(r.p_admission_without_programme);
  });
});
