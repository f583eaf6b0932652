import type { AccessScope } from './context.js';
import type { SqlParams } from './sql-params.js';

/**
 * Compiles an access scope into a SQL predicate over a table alias that has a `patient_id`
 * column. Every read, search, include, history and export query calls this, so no query path can
 * forget the scope (DESIGN.md §4 "Access scope in SQL").
 */
export function scopeSql(scope: AccessScope, alias: string, params: SqlParams): string {
  switch (scope.kind) {
    case 'system':
      return 'TRUE';
    case 'patients': {
      const ids = params.add([...scope.patientIds]);
      const own = `${alias}.patient_id = ANY(${ids}::text[])`;
      return scope.shared ? `(${own} OR ${alias}.patient_id IS NULL)` : own;
    }
    default: {
      const never: never = scope;
      throw new Error(`Unknown access scope ${JSON.stringify(never)}`);
    }
  }
}
