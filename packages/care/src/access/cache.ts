/**
 * Compiled scopes per identity. Correct first: any change to a relationship resource (care team,
 * episode, consent, role, caregiver) drops every entry — such writes are rare next to reads — and
 * a generation counter keeps a scope computed before a change from being stored after it. Entries
 * also expire after `ttlMs` (other app servers' changes reach this one within it) and when a
 * break-the-glass grant they include runs out.
 */
export class ScopeCache<T extends { validUntil: number }> {
  private generation = 0;
  private readonly entries = new Map<string, { value: T; expires: number }>();
  private readonly pending = new Map<string, Promise<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    const t = this.now().getTime();
    const hit = this.entries.get(key);
    if (hit && hit.expires > t) {
      return hit.value;
    }
    const generation = this.generation;
    const pendingKey = `${generation}:${key}`;
    const running = this.pending.get(pendingKey);
    if (running) {
      return running;
    }
    const promise = compute().finally(() => this.pending.delete(pendingKey));
    this.pending.set(pendingKey, promise);
    const value = await promise;
    if (generation === this.generation && this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) {
        this.entries.clear();
      }
      this.entries.set(key, { value, expires: Math.min(t + this.ttlMs, value.validUntil) });
    }
    return value;
  }

  /** Drops every entry (and any computation already running). */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
