import type { Measure, MeasureReport, Patient } from '@medplum/fhirtypes';
import { useQueries, useQuery } from '@tanstack/react-query';
import { searchResources } from '../../../lib/fhir';
import { request } from '../../../lib/http';
import { isEcqmMeasure } from '../model/ecqm';

/** The loaded eCQMs (stored Measures that name a CQL Library), read once a while. */
export function useEcqmMeasures() {
  return useQuery({
    queryKey: ['measures', 'ecqm', 'list'],
    queryFn: async ({ signal }) =>
      (await searchResources<Measure>('Measure', { _count: 100 }, signal)).resources.filter(
        isEcqmMeasure,
      ),
    staleTime: 5 * 60_000,
  });
}

const evaluatePath = (id: string, start: string, end: string, reportType: string): string =>
  `/fhir/R4/Measure/${encodeURIComponent(id)}/$evaluate-measure?${new URLSearchParams({
    periodStart: start,
    periodEnd: end,
    reportType,
  }).toString()}`;

/**
 * Each eCQM's summary report over the period (`$evaluate-measure`, reportType population): one
 * request per measure, so a slow one never holds the others (or the SQL measures) back.
 */
export function useEcqmReports(ids: readonly string[], start: string, end: string) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['measures', 'ecqm', 'report', id, start, end],
      queryFn: async ({ signal }: { signal: AbortSignal }) =>
        (await request<MeasureReport>(evaluatePath(id, start, end, 'population'), { signal })).data,
      staleTime: 60_000,
    })),
  });
}

/** The subject-list report of one eCQM (drill-down) and the names of its people; off until asked. */
export function useEcqmSubjects(id: string | null, start: string, end: string) {
  return useQuery({
    queryKey: ['measures', 'ecqm', 'subjects', id, start, end],
    queryFn: async ({ signal }) =>
      (await request<MeasureReport>(evaluatePath(id ?? '', start, end, 'subject-list'), { signal }))
        .data,
    enabled: id !== null,
    staleTime: 60_000,
  });
}

/** Names of up to 100 people (`Patient?_id=…`), for the drill-down list. */
export function usePatientNames(references: readonly string[]) {
  const ids = references.slice(0, 100).map((r) => r.slice('Patient/'.length));
  return useQuery({
    queryKey: ['measures', 'ecqm', 'names', ids],
    queryFn: async ({ signal }) =>
      (
        await searchResources<Patient>(
          'Patient',
          { _id: ids.join(','), _count: ids.length, _elements: 'name' },
          signal,
        )
      ).resources,
    enabled: ids.length > 0,
    staleTime: 5 * 60_000,
  });
}
