/** The hospital part of a person's signals, from their risk record (stays and ED visits), at time `t`. */
import type { Tier } from '@careweave/contract';
import { enrolledAt, type PersonRecord } from '../risk/person.js';
import type { TodaySignals } from './rank.js';

const YEAR = 365 * 86_400_000;

/** Signals known from the hospital record; the rest (appointments, screening, tasks, contact) empty. */
export function hospitalSignals(
  person: PersonRecord,
  t: number,
  risk: { tier: Tier | undefined; probability?: number | undefined },
): TodaySignals {
  let inHospitalSince: number | undefined;
  let lastDischarge: number | undefined;
  let admissions12m = 0;
  for (const s of person.stays) {
    if (s.start > t) continue;
    if (s.end > t) inHospitalSince = s.start;
    else lastDischarge = Math.max(lastDischarge ?? -Infinity, s.end);
    if (s.unplanned && s.start >= t - YEAR) admissions12m++;
  }
  return {
    patientId: person.id,
    tier: risk.tier,
    probability: risk.probability,
    inHospitalSince,
    lastDischarge,
    edVisits: person.edVisits.filter((v) => v.time <= t).map((v) => v.time),
    admissions12m,
    missedAppointments: [],
    positiveScreenings: [],
    overdueTasks: 0,
    enrolled: enrolledAt(person, t),
  };
}
