import type { PrepareResult } from './prepare.js';

/** The resources a write touches (`Type/id`), or 'all' when they cannot be known in advance. */
export type WriteKeys = ReadonlySet<string> | 'all';

/** What a prepared unit will write, for `WriteScheduler`. */
export function keysOf(prepared: PrepareResult): WriteKeys {
  switch (prepared.kind) {
    case 'transaction':
      return new Set(prepared.items.map((p) => `${p.resourceType}/${p.id}`));
    case 'lines': {
      const keys = new Set<string>();
      for (const r of prepared.results) {
        if ('prepared' in r) {
          keys.add(`${r.prepared.resourceType}/${r.prepared.id}`);
        } else {
          return 'all'; // left for the general path: an id we have not parsed, or a create
        }
      }
      return keys;
    }
    case 'error':
      return new Set();
    case 'fallback':
      return 'all'; // the general path may search (conditional entries) and write anything
  }
}

function conflicts(a: WriteKeys, b: WriteKeys): boolean {
  if (a === 'all' || b === 'all') {
    return true;
  }
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const key of small) {
    if (large.has(key)) {
      return true;
    }
  }
  return false;
}

/**
 * Runs up to `limit` write transactions at once (PostgreSQL can use a second core; PGlite has
 * one connection, so 1). Writes are started in the order `start` is called, and one that touches a
 * resource a running write touches waits for it: writes of one resource keep file order and never
 * race (two creates of one id would otherwise both see it missing).
 */
export class WriteScheduler {
  private readonly running: { keys: WriteKeys; done: Promise<void> }[] = [];

  constructor(private readonly limit: number) {}

  /** Waits until `write` may run, starts it, and returns; `write` must not reject. */
  async start(keys: WriteKeys, write: () => Promise<void>): Promise<void> {
    while (this.running.length >= this.limit || this.running.some((r) => conflicts(r.keys, keys))) {
      await Promise.race(this.running.map((r) => r.done));
    }
    const entry: { keys: WriteKeys; done: Promise<void> } = { keys, done: Promise.resolve() };
    entry.done = write().finally(() => {
      this.running.splice(this.running.indexOf(entry), 1);
    });
    this.running.push(entry);
  }

  /** Waits for every started write. */
  async drain(): Promise<void> {
    while (this.running.length > 0) {
      await Promise.all(this.running.map((r) => r.done));
    }
  }
}
