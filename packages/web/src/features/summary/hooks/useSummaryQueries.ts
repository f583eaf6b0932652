import { RISK_TIER_METHODS } from '../model/risk';
import type {
  AllergyIntolerance,
  CareTeam,
  Condition,
  Consent,
  Encounter,
  EpisodeOfCare,
  MedicationRequest,
  Observation,
  Patient,
  Resource,
  RiskAssessment,
  Task,
} from '@medplum/fhirtypes';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import {
  readResource,
  searchResources,
  type SearchParams,
  type SearchResult,
} from '../../../lib/fhir';

/** Open Task statuses (FHIR R4 task-status minus the terminal ones). */
const OPEN_TASK_STATUSES = 'draft,requested,received,accepted,ready,in-progress,on-hold';

function usePatientSearchQuery<T extends Resource>(
  type: T['resourceType'],
  patientId: string,
  params: SearchParams,
): UseQueryResult<SearchResult<T>> {
  return useQuery({
    queryKey: ['summary', patientId, type, params],
    queryFn: ({ signal }) => searchResources<T>(type, params, signal),
    staleTime: 60_000,
  });
}

/**
 * Everything the integrated summary shows, fetched as parallel searches by patient (one query per
 * resource type, so each panel has its own loading and error state and a slow one holds up
 * nobody). `_include`/`$everything` would save round trips once the server has them.
 */
export function useSummaryQueries(patientId: string) {
  const p = `Patient/${patientId}`;
  return {
    patient: useQuery({
      queryKey: ['summary', patientId, 'Patient'],
      queryFn: ({ signal }) => readResource<Patient>('Patient', patientId, signal),
      staleTime: 60_000,
    }),
    conditions: usePatientSearchQuery<Condition>('Condition', patientId, {
      patient: p,
      _count: 500,
    }),
    medications: usePatientSearchQuery<MedicationRequest>('MedicationRequest', patientId, {
      patient: p,
      _count: 500,
      _sort: '-authoredon',
    }),
    observations: usePatientSearchQuery<Observation>('Observation', patientId, {
      patient: p,
      _count: 1000,
      _sort: '-date',
    }),
    encounters: usePatientSearchQuery<Encounter>('Encounter', patientId, {
      patient: p,
      _count: 1000,
      _sort: '-date',
    }),
    allergies: usePatientSearchQuery<AllergyIntolerance>('AllergyIntolerance', patientId, {
      patient: p,
      _count: 100,
    }),
    careTeams: usePatientSearchQuery<CareTeam>('CareTeam', patientId, { patient: p, _count: 50 }),
    episodes: usePatientSearchQuery<EpisodeOfCare>('EpisodeOfCare', patientId, {
      patient: p,
      _count: 50,
    }),
    consents: usePatientSearchQuery<Consent>('Consent', patientId, { patient: p, _count: 50 }),
    tasks: usePatientSearchQuery<Task>('Task', patientId, {
      patient: p,
      status: OPEN_TASK_STATUSES,
      _count: 200,
    }),
    // The model's newest assessment and any clinician override (LACE/HOSPITAL scores at discharge are other methods).
    risk: usePatientSearchQuery<RiskAssessment>('RiskAssessment', patientId, {
      patient: p,
      method: RISK_TIER_METHODS,
      _sort: '-date',
      _count: 20,
    }),
  };
}

/** The queries of one summary. */
export type SummaryQueries = ReturnType<typeof useSummaryQueries>;
