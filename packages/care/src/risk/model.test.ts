import type { RiskInputs } from '@careweave/store';
import { describe, expect, it } from 'vitest';
import { modelAssessment } from './assessment.js';
import { ICD10_CM, INTEGRATED_CARE, RISK_LOINC } from './codes.js';
import { DEFAULT_ADMISSION_MODEL } from './default-model.js';
import { dischargeAssessments } from './discharge.js';
import { riskFactors } from './features.js';
import { predictAdmission } from './model.js';
import { buildPersons } from './person.js';
import { registryGroup, REGISTRIES } from './registries.js';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const cond = (
  id: string,
  code: string,
  recorded: string,
  categories = ['http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item'],
): RiskInputs['conditions'][number] => ({
  patientId: 'rosa',
  id,
  codes: [`${ICD10_CM}|${code}`],
  categories,
  clinicalStatus: 'active',
  verificationStatus: 'confirmed',
  recorded,
  abated: null,
  text: null,
});
const enc = (
  id: string,
  cls: string,
  start: string,
  end: string,
  admitSource: string | null = null,
): RiskInputs['encounters'][number] => ({
  patientId: 'rosa',
  id,
  class: cls,
  start,
  end,
  admitSource,
  priority: null,
  types: [],
  serviceProvider: 'Organization/riverside-general-hospital',
});
const obs = (
  id: string,
  code: string,
  effective: string,
  value: number,
  encounter: string | null = null,
): RiskInputs['observations'][number] => ({
  patientId: 'rosa',
  id,
  code,
  effective,
  value,
  valueCode: null,
  encounter,
});

/** Rosa: 74, heart failure, diabetes with CKD, depression, food insecurity, two emergency admissions this year. */
const INPUTS: RiskInputs = {
  patients: [
    {
      id: 'rosa',
      birthDate: '1952-09-24',
      gender: 'female',
      organization: 'Organization/northside',
      deceased: false,
    },
    {
      id: 'sam',
      birthDate: '1990-01-01',
      gender: 'male',
      organization: 'Organization/northside',
      deceased: false,
    },
  ],
  conditions: [
    cond('hf', 'I50.9', '2022-02-17'),
    cond('dm', 'E11.22', '2022-02-17'),
    cond('dep', 'F32.9', '2023-05-01'),
    cond('food', 'Z59.41', '2025-06-01', [
      'http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh',
    ]),
    cond('old-food', 'Z59.41', '2020-01-01', [
      'http://hl7.org/fhir/us/core/CodeSystem/us-core-category|sdoh',
    ]),
  ].map((c) => (c.id === 'old-food' ? { ...c, abated: '2021-01-01' } : c)),
  encounters: [
    enc('stay1', 'IMP', '2026-03-01T10:00:00Z', '2026-03-06T12:00:00Z', 'emd'),
    enc('ed-stay2', 'EMER', '2026-08-10T06:00:00Z', '2026-08-10T10:00:00Z'),
    enc('stay2', 'IMP', '2026-08-10T10:00:00Z', '2026-08-14T12:00:00Z', 'emd'),
    enc('ed1', 'EMER', '2026-06-01T09:00:00Z', '2026-06-01T13:00:00Z'),
  ],
  observations: [
    obs('a1c-old', RISK_LOINC.HBA1C, '2025-09-01T09:00:00Z', 8.1),
    obs('a1c', RISK_LOINC.HBA1C, '2026-09-01T09:00:00Z', 9.8),
    obs('phq', RISK_LOINC.PHQ9_TOTAL, '2026-09-01T09:30:00Z', 14),
    obs('na', RISK_LOINC.SODIUM, '2026-08-14T08:00:00Z', 133, 'Encounter/stay2'),
    obs('hb', RISK_LOINC.HEMOGLOBIN, '2026-08-14T08:00:00Z', 12.5, 'Encounter/stay2'),
  ],
  episodes: [
    {
      patientId: 'sam',
      id: 'ep',
      status: 'active',
      types: [INTEGRATED_CARE],
      start: '2026-10-01',
      end: null,
    },
  ],
  procedures: [],
  assessments: [],
};

describe('risk factors and the explained prediction', () => {
  const persons = buildPersons(INPUTS);
  const rosa = persons.get('rosa');
  if (!rosa) throw new Error('fixture');

  it('reads utilisation, multimorbidity, labs and social needs as of the date, from data recorded before it', () => {
    const f = riskFactors(rosa, AS_OF);
    expect(f.age).toBe(74);
    expect(f.admissions12m.map((s) => s.id)).toEqual(['stay1', 'stay2']);
    expect(f.edVisits12m).toHaveLength(2);
    expect(f.hba1c?.value).toBe(9.8);
    expect([...f.groups].sort()).toEqual(['depression', 'diabetes', 'heart-failure']);
    expect([...f.socialNeeds.keys()]).toEqual(['food']);
    expect(f.mentalWithPhysical).toBe(true);
    expect(f.charlson1987).toBe(3); // CHF 1 + diabetes with complications 2
    // Before the first admission, none of this year's events count.
    const before = riskFactors(rosa, Date.parse('2026-02-01'));
    expect(before.admissions12m).toHaveLength(0);
    expect(before.hba1c?.value).toBe(8.1);
    expect(persons.get('sam') && riskFactors(persons.get('sam')!, AS_OF).enrolled).toBe(true);
  });

  it('explains the prediction in words, strongest first, with the records behind it', () => {
    const p = predictAdmission(DEFAULT_ADMISSION_MODEL, riskFactors(rosa, AS_OF));
    expect(p.probability).toBeGreaterThan(0.3);
    const words = p.factors.map((x) => x.text);
    expect(words).toContain('2 admissions in 12 months');
    expect(words).toContain('HbA1c 9.8%');
    expect(p.factors.find((x) => x.key === 'admissions-12m')?.basis).toEqual([
      'Encounter/stay1',
      'Encounter/stay2',
    ]);
    const all = predictAdmission(DEFAULT_ADMISSION_MODEL, riskFactors(rosa, AS_OF), 20).factors.map(
      (x) => x.text,
    );
    expect(all).toContain('food insecurity');
    expect(all).toContain('heart failure');
    for (let i = 1; i < p.factors.length; i++)
      expect(p.factors[i]?.weight).toBeLessThanOrEqual(p.factors[i - 1]?.weight ?? 0);
  });

  it('stores the prediction as a RiskAssessment with probability, tier, rationale and basis', () => {
    const f = riskFactors(rosa, AS_OF);
    const prediction = predictAdmission(DEFAULT_ADMISSION_MODEL, f, 20);
    const ra = modelAssessment({
      patientId: 'rosa',
      asOf: AS_OF,
      model: DEFAULT_ADMISSION_MODEL,
      prediction,
      tier: 'very-high',
      factors: f,
    });
    expect(ra.subject.reference).toBe('Patient/rosa');
    expect(ra.prediction?.[0]?.qualitativeRisk?.coding?.[0]?.code).toBe('very-high');
    expect(ra.prediction?.[0]?.rationale).toContain('2 admissions in 12 months');
    expect(ra.basis?.map((b) => b.reference)).toContain('Observation/a1c');
    // Depression (a psychiatric record) contributes but is never named where any staff member can read it.
    expect(prediction.withheld).toBe(true);
    expect(JSON.stringify(ra)).not.toMatch(/depress|PHQ/i);
    expect(ra.note?.[0]?.text).toMatch(
      /^Factors from records with restricted access also contributed/,
    );
    expect(ra.meta).toBeUndefined();
  });

  it('scores LACE and HOSPITAL at each discharge', () => {
    const scores = dischargeAssessments(rosa, AS_OF);
    const text = (code: string, stay: string): string | undefined =>
      scores.find(
        (r) =>
          r.method?.coding?.[0]?.code === code && r.encounter?.reference === `Encounter/${stay}`,
      )?.note?.[0]?.text;
    // Stay 2: 4 days (L 4), emergency (A 3), Charlson 3 (C 3), one earlier ED visit in 6 months (E 1).
    expect(text('lace', 'stay2')).toMatch(/^LACE 11: L 4, A 3, C 3, E 1 \(high risk/);
    // Sodium 133 at discharge (S 1), urgent (IT 1), one admission in 12 months (A 0), 4 days (L 0).
    expect(text('hospital-score', 'stay2')).toMatch(
      /^HOSPITAL 2: H 0, O 0, S 1, P 0, IT 1, A 0, L 0 \(low risk/,
    );
    expect(scores).toHaveLength(4);
  });

  it('keeps registries: members with an active diagnosis, others untouched on incremental updates', () => {
    const hf = REGISTRIES.find((r) => r.key === 'heart-failure');
    if (!hf) throw new Error('registry');
    const group = registryGroup(hf, persons.values(), AS_OF);
    expect(group.member?.map((m) => m.entity.reference)).toEqual(['Patient/rosa']);
    const previous = {
      ...group,
      member: [...(group.member ?? []), { entity: { reference: 'Patient/other' } }],
    };
    const updated = registryGroup(hf, [persons.get('sam')!], AS_OF, previous, ['rosa']);
    expect(updated.member?.map((m) => m.entity.reference)).toEqual(['Patient/other']);
    expect(updated.quantity).toBe(1);
  });
});
