import type { Reference, Resource } from '@medplum/fhirtypes';
import { createContext, useContext } from 'react';
import type { Attribution } from '../model/attribution';

/** What panels need from the whole summary: attribution and organisation names. */
export interface SummaryContextValue {
  attribution: (resource: Resource) => Attribution;
  organizationName: (ref: Reference | undefined) => string | undefined;
}

export const SummaryContext = createContext<SummaryContextValue>({
  attribution: (r) => (r.meta?.lastUpdated ? { when: r.meta.lastUpdated } : {}),
  organizationName: (ref) => ref?.display ?? ref?.reference,
});

/** The summary's attribution and directory helpers. */
export function useSummaryContext(): SummaryContextValue {
  return useContext(SummaryContext);
}
