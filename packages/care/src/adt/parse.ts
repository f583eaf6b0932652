import { Hl7Message, parseHl7DateTime, type Hl7Segment } from '@medplum/core';
import { createHash } from 'node:crypto';

/**
 * Reading an ADT message into plain values. All field access goes through `@medplum/core`'s
 * `Hl7Message` (segments, fields, repetitions, components, sub-components); this file only says
 * which field means what, per HL7 v2.3–2.8 chapter 3 (Patient Administration) and chapter 2
 * (MSH, ERR). Positions that moved between versions are read where each version puts them.
 */

/** An identifier as HL7 CX carries it, with its assigning authority resolved to a system. */
export interface CxIdentifier {
  value: string;
  /** Assigning authority (CX-4) or, failing that, assigning facility (CX-6), as a system. */
  system: string | undefined;
  /** Identifier type code (CX-5, table 0203: MR, SS, VN…). */
  type: string | undefined;
}

export interface AdtName {
  family: string | undefined;
  given: string[];
  prefix: string | undefined;
  suffix: string | undefined;
  /** XPN-7 name type code (L legal, D display, M maiden…). */
  type: string | undefined;
}

export interface AdtAddress {
  lines: string[];
  city: string | undefined;
  state: string | undefined;
  postalCode: string | undefined;
  country: string | undefined;
  /** XAD-7 address type (H home, B business, M mailing…). */
  type: string | undefined;
}

export interface AdtTelecom {
  value: string;
  /** phone or email. */
  system: 'phone' | 'email';
  /** XTN-2 use code (PRN primary residence, WPN work, ORN other…). */
  use: string | undefined;
  /** XTN-3 equipment (PH, CP cell, FX, Internet). */
  equipment: string | undefined;
}

/** PID: the person as the hospital knows them. */
export interface AdtPerson {
  identifiers: CxIdentifier[];
  names: AdtName[];
  /** YYYY-MM-DD, or a shorter FHIR date when the message is less precise. */
  birthDate: string | undefined;
  gender: 'male' | 'female' | 'other' | 'unknown' | undefined;
  addresses: AdtAddress[];
  telecom: AdtTelecom[];
  deceased: string | boolean | undefined;
}

export interface AdtDiagnosis {
  code: string;
  display: string | undefined;
  /** The FHIR system of DG1-3's coding system (ICD-10-CM, ICD-9-CM, SNOMED CT), when known. */
  system: string | undefined;
  /** DG1-6 type (A admitting, W working, F final). */
  type: string | undefined;
  /** DG1-15 priority; 1 is the principal diagnosis. */
  priority: number | undefined;
}

/** PV1 (and PV2, DG1): the visit. */
export interface AdtVisit {
  /** PV1-2 patient class (E emergency, I inpatient, O outpatient, P preadmit, R recurring, B obstetrics). */
  patientClass: string | undefined;
  /** PV1-19 visit number. */
  visitNumber: CxIdentifier | undefined;
  /** PV1-3 assigned location, as text (point of care, room, bed, facility). */
  location: string | undefined;
  /** PV1-4 admission type. */
  admissionType: string | undefined;
  /** PV1-36 discharge disposition. */
  dischargeDisposition: string | undefined;
  /** PV1-44 admit date/time, ISO. */
  admitAt: string | undefined;
  /** PV1-45 discharge date/time, ISO. */
  dischargeAt: string | undefined;
  /** PV2-3 admit reason. */
  admitReason: { code: string | undefined; display: string | undefined } | undefined;
  diagnoses: AdtDiagnosis[];
}

/** A message that parsed as HL7 and carries an MSH. */
export interface ParsedAdt {
  /** The text as parsed: BOM removed, segments separated by CR. */
  text: string;
  contentHash: string;
  /** `MSH-3|MSH-4`. */
  sender: string;
  sendingApplication: string;
  sendingFacility: string;
  controlId: string;
  /** MSH-9 as written, e.g. `ADT^A01^ADT_A01`. */
  messageType: string;
  /** MSH-9.1, e.g. ADT. */
  messageCode: string;
  /** MSH-9.2, or EVN-1 when a v2.3 sender leaves it out. */
  event: string;
  version: string;
  /** EVN-2 (recorded), or MSH-7, ISO. */
  recordedAt: string | undefined;
  /** EVN-6 event occurred (v2.3+), ISO. */
  occurredAt: string | undefined;
  person: AdtPerson | undefined;
  visit: AdtVisit | undefined;
  message: Hl7Message;
}

/** Why a text could not be read as HL7 at all (ACK AR). */
export class NotHl7Error extends Error {}

const BOM = '\uFEFF';

/**
 * Normalises what real feeds send: a leading UTF-8 BOM, leading/trailing blank lines, and CR, LF
 * or CRLF between segments (the standard says CR; files and some interfaces use LF).
 */
export function normaliseHl7Text(raw: string): string {
  let text = raw.startsWith(BOM) ? raw.slice(1) : raw;
  // eslint-disable-next-line no-control-regex -- NUL and control bytes are what garbage on the wire looks like
  text = text.replace(/^[\s\u0000]+/, '').replace(/[\s\u0000]+$/, '');
  return text
    .split(/\r\n|\r|\n/)
    .filter((s) => s.trim() !== '')
    .join('\r');
}

/** sha-256 of the normalised text: two deliveries of one message compare by it. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * MSH-2: component, repetition, escape and sub-component separators, and from v2.7 an optional
 * truncation character (HL7 v2.7 chapter 2, 2.5.4 "Message delimiters") — each distinct, none
 * the field separator, a letter, a digit or a space. A message whose delimiters repeat cannot be
 * read unambiguously, so it is not understood (AR) rather than guessed at.
 */
function encodingCharactersOk(text: string): boolean {
  const separator = text.charAt(3);
  const end = text.indexOf(separator, 4);
  const encoding = [...(end < 0 ? (text.slice(4).split('\r')[0] ?? '') : text.slice(4, end))];
  return (
    (encoding.length === 4 || encoding.length === 5) &&
    new Set([separator, ...encoding]).size === encoding.length + 1 &&
    encoding.every((c) => !/[A-Za-z0-9\s]/.test(c))
  );
}

/**
 * Parses a message. Throws `NotHl7Error` for text that is not HL7 (no MSH header, no field
 * separator, non-printable content); everything else is left to the caller to judge (AE).
 */
export function parseAdt(raw: string): ParsedAdt {
  const text = normaliseHl7Text(raw);
  // MSH, then the field separator, then the four encoding characters (MSH-1, MSH-2).
  if (!/^MSH([^A-Za-z0-9\r\n])[^\r\n]{4}/.test(text)) {
    throw new NotHl7Error('Not an HL7 v2 message: it does not start with an MSH segment');
  }
  if (!encodingCharactersOk(text)) {
    throw new NotHl7Error(
      'Not an HL7 v2 message: MSH-2 must hold four distinct encoding characters (five with the truncation character)',
    );
  }
  // eslint-disable-next-line no-control-regex -- NUL and control bytes are what garbage on the wire looks like
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) {
    throw new NotHl7Error('Not an HL7 v2 message: it contains control characters');
  }
  const segmentNames = text.split('\r').map((s) => s.slice(0, 3));
  if (!segmentNames.every((n) => /^[A-Z][A-Z0-9]{2}$/.test(n))) {
    throw new NotHl7Error('Not an HL7 v2 message: a segment does not start with a segment name');
  }
  const message = Hl7Message.parse(text);
  const msh = message.header;
  const sendingApplication = msh.getField(3)?.toString() ?? '';
  const sendingFacility = msh.getField(4)?.toString() ?? '';
  const messageType = msh.getField(9)?.toString() ?? '';
  const evn = message.getSegment('EVN');
  const event = component(msh, 9, 2) || component(evn, 1, 1);
  return {
    text,
    contentHash: contentHash(text),
    sender: `${sendingApplication}|${sendingFacility}`,
    sendingApplication,
    sendingFacility,
    controlId: component(msh, 10, 1),
    messageType,
    messageCode: component(msh, 9, 1),
    event,
    version: component(msh, 12, 1),
    recordedAt: dateTime(component(evn, 2, 1)) ?? dateTime(component(msh, 7, 1)),
    occurredAt: dateTime(component(evn, 6, 1)),
    person: readPerson(message.getSegment('PID')),
    visit: readVisit(message),
    message,
  };
}

function component(segment: Hl7Segment | undefined, field: number, comp: number): string {
  return (segment?.getComponent(field, comp) ?? '').trim();
}

/** One repetition of a field: its components (1-based) and their sub-components (0-based). */
interface Repetition {
  getComponent(component: number, subcomponent?: number): string;
}

function repetitions(segment: Hl7Segment | undefined, field: number): Repetition[] {
  const value = segment?.getField(field);
  if (!value) return [];
  return value.components.map((_, rep) => ({
    getComponent: (c: number, sub?: number) => value.getComponent(c, sub, rep).trim(),
  }));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' || value === '""' ? undefined : value.trim();
}

/** An HL7 DTM as an ISO instant (with its offset applied); undefined when absent or unreadable. */
export function dateTime(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  if (!v || !/^\d{4}/.test(v)) return undefined;
  try {
    const iso = parseHl7DateTime(v);
    return iso && !Number.isNaN(Date.parse(iso)) ? iso : undefined;
  } catch {
    return undefined;
  }
}

/** An HL7 DT/DTM as a FHIR date of the precision given (YYYY, YYYY-MM or YYYY-MM-DD). */
export function fhirDate(value: string | undefined): string | undefined {
  const v = nonEmpty(value);
  const m = v ? /^(\d{4})(\d{2})?(\d{2})?/.exec(v) : null;
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (mo && (Number(mo) < 1 || Number(mo) > 12)) return undefined;
  if (d && (Number(d) < 1 || Number(d) > 31)) return undefined;
  return [y, mo, mo ? d : undefined].filter(Boolean).join('-');
}

/**
 * The system of an assigning authority (HD: namespace ID & universal ID & universal ID type):
 * the namespace ID as the sender wrote it (percent-encoded where it is not a valid FHIR uri, e.g.
 * `Special%20Hospital`), or `urn:oid:` + the universal ID when only an ISO OID is given, or the
 * universal ID itself.
 */
export function authoritySystem(
  namespace: string | undefined,
  universalId: string | undefined,
  universalIdType: string | undefined,
): string | undefined {
  const ns = nonEmpty(namespace);
  if (ns) return asUri(ns);
  const uid = nonEmpty(universalId);
  if (!uid) return undefined;
  return universalIdType?.toUpperCase() === 'ISO' && /^[0-2](\.\d+)+$/.test(uid)
    ? `urn:oid:${uid}`
    : asUri(uid);
}

/** FHIR's uri type admits no whitespace: encode what a sender wrote with spaces. */
function asUri(value: string): string {
  return /\s|\|/.test(value) ? encodeURIComponent(value) : value;
}

function readCx(rep: Repetition): CxIdentifier | undefined {
  const value = nonEmpty(rep.getComponent(1));
  if (!value) return undefined;
  const system =
    authoritySystem(rep.getComponent(4, 0), rep.getComponent(4, 1), rep.getComponent(4, 2)) ??
    authoritySystem(rep.getComponent(6, 0), rep.getComponent(6, 1), rep.getComponent(6, 2));
  return { value, system, type: nonEmpty(rep.getComponent(5)) };
}

const GENDER: Record<string, AdtPerson['gender']> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  N: 'other',
  U: 'unknown',
};

function readPerson(pid: Hl7Segment | undefined): AdtPerson | undefined {
  if (!pid) return undefined;
  // PID-3 patient identifier list; PID-2 (external id, withdrawn in 2.7) and PID-4 (alternate id)
  // only when PID-3 is empty, as older senders put the MRN there.
  const identifiers = [3, 2, 4]
    .map((f) => repetitions(pid, f).flatMap((r) => readCx(r) ?? []))
    .find((list) => list.length > 0);
  const names = repetitions(pid, 5).flatMap((r): AdtName[] => {
    // XPN-1 is FN (surname & own surname prefix & …): the surname is its first sub-component.
    const family = nonEmpty(r.getComponent(1, 0));
    const given = [r.getComponent(2), r.getComponent(3)].flatMap((g) => nonEmpty(g) ?? []);
    if (!family && given.length === 0) return [];
    return [
      {
        family,
        given,
        suffix: nonEmpty(r.getComponent(4)),
        prefix: nonEmpty(r.getComponent(5)),
        type: nonEmpty(r.getComponent(7)),
      },
    ];
  });
  const addresses = repetitions(pid, 11).flatMap((r): AdtAddress[] => {
    // XAD-1 is SAD (street & street name & dwelling number) from 2.5: the whole street line.
    const street = [r.getComponent(1, 0), r.getComponent(1, 1), r.getComponent(1, 2)]
      .flatMap((s) => nonEmpty(s) ?? [])
      .join(' ');
    const lines = [street, r.getComponent(2)].flatMap((l) => nonEmpty(l) ?? []);
    const address: AdtAddress = {
      lines,
      city: nonEmpty(r.getComponent(3)),
      state: nonEmpty(r.getComponent(4)),
      postalCode: nonEmpty(r.getComponent(5)),
      country: nonEmpty(r.getComponent(6)),
      type: nonEmpty(r.getComponent(7)),
    };
    return lines.length > 0 || address.city || address.postalCode ? [address] : [];
  });
  const telecom = [13, 14].flatMap((f) =>
    repetitions(pid, f).flatMap((r): AdtTelecom[] => {
      const equipment = nonEmpty(r.getComponent(3));
      const use = nonEmpty(r.getComponent(2)) ?? (f === 14 ? 'WPN' : undefined);
      const email = nonEmpty(r.getComponent(4));
      if (equipment?.toLowerCase() === 'internet' && email) {
        return [{ value: email, system: 'email', use, equipment }];
      }
      // XTN-12 unformatted number (2.5+), else area code + local number (XTN-6, -7), else XTN-1.
      const local = nonEmpty(r.getComponent(7));
      const area = nonEmpty(r.getComponent(6));
      const value =
        nonEmpty(r.getComponent(12)) ??
        (local ? `${area ? `(${area}) ` : ''}${local}` : undefined) ??
        nonEmpty(r.getComponent(1));
      return value ? [{ value, system: 'phone', use, equipment }] : [];
    }),
  );
  const deathAt = fhirDate(component(pid, 29, 1));
  return {
    identifiers: identifiers ?? [],
    names,
    birthDate: fhirDate(component(pid, 7, 1)),
    gender: GENDER[component(pid, 8, 1).toUpperCase()],
    addresses,
    telecom,
    deceased: deathAt ?? (component(pid, 30, 1).toUpperCase() === 'Y' ? true : undefined),
  };
}

/** FHIR systems of the diagnosis coding systems HL7 table 0396 names. */
const CODING_SYSTEMS: Record<string, string> = {
  I10: 'http://hl7.org/fhir/sid/icd-10-cm',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  ICD10CM: 'http://hl7.org/fhir/sid/icd-10-cm',
  I9: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9C: 'http://hl7.org/fhir/sid/icd-9-cm',
  SCT: 'http://snomed.info/sct',
  SNM: 'http://snomed.info/sct',
};

function readVisit(message: Hl7Message): AdtVisit | undefined {
  const pv1 = message.getSegment('PV1');
  if (!pv1) return undefined;
  const pv2 = message.getSegment('PV2');
  const visitRep = repetitions(pv1, 19)[0];
  const location = [1, 2, 3, 4]
    .map((c) => nonEmpty(pv1.getComponent(3, c, 0)))
    .filter(Boolean)
    .join(' / ');
  const diagnoses = message.getAllSegments('DG1').flatMap((dg1): AdtDiagnosis[] => {
    const code = nonEmpty(dg1.getComponent(3, 1));
    if (!code) return [];
    const codingSystem = (nonEmpty(dg1.getComponent(3, 3)) ?? nonEmpty(dg1.getComponent(2, 1)))
      ?.toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
    const priority = Number(component(dg1, 15, 1));
    return [
      {
        code,
        display: nonEmpty(dg1.getComponent(3, 2)) ?? nonEmpty(dg1.getComponent(4, 1)),
        system: codingSystem ? CODING_SYSTEMS[codingSystem] : undefined,
        type: nonEmpty(dg1.getComponent(6, 1)),
        priority: Number.isInteger(priority) && priority > 0 ? priority : undefined,
      },
    ];
  });
  const reasonCode = nonEmpty(pv2?.getComponent(3, 1));
  const reasonText = nonEmpty(pv2?.getComponent(3, 2));
  return {
    patientClass: nonEmpty(pv1.getComponent(2, 1))?.toUpperCase(),
    visitNumber: visitRep ? readCx(visitRep) : undefined,
    location: location || undefined,
    admissionType: nonEmpty(pv1.getComponent(4, 1)),
    dischargeDisposition: nonEmpty(pv1.getComponent(36, 1)),
    admitAt: dateTime(pv1.getComponent(44, 1)),
    dischargeAt: dateTime(pv1.getComponent(45, 1)),
    admitReason: reasonCode || reasonText ? { code: reasonCode, display: reasonText } : undefined,
    diagnoses,
  };
}
