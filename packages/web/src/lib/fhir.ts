import type { Bundle, OperationOutcome, Resource, ResourceType } from '@medplum/fhirtypes';
import { request } from './http';
import { readWithheld, type Withheld } from './withheld';

/** The FHIR base path on the Careweave server. */
export const FHIR_BASE = '/fhir/R4';

/** Search parameters: repeated keys as arrays (AND), comma-separated values inside one (OR). */
export type SearchParams = Record<string, string | number | readonly string[] | undefined>;

/** One page of search results and what came with it. */
export interface SearchResult<T extends Resource> {
  resources: T[];
  total?: number;
  /** Rows the server withheld (consent, sensitivity), if it said so. */
  withheld: Withheld | null;
  /** Informational or warning outcomes the server attached to the Bundle. */
  outcomes: OperationOutcome[];
  /** The `next` link, when there are more pages. */
  next?: string;
}

/** Builds `?a=1&b=2&b=3` from search parameters (undefined values left out). */
export function toQuery(params: SearchParams): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) {
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) {
      q.append(key, String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Searches one resource type (`GET /fhir/R4/{type}?…`) and returns the resources of the page. */
export async function searchResources<T extends Resource>(
  type: T['resourceType'] & ResourceType,
  params: SearchParams,
  signal?: AbortSignal,
): Promise<SearchResult<T>> {
  const { data, headers } = await request<Bundle>(
    `${FHIR_BASE}/${type}${toQuery(params)}`,
    signal ? { signal } : {},
  );
  const entries = data.entry ?? [];
  const next = data.link?.find((l) => l.relation === 'next')?.url;
  return {
    resources: entries
      .filter((e) => e.search?.mode !== 'outcome' && e.resource?.resourceType === type)
      .map((e) => e.resource as T),
    ...(data.total !== undefined ? { total: data.total } : {}),
    withheld: readWithheld(headers, data),
    outcomes: entries
      .filter((e) => e.resource?.resourceType === 'OperationOutcome')
      .map((e) => e.resource as OperationOutcome),
    ...(next ? { next } : {}),
  };
}

/** Reads one resource (`GET /fhir/R4/{type}/{id}`). */
export async function readResource<T extends Resource>(
  type: string,
  id: string,
  signal?: AbortSignal,
): Promise<T> {
  const { data } = await request<T>(
    `${FHIR_BASE}/${encodeURIComponent(type)}/${encodeURIComponent(id)}`,
    signal ? { signal } : {},
  );
  return data;
}
