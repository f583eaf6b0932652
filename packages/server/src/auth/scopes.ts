/**
 * SMART App Launch scopes (v1 `patient/*.read`, v2 `user/Observation.rs`), parsed and compared.
 * A scope grants interaction letters — c(reate) r(ead) u(pdate) d(elete) s(earch) — on one
 * resource type or all (`*`), in one context: `patient/` (the token's patient), `user/` (what the
 * user may see) or `system/` (a back-end service).
 */

/** The five SMART v2 permission letters. */
export type Letter = 'c' | 'r' | 'u' | 'd' | 's';
/** Who a resource scope speaks for. */
export type ScopeContext = 'patient' | 'user' | 'system';

/** A parsed resource scope. */
export interface ResourceScope {
  context: ScopeContext;
  /** A resource type, or `*` for all. */
  resourceType: string;
  letters: ReadonlySet<Letter>;
}

const V1: Record<string, readonly Letter[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};
const V2 = /^c?r?u?d?s?$/;
const SCOPE = /^(patient|user|system)\/([A-Z][A-Za-z]+|\*)\.([a-z*]+)$/;

/**
 * The scope of a system token that may administer accounts and clients (`/api/admin`). Not a
 * SMART scope: no OAuth client can be registered with it and `/oauth2/token` never grants it, so
 * only a holder of the signing key file can mint it — `careweave user create` and `client create`
 * do, to ask a running server instead of opening its embedded database.
 */
export const ADMIN_SCOPE = 'careweave/admin';

/** Scopes that are not about resources and that every client may ask for. */
export const CONTEXT_SCOPES: readonly string[] = [
  'launch/patient',
  'offline_access',
  'online_access',
  // OpenID Connect: who the user is (an id_token with the fhirUser claim; auth/oidc.ts).
  'openid',
  'fhirUser',
  'profile',
];

/**
 * Parses a resource scope; answers undefined for anything else (`launch/patient`, `openid`,
 * malformed text) and for SMART v2 granular scopes with a query (`…rs?category=…`), which
 * Careweave cannot enforce yet and therefore never grants.
 */
export function parseScope(scope: string): ResourceScope | undefined {
  const m = SCOPE.exec(scope);
  if (!m) {
    return undefined;
  }
  const [, context, resourceType, permission] = m as unknown as [
    string,
    ScopeContext,
    string,
    string,
  ];
  const v1 = Object.hasOwn(V1, permission) ? V1[permission] : undefined;
  let letters: readonly Letter[];
  if (v1) {
    letters = v1;
  } else if (permission.length > 0 && V2.test(permission)) {
    letters = [...permission] as Letter[];
  } else {
    return undefined;
  }
  return { context, resourceType, letters: new Set(letters) };
}

/** Splits a space-separated scope string, dropping empties and duplicates. */
export function splitScopes(scope: string | undefined | null): string[] {
  return [...new Set((scope ?? '').split(/\s+/).filter((s) => s.length > 0))];
}

/** Whether a granted (allowed) scope includes everything a requested scope asks for. */
export function covers(allowed: string, requested: string): boolean {
  if (allowed === requested) {
    return true;
  }
  const a = parseScope(allowed);
  const r = parseScope(requested);
  if (
    !a ||
    !r ||
    a.context !== r.context ||
    (a.resourceType !== '*' && a.resourceType !== r.resourceType)
  ) {
    return false;
  }
  return [...r.letters].every((l) => a.letters.has(l));
}

/** The requested scopes that some allowed scope covers (context scopes pass when `allowed` lists them). */
export function narrowScopes(requested: readonly string[], allowed: readonly string[]): string[] {
  return requested.filter((r) => allowed.some((a) => covers(a, r)));
}

/** One permission a request needs: a letter on a resource type (`*`: on every type). */
export interface Need {
  resourceType: string;
  letter: Letter;
}

/**
 * Whether the scopes grant a need within the given contexts. A need on `*` (system history)
 * needs a wildcard scope.
 */
export function grants(
  scopes: readonly string[],
  contexts: readonly ScopeContext[],
  need: Need,
): boolean {
  return scopes.some((raw) => {
    const s = parseScope(raw);
    return (
      s !== undefined &&
      contexts.includes(s.context) &&
      (s.resourceType === '*' || s.resourceType === need.resourceType) &&
      s.letters.has(need.letter)
    );
  });
}

/** The scope contexts a token for this role may use: patients and caregivers act in a patient context, staff as users. */
export function contextsForRole(role: string): ScopeContext[] {
  return role === 'patient' || role === 'caregiver' ? ['patient'] : ['user'];
}

/** What `/auth/login` grants: all interactions within the role's context; care/access decides which rows. */
export function defaultScopesForRole(role: string): string[] {
  return contextsForRole(role).map((c) => `${c}/*.cruds`);
}

/**
 * Keeps the resource scopes a user of this role may hold (patient users: `patient/`; staff:
 * `user/`; nobody: `system/`) and the context scopes; drops the rest.
 */
export function scopesForRole(role: string, requested: readonly string[]): string[] {
  const contexts = contextsForRole(role);
  return requested.filter((raw) => {
    const s = parseScope(raw);
    return s ? contexts.includes(s.context) : CONTEXT_SCOPES.includes(raw);
  });
}

/** Whether any of the scopes is a resource scope (a token must grant at least one). */
export function hasResourceScope(scopes: readonly string[]): boolean {
  return scopes.some((s) => parseScope(s) !== undefined);
}
