/**
 * Vital signs and laboratory Observations (LOINC codes, UCUM units) whose values track the person's
 * disease and its control: uncontrolled diabetes gives a high HbA1c, CKD stage a matching eGFR,
 * uncontrolled hypertension a high blood pressure; values shift during admissions.
 */
import type { Observation } from '@medplum/fhirtypes';
import { SYSTEM } from './codes.js';
import { patientRef, practitionerRef, type PersonContext } from './context.js';
import { hasCondition } from './person-model.js';
import type { ConditionKey } from './prevalence.js';
import { clamp } from './random.js';
import { ageOn, formatDateTime } from './time.js';
import type { StaffMember } from './workforce.js';

/** LOINC codes of the measurements generated. */
export const LAB = {
  bp: ['85354-9', 'Blood pressure panel with all children optional'],
  systolic: ['8480-6', 'Systolic blood pressure'],
  diastolic: ['8462-4', 'Diastolic blood pressure'],
  bmi: ['39156-5', 'Body mass index (BMI) [Ratio]'],
  hba1c: ['4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood'],
  egfr: [
    '62238-1',
    'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI)',
  ],
  hemoglobin: ['718-7', 'Hemoglobin [Mass/volume] in Blood'],
  sodium: ['2951-2', 'Sodium [Moles/volume] in Serum or Plasma'],
} as const;

function category(code: 'vital-signs' | 'laboratory'): Observation['category'] {
  return [
    {
      coding: [
        {
          system: SYSTEM.OBSERVATION_CATEGORY,
          code,
          display: code === 'vital-signs' ? 'Vital Signs' : 'Laboratory',
        },
      ],
    },
  ];
}

function quantity(
  value: number,
  unit: string,
  code: string,
): NonNullable<Observation['valueQuantity']> {
  return { value, unit, system: SYSTEM.UCUM, code };
}

function base(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  cat: 'vital-signs' | 'laboratory',
  code: readonly [string, string],
  performer: StaffMember,
): Observation {
  return {
    resourceType: 'Observation',
    id: ctx.ids.next(),
    status: 'final',
    category: category(cat),
    code: { coding: [{ system: SYSTEM.LOINC, code: code[0], display: code[1] }], text: code[1] },
    subject: patientRef(ctx),
    encounter: { reference: `Encounter/${encounterId}` },
    effectiveDateTime: formatDateTime(time),
    issued: `${formatDateTime(time + (cat === 'laboratory' ? 0.25 : 0)).slice(0, 19)}.000Z`,
    performer: [practitionerRef(performer)],
  };
}

const CANCERS: readonly ConditionKey[] = [
  'breast-cancer',
  'prostate-cancer',
  'lung-cancer',
  'colorectal-cancer',
];

const round1 = (v: number): number => Math.round(v * 10) / 10;

/** A blood-pressure panel (85354-9) with systolic and diastolic components. */
export function bloodPressure(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  performer: StaffMember,
  acute = false,
): Observation {
  const p = ctx.person;
  const age = ageOn(p.birthDay, time);
  const htn = hasCondition(p, 'hypertension', time);
  const meanSys = htn
    ? p.hypertensionUncontrolled
      ? 152
      : 131
    : 116 + 0.3 * Math.max(0, age - 40);
  const sys = Math.round(clamp(ctx.rng.normal(meanSys + (acute ? 6 : 0), htn ? 10 : 9), 85, 215));
  const dia = Math.round(
    clamp(ctx.rng.normal(htn && p.hypertensionUncontrolled ? 91 : 76, 8), 45, 125),
  );
  const obs = base(ctx, encounterId, time, 'vital-signs', LAB.bp, performer);
  obs.component = [
    {
      code: { coding: [{ system: SYSTEM.LOINC, code: LAB.systolic[0], display: LAB.systolic[1] }] },
      valueQuantity: quantity(sys, 'mm[Hg]', 'mm[Hg]'),
    },
    {
      code: {
        coding: [{ system: SYSTEM.LOINC, code: LAB.diastolic[0], display: LAB.diastolic[1] }],
      },
      valueQuantity: quantity(dia, 'mm[Hg]', 'mm[Hg]'),
    },
  ];
  return obs;
}

/** Body mass index (39156-5). */
export function bmi(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  performer: StaffMember,
): Observation {
  const obs = base(ctx, encounterId, time, 'vital-signs', LAB.bmi, performer);
  obs.valueQuantity = quantity(
    round1(clamp(ctx.person.bmi + ctx.rng.normal(0, 0.6), 14, 60)),
    'kg/m2',
    'kg/m2',
  );
  return obs;
}

/** HbA1c (4548-4): around 9.6% when diabetes is uncontrolled, 7.0% when controlled, 5.4% without. */
export function hba1c(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  performer: StaffMember,
): Observation {
  const p = ctx.person;
  const diabetic = hasCondition(p, 'diabetes', time);
  const onset = p.conditions.find((c) => c.key === 'diabetes')?.onsetDay;
  // Before diabetes is coded, people who will develop it are often in the prediabetes range (5.7–6.4%).
  const prediabetic = !diabetic && onset !== undefined && onset - time < 730;
  const mean = diabetic ? (p.diabetesUncontrolled ? 9.6 : 7.0) : prediabetic ? 6.1 : 5.4;
  const obs = base(ctx, encounterId, time, 'laboratory', LAB.hba1c, performer);
  obs.valueQuantity = quantity(
    round1(
      clamp(ctx.rng.normal(mean, diabetic ? (p.diabetesUncontrolled ? 0.9 : 0.5) : 0.3), 4.0, 15.0),
    ),
    '%',
    '%',
  );
  return obs;
}

/** eGFR (62238-1, CKD-EPI) consistent with the coded CKD stage; age-related decline otherwise. */
export function egfr(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  performer: StaffMember,
  acute = false,
): Observation {
  const p = ctx.person;
  const age = ageOn(p.birthDay, time);
  let value: number;
  const ckdOnset = p.conditions.find((c) => c.key === 'ckd')?.onsetDay;
  if (hasCondition(p, 'ckd', time)) {
    value = p.ckdStage === 4 ? ctx.rng.uniform(16, 29) : ctx.rng.uniform(31, 58);
  } else if (ckdOnset !== undefined && ckdOnset - time < 730) {
    // Kidney function is already falling in the two years before CKD is coded.
    value = ctx.rng.uniform(60, 74);
  } else {
    value = clamp(ctx.rng.normal(118 - 0.85 * age, 8), 61, 130);
  }
  if (acute) value *= ctx.rng.uniform(0.75, 1.0);
  const obs = base(ctx, encounterId, time, 'laboratory', LAB.egfr, performer);
  obs.valueQuantity = quantity(Math.round(value), 'mL/min/{1.73_m2}', 'mL/min/{1.73_m2}');
  return obs;
}

/** Haemoglobin (718-7): lower with CKD, cancer and heart failure, and during admissions. */
export function hemoglobin(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  performer: StaffMember,
  acute = false,
): Observation {
  const p = ctx.person;
  let mean = p.sex === 'female' ? 13.3 : 14.6;
  if (hasCondition(p, 'ckd', time)) mean -= p.ckdStage === 4 ? 2.2 : 1.2;
  if (CANCERS.some((k) => hasCondition(p, k, time))) mean -= 1.2;
  if (hasCondition(p, 'heart-failure', time)) mean -= 0.5;
  if (acute) mean -= 0.8;
  const obs = base(ctx, encounterId, time, 'laboratory', LAB.hemoglobin, performer);
  obs.valueQuantity = quantity(round1(clamp(ctx.rng.normal(mean, 1.1), 6.0, 18.5)), 'g/dL', 'g/dL');
  return obs;
}

/** Sodium (2951-2): hyponatraemia is more common in heart failure and during admissions. */
export function sodium(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  performer: StaffMember,
  acute = false,
): Observation {
  const p = ctx.person;
  let mean = 139.5;
  if (hasCondition(p, 'heart-failure', time)) mean -= p.heartFailureSevere ? 3.5 : 1.5;
  if (acute) mean -= 1.5;
  const obs = base(ctx, encounterId, time, 'laboratory', LAB.sodium, performer);
  obs.valueQuantity = quantity(
    Math.round(clamp(ctx.rng.normal(mean, 2.6), 118, 152)),
    'mmol/L',
    'mmol/L',
  );
  return obs;
}
