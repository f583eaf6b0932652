import type { AccessScope } from '../context.js';
import type { SqlValue } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/**
 * What compiling one search statement needs: its bind parameters, the acting scope (applied to
 * every `resource` alias the statement reads, through `scopeSql`), and fresh table aliases for
 * nested sub-selects (chains, `_has`).
 */
export class SearchSql {
  readonly params: SqlParams;
  private next = 0;

  constructor(
    readonly access: AccessScope,
    params?: SqlParams,
  ) {
    this.params = params ?? new SqlParams();
  }

  /** Adds a bind value and returns its placeholder. */
  add(value: SqlValue): string {
    return this.params.add(value);
  }

  /** A table alias not used elsewhere in the statement. */
  alias(prefix: string): string {
    this.next++;
    return `${prefix}${this.next}`;
  }

  /** The access-scope predicate over a `resource` alias. */
  scope(alias: string): string {
    return scopeSql(this.access, alias, this.params);
  }
}
