import type { Address, ContactPoint, HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import type { AdtPerson, CxIdentifier } from './parse.js';

/** HL7 v2 table 0203 identifier types, as FHIR writes them. */
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** A PID-3 identifier as a FHIR Identifier (assigning authority → system, CX-5 → type). */
export function toIdentifier(cx: CxIdentifier): Identifier {
  return {
    ...(cx.type ? { type: { coding: [{ system: V2_0203, code: cx.type }] } } : {}),
    ...(cx.system ? { system: cx.system } : {}),
    value: cx.value,
  };
}

const NAME_USE: Record<string, HumanName['use']> = {
  L: 'official',
  D: 'usual',
  M: 'maiden',
  N: 'nickname',
  A: 'anonymous',
  C: 'old',
};

const ADDRESS_USE: Record<string, Address['use']> = {
  H: 'home',
  B: 'work',
  O: 'work',
  C: 'temp',
  BA: 'old',
};

const PHONE_USE: Record<string, ContactPoint['use']> = {
  PRN: 'home',
  ORN: 'home',
  WPN: 'work',
  VHN: 'home',
  EMR: 'home',
};

/** PID-5 as FHIR names. */
export function toNames(person: AdtPerson): HumanName[] {
  return person.names.map((n) => {
    const use = n.type ? NAME_USE[n.type.toUpperCase()] : undefined;
    return {
      ...(use ? { use } : {}),
      ...(n.family ? { family: n.family } : {}),
      ...(n.given.length > 0 ? { given: n.given } : {}),
      ...(n.prefix ? { prefix: [n.prefix] } : {}),
      ...(n.suffix ? { suffix: [n.suffix] } : {}),
    };
  });
}

function toAddresses(person: AdtPerson): Address[] {
  return person.addresses.map((a) => {
    const use = a.type ? ADDRESS_USE[a.type.toUpperCase()] : undefined;
    return {
      ...(use ? { use } : {}),
      ...(a.lines.length > 0 ? { line: a.lines } : {}),
      ...(a.city ? { city: a.city } : {}),
      ...(a.state ? { state: a.state } : {}),
      ...(a.postalCode ? { postalCode: a.postalCode } : {}),
      ...(a.country ? { country: a.country } : {}),
    };
  });
}

function toTelecom(person: AdtPerson): ContactPoint[] {
  return person.telecom.map((t) => {
    const use =
      t.equipment?.toUpperCase() === 'CP' ? 'mobile' : t.use ? PHONE_USE[t.use] : undefined;
    return { system: t.system, value: t.value, ...(use ? { use } : {}) };
  });
}

/** A new Patient from PID: names, birth date, sex, identifiers, address, telecom. */
export function patientFromPerson(person: AdtPerson): Patient {
  const names = toNames(person);
  const addresses = toAddresses(person);
  const telecom = toTelecom(person);
  return {
    resourceType: 'Patient',
    active: true,
    identifier: person.identifiers.map(toIdentifier),
    ...(names.length > 0 ? { name: names } : {}),
    ...(telecom.length > 0 ? { telecom } : {}),
    ...(person.gender ? { gender: person.gender } : {}),
    ...(person.birthDate ? { birthDate: person.birthDate } : {}),
    ...(person.deceased === true
      ? { deceasedBoolean: true }
      : person.deceased
        ? { deceasedDateTime: person.deceased }
        : {}),
    ...(addresses.length > 0 ? { address: addresses } : {}),
  };
}

function sameIdentifier(a: Identifier, b: Identifier): boolean {
  return (a.system ?? '') === (b.system ?? '') && a.value === b.value;
}

/** The Patient with the message's identifiers it lacks added; undefined when it has them all. */
export function withIdentifiers(patient: Patient, person: AdtPerson): Patient | undefined {
  const current = patient.identifier ?? [];
  const missing = person.identifiers
    .map(toIdentifier)
    .filter((id) => !current.some((c) => sameIdentifier(c, id)));
  return missing.length > 0 ? { ...patient, identifier: [...current, ...missing] } : undefined;
}

/**
 * A08 (update patient information): the hospital's current demographics replace names, birth
 * date, sex, address and telecom; identifiers are only ever added (another source's identifier
 * is never dropped), and what the message leaves empty is kept.
 */
export function updatedPatient(patient: Patient, person: AdtPerson): Patient {
  const fresh = patientFromPerson(person);
  const next: Patient = {
    ...patient,
    identifier: withIdentifiers(patient, person)?.identifier ?? patient.identifier,
  };
  if (fresh.name) next.name = fresh.name;
  if (fresh.telecom) next.telecom = fresh.telecom;
  if (fresh.gender) next.gender = fresh.gender;
  if (fresh.birthDate) next.birthDate = fresh.birthDate;
  if (fresh.address) next.address = fresh.address;
  if (fresh.deceasedBoolean !== undefined) next.deceasedBoolean = fresh.deceasedBoolean;
  if (fresh.deceasedDateTime) {
    delete next.deceasedBoolean;
    next.deceasedDateTime = fresh.deceasedDateTime;
  }
  return next;
}
