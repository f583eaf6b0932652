import type { Encounter, Identifier, Patient, Provenance, Resource } from '@medplum/fhirtypes';
import {
  ADT_EVENTS,
  CANCELLED_ENCOUNTER_STATUS,
  type AdtEvent,
  type MatchCandidate,
  type MatchPerson,
} from '@careweave/contract';
import {
  readInTransaction,
  readModelsIn,
  searchInTransaction,
  type Queryable,
  type RequestContext,
  type ResourceWriter,
} from '@careweave/store';
import { versionedReference } from '../shared/provenance.js';
import { AdtError } from './errors.js';
import { decideMatch, scoreCandidate } from './matching.js';
import type { AdtPerson, CxIdentifier, ParsedAdt } from './parse.js';
import { patientFromPerson, toIdentifier, updatedPatient, withIdentifiers } from './patient.js';
import { adtEncounterClass, applyEventToEncounter, newEncounter } from './encounter.js';

/** HL7 v2.3 to v2.8 (with their point releases, e.g. 2.3.1, 2.5.1). */
const SUPPORTED_VERSION = /^2\.[3-8](\.\d+)?$/;

/** How a person whose match was uncertain is settled by an administrator. */
export type PersonDecision = { action: 'link'; patientId: string } | { action: 'register' };

/** What applying a message did. */
export type ApplyResult =
  | { kind: 'applied'; patientId: string; written: Resource[] }
  | { kind: 'review'; incoming: MatchPerson; candidates: MatchCandidate[] };

export function isAdtEvent(value: string): value is AdtEvent {
  return (ADT_EVENTS as readonly string[]).includes(value);
}

/** Checks what every ADT message must carry before anything is looked up (AE otherwise). */
/** The most PID-3 repetitions a message may carry (the FHIR API's limit per Patient). */
export const MAX_PERSON_IDENTIFIERS = 100;

export function checkAdt(adt: ParsedAdt): AdtEvent {
  if (!adt.controlId) {
    throw new AdtError('MSH-10 (message control id) is missing', 'MSH^1^10', '101');
  }
  if (!SUPPORTED_VERSION.test(adt.version)) {
    throw new AdtError(
      `HL7 version "${adt.version}" is not supported (2.3 to 2.8 are)`,
      'MSH^1^12',
      '203',
    );
  }
  if (adt.messageCode !== 'ADT') {
    throw new AdtError(
      `Message type "${adt.messageType}" is not supported: this feed accepts ADT messages`,
      'MSH^1^9',
      '200',
    );
  }
  if (!isAdtEvent(adt.event)) {
    throw new AdtError(
      `Event "${adt.event || '(none)'}" is not supported: this feed applies ADT ${ADT_EVENTS.join(', ')}`,
      'MSH^1^9^2',
      '201',
    );
  }
  if (!adt.person) {
    throw new AdtError('The PID segment is missing', 'PID', '100');
  }
  if (adt.person.identifiers.length === 0 && adt.person.names.length === 0) {
    throw new AdtError('PID names no identifier (PID-3) and no name (PID-5)', 'PID^1^3', '101');
  }
  if (adt.person.identifiers.length > MAX_PERSON_IDENTIFIERS) {
    // Each identifier is a search and a lock when matching the person: 10,000 of them held one
    // message for 40 s. The FHIR API refuses a Patient with more than 100 identifiers too.
    throw new AdtError(
      `PID-3 repeats ${adt.person.identifiers.length} times; at most ${MAX_PERSON_IDENTIFIERS} identifiers are accepted`,
      'PID^1^3',
      '102',
    );
  }
  if (adt.event !== 'A08' && !adt.visit) {
    throw new AdtError(
      `The PV1 segment is missing (ADT ${adt.event} needs the visit)`,
      'PV1',
      '100',
    );
  }
  return adt.event;
}

/** The incoming person as the matching rule and the review screen see them. */
export function matchPersonOf(person: AdtPerson): MatchPerson {
  const name = person.names.find((n) => n.type === 'L') ?? person.names[0];
  return {
    family: name?.family ?? null,
    given: name?.given[0] ?? null,
    birthDate: person.birthDate ?? null,
    gender: person.gender ?? null,
    postcode: person.addresses.find((a) => a.postalCode)?.postalCode ?? null,
    identifiers: person.identifiers.map((i) => ({ system: i.system ?? null, value: i.value })),
  };
}

/** The system of visit numbers a sender gives without an assigning authority. */
export function senderVisitSystem(adt: ParsedAdt): string {
  return `https://careweave.org/fhir/hl7v2/${encodeURIComponent(adt.sender)}/visit`;
}

function identifierKey(i: { system?: string | undefined; value?: string | undefined }): string {
  return `${i.system ?? ''}|${i.value ?? ''}`;
}

const MAX_CANDIDATES = 50;

async function findByIdentifiers(
  ctx: RequestContext,
  tx: Queryable,
  identifiers: readonly CxIdentifier[],
): Promise<Patient[]> {
  const found = new Map<string, Patient>();
  for (const id of identifiers) {
    if (!id.system) continue; // an identifier without its authority identifies no one safely
    const result = await searchInTransaction(tx, ctx, 'Patient', [
      ['identifier', `${id.system}|${id.value}`],
      ['_count', '10'],
    ]);
    for (const p of result.resources as Patient[]) if (p.id) found.set(p.id, p);
  }
  return [...found.values()];
}

async function findCandidates(
  ctx: RequestContext,
  tx: Queryable,
  incoming: MatchPerson,
): Promise<Patient[]> {
  const found = new Map<string, Patient>();
  const searches: [string, string][][] = [];
  if (incoming.birthDate) searches.push([['birthdate', incoming.birthDate]]);
  if (incoming.family) searches.push([['family', incoming.family]]);
  for (const pairs of searches) {
    const result = await searchInTransaction(tx, ctx, 'Patient', [
      ...pairs,
      ['_count', String(MAX_CANDIDATES)],
    ]);
    for (const p of result.resources as Patient[]) if (p.id) found.set(p.id, p);
  }
  return [...found.values()];
}

/**
 * Decides who the message is about: by identifier first, then by the matching rule. Returns the
 * Patient (created or with new identifiers written) or the review the person needs.
 */
async function resolvePerson(
  ctx: RequestContext,
  w: ResourceWriter,
  tx: Queryable,
  adt: ParsedAdt,
  event: AdtEvent,
  person: AdtPerson,
  decision: PersonDecision | undefined,
  written: Resource[],
): Promise<Patient | { review: MatchCandidate[] }> {
  const incoming = matchPersonOf(person);
  const addIdentifiers = async (patient: Patient): Promise<Patient> => {
    const next =
      event === 'A08' ? updatedPatient(patient, person) : withIdentifiers(patient, person);
    if (!next || JSON.stringify(next) === JSON.stringify(patient)) return patient;
    const stored = (await w.update(next)).resource;
    written.push(stored);
    return stored;
  };
  const register = async (): Promise<Patient> => {
    if (event === 'A11' || event === 'A13') {
      throw new AdtError(
        `ADT ${event} names a person who is not known here: there is nothing to cancel`,
        'PID^1^3',
        '204',
      );
    }
    const created = await w.create(patientFromPerson(person));
    written.push(created);
    return created;
  };

  if (decision?.action === 'link') {
    return addIdentifiers(await readInTransaction<Patient>(tx, ctx, 'Patient', decision.patientId));
  }
  if (decision?.action === 'register') return register();

  const byIdentifier = await findByIdentifiers(ctx, tx, person.identifiers);
  if (byIdentifier.length === 1 && byIdentifier[0]) return addIdentifiers(byIdentifier[0]);
  if (byIdentifier.length > 1) {
    // Two of our Patients carry this person's identifiers: a duplicate only a person can settle.
    return { review: byIdentifier.map((p) => scoreCandidate(incoming, p)) };
  }
  const outcome = decideMatch(incoming, await findCandidates(ctx, tx, incoming));
  switch (outcome.kind) {
    case 'match':
      return addIdentifiers(outcome.patient);
    case 'review':
      return { review: outcome.candidates };
    case 'new':
      return register();
  }
}

async function findEncounter(
  ctx: RequestContext,
  tx: Queryable,
  adt: ParsedAdt,
  event: AdtEvent,
  patientId: string,
  visitIdentifier: Identifier | undefined,
): Promise<Encounter | undefined> {
  if (visitIdentifier) {
    const result = await searchInTransaction(tx, ctx, 'Encounter', [
      ['identifier', identifierKey(visitIdentifier)],
      ['patient', `Patient/${patientId}`],
      ['_count', '2'],
    ]);
    return result.resources[0] as Encounter | undefined;
  }
  // No visit number: the person's latest stay from this sender, open (or, for A13, finished).
  const result = await searchInTransaction(tx, ctx, 'Encounter', [
    ['patient', `Patient/${patientId}`],
    ['identifier', `${senderVisitSystem(adt)}|`],
    ['_count', '100'],
  ]);
  const wanted = event === 'A13' ? 'finished' : 'in-progress';
  return (result.resources as Encounter[])
    .filter((e) => e.status === wanted || (event === 'A11' && e.status === 'finished'))
    .sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''))[0];
}

/**
 * The visit's identifier: PV1-19 with its authority (or the sender's visit system); without a
 * visit number, the admit time (PV1-44) under the sender's system, so A01 and its A03 still meet.
 * Undefined when the message has neither: then the person's latest stay from the sender is meant.
 */
function visitIdentifierOf(adt: ParsedAdt): Identifier | undefined {
  const visit = adt.visit;
  if (visit?.visitNumber) {
    return toIdentifier({
      ...visit.visitNumber,
      system: visit.visitNumber.system ?? senderVisitSystem(adt),
    });
  }
  if (visit?.admitAt) {
    return { system: senderVisitSystem(adt), value: `admit-${visit.admitAt}` };
  }
  return undefined;
}

function provenance(
  adt: ParsedAdt,
  targets: readonly Resource[],
  patientId: string,
  now: Date,
): Provenance {
  return {
    resourceType: 'Provenance',
    target: [
      ...targets.map((t) => ({ reference: versionedReference(t) })),
      { reference: `Patient/${patientId}` },
    ],
    recorded: now.toISOString(),
    activity: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
          code: 'UPDATE',
        },
      ],
      text: `HL7 v2 ${adt.messageType || adt.event}`,
    },
    agent: [
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
              code: 'assembler',
            },
          ],
        },
        who: { display: `HL7 v2 feed from ${adt.sendingFacility || adt.sender}` },
      },
    ],
    entity: [
      {
        role: 'source',
        what: {
          identifier: {
            system: 'urn:careweave:hl7v2:message',
            value: `${adt.sender}|${adt.controlId}`,
          },
          display: `HL7 v2 ${adt.messageType} ${adt.controlId} from ${adt.sender}`,
        },
      },
    ],
  };
}

/**
 * Turns one ADT message into ordinary writes through the one write path (the writer of the
 * caller's transaction): the Patient registered, given a new identifier or updated, and the
 * Encounter created or moved to the state the event says. The hospital-event protocol reacts to
 * those Encounter writes as it does to the same writes through the FHIR API.
 */
export async function applyAdt(
  ctx: RequestContext,
  w: ResourceWriter,
  tx: Queryable,
  adt: ParsedAdt,
  options: { now: Date; decision?: PersonDecision | undefined },
): Promise<ApplyResult> {
  const event = checkAdt(adt);
  const person = adt.person as AdtPerson;
  const visitIdentifier = visitIdentifierOf(adt);
  // Two connections carrying the same person or stay wait for each other here.
  await readModelsIn(tx).hl7Messages.lockKeys([
    ...person.identifiers.map((i) => `person:${identifierKey(i)}`),
    ...(visitIdentifier ? [`visit:${identifierKey(visitIdentifier)}`] : []),
  ]);
  const written: Resource[] = [];
  const resolved = await resolvePerson(ctx, w, tx, adt, event, person, options.decision, written);
  if ('review' in resolved) {
    return { kind: 'review', incoming: matchPersonOf(person), candidates: resolved.review };
  }
  const patientId = resolved.id as string;
  if (adt.visit) {
    const existing = await findEncounter(ctx, tx, adt, event, patientId, visitIdentifier);
    if (!existing && (event === 'A11' || event === 'A13')) {
      throw new AdtError(
        `ADT ${event}: no ${event === 'A11' ? 'admission' : 'discharge'} of this visit is known here`,
        'PV1^1^19',
        '204',
      );
    }
    if (existing || event !== 'A08') {
      const identifier = visitIdentifier ?? {
        system: senderVisitSystem(adt),
        value: `message-${adt.controlId}`,
      };
      const base =
        existing ??
        newEncounter(patientId, identifier, adtEncounterClass(event, adt.visit.patientClass));
      const next = applyEventToEncounter(base, adt, event, CANCELLED_ENCOUNTER_STATUS);
      if (!existing || JSON.stringify(next) !== JSON.stringify(existing)) {
        const stored = existing ? (await w.update(next)).resource : await w.create(next);
        written.push(stored);
      }
    }
  }
  if (written.length > 0) {
    await w.create(provenance(adt, written, patientId, options.now));
  }
  return { kind: 'applied', patientId, written };
}
