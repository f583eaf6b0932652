import type { Coding, Observation } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { StoreErrors } from '../repository/errors.js';
import { executeSearch, type SearchResult } from './execute.js';
import { MAX_COUNT } from './model.js';
import { parseSearch } from './parse.js';

/**
 * The parameters `Observation/$lastn` takes (FHIR R4 Observation-lastn): `max` and the search
 * parameters the operation names (patient, subject, category, code, date).
 */
const SEARCH_PARAMETERS = new Set(['patient', 'subject', 'category', 'code', 'date']);

/** Observations scanned at most for one request: beyond this the caller must narrow the query. */
const MAX_SCANNED = 50_000;

export interface LastNQuery {
  max: number;
  pairs: [string, string][];
}

/** Reads `max` (default 1, a positive integer) and checks every other parameter is one $lastn takes. */
export function parseLastN(pairs: Iterable<[string, string]>): LastNQuery {
  let max = 1;
  const kept: [string, string][] = [];
  for (const [name, value] of pairs) {
    const base = name.split(':', 1)[0] ?? name;
    if (name === 'max') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1) {
        throw StoreErrors.badRequest(
          `max must be a positive integer, got ${JSON.stringify(value)}`,
        );
      }
      max = n;
    } else if (SEARCH_PARAMETERS.has(base)) {
      kept.push([name, value]);
    } else {
      throw StoreErrors.badRequest(
        `$lastn does not take ${JSON.stringify(name)}; it takes max, patient, subject, category, code and date`,
      );
    }
  }
  return { max, pairs: kept };
}

/** The code an observation is grouped by: its first coding with system and code, else its text. */
function codeKey(observation: Observation): string {
  const coding: Coding | undefined = observation.code.coding?.find((c) => c.system && c.code);
  return coding ? `${coding.system}|${coding.code}` : `text:${observation.code.text ?? ''}`;
}

/**
 * `Observation/$lastn`: the `max` most recent observations (by effective date) for each code and
 * each patient among those the search parameters select, within the caller's access scope.
 * Observations with the same first coding count as one code.
 */
export async function lastN(
  q: Queryable,
  scope: AccessScope,
  query: LastNQuery,
  compartment?: { type: 'Patient'; id: string },
): Promise<SearchResult> {
  const kept: Observation[] = [];
  const seen = new Map<string, number>();
  let cursor: string | undefined;
  let scanned = 0;
  do {
    const page = await executeSearch(
      q,
      scope,
      parseSearch(
        'Observation',
        [
          ...query.pairs,
          ['_sort', '-date'],
          ['_count', String(MAX_COUNT)],
          ...(cursor ? ([['_cursor', cursor]] as [string, string][]) : []),
        ],
        compartment ? { compartment } : {},
      ),
    );
    for (const resource of page.resources as Observation[]) {
      const key = `${resource.subject?.reference ?? ''} ${codeKey(resource)}`;
      const n = seen.get(key) ?? 0;
      if (n < query.max) {
        kept.push(resource);
        seen.set(key, n + 1);
      }
    }
    scanned += page.resources.length;
    if (scanned > MAX_SCANNED) {
      throw StoreErrors.badRequest(
        `$lastn would scan more than ${MAX_SCANNED} observations; narrow it by patient, code or date`,
      );
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { resources: kept, total: kept.length, warnings: [] };
}
