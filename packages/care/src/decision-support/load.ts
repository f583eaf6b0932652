/**
 * Builds a person's record for the rules: from the client's prefetch where it is present and
 * usable, otherwise read through the caller's access scope (store applies it in SQL), so a
 * service reads nothing the caller could not read themselves.
 */
import { OperationOutcomeError, isGone, isNotFound } from '@medplum/core';
import type { Bundle, MedicationRequest, Resource } from '@medplum/fhirtypes';
import { MAX_COUNT, type Repository, type RequestContext } from '@careweave/store';
import { CdsError } from '@careweave/contract';
import { careError } from '../shared/care-errors.js';
import { CDS_LOINC, LOINC, LOINC_SYSTEM } from './codes.js';
import { RECORD_TYPES, emptyRecord, type PatientRecord, type RecordList } from './record.js';

/** The reference naming the person a resource is about, by type. */
function subjectOf(r: Resource): string | undefined {
  switch (r.resourceType) {
    case 'Task':
      return r.for?.reference;
    case 'EpisodeOfCare':
      return r.patient.reference;
    case 'Observation':
    case 'Encounter':
    case 'Communication':
    case 'ServiceRequest':
    case 'Goal':
    case 'Condition':
    case 'MedicationRequest':
    case 'RiskAssessment':
      return r.subject?.reference;
    default:
      return undefined;
  }
}

/** Observation codes the rules read (the only observations worth loading). */
const OBSERVATION_CODES = [
  LOINC.PHQ9_TOTAL,
  LOINC.PHQ9_ITEM9,
  ...CDS_LOINC.HBA1C,
  CDS_LOINC.BP_PANEL,
].map((c) => `${LOINC_SYSTEM}|${c}`);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The resources of a prefetched searchset Bundle that are of the list's type and about this
 * person, or undefined when the value is not a Bundle (the service then reads for itself).
 */
export function prefetched(
  value: unknown,
  list: RecordList,
  patientId: string,
): Resource[] | undefined {
  if (!isObject(value) || value.resourceType !== 'Bundle') return undefined;
  const entries = (value as unknown as Bundle).entry;
  if (entries !== undefined && !Array.isArray(entries)) return undefined;
  const type = RECORD_TYPES[list];
  return (entries ?? [])
    .map((e) => (isObject(e) ? (e.resource as Resource | undefined) : undefined))
    .filter(
      (r): r is Resource =>
        isObject(r) && r.resourceType === type && subjectOf(r) === `Patient/${patientId}`,
    );
}

async function readList(
  repo: Repository,
  ctx: RequestContext,
  list: RecordList,
  patientId: string,
): Promise<Resource[]> {
  const params: [string, string][] = [
    ['patient', patientId],
    ['_count', String(MAX_COUNT)],
    ['_total', 'none'],
  ];
  if (list === 'observations') params.push(['code', OBSERVATION_CODES.join(',')]);
  const page = await repo.search(ctx, RECORD_TYPES[list], params);
  return page.resources;
}

/** What loading needs to know of the hook call. */
export interface LoadInput {
  patientId: string;
  now: Date;
  lists: readonly RecordList[];
  prefetch?: Record<string, unknown>;
  draftOrders?: MedicationRequest[];
}

/** The person's record for the lists the service's rules read; 403 when the caller may not see them. */
export async function loadRecord(
  repo: Repository,
  ctx: RequestContext,
  input: LoadInput,
): Promise<{ record: PatientRecord; prefetchUsed: RecordList[] }> {
  try {
    await repo.read(ctx, 'Patient', input.patientId);
  } catch (err) {
    if (
      !(err instanceof OperationOutcomeError) ||
      !(isNotFound(err.outcome) || isGone(err.outcome))
    ) {
      throw err;
    }
    throw careError(
      CdsError.NO_ACCESS,
      'forbidden',
      'You have no care relationship with this person (or they do not exist)',
      'context.patientId',
    );
  }
  const record = emptyRecord(input.patientId, input.now);
  const prefetchUsed: RecordList[] = [];
  for (const list of input.lists) {
    const given = prefetched(input.prefetch?.[list], list, input.patientId);
    if (given) prefetchUsed.push(list);
    const resources = given ?? (await readList(repo, ctx, list, input.patientId));
    (record[list] as Resource[]) = resources;
  }
  record.draftOrders = input.draftOrders ?? [];
  return { record, prefetchUsed };
}
