import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';
import type { HistoryPage, SearchResult } from '@careweave/store';

/**
 * Builds a `searchset` Bundle: `self`, and `next`/`previous` when there are such pages (the
 * store's keyset cursors, as `_cursor`); matches, then `_include`d resources (mode `include`),
 * then warnings as an OperationOutcome (mode `outcome`). `path` is what follows the base:
 * `Observation`, `Patient/123/Observation` or `Patient/123/$everything`.
 */
export function searchsetBundle(
  result: SearchResult,
  base: string,
  path: string,
  pairs: [string, string][],
): Bundle {
  const kept = pairs.filter(([k]) => k !== '_cursor');
  const url = (extra: [string, string][]): string => {
    const qs = new URLSearchParams([...kept, ...extra]).toString();
    return `${base}/${path}${qs ? `?${qs}` : ''}`;
  };
  const link: BundleLink[] = [
    { relation: 'self', url: url(pairs.filter(([k]) => k === '_cursor')) },
  ];
  if (result.nextCursor) {
    link.push({ relation: 'next', url: url([['_cursor', result.nextCursor]]) });
  }
  if (result.prevCursor) {
    link.push({ relation: 'previous', url: url([['_cursor', result.prevCursor]]) });
  }
  const entry = (resource: Resource, mode: 'match' | 'include'): BundleEntry => ({
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    link,
    entry: [
      ...result.resources.map((r) => entry(r, 'match')),
      ...(result.included ?? []).map((r) => entry(r, 'include')),
    ],
  };
  if (result.total !== undefined) {
    bundle.total = result.total;
  }
  if (result.warnings.length > 0) {
    bundle.entry?.push({
      resource: {
        resourceType: 'OperationOutcome',
        issue: result.warnings.map((text) => ({
          severity: 'warning',
          code: 'not-supported',
          details: { text },
        })),
      },
      search: { mode: 'outcome' },
    });
  }
  return bundle;
}

/** Builds a `history` Bundle; deletions appear as entries without a resource and method DELETE. */
export function historyBundle(
  page: HistoryPage,
  base: string,
  path: string,
  pairs: [string, string][],
): Bundle {
  const kept = pairs.filter(([k]) => k !== '_cursor');
  const url = (extra: [string, string][]): string => {
    const qs = new URLSearchParams([...kept, ...extra]).toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  };
  const link: BundleLink[] = [
    { relation: 'self', url: url(pairs.filter(([k]) => k === '_cursor')) },
  ];
  if (page.nextCursor) {
    link.push({ relation: 'next', url: url([['_cursor', page.nextCursor]]) });
  }
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'history',
    link,
    entry: page.entries.map((e) => ({
      fullUrl: `${base}/${e.resourceType}/${e.id}`,
      ...(e.resource ? { resource: e.resource } : {}),
      request: {
        method: e.method as 'POST' | 'PUT' | 'DELETE',
        url: e.method === 'POST' ? e.resourceType : `${e.resourceType}/${e.id}`,
      },
      response: {
        status: e.deleted ? '204' : e.versionId === 1 ? '201' : '200',
        etag: `W/"${e.versionId}"`,
        lastModified: e.lastUpdated,
      },
    })),
  };
  if (page.total !== undefined) {
    bundle.total = page.total;
  }
  return bundle;
}
