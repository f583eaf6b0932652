import type { Bundle, BundleLink } from '@medplum/fhirtypes';
import type { HistoryPage, SearchResult } from '@careweave/store';

/** Builds a `searchset` Bundle with `self` and, when there is one, `next` links. */
export function searchsetBundle(result: SearchResult, base: string, resourceType: string, pairs: [string, string][]): Bundle {
  const kept = pairs.filter(([k]) => k !== '_cursor');
  const url = (extra: [string, string][]): string => {
    const qs = new URLSearchParams([...kept, ...extra]).toString();
    return `${base}/${resourceType}${qs ? `?${qs}` : ''}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: url(pairs.filter(([k]) => k === '_cursor')) }];
  if (result.nextCursor) {
    link.push({ relation: 'next', url: url([['_cursor', result.nextCursor]]) });
  }
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    link,
    entry: result.resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
  if (result.total !== undefined) {
    bundle.total = result.total;
  }
  if (result.warnings.length > 0) {
    bundle.entry?.push({
      resource: { resourceType: 'OperationOutcome', issue: result.warnings.map((text) => ({ severity: 'warning', code: 'not-supported', details: { text } })) },
      search: { mode: 'outcome' },
    });
  }
  return bundle;
}

/** Builds a `history` Bundle; deletions appear as entries without a resource and method DELETE. */
export function historyBundle(page: HistoryPage, base: string, path: string, pairs: [string, string][]): Bundle {
  const kept = pairs.filter(([k]) => k !== '_cursor');
  const url = (extra: [string, string][]): string => {
    const qs = new URLSearchParams([...kept, ...extra]).toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  };
  const link: BundleLink[] = [{ relation: 'self', url: url(pairs.filter(([k]) => k === '_cursor')) }];
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
      request: { method: e.method as 'POST' | 'PUT' | 'DELETE', url: e.method === 'POST' ? e.resourceType : `${e.resourceType}/${e.id}` },
      response: { status: e.deleted ? '204' : e.versionId === 1 ? '201' : '200', etag: `W/"${e.versionId}"`, lastModified: e.lastUpdated },
    })),
  };
  if (page.total !== undefined) {
    bundle.total = page.total;
  }
  return bundle;
}
