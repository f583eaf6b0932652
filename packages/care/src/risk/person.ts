/**
 * One person's risk-relevant history, assembled from the set-based input rows of
 * `@careweave/store` (loadRiskInputs) and indexed by time, so features can be taken at any date.
 */
import type { RiskInputs } from '@careweave/store';
import { INTEGRATED_CARE } from './codes.js';
import {
  conditionGroups,
  isAdvancedCkd,
  socialNeedOf,
  type ConditionGroup,
  type SocialNeed,
} from './conditions.js';

/** A coded problem with the time it became known and (if so) resolved. */
export interface PersonCondition {
  id: string;
  codes: string[];
  groups: Set<ConditionGroup>;
  socialNeed: SocialNeed | undefined;
  advancedCkd: boolean;
  /** Epoch ms; conditions with no date count as known from the start. */
  recorded: number;
  abated: number;
  text: string | null;
}

/** An inpatient stay. */
export interface Stay {
  id: string;
  start: number;
  end: number;
  /** Emergent/urgent (LACE "A", HOSPITAL "IT"). */
  acute: boolean;
  /** Not explicitly elective: counts as an unplanned (emergency) admission outcome. */
  unplanned: boolean;
  oncology: boolean;
  procedure: boolean;
  serviceProvider: string | null;
}

/** A timed lab or instrument value. */
export interface Measurement {
  id: string;
  time: number;
  value: number | null;
  valueCode: string | null;
  encounter: string | null;
}

/** Everything risk stratification knows about one person. */
export interface PersonRecord {
  id: string;
  birth: number | undefined;
  gender: string | null;
  organization: string | null;
  deceased: boolean;
  conditions: PersonCondition[];
  /** Sorted by start. */
  stays: Stay[];
  /** ED visits (start times, sorted), with their ids. */
  edVisits: { id: string; time: number }[];
  /** LOINC code → values sorted by time. */
  observations: Map<string, Measurement[]>;
  /** Integrated-care enrolment periods. */
  enrolments: { id: string; start: number; end: number }[];
}

const DAY = 86_400_000;
/** SNOMED CT service types that make a discharge "from oncology" (HOSPITAL "O"). */
const ONCOLOGY = ['394593009', '394803006', '419815003'];
const ELECTIVE_PRIORITY = ['EL', 'R', 'PRN'];
const ACUTE_PRIORITY = ['EM', 'UR', 'A', 'S', 'CR', 'CS', 'EL-'];
/** SNOMED 183452005 Emergency hospital admission; 50849002 Emergency room admission. */
const EMERGENCY_TYPES = ['183452005', '50849002'];

/** Parses a FHIR date/dateTime to epoch ms (a bare date is its start in UTC). */
export function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(
    value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value,
  );
  return Number.isNaN(t) ? undefined : t;
}

/** Groups the input rows by person. Rows of patients not in `inputs.patients` are ignored. */
export function buildPersons(inputs: RiskInputs): Map<string, PersonRecord> {
  const persons = new Map<string, PersonRecord>();
  for (const p of inputs.patients) {
    persons.set(p.id, {
      id: p.id,
      birth: parseTime(p.birthDate),
      gender: p.gender,
      organization: p.organization,
      deceased: p.deceased,
      conditions: [],
      stays: [],
      edVisits: [],
      observations: new Map(),
      enrolments: [],
    });
  }
  for (const c of inputs.conditions) {
    const person = persons.get(c.patientId);
    if (
      !person ||
      c.verificationStatus === 'entered-in-error' ||
      c.verificationStatus === 'refuted'
    )
      continue;
    const resolved =
      c.clinicalStatus === 'resolved' ||
      c.clinicalStatus === 'inactive' ||
      c.clinicalStatus === 'remission';
    person.conditions.push({
      id: c.id,
      codes: c.codes,
      groups: conditionGroups(c.codes),
      socialNeed: socialNeedOf(c.codes),
      advancedCkd: isAdvancedCkd(c.codes),
      recorded: parseTime(c.recorded) ?? -Infinity,
      abated: parseTime(c.abated) ?? (resolved ? -Infinity : Infinity),
      text: c.text,
    });
  }
  const procedures = new Set(
    inputs.procedures.map((p) => p.encounter).filter((e): e is string => e !== null),
  );
  for (const e of inputs.encounters) {
    const person = persons.get(e.patientId);
    const start = parseTime(e.start);
    if (!person || start === undefined) continue;
    const codes = e.types.map((t) => t.slice(t.lastIndexOf('|') + 1));
    if (e.class === 'EMER') {
      person.edVisits.push({ id: e.id, time: start });
      continue;
    }
    if (e.class === 'OBSENC') continue;
    const elective = ELECTIVE_PRIORITY.includes(e.priority ?? '') || e.admitSource === 'born';
    const acute =
      !elective &&
      (ACUTE_PRIORITY.includes(e.priority ?? '') ||
        e.admitSource === 'emd' ||
        codes.some((c) => EMERGENCY_TYPES.includes(c)));
    person.stays.push({
      id: e.id,
      start,
      end: parseTime(e.end) ?? start + DAY,
      acute,
      unplanned: !elective,
      oncology: codes.some((c) => ONCOLOGY.includes(c)),
      procedure: procedures.has(`Encounter/${e.id}`),
      serviceProvider: e.serviceProvider,
    });
  }
  for (const o of inputs.observations) {
    const person = persons.get(o.patientId);
    const time = parseTime(o.effective);
    if (!person || time === undefined) continue;
    const list = person.observations.get(o.code) ?? [];
    list.push({ id: o.id, time, value: o.value, valueCode: o.valueCode, encounter: o.encounter });
    person.observations.set(o.code, list);
  }
  for (const ep of inputs.episodes) {
    const person = persons.get(ep.patientId);
    if (
      !person ||
      !ep.types.includes(INTEGRATED_CARE) ||
      ['entered-in-error', 'cancelled'].includes(ep.status ?? '')
    )
      continue;
    const finished = ep.status === 'finished';
    person.enrolments.push({
      id: ep.id,
      start: parseTime(ep.start) ?? -Infinity,
      end: parseTime(ep.end) ?? (finished ? -Infinity : Infinity),
    });
  }
  for (const person of persons.values()) {
    person.stays.sort((a, b) => a.start - b.start);
    person.edVisits.sort((a, b) => a.time - b.time);
    for (const list of person.observations.values()) list.sort((a, b) => a.time - b.time);
  }
  return persons;
}

/** The last value of a code strictly before `t` and not older than `maxAgeDays`. */
export function latestBefore(
  person: PersonRecord,
  code: string,
  t: number,
  maxAgeDays = 730,
): Measurement | undefined {
  const list = person.observations.get(code);
  if (!list) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i];
    if (m && m.time < t) {
      return m.time >= t - maxAgeDays * DAY ? m : undefined;
    }
  }
  return undefined;
}

/** Age in whole years at `t`. */
export function ageAt(person: PersonRecord, t: number): number | undefined {
  if (person.birth === undefined) return undefined;
  const b = new Date(person.birth);
  const d = new Date(t);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (
    d.getUTCMonth() < b.getUTCMonth() ||
    (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())
  )
    age--;
  return age;
}

/** Is the person enrolled in the integrated-care programme at `t`? */
export function enrolledAt(person: PersonRecord, t: number): boolean {
  return person.enrolments.some((e) => e.start <= t && e.end > t);
}

/** Length of stay in calendar days (discharge date − admission date, UTC). */
export function losDays(stay: Stay): number {
  return Math.floor(stay.end / DAY) - Math.floor(stay.start / DAY);
}

export { DAY };
