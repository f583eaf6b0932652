import type { SqlValue } from './db/database.js';

/** Collects bind parameters while SQL text is built, handing out `$n` placeholders. */
export class SqlParams {
  readonly values: SqlValue[] = [];

  /** Adds a value and returns its placeholder. */
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
