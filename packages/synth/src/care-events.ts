/**
 * Turns one person's history into dated FHIR: for every ambulatory visit, ED visit and inpatient
 * stay an Encounter, its ExplanationOfBenefit, and what was measured or asked there (vitals, labs,
 * PHQ-9, GAD-7, AHC-HRSN); discharges change medications.
 */
import type { PersonContext } from './context.js';
import { explanationOfBenefit } from './costs.js';
import { encounter, ENCOUNTER_TYPES, type EncounterSpec } from './encounters.js';
import type { AmbulatoryVisit, EdVisit, Stay } from './history.js';
import { dischargeChange, type Course } from './medications.js';
import { bloodPressure, bmi, egfr, hba1c, hemoglobin, sodium } from './observations.js';
import { conditionsAt, hasCondition, PHYSICAL_CONDITIONS } from './person-model.js';
import type { ConditionKey } from './prevalence.js';
import { clamp } from './random.js';
import { frequencyInstrument, hrsnScreening } from './screenings.js';
import type { StaffMember } from './workforce.js';

type Event =
  { t: number; amb: AmbulatoryVisit } | { t: number; ed: EdVisit } | { t: number; stay: Stay };

const BEHAVIOURAL: readonly ConditionKey[] = ['depression', 'anxiety', 'alcohol-use', 'opioid-use'];
const MINUTE = 1 / 1440;

/** PHQ-9 on a day: depression improves with treatment and faster once enrolled. */
function phq9At(ctx: PersonContext, t: number, treated: boolean): number {
  const p = ctx.person;
  if (!hasCondition(p, 'depression', t))
    return clamp(Math.round(p.phq9Baseline + ctx.rng.normal(0, 1.5)), 0, 9);
  const years = Math.max(0, (t - ctx.window.start) / 365.25);
  let score = p.phq9Baseline * (1 - (treated ? 0.25 : 0.08) * Math.min(1, years));
  const enrolled = ctx.history.enrolmentDay;
  if (enrolled !== undefined && t > enrolled) score *= 1 - 0.3 * Math.min(1, (t - enrolled) / 365);
  return clamp(Math.round(score + ctx.rng.normal(0, 2)), 0, 27);
}

function gad7At(ctx: PersonContext, t: number): number {
  const p = ctx.person;
  const spread = hasCondition(p, 'anxiety', t) ? 2 : 1.2;
  return clamp(
    Math.round(p.gad7Baseline + ctx.rng.normal(0, spread)),
    0,
    hasCondition(p, 'anxiety', t) ? 21 : 9,
  );
}

/** Builds every dated resource of the person's history, in time order, into ctx.out. */
export function careEvents(ctx: PersonContext, courses: Course[]): void {
  const { history, network, rng, person } = ctx;
  const events: Event[] = [
    ...history.ambulatory.map((amb) => ({ t: amb.time, amb })),
    ...history.edVisits.map((ed) => ({ t: ed.time, ed })),
    ...history.stays.map((stay) => ({ t: stay.admit, stay })),
  ].sort((a, b) => a.t - b.t);
  const treated = courses.some((c) => c.med === 'sertraline50');
  const out = ctx.out;
  const emit = (
    spec: EncounterSpec,
    kind: Parameters<typeof explanationOfBenefit>[3],
    los = 0,
  ): string => {
    const enc = encounter(ctx, spec);
    out.push(enc, explanationOfBenefit(ctx, enc, spec.cls, kind, los));
    return enc.id ?? '';
  };
  const practiceSite = {
    locationId: ctx.practice.locationId,
    serviceProviderId: ctx.practice.orgId,
    serviceProviderName: ctx.practice.name,
  };
  const hospitalEd = {
    locationId: ctx.hospital.edLocationId,
    serviceProviderId: ctx.hospital.orgId,
    serviceProviderName: ctx.hospital.name,
  };
  const lastLab = new Map<string, number>();
  const due = (lab: string, t: number, days: number): boolean => {
    const last = lastLab.get(lab);
    if (last !== undefined && t - last < days) return false;
    lastLab.set(lab, t);
    return true;
  };

  for (const event of events) {
    if ('amb' in event) {
      const { kind, time } = event.amb;
      const conditions = conditionsAt(person, time).map((c) => c.key);
      let staff: StaffMember = kind === 'chronic' && rng.chance(0.3) ? ctx.nurse : ctx.gp;
      let site = practiceSite;
      let minutes = kind === 'annual' ? 30 : 20;
      let reasons: ConditionKey[] =
        kind === 'chronic' ? conditions.filter((k) => PHYSICAL_CONDITIONS.has(k)).slice(0, 2) : [];
      if (kind === 'behavioural') {
        staff = rng.chance(0.8) ? ctx.psychologist : ctx.psychiatrist;
        site = {
          locationId: network.behavioural.locationId,
          serviceProviderId: network.behavioural.orgId,
          serviceProviderName: network.behavioural.name,
        };
        minutes = 50;
        reasons = conditions.filter((k) => BEHAVIOURAL.includes(k));
      } else if ((kind === 'enrolment' || kind === 'coordination') && ctx.coordinator) {
        staff = ctx.coordinator;
        site = {
          locationId: network.network.locationId,
          serviceProviderId: network.network.orgId,
          serviceProviderName: network.network.name,
        };
        minutes = kind === 'enrolment' ? 60 : 20;
        reasons = conditions.slice(0, 3);
      } else if (kind === 'post-discharge') {
        const stay = [...history.stays].reverse().find((s) => s.discharge <= time);
        reasons = stay?.reason ? [stay.reason] : [];
      }
      const encId = emit(
        {
          cls: 'AMB',
          start: time,
          end: time + minutes * MINUTE,
          type: ENCOUNTER_TYPES[kind],
          practitioner: staff,
          ...site,
          reasons,
        },
        kind,
      );
      const at = time + 5 * MINUTE;
      const adult = person.age >= 18;
      if (
        kind !== 'behavioural' &&
        kind !== 'coordination' &&
        (kind !== 'acute' || rng.chance(0.7))
      )
        out.push(bloodPressure(ctx, encId, at, staff));
      if (kind === 'annual' || kind === 'enrolment') out.push(bmi(ctx, encId, at, staff));
      const diabetic = hasCondition(person, 'diabetes', time);
      if (kind !== 'behavioural' && kind !== 'coordination') {
        if (
          (diabetic && due('a1c', time, 80)) ||
          (kind === 'annual' && !diabetic && adult && rng.chance(0.15))
        )
          out.push(hba1c(ctx, encId, at, staff));
        const kidneyRisk =
          hasCondition(person, 'ckd', time) ||
          diabetic ||
          hasCondition(person, 'hypertension', time) ||
          hasCondition(person, 'heart-failure', time);
        if (
          kidneyRisk
            ? due('egfr', time, hasCondition(person, 'ckd', time) ? 150 : 300)
            : kind === 'annual' && adult && rng.chance(0.3)
        )
          out.push(egfr(ctx, encId, at, staff));
        const bloodCount =
          (kidneyRisk && rng.chance(0.3)) ||
          kind === 'post-discharge' ||
          (kind === 'annual' && adult && rng.chance(0.3));
        if (bloodCount) out.push(hemoglobin(ctx, encId, at, staff), sodium(ctx, encId, at, staff));
      }
      if (adult) {
        const depression = hasCondition(person, 'depression', time);
        const anxiety = hasCondition(person, 'anxiety', time);
        const phqDue =
          kind === 'enrolment' ||
          (kind === 'annual' && rng.chance(0.9)) ||
          (kind === 'behavioural' && depression) ||
          (kind === 'post-discharge' && depression && rng.chance(0.3));
        let phq = -1;
        if (phqDue) {
          phq = phq9At(ctx, time, treated);
          out.push(...frequencyInstrument(ctx, 'phq9', phq, encId, at, staff));
        }
        if (
          kind === 'enrolment' ||
          (kind === 'annual' && (anxiety || phq >= 10 || rng.chance(0.25))) ||
          (kind === 'behavioural' && anxiety && !depression)
        ) {
          out.push(...frequencyInstrument(ctx, 'gad7', gad7At(ctx, time), encId, at, staff));
        }
        if (
          kind === 'enrolment' ||
          (kind === 'annual' && rng.chance(0.8)) ||
          (kind === 'coordination' && rng.chance(0.15))
        ) {
          out.push(...hrsnScreening(ctx, encId, at, staff));
        }
      }
    } else if ('ed' in event) {
      const { time, reason } = event.ed;
      const doctor = rng.pick(ctx.hospital.edPhysicians);
      const end = time + rng.uniform(2, 8) / 24;
      const encId = emit(
        {
          cls: 'EMER',
          start: time,
          end,
          type: ENCOUNTER_TYPES.emergency,
          practitioner: doctor,
          ...hospitalEd,
          reasons: reason ? [reason] : [],
        },
        'emergency',
      );
      out.push(bloodPressure(ctx, encId, time + 0.02, doctor, true));
      if (rng.chance(0.5))
        out.push(
          hemoglobin(ctx, encId, time + 0.05, doctor, true),
          sodium(ctx, encId, time + 0.05, doctor, true),
        );
    } else {
      inpatientStay(ctx, event.stay, courses, emit);
    }
  }
}

function inpatientStay(
  ctx: PersonContext,
  stay: Stay,
  courses: Course[],
  emit: (spec: EncounterSpec, kind: 'emergency', los?: number) => string,
): void {
  const { rng, person, out } = ctx;
  const reasons: ConditionKey[] = stay.reason ? [stay.reason] : [];
  const hospitalist = rng.pick(ctx.hospital.hospitalists);
  if (stay.viaEd) {
    const doctor = rng.pick(ctx.hospital.edPhysicians);
    const edStart = stay.admit - rng.uniform(2, 6) / 24;
    const edId = emit(
      {
        cls: 'EMER',
        start: edStart,
        end: stay.admit,
        type: ENCOUNTER_TYPES.emergency,
        practitioner: doctor,
        locationId: ctx.hospital.edLocationId,
        serviceProviderId: ctx.hospital.orgId,
        serviceProviderName: ctx.hospital.name,
        reasons,
      },
      'emergency',
    );
    out.push(bloodPressure(ctx, edId, edStart + 0.02, doctor, true));
  }
  const los = Math.max(1, Math.round(stay.discharge - stay.admit));
  const encId = emit(
    {
      cls: 'IMP',
      start: stay.admit,
      end: stay.discharge,
      type: stay.viaEd ? ENCOUNTER_TYPES.emergencyAdmission : ENCOUNTER_TYPES.admission,
      practitioner: hospitalist,
      locationId: ctx.hospital.wardLocationId,
      serviceProviderId: ctx.hospital.orgId,
      serviceProviderName: ctx.hospital.name,
      reasons,
      hospitalization: { viaEd: stay.viaEd, disposition: stay.disposition, lengthOfStayDays: los },
    },
    'emergency',
    los,
  );
  const admitLabs = stay.admit + 0.05;
  const dischargeLabs = stay.discharge - 0.2;
  out.push(bloodPressure(ctx, encId, admitLabs, hospitalist, true));
  out.push(
    hemoglobin(ctx, encId, admitLabs, hospitalist, true),
    sodium(ctx, encId, admitLabs, hospitalist, true),
  );
  // Haemoglobin and sodium at discharge feed the HOSPITAL score (Donzé et al., JAMA Intern Med 2013).
  out.push(
    hemoglobin(ctx, encId, dischargeLabs, hospitalist),
    sodium(ctx, encId, dischargeLabs, hospitalist),
  );
  if (hasCondition(person, 'ckd', stay.admit) || hasCondition(person, 'heart-failure', stay.admit))
    out.push(egfr(ctx, encId, admitLabs, hospitalist, true));
  if (hasCondition(person, 'diabetes', stay.admit) && rng.chance(0.5))
    out.push(hba1c(ctx, encId, admitLabs, hospitalist));
  dischargeChange(ctx, courses, stay, encId, hospitalist);
}
