/**
 * Three years of care use for one person, still without FHIR: inpatient stays, ED visits,
 * ambulatory visits, programme enrolment and the per-period truth. Admissions follow a piecewise-
 * constant hazard whose first event in each year has exactly the annual probability recorded in the
 * truth file; the programme effect multiplies that probability by (1 − effect) from enrolment on.
 */
import { conditionsAt, hasCondition, socialNeedsAt, type Person } from './person-model.js';
import type { ConditionKey } from './prevalence.js';
import { Rng } from './random.js';
import { ageOn, addYears, type Window } from './time.js';
import { admissionProbability, dailyHazard, edRate, withProgrammeEffect } from './utilisation.js';
import { DEMO_PATIENT_PROFILES } from './demo-profiles.js';

/** Discharge dispositions used (http://terminology.hl7.org/CodeSystem/discharge-disposition). */
export type DischargeDisposition =
  'home' | 'snf' | 'rehab' | 'long' | 'hosp' | 'aadvice' | 'psy' | 'oth';

/** One inpatient stay. Times are fractional day numbers. */
export interface Stay {
  admit: number;
  discharge: number;
  viaEd: boolean;
  reason?: ConditionKey;
  disposition: DischargeDisposition;
}

/** One ED visit that did not lead to admission. */
export interface EdVisit {
  time: number;
  reason?: ConditionKey;
}

/** Why an ambulatory visit happened; drives practitioner, location and what is measured. */
export type AmbulatoryKind =
  'annual' | 'chronic' | 'acute' | 'behavioural' | 'post-discharge' | 'enrolment' | 'coordination';

/** One ambulatory visit. */
export interface AmbulatoryVisit {
  time: number;
  kind: AmbulatoryKind;
}

/** A stretch of time with one true admission probability (a history year, split at enrolment). */
export interface TruthPeriod {
  start: number;
  end: number;
  kind: 'history' | 'forecast';
  /** Annual probability of >= 1 admission without the programme. */
  pWithoutProgramme: number;
  /** Annual probability actually applied (after the programme effect when afterEnrolment). */
  p: number;
  edRate: number;
  afterEnrolment: boolean;
  programmeEffect: number;
  admissions: number;
  edVisits: number;
}

/** Everything that happened to one person in the window. */
export interface History {
  stays: Stay[];
  edVisits: EdVisit[];
  ambulatory: AmbulatoryVisit[];
  periods: TruthPeriod[];
  enrolmentDay?: number;
}

/**
 * Multiplier on the admission hazard for 30 days after a discharge, tuned so that about one
 * discharge in seven is followed by a readmission within 30 days (US all-payer rate ≈ 14%, HCUP;
 * measured 14.8% at N = 2,000).
 */
const READMISSION_HAZARD_MULTIPLIER = 6.5;

/**
 * How long before the end of the history (its "today") an ED visit or a hospital stay must be
 * over: an ED visit lasts up to 8 hours and its results are reported about 6 hours after they are
 * taken, so nothing about an event is dated after "today".
 */
const EVENT_SETTLES_DAYS = 0.75;

const CANCERS: readonly ConditionKey[] = [
  'breast-cancer',
  'prostate-cancer',
  'lung-cancer',
  'colorectal-cancer',
];

function reasonWeights(person: Person, day: number): [ConditionKey | undefined, number][] {
  const weights: [ConditionKey | undefined, number][] = [[undefined, 2]];
  for (const c of conditionsAt(person, day)) {
    const w: Partial<Record<ConditionKey, number>> = {
      'heart-failure': person.heartFailureSevere ? 5 : 3,
      copd: person.copdSevere ? 4 : 2.5,
      diabetes: person.diabetesUncontrolled ? 3 : 1.5,
      ckd: 1.5,
      hypertension: 0.5,
      asthma: 1,
      depression: 0.6,
      anxiety: 0.3,
      dementia: 1.5,
      'alcohol-use': 2,
      'opioid-use': 2,
    };
    weights.push([c.key, w[c.key] ?? (CANCERS.includes(c.key) ? 2 : 0.5)]);
  }
  return weights;
}

function disposition(
  rng: Rng,
  person: Person,
  age: number,
  reason: ConditionKey | undefined,
): DischargeDisposition {
  const w: [DischargeDisposition, number][] = [
    ['home', 80],
    ['oth', 1],
  ];
  if (age >= 75) w.push(['snf', 14], ['rehab', 5]);
  else w.push(['rehab', 2], ['snf', 2]);
  if (hasCondition(person, 'dementia')) w.push(['long', 8]);
  if (reason && CANCERS.includes(reason)) w.push(['hosp', 6]);
  if (reason === 'alcohol-use' || reason === 'opioid-use') w.push(['aadvice', 10]);
  if (reason === 'depression') w.push(['psy', 10]);
  return rng.weighted(w);
}

/** Simulates person's history over the window with the given programme effect. */
export function simulateHistory(
  person: Person,
  seed: number,
  window: Window,
  programmeEffect: number,
): History {
  const rng = new Rng([seed, 'history', person.index]);
  const adult = person.age - 3 >= 18;
  const nConditions = person.conditions.length;
  const nNeeds = socialNeedsAt(person, window.start).length;

  // Year 0 (before the window) is simulated only to seed the "prior use" features.
  let priorAdmissions = rng.chance(admissionProbability(person, window.start - 365, 0))
    ? 1 + (rng.chance(0.25) ? 1 : 0)
    : 0;
  let priorEd = rng.poisson(edRate(person, window.start - 365, 0));

  // Enrolment targets the high-need, high-risk (DESIGN.md §1): about half of those eligible enrol.
  const demo = person.demoSlot !== undefined ? DEMO_PATIENT_PROFILES[person.demoSlot] : undefined;
  const p1 = admissionProbability(person, window.start, priorAdmissions);
  const eligible = adult && (p1 >= 0.12 || nConditions >= 3 || (nConditions >= 2 && nNeeds >= 1));
  const willEnrol = demo !== undefined || (eligible && rng.chance(0.55));
  const earliestEnrolment = window.start + 180;
  let enrolmentDay = demo
    ? window.asOf - demo.enrolledDaysBeforeAsOf
    : willEnrol
      ? Math.floor(rng.uniform(earliestEnrolment, window.asOf - 90))
      : Infinity;

  const stays: Stay[] = [];
  const edVisits: EdVisit[] = [];
  const periods: TruthPeriod[] = [];
  let lastDischarge = -Infinity;

  for (let y = 0; y < 3; y++) {
    const s = window.yearStarts[y] ?? window.start;
    const e = window.yearStarts[y + 1] ?? window.asOf;
    const pWithout = admissionProbability(person, s, priorAdmissions);
    const hPre = dailyHazard(pWithout);
    const hPost = dailyHazard(withProgrammeEffect(pWithout, programmeEffect));
    const yearEdRate = edRate(person, s, priorEd);
    let readmitUntil = -Infinity;
    let t = Math.max(s, lastDischarge);
    let count = 0;
    let viaEdCount = 0;
    while (t < e) {
      // Piecewise-constant hazard: breakpoints at enrolment and at the end of the readmission window.
      let budget = rng.exponential(1);
      let admit: number | undefined;
      let cursor = t;
      while (cursor < e) {
        const next = Math.min(
          e,
          cursor < enrolmentDay ? enrolmentDay : e,
          cursor < readmitUntil ? readmitUntil : e,
        );
        const h =
          (cursor < enrolmentDay ? hPre : hPost) *
          (cursor < readmitUntil ? READMISSION_HAZARD_MULTIPLIER : 1);
        const span = next - cursor;
        if (h * span >= budget) {
          admit = cursor + budget / h;
          break;
        }
        budget -= h * span;
        cursor = next;
      }
      if (admit === undefined) {
        break;
      }
      const age = ageOn(person.birthDay, admit);
      const reason = rng.weighted(reasonWeights(person, admit));
      let los = Math.exp(Math.log(3.5) + 0.55 * rng.normal());
      if (reason === 'heart-failure' || reason === 'copd') los += 1;
      if (age >= 80) los += 1.5;
      const days = Math.max(1, Math.min(30, Math.round(los)));
      const discharge = Math.floor(admit) + days + rng.uniform(0.42, 0.67);
      if (discharge > window.asOf - EVENT_SETTLES_DAYS) {
        // The history holds completed stays only: a stay still running at "today" is not in it.
        break;
      }
      const viaEd = rng.chance(0.75);
      stays.push({
        admit,
        discharge,
        viaEd,
        reason,
        disposition: disposition(rng, person, age, reason),
      });
      count++;
      if (viaEd) viaEdCount++;
      // A discharge is the classic moment of enrolment (transitional care): move enrolment earlier.
      if (
        !demo &&
        willEnrol &&
        discharge >= earliestEnrolment &&
        discharge + 12 < enrolmentDay &&
        discharge < window.asOf - 30
      ) {
        enrolmentDay = Math.floor(discharge) + rng.int(2, 10);
      }
      readmitUntil = discharge + 30;
      lastDischarge = discharge;
      t = discharge;
    }
    const nEd = rng.poisson(yearEdRate * ((e - s) / 365.25));
    for (let i = 0; i < nEd; i++) {
      const time = rng.uniform(s, e);
      if (stays.some((st) => time >= st.admit - 1 && time <= st.discharge)) continue;
      if (time > window.asOf - EVENT_SETTLES_DAYS) continue; // would end or report after "today"
      edVisits.push({ time, reason: rng.weighted(reasonWeights(person, time)) });
    }
    const edInYear = edVisits.filter((v) => v.time >= s && v.time < e).length;
    const base = {
      kind: 'history' as const,
      pWithoutProgramme: pWithout,
      edRate: yearEdRate,
      admissions: 0,
      edVisits: 0,
    };
    const split = enrolmentDay > s && enrolmentDay < e ? [s, enrolmentDay, e] : [s, e];
    for (let i = 0; i + 1 < split.length; i++) {
      const ps = split[i] ?? s;
      const pe = split[i + 1] ?? e;
      const after = ps >= enrolmentDay;
      periods.push({
        ...base,
        start: ps,
        end: pe,
        p: after ? withProgrammeEffect(pWithout, programmeEffect) : pWithout,
        afterEnrolment: after,
        programmeEffect: after ? programmeEffect : 0,
        admissions: stays.filter((st) => st.admit >= ps && st.admit < pe).length,
        edVisits: edVisits.filter((v) => v.time >= ps && v.time < pe).length,
      });
    }
    priorAdmissions = count;
    priorEd = edInYear + viaEdCount;
  }

  // The next 12 months, for prospective scoring of risk models trained on the window.
  const enrolled = Number.isFinite(enrolmentDay);
  const pNext = admissionProbability(person, window.asOf, priorAdmissions);
  periods.push({
    kind: 'forecast',
    start: window.asOf,
    end: addYears(window.asOf, 1),
    pWithoutProgramme: pNext,
    p: enrolled ? withProgrammeEffect(pNext, programmeEffect) : pNext,
    edRate: edRate(person, window.asOf, priorEd),
    afterEnrolment: enrolled,
    programmeEffect: enrolled ? programmeEffect : 0,
    admissions: 0,
    edVisits: 0,
  });

  const history: History = {
    stays,
    edVisits,
    periods,
    ambulatory: ambulatoryVisits(rng, person, window, stays, enrolmentDay),
  };
  if (enrolled) {
    history.enrolmentDay = enrolmentDay;
  }
  return history;
}

function ambulatoryVisits(
  rng: Rng,
  person: Person,
  window: Window,
  stays: readonly Stay[],
  enrolmentDay: number,
): AmbulatoryVisit[] {
  const visits: AmbulatoryVisit[] = [];
  const at = (time: number, kind: AmbulatoryKind): void => {
    // Office hours: 08:00–17:00.
    visits.push({ time: Math.floor(time) + rng.uniform(8 / 24, 17 / 24), kind });
  };
  for (let y = 0; y < 3; y++) {
    const s = window.yearStarts[y] ?? window.start;
    const e = window.yearStarts[y + 1] ?? window.asOf;
    const conditions = conditionsAt(person, s);
    const physical = conditions.filter(
      (c) => !['depression', 'anxiety', 'alcohol-use', 'opioid-use'].includes(c.key),
    ).length;
    if (rng.chance(person.age >= 18 ? 0.85 : 0.7)) at(rng.uniform(s, e), 'annual');
    const uncontrolled =
      (person.diabetesUncontrolled ? 1 : 0) +
      (person.heartFailureSevere ? 1 : 0) +
      (person.copdSevere ? 1 : 0);
    const nChronic = Math.min(
      10,
      rng.poisson(
        1.2 * physical + 1.0 * uncontrolled + (person.hypertensionUncontrolled ? 0.5 : 0),
      ),
    );
    for (let i = 0; i < nChronic; i++) at(rng.uniform(s, e), 'chronic');
    const nAcute = rng.poisson(0.9 + 0.15 * Math.max(0, (person.age - 50) / 10));
    for (let i = 0; i < nAcute; i++) at(rng.uniform(s, e), 'acute');
    const behavioural = conditions.some((c) =>
      ['depression', 'anxiety', 'alcohol-use', 'opioid-use'].includes(c.key),
    );
    if (behavioural) {
      const n = Math.min(6, rng.poisson(2.5));
      for (let i = 0; i < n; i++) at(rng.uniform(s, e), 'behavioural');
    }
  }
  for (const stay of stays) {
    const enrolled = stay.discharge >= enrolmentDay;
    if (
      stay.disposition === 'home' &&
      stay.discharge < window.asOf - 14 &&
      rng.chance(enrolled ? 0.85 : 0.55)
    ) {
      at(stay.discharge + (enrolled ? rng.uniform(2, 7) : rng.uniform(3, 14)), 'post-discharge');
    }
  }
  if (Number.isFinite(enrolmentDay)) {
    at(enrolmentDay, 'enrolment');
    const n = rng.poisson(((window.asOf - enrolmentDay) / 365.25) * 4);
    for (let i = 0; i < n; i++) at(rng.uniform(enrolmentDay + 14, window.asOf - 1), 'coordination');
  }
  return visits
    .filter(
      (v) => v.time < window.asOf && !stays.some((s) => v.time >= s.admit && v.time <= s.discharge),
    )
    .sort((a, b) => a.time - b.time);
}
