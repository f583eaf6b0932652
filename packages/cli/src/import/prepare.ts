import { TxWriter } from '@careweave/store';
import type { Resource } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A resource validated, serialised and indexed off the writing thread (`TxWriter.prepare`). */
export type Prepared = ReturnType<typeof TxWriter.prepare>;

/** Work for a preparing thread: a JSON file, or a batch of NDJSON lines. */
export type PrepareTask =
  { kind: 'json'; path: string } | { kind: 'lines'; lines: string[]; lineNumbers: number[] };

/** One NDJSON line: prepared, or left for the writing thread (no id, or `prepare` refused it). */
export type LineResult = { prepared: Prepared } | { raw: string };

/** What a preparing thread hands back. */
export type PrepareResult =
  /** A transaction Bundle of plain creates, ready for `upsertPrepared` in one transaction. */
  | { kind: 'transaction'; items: Prepared[]; entries: number }
  /** Anything else in a JSON file (or a problem to report precisely): the general path reads it. */
  | { kind: 'fallback' }
  /** Prepared NDJSON lines, in order. */
  | { kind: 'lines'; results: LineResult[] }
  /** The file or batch cannot be read at all; the message is what the importer reports. */
  | { kind: 'error'; message: string };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Runs one task. Pure CPU work and file reads: no database, so it can run on any thread. */
export function runPrepareTask(task: PrepareTask): PrepareResult {
  return task.kind === 'json'
    ? prepareJsonFile(task.path)
    : prepareLines(task.lines, task.lineNumbers);
}

function prepareJsonFile(path: string): PrepareResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { kind: 'error', message: `invalid JSON (${(err as Error).message})` };
  }
  if (!isObject(value) || typeof value.resourceType !== 'string') {
    return { kind: 'error', message: 'not a FHIR resource (no resourceType)' };
  }
  if (value.resourceType === 'Bundle' && value.type === 'transaction') {
    return prepareTransaction(value) ?? { kind: 'fallback' };
  }
  return { kind: 'fallback' };
}

/**
 * The common transaction Bundle — every entry a plain `POST Type` create (Synthea, generators) —
 * prepared exactly as `processTransaction(…, { preserveIds: true })` would write it: ids from
 * `urn:uuid:` full URLs (else new uuids), references between entries rewritten to `Type/id`.
 * Returns undefined for anything else, and whenever the general path would refuse the Bundle or
 * a resource in it, so that path reports the problem in its own words.
 */
function prepareTransaction(bundle: Json): PrepareResult | undefined {
  const entries = bundle.entry === undefined ? [] : bundle.entry;
  if (!Array.isArray(entries)) {
    return undefined;
  }
  const idMap = new Map<string, string>();
  const planned: { resource: Json; id: string }[] = [];
  for (const entry of entries as unknown[]) {
    if (!isObject(entry) || !isObject(entry.request) || !isObject(entry.resource)) {
      return undefined;
    }
    const { request, resource, fullUrl } = entry;
    const type = resource.resourceType;
    const url = typeof request.url === 'string' ? request.url.replace(/^\//, '') : undefined;
    if (
      request.method !== 'POST' ||
      request.ifNoneExist !== undefined ||
      typeof type !== 'string' ||
      url !== type
    ) {
      return undefined;
    }
    if (fullUrl !== undefined && typeof fullUrl !== 'string') {
      return undefined;
    }
    const id = fullUrl?.startsWith('urn:uuid:') ? fullUrl.slice(9) : randomUUID();
    if (fullUrl) {
      idMap.set(fullUrl, `${type}/${id}`);
    }
    planned.push({ resource, id });
  }
  const items: Prepared[] = [];
  for (const { resource, id } of planned) {
    if (!rewriteReferences(resource, idMap)) {
      return undefined; // a urn:uuid: reference that names no entry
    }
    try {
      const prepared = TxWriter.prepare({ ...resource, id } as unknown as Resource);
      if (prepared.issues.length > 0) {
        return undefined;
      }
      items.push(prepared);
    } catch {
      return undefined;
    }
  }
  return { kind: 'transaction', items, entries: entries.length };
}

/**
 * Rewrites, in place, every `reference` string that is a key of `map` (as the store's bundle
 * processing does); returns false if a `urn:uuid:` reference is left that names no entry.
 */
function rewriteReferences(value: unknown, map: ReadonlyMap<string, string>): boolean {
  if (Array.isArray(value)) {
    return value.every((v) => rewriteReferences(v, map));
  }
  if (!isObject(value)) {
    return true;
  }
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === 'reference' && typeof v === 'string') {
      const to = map.get(v);
      if (to !== undefined) {
        value[key] = to;
      } else if (v.startsWith('urn:uuid:')) {
        return false;
      }
    } else if (typeof v === 'object' && v !== null && !rewriteReferences(v, map)) {
      return false;
    }
  }
  return true;
}

/** Parses and prepares a batch of NDJSON lines; the first unparsable line fails the batch. */
function prepareLines(lines: readonly string[], lineNumbers: readonly number[]): PrepareResult {
  const results: LineResult[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      return {
        kind: 'error',
        message: `line ${lineNumbers[i]}: invalid JSON (${(err as Error).message})`,
      };
    }
    const resource = value as Resource;
    if (isObject(value) && resource.id && typeof resource.resourceType === 'string') {
      try {
        results.push({ prepared: TxWriter.prepare(resource) });
        continue;
      } catch {
        // the writing thread runs the general path, which reports it
      }
    }
    results.push({ raw: text });
  }
  return { kind: 'lines', results };
}
