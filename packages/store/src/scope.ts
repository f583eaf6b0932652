import type { Meta } from '@medplum/fhirtypes';
import type { AccessGrant, AccessScope, GrantsScope, ReferralInbox } from './context.js';
import type { Queryable } from './db/database.js';
import { SqlParams } from './sql-params.js';

/**
 * The extension (in `meta.extension`) naming the organisation that authored a resource; `care`
 * sets it on every write, `store` copies it into the `org_id` column so scopes can filter on it.
 */
export const OWNING_ORGANIZATION_URL =
  'https://careweave.org/fhir/StructureDefinition/owning-organization';

/** The access columns of a row (`org_id`, `security`), taken from the resource's `meta`. */
export function accessColumns(meta: Meta | undefined): {
  orgId: string | null;
  security: string[];
} {
  const owner = meta?.extension?.find((e) => e.url === OWNING_ORGANIZATION_URL)?.valueReference
    ?.reference;
  const orgId = owner?.startsWith('Organization/') ? owner.slice('Organization/'.length) : null;
  const security = (meta?.security ?? [])
    .filter((c) => c.code)
    .map((c) => `${c.system ?? ''}|${c.code}`);
  return { orgId, security };
}

/**
 * Compiles an access scope into a SQL predicate over a table alias that has the `patient_id`,
 * `org_id`, `security` and `resource_type` columns (`resource` and `resource_history` both do).
 * Every read, search, include, history and export query calls this, so no query path can forget
 * the scope (DESIGN.md §4 "Access scope in SQL"). Patients seen only through a referral inbox
 * are not admitted here: only `scopeContentSql`, which projects them, admits them.
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
    case 'grants':
      return grantsSql(scope, alias, params, false);
    default: {
      const never: never = scope;
      throw new Error(`Unknown access scope ${JSON.stringify(never)}`);
    }
  }
}

/** Whether the scope admits the current row of a resource; undefined when there is no such row. */
export async function rowVisible(
  q: Queryable,
  scope: AccessScope,
  resourceType: string,
  id: string,
): Promise<boolean | undefined> {
  if (scope.kind === 'system') {
    return true;
  }
  const params = new SqlParams();
  const visible = scopeSql(scope, 'r', params);
  const { rows } = await q.query<{ visible: boolean }>(
    `SELECT ${visible} AS visible FROM resource r WHERE r.resource_type = ${params.add(resourceType)} AND r.id = ${params.add(id)}`,
    params.values,
  );
  return rows[0]?.visible;
}

/**
 * For paths that return current content (read, search): the scope predicate plus the SQL
 * expression to select as the resource's content, which projects a Patient seen only through a
 * referral inbox down to the inbox's `patientFields` (marked SUBSETTED, as `_elements` does).
 * Both are built when first used, so a caller that takes only one adds only its parameters
 * (PostgreSQL refuses parameters a statement never references).
 */
export function scopeContentSql(
  scope: AccessScope,
  alias: string,
  params: SqlParams,
): { readonly where: string; readonly content: string } {
  return {
    get where(): string {
      return scope.kind === 'grants' && scope.inbox
        ? grantsSql(scope, alias, params, true)
        : scopeSql(scope, alias, params);
    },
    get content(): string {
      return contentSql(scope, alias, params);
    },
  };
}

/** The content expression of `scopeContentSql` alone. */
export function contentSql(scope: AccessScope, alias: string, params: SqlParams): string {
  if (scope.kind !== 'grants' || !scope.inbox) {
    return `${alias}.content`;
  }
  const full = grantsSql(scope, alias, params, false);
  const fields = scope.inbox.patientFields
    .map((f) => `${params.add(f)}::text, ${alias}.content->${params.add(f)}::text`)
    .join(', ');
  const subsetted = `'[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationValue","code":"SUBSETTED"}]'::jsonb`;
  const projected = `jsonb_strip_nulls(jsonb_build_object('resourceType', ${alias}.content->'resourceType', 'id', ${alias}.content->'id',
      'meta', jsonb_set(COALESCE(${alias}.content->'meta', '{}'::jsonb), '{tag}', COALESCE(${alias}.content->'meta'->'tag', '[]'::jsonb) || ${subsetted})
      ${fields ? `, ${fields}` : ''}))`;
  return `CASE WHEN ${full} THEN ${alias}.content ELSE ${projected} END`;
}

function grantsSql(
  scope: GrantsScope,
  alias: string,
  params: SqlParams,
  projectable: boolean,
): string {
  const admitted: string[] = [];
  if (scope.shared) {
    admitted.push(`${alias}.patient_id IS NULL`);
  }
  for (const grant of scope.grants) {
    if (grant.patientIds.length > 0) {
      admitted.push(grantSql(grant, alias, params));
    }
  }
  if (scope.inbox && scope.inbox.refs.length > 0) {
    admitted.push(inboxSql(scope.inbox, alias, params, projectable));
  }
  const any = admitted.length === 0 ? 'FALSE' : `(${admitted.join(' OR ')})`;
  if (!scope.excludeTypes || scope.excludeTypes.length === 0) {
    return any;
  }
  return `(${alias}.resource_type <> ALL(${params.add([...scope.excludeTypes])}::text[]) AND ${any})`;
}

function grantSql(grant: AccessGrant, alias: string, params: SqlParams): string {
  const parts = [`${alias}.patient_id = ANY(${params.add([...grant.patientIds])}::text[])`];
  if (grant.orgIds) {
    parts.push(
      `(${alias}.org_id IS NULL OR ${alias}.org_id = ANY(${params.add([...grant.orgIds])}::text[]))`,
    );
  }
  if (grant.deniedLabels.length > 0) {
    const own =
      grant.ownOrgs.length > 0
        ? ` OR ${alias}.org_id = ANY(${params.add([...grant.ownOrgs])}::text[])`
        : '';
    parts.push(`(NOT (${alias}.security && ${params.add([...grant.deniedLabels])}::text[])${own})`);
  }
  if (grant.resourceTypes) {
    parts.push(`${alias}.resource_type = ANY(${params.add([...grant.resourceTypes])}::text[])`);
  }
  return `(${parts.join(' AND ')})`;
}

/**
 * Referral rows carry their references in `resource.refs`; history rows have no such column, so
 * a referral's past versions are admitted when its current row is an inbox row.
 */
function inboxSql(
  inbox: ReferralInbox,
  alias: string,
  params: SqlParams,
  projectable: boolean,
): string {
  // The subquery's alias must differ from any caller's (include.ts reads `resource i`).
  const sub = alias === 'scope_inbox' ? 'scope_inbox2' : 'scope_inbox';
  const types = params.add([...inbox.types]);
  const refs = params.add([...inbox.refs]);
  const referral = `EXISTS (SELECT 1 FROM resource ${sub} WHERE ${sub}.resource_type = ${alias}.resource_type AND ${sub}.id = ${alias}.id
      AND ${sub}.resource_type = ANY(${types}::text[]) AND ${sub}.refs && ${refs}::text[])`;
  if (!projectable) {
    return referral;
  }
  const patient = `(${alias}.resource_type = 'Patient' AND EXISTS (SELECT 1 FROM resource ${sub} WHERE ${sub}.patient_id = ${alias}.id
      AND ${sub}.resource_type = ANY(${types}::text[]) AND NOT ${sub}.deleted AND ${sub}.refs && ${refs}::text[]))`;
  return `(${referral} OR ${patient})`;
}
