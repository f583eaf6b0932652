import { OperationOutcomeError, getStatus, normalizeOperationOutcome } from '@medplum/core';
import type {
  Bundle,
  BundleEntry,
  BundleEntryResponse,
  OperationOutcome,
  Resource,
} from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { StoreErrors, isValidId } from '../repository/errors.js';
import { readCurrent } from '../repository/read.js';
import { queryPairs, type Repository } from '../repository/repository.js';
import type { TxWriter } from '../repository/tx-writer.js';
import { executeSearch } from '../search/execute.js';
import { parseSearch } from '../search/parse.js';
import { findUrnReference, rewriteReferences } from './references.js';

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** FHIR R4 §3.1.0.11.2: DELETE, then POST, then PUT/PATCH, then GET/HEAD. */
const ORDER: Record<Method, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

export interface BundleOptions {
  /**
   * Keep the ids that a source assigned in `urn:uuid:` full URLs instead of minting new ones.
   * Used by `careweave import`, so re-importing the same bundles updates rather than duplicates.
   */
  preserveIds?: boolean;
}

interface Planned {
  index: number;
  entry: BundleEntry;
  method: Method;
  url: string;
  resourceType: string;
  id?: string;
  query?: string;
}

function plan(entry: BundleEntry, index: number): Planned {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
    throw StoreErrors.badRequest(
      `Bundle.entry[${index}] must be an object`,
      `Bundle.entry[${index}]`,
    );
  }
  const method = entry.request?.method;
  const rawUrl = entry.request?.url as unknown;
  const url = typeof rawUrl === 'string' ? rawUrl.replace(/^\//, '') : undefined;
  if (!method || !url || !(method in ORDER)) {
    throw StoreErrors.badRequest(
      `Bundle.entry[${index}].request needs a method (GET, POST, PUT, PATCH, DELETE) and a url`,
      `Bundle.entry[${index}].request`,
    );
  }
  const [path = '', query] = url.split('?', 2) as [string, string | undefined];
  const segments = path.split('/');
  const [resourceType = '', id] = segments;
  // Entries name `Type`, `Type/id` or `Type?query` (R4 §3.1.0.11.1). Anything longer, or a
  // dot-segment id that a URL resolver would collapse (`Patient/../x`), is not an entry URL.
  if (segments.length > 2 || (id !== undefined && (!isValidId(id) || id === '.' || id === '..'))) {
    throw StoreErrors.badRequest(
      `Bundle.entry[${index}].request.url ${JSON.stringify(url)} is not Type, Type/id or Type?query`,
      `Bundle.entry[${index}].request.url`,
    );
  }
  const planned: Planned = { index, entry, method, url, resourceType };
  if (id) {
    planned.id = id;
  }
  if (query !== undefined) {
    planned.query = query;
  }
  return planned;
}

function okResponse(status: string, resource?: Resource): BundleEntry {
  const response: BundleEntryResponse = { status };
  if (resource?.id && resource.meta?.versionId) {
    response.location = `${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
    response.etag = `W/"${resource.meta.versionId}"`;
    if (resource.meta.lastUpdated) {
      response.lastModified = resource.meta.lastUpdated;
    }
  }
  return resource ? { resource, response } : { response };
}

/**
 * Processes a `transaction` Bundle atomically: every entry commits or none does. `urn:uuid:`
 * references between entries are rewritten to the new ids; entries run in the order the spec
 * prescribes and the response lists them in request order.
 */
export async function processTransaction(
  repo: Repository,
  ctx: RequestContext,
  bundle: Bundle,
  options: BundleOptions = {},
): Promise<Bundle> {
  const planned = entriesOf(bundle).map(plan);
  const responses: BundleEntry[] = new Array<BundleEntry>(planned.length);
  await repo.inTransaction(ctx, async (writer, tx) => {
    const idMap = new Map<string, string>();
    const posts = planned.filter((p) => p.method === 'POST');
    // Conditional creates resolve first: a matched entry's fullUrl must point at the existing resource.
    const fresh: Planned[] = [];
    for (const p of posts) {
      const resource = requireResource(p);
      const ifNoneExist = p.entry.request?.ifNoneExist;
      const matches = ifNoneExist
        ? await repo.matchIn(ctx, tx, resource.resourceType, ifNoneExist)
        : [];
      if (matches.length > 1) {
        throw StoreErrors.multipleMatches(`Bundle.entry[${p.index}] If-None-Exist ${ifNoneExist}`);
      }
      const match = matches[0];
      const fullUrl = p.entry.fullUrl;
      if (match) {
        responses[p.index] = okResponse('200 OK', match);
        if (fullUrl) {
          idMap.set(fullUrl, `${match.resourceType}/${match.id}`);
        }
        continue;
      }
      const keep =
        options.preserveIds && fullUrl?.startsWith('urn:uuid:') ? fullUrl.slice(9) : undefined;
      p.id = keep ?? randomUUID();
      if (fullUrl) {
        idMap.set(fullUrl, `${resource.resourceType}/${p.id}`);
      }
      fresh.push(p);
    }
    for (const p of planned) {
      if (p.entry.resource) {
        p.entry = { ...p.entry, resource: rewriteReferences(p.entry.resource, idMap) };
        const dangling = p.entry.resource ? findUrnReference(p.entry.resource) : undefined;
        if (dangling) {
          throw StoreErrors.badRequest(
            `Bundle.entry[${p.index}]: reference ${dangling} matches no entry's fullUrl`,
            `Bundle.entry[${p.index}].resource`,
          );
        }
      }
    }
    let freshDone = false;
    for (const p of [...planned].sort(
      (a, b) => ORDER[a.method] - ORDER[b.method] || a.index - b.index,
    )) {
      if (p.method === 'POST') {
        continue; // matched conditional creates are answered; fresh ones are written together below
      }
      if (!freshDone && ORDER[p.method] > ORDER.POST) {
        await createFresh(writer, fresh, responses);
        freshDone = true;
      }
      responses[p.index] = await runEntry(repo, ctx, writer, tx, p).catch((err: unknown) => {
        throw new OperationOutcomeError(atEntry(err, p.index));
      });
    }
    if (!freshDone) {
      await createFresh(writer, fresh, responses);
    }
  });
  return { resourceType: 'Bundle', type: 'transaction-response', entry: responses };
}

async function createFresh(
  writer: TxWriter,
  fresh: Planned[],
  responses: BundleEntry[],
): Promise<void> {
  if (fresh.length === 0) {
    return;
  }
  const resources = fresh.map((p) => ({ ...requireResource(p), id: p.id }));
  try {
    await writer.upsertMany(resources, { skipUnchanged: true, method: 'POST' });
  } catch (err) {
    // Name the entry the client sent rather than the id the server minted for it.
    const entryOf = new Map(
      fresh.map((p) => [`${requireResource(p).resourceType}/${p.id}`, p.index]),
    );
    const outcome = normalizeOperationOutcome(err);
    throw new OperationOutcomeError({
      ...outcome,
      issue: outcome.issue.map((i) => {
        const index = i.diagnostics ? entryOf.get(i.diagnostics) : undefined;
        return index === undefined ? i : { ...i, diagnostics: `Bundle.entry[${index}]` };
      }),
    });
  }
  const stored = new Map(writer.events.map((e) => [`${e.resourceType}/${e.id}`, e.resource]));
  fresh.forEach((p, i) => {
    const r = resources[i] as Resource;
    const s = stored.get(`${r.resourceType}/${r.id}`);
    responses[p.index] = okResponse(s ? '201 Created' : '200 OK', s ?? r);
  });
}

function requireResource(p: Planned): Resource {
  const resource = p.entry.resource;
  if (!resource) {
    throw StoreErrors.badRequest(
      `Bundle.entry[${p.index}] (${p.method}) has no resource`,
      `Bundle.entry[${p.index}].resource`,
    );
  }
  if (p.method === 'POST' && resource.resourceType !== p.resourceType) {
    throw StoreErrors.badRequest(
      `Bundle.entry[${p.index}]: resourceType ${resource.resourceType} does not match ${p.url}`,
    );
  }
  return resource;
}

/** Runs one non-POST entry (or a POST in a batch) inside the given transaction. */
async function runEntry(
  repo: Repository,
  ctx: RequestContext,
  writer: TxWriter,
  tx: Queryable,
  p: Planned,
): Promise<BundleEntry> {
  switch (p.method) {
    case 'POST': {
      const result = await repo.createIn(
        ctx,
        writer,
        tx,
        requireResource(p),
        p.entry.request?.ifNoneExist,
      );
      return okResponse(result.created ? '201 Created' : '200 OK', result.resource);
    }
    case 'PUT': {
      const resource = requireResource(p);
      if (p.query !== undefined) {
        const result = await repo.conditionalUpdateIn(ctx, writer, tx, p.query, resource);
        return okResponse(result.created ? '201 Created' : '200 OK', result.resource);
      }
      if (
        !p.id ||
        (resource.id && resource.id !== p.id) ||
        resource.resourceType !== p.resourceType
      ) {
        throw StoreErrors.badRequest(
          `Bundle.entry[${p.index}]: PUT ${p.url} does not match the resource's type and id`,
        );
      }
      const result = await writer.update({ ...resource, id: p.id }, p.entry.request?.ifMatch);
      return okResponse(result.created ? '201 Created' : '200 OK', result.resource);
    }
    case 'DELETE': {
      if (p.query !== undefined) {
        const matches = await repo.matchIn(ctx, tx, p.resourceType, p.query);
        if (matches.length > 1) {
          throw StoreErrors.multipleMatches(`Bundle.entry[${p.index}] conditional delete`);
        }
        for (const m of matches) {
          await writer.delete(m.resourceType, m.id as string);
        }
        return okResponse('204 No Content');
      }
      await writer.delete(p.resourceType, p.id ?? '', p.entry.request?.ifMatch);
      return okResponse('204 No Content');
    }
    case 'GET':
    case 'HEAD': {
      if (p.id) {
        return okResponse('200 OK', await readCurrent(tx, ctx.scope, p.resourceType, p.id));
      }
      const result = await executeSearch(
        tx,
        ctx.scope,
        parseSearch(p.resourceType, queryPairs(p.query ?? '')),
      );
      const searchset: Bundle = {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: result.resources.map((resource) => ({ resource })),
      };
      if (result.total !== undefined) {
        searchset.total = result.total;
      }
      return { resource: searchset, response: { status: '200 OK' } };
    }
    case 'PATCH':
      throw StoreErrors.badRequest(
        `Bundle.entry[${p.index}]: PATCH inside a Bundle is not supported; use PATCH /Type/id`,
      );
    default: {
      const never: never = p.method;
      throw StoreErrors.badRequest(`Unsupported method ${String(never)}`);
    }
  }
}

/** Tags an error with the entry it came from, keeping its outcome (and so its HTTP status). */
function atEntry(err: unknown, index: number): OperationOutcome {
  const outcome = normalizeOperationOutcome(err);
  return {
    ...outcome,
    issue: outcome.issue.map((i) => ({
      ...i,
      diagnostics: [`Bundle.entry[${index}]`, i.diagnostics].filter(Boolean).join(': '),
    })),
  };
}

/**
 * Processes a `batch` Bundle: each entry in its own transaction, each reporting its own outcome;
 * one failure does not affect the others.
 */
export async function processBatch(
  repo: Repository,
  ctx: RequestContext,
  bundle: Bundle,
): Promise<Bundle> {
  const entries: BundleEntry[] = [];
  for (const [index, entry] of entriesOf(bundle).entries()) {
    try {
      const p = plan(entry, index);
      entries.push(
        await repo.inTransaction(ctx, (writer, tx) => runEntry(repo, ctx, writer, tx, p)),
      );
    } catch (err) {
      const outcome = atEntry(err, index);
      entries.push({ response: { status: String(getStatus(outcome)), outcome } });
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: entries };
}

/** The entries of a Bundle, refusing a malformed `entry` with a clear 400 rather than a crash. */
function entriesOf(bundle: Bundle): BundleEntry[] {
  const entries = bundle.entry as unknown;
  if (entries === undefined) {
    return [];
  }
  if (!Array.isArray(entries)) {
    throw StoreErrors.badRequest('Bundle.entry must be an array', 'Bundle.entry');
  }
  return entries as BundleEntry[];
}
