/**
 * A person's risk factors at a point in time, from data recorded before it: utilisation
 * (admissions and ED visits in 6/12 months), multimorbidity, co-occurring mental and physical
 * illness, social needs, the labs that show control, and the published scores (Charlson, LACE-style).
 */
import { charlsonIndex } from './charlson.js';
import { RISK_LOINC } from './codes.js';
import { PHYSICAL_GROUPS, icd10Codes, type ConditionGroup, type SocialNeed } from './conditions.js';
import { lacePointsC, lacePointsE, lacePointsL } from './lace.js';
import {
  DAY,
  ageAt,
  enrolledAt,
  latestBefore,
  losDays,
  type Measurement,
  type PersonRecord,
  type Stay,
} from './person.js';

/** Thresholds used to read labs and instruments, each from its clinical source. */
export const LAB_THRESHOLDS = {
  /** HbA1c > 9% is "poor control" (NCQA HEDIS Comprehensive Diabetes Care / CMS122). */
  hba1cPoorControl: 9,
  /** eGFR < 30 mL/min/1.73m² is CKD stage G4–G5 (KDIGO 2012). */
  egfrSevere: 30,
  /** PHQ-9 ≥ 10 is moderate depression or worse (Kroenke, Spitzer, Williams 2001). */
  phq9Moderate: 10,
  /** AHC-HRSN interpersonal safety total > 10 is a positive screen (CMS AHC screening tool guide). */
  safetyPositive: 10,
} as const;

/** The risk factors of one person at time `t` (epoch ms). */
export interface RiskFactors {
  t: number;
  age: number;
  gender: string | null;
  groups: Set<ConditionGroup>;
  /** Ids of the Conditions behind `groups`. */
  conditionIds: Map<ConditionGroup, string>;
  chronicCount: number;
  physicalCount: number;
  mentalWithPhysical: boolean;
  advancedCkd: boolean;
  charlson1987: number;
  charlsonQuan2011: number;
  socialNeeds: Map<SocialNeed, string>;
  hba1c: Measurement | undefined;
  egfr: Measurement | undefined;
  phq9: Measurement | undefined;
  sodium: Measurement | undefined;
  hemoglobin: Measurement | undefined;
  admissions12m: Stay[];
  admissions6m: number;
  edVisits12m: { id: string; time: number }[];
  edVisits6m: number;
  /** Days since the last discharge (Infinity when none). */
  daysSinceDischarge: number;
  /** LACE-style score at `t`: the last stay in 12 months (L, A), Charlson (C), ED in 6 months (E). */
  laceStyle: number;
  enrolled: boolean;
}

/** The risk factors of `person` at `t`, using only what was recorded before `t`. */
export function riskFactors(person: PersonRecord, t: number): RiskFactors {
  const active = person.conditions.filter((c) => c.recorded < t && c.abated > t);
  const groups = new Set<ConditionGroup>();
  const conditionIds = new Map<ConditionGroup, string>();
  const socialNeeds = new Map<SocialNeed, string>();
  const icd: string[] = [];
  let advancedCkd = false;
  for (const c of active) {
    for (const g of c.groups) {
      groups.add(g);
      if (!conditionIds.has(g)) conditionIds.set(g, `Condition/${c.id}`);
    }
    if (c.socialNeed && !socialNeeds.has(c.socialNeed))
      socialNeeds.set(c.socialNeed, `Condition/${c.id}`);
    if (c.advancedCkd) advancedCkd = true;
    icd.push(...icd10Codes(c.codes));
  }
  // Needs only screened (utilities has no Condition in many records): a positive answer in 12 months.
  const utilities = latestBefore(person, RISK_LOINC.AHC_UTILITIES, t, 365);
  if (utilities && !socialNeeds.has('utilities'))
    socialNeeds.set('utilities', `Observation/${utilities.id}`);
  const safety = latestBefore(person, RISK_LOINC.AHC_SAFETY_TOTAL, t, 365);
  if (safety && (safety.value ?? 0) > LAB_THRESHOLDS.safetyPositive && !socialNeeds.has('safety'))
    socialNeeds.set('safety', `Observation/${safety.id}`);

  const egfr = latestBefore(person, RISK_LOINC.EGFR, t, 730);
  if (egfr?.value != null && egfr.value < LAB_THRESHOLDS.egfrSevere) advancedCkd = true;
  const phq9 = latestBefore(person, RISK_LOINC.PHQ9_TOTAL, t, 730);
  const physicalCount = [...groups].filter((g) => PHYSICAL_GROUPS.has(g)).length;
  const depressed = groups.has('depression') || (phq9?.value ?? 0) >= LAB_THRESHOLDS.phq9Moderate;

  const yearAgo = t - 365 * DAY;
  const halfYearAgo = t - 182 * DAY;
  const admissions12m = person.stays.filter(
    (s) => s.unplanned && s.start >= yearAgo && s.start < t,
  );
  const edVisits12m = person.edVisits.filter((v) => v.time >= yearAgo && v.time < t);
  const edVisits6m = edVisits12m.filter((v) => v.time >= halfYearAgo).length;
  const past = person.stays.filter((s) => s.end <= t);
  const lastStay = past[past.length - 1];
  const charlson1987 = charlsonIndex(icd, 'charlson1987').score;
  const recent = lastStay && lastStay.start >= yearAgo ? lastStay : undefined;
  const laceStyle =
    (recent ? lacePointsL(losDays(recent)) + (recent.acute ? 3 : 0) : 0) +
    lacePointsC(charlson1987) +
    lacePointsE(edVisits6m);

  return {
    t,
    age: ageAt(person, t) ?? 0,
    gender: person.gender,
    groups,
    conditionIds,
    chronicCount: groups.size,
    physicalCount,
    mentalWithPhysical: depressed && physicalCount > 0,
    advancedCkd,
    charlson1987,
    charlsonQuan2011: charlsonIndex(icd, 'quan2011').score,
    socialNeeds,
    hba1c: latestBefore(person, RISK_LOINC.HBA1C, t, 450),
    egfr,
    phq9,
    sodium: latestBefore(person, RISK_LOINC.SODIUM, t, 365),
    hemoglobin: latestBefore(person, RISK_LOINC.HEMOGLOBIN, t, 365),
    admissions12m,
    admissions6m: admissions12m.filter((s) => s.start >= halfYearAgo).length,
    edVisits12m,
    edVisits6m,
    daysSinceDischarge: lastStay ? (t - lastStay.end) / DAY : Infinity,
    laceStyle,
    enrolled: enrolledAt(person, t),
  };
}

/** Did the person have an unplanned admission in [from, to)? (the model's outcome) */
export function admittedBetween(person: PersonRecord, from: number, to: number): boolean {
  return person.stays.some((s) => s.unplanned && s.start >= from && s.start < to);
}
