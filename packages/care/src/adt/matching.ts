import type { Patient } from '@medplum/fhirtypes';
import type { MatchAgreement, MatchCandidate, MatchPerson } from '@careweave/contract';

/**
 * The rule that decides whether a person in a hospital message is someone we know, once their
 * identifiers found no one (identifiers always come first: an assigning authority + value that
 * one Patient carries is that Patient).
 *
 * Deterministic: family name, first given name, birth date, sex and postcode all present and
 * equal (case-insensitive; spaces ignored in postcodes) with exactly one Patient → that Patient.
 *
 * Probabilistic (Fellegi & Sunter, "A Theory for Record Linkage", JASA 1969): each field adds an
 * agreement weight or a disagreement penalty, roughly log2(m/u) for a field that agrees in true
 * matches with probability m and by chance with probability u (birth date is the most
 * discriminating, sex the least). A Patient scoring at least REVIEW_THRESHOLD is a candidate; an
 * uncertain match is never merged silently — it goes to the patient-matching review queue with
 * its candidates side by side. Below the threshold the person is new.
 */
export const FIELD_WEIGHTS: Record<
  keyof MatchCandidate['fields'],
  { agree: number; partial: number; disagree: number }
> = {
  family: { agree: 4, partial: 2, disagree: -3 },
  given: { agree: 3, partial: 1.5, disagree: -2 },
  birthDate: { agree: 5, partial: 2, disagree: -4 },
  gender: { agree: 1, partial: 0, disagree: -3 },
  postcode: { agree: 2, partial: 1, disagree: -1 },
};

/** Candidates scoring at least this go to review; the maximum is 15 (all five agree). */
export const REVIEW_THRESHOLD = 6;

const FIELDS = Object.keys(FIELD_WEIGHTS) as (keyof MatchCandidate['fields'])[];

function norm(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
  return v === '' ? null : v;
}

function postcodeNorm(value: string | null | undefined): string | null {
  const v = norm(value);
  return v ? v.replace(/[\s-]/g, '') : null;
}

/** The matching view of a Patient: official (else first) name, birth date, sex, first postcode. */
export function personOfPatient(patient: Patient): MatchPerson {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return {
    family: name?.family ?? null,
    given: name?.given?.[0] ?? null,
    birthDate: patient.birthDate ?? null,
    gender: patient.gender ?? null,
    postcode: patient.address?.find((a) => a.postalCode)?.postalCode ?? null,
    identifiers: (patient.identifier ?? []).flatMap((i) =>
      i.value ? [{ system: i.system ?? null, value: i.value }] : [],
    ),
  };
}

function compareNames(a: string | null, b: string | null, given: boolean): MatchAgreement {
  const x = norm(a);
  const y = norm(b);
  if (!x || !y) return 'missing';
  if (x === y) return 'agree';
  const plain = (s: string): string => s.replace(/[^a-z]/g, '');
  const [px, py] = [plain(x), plain(y)];
  if (px === py) return 'agree';
  // Typing variants and double-barrelled names: a shared 4-letter start, or one inside the other;
  // for given names also an initial.
  if (px.length >= 4 && py.length >= 4 && px.slice(0, 4) === py.slice(0, 4)) return 'partial';
  if ((px.length >= 3 && py.includes(px)) || (py.length >= 3 && px.includes(py))) return 'partial';
  if (given && (px.length === 1 || py.length === 1) && px[0] === py[0]) return 'partial';
  return 'disagree';
}

function compareDates(a: string | null, b: string | null): MatchAgreement {
  if (!a || !b) return 'missing';
  if (a === b) return 'agree';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (!ma || !da || !mb || !db) return ya === yb ? 'partial' : 'disagree';
  const same = [ya === yb, ma === mb, da === db].filter(Boolean).length;
  // Two of year, month, day agree (one typing error), or day and month swapped.
  if (same === 2 || (ya === yb && ma === db && da === mb)) return 'partial';
  return 'disagree';
}

function compareExact(a: string | null, b: string | null): MatchAgreement {
  const x = norm(a);
  const y = norm(b);
  if (!x || !y) return 'missing';
  return x === y ? 'agree' : 'disagree';
}

function comparePostcodes(a: string | null, b: string | null): MatchAgreement {
  const x = postcodeNorm(a);
  const y = postcodeNorm(b);
  if (!x || !y) return 'missing';
  if (x === y) return 'agree';
  return x.length >= 3 && x.slice(0, 3) === y.slice(0, 3) ? 'partial' : 'disagree';
}

/** Field-by-field agreement of the incoming person with a Patient, and the total weight. */
export function scoreCandidate(incoming: MatchPerson, patient: Patient): MatchCandidate {
  const person = personOfPatient(patient);
  const fields: MatchCandidate['fields'] = {
    family: compareNames(incoming.family, person.family, false),
    given: compareNames(incoming.given, person.given, true),
    birthDate: compareDates(incoming.birthDate, person.birthDate),
    gender: compareExact(incoming.gender, person.gender),
    postcode: comparePostcodes(incoming.postcode, person.postcode),
  };
  const score = FIELDS.reduce((sum, f) => {
    const agreement = fields[f];
    return agreement === 'missing' ? sum : sum + FIELD_WEIGHTS[f][agreement];
  }, 0);
  return { patient: `Patient/${patient.id ?? ''}`, person, score, fields };
}

/** True when all five fields are present on both sides and agree exactly (case-insensitive). */
export function agreesExactly(incoming: MatchPerson, patient: Patient): boolean {
  const p = personOfPatient(patient);
  return (
    (
      [
        [incoming.family, p.family],
        [incoming.given, p.given],
        [incoming.birthDate, p.birthDate],
        [incoming.gender, p.gender],
      ] as const
    ).every(([a, b]) => norm(a) !== null && norm(a) === norm(b)) &&
    postcodeNorm(incoming.postcode) !== null &&
    postcodeNorm(incoming.postcode) === postcodeNorm(p.postcode)
  );
}

/** The outcome of the rule over a set of candidate Patients. */
export type MatchDecision =
  | { kind: 'match'; patient: Patient }
  | { kind: 'review'; candidates: MatchCandidate[] }
  | { kind: 'new' };

/** Applies the deterministic, then the probabilistic rule. */
export function decideMatch(incoming: MatchPerson, patients: readonly Patient[]): MatchDecision {
  const exact = patients.filter((p) => agreesExactly(incoming, p));
  if (exact.length === 1 && exact[0]) return { kind: 'match', patient: exact[0] };
  const candidates = patients
    .map((p) => scoreCandidate(incoming, p))
    .filter((c) => c.score >= REVIEW_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.patient.localeCompare(b.patient))
    .slice(0, 10);
  return candidates.length > 0 ? { kind: 'review', candidates } : { kind: 'new' };
}
