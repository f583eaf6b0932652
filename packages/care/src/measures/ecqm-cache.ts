/**
 * Each person's eCQM result, remembered by what it was computed from: the measure's content
 * (Measure, Libraries and ValueSets, by id and version), the measurement period and the exact
 * versions of the person's records the caller could see. The CQL engine is the slow part of a
 * dashboard (1–3 people a second on this machine for CMS165); records change rarely, so the
 * second view of a period, and the next one after a few records changed, ask the engine only for
 * the people whose records did. The key names versions, never a time: a stale entry cannot match.
 * A record the caller may not see is not in the key, so two callers with different access who
 * see the same versions share an entry, and callers who see different versions never do.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { createHash } from 'node:crypto';

/** Entries kept per engine (about 1 KB each): the demo's and a mid-size network's people × 3 measures. */
const MAX_ENTRIES = 100_000;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** One resource's identity: type, id and version (its content's hash when it has no version). */
function versionOf(resource: Resource): string {
  const version = resource.meta?.versionId ?? `#${sha256(JSON.stringify(resource))}`;
  return `${resource.resourceType}/${resource.id ?? ''}/${version}`;
}

/** The key of a measure's content and period: the same for every person of one run. */
export function measureKey(measureBundle: Bundle, period: { start: string; end: string }): string {
  const parts = (measureBundle.entry ?? []).flatMap((e) =>
    e.resource ? [versionOf(e.resource)] : [],
  );
  return sha256(`${period.start}|${period.end}|${parts.sort().join('|')}`);
}

/** The key of one person's records as the caller saw them. */
export function recordsKey(resources: readonly Resource[]): string {
  return sha256(resources.map(versionOf).sort().join('|'));
}

/** Results by (measure, period, records): least recently used entries leave first. */
export class EcqmResultCache<Result> {
  private readonly entries = new Map<string, Result>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  get(measure: string, records: string): Result | undefined {
    const key = `${measure}:${records}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Map keeps insertion order: re-inserting marks it as the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(measure: string, records: string, result: Result): void {
    const key = `${measure}:${records}`;
    this.entries.delete(key);
    this.entries.set(key, result);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
