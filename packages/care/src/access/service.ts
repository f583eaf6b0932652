import { SYSTEM_CONTEXT, type GrantsScope, type Repository } from '@careweave/store';
import { accessLog } from './access-log.js';
import { AuditTrail, OrganisationNames } from './audit.js';
import { breakGlass } from './break-glass.js';
import { ScopeCache } from './cache.js';
import { OUTREACH_ROLES } from './identity.js';
import { compileUserAccess, type UserAccess } from './policy.js';
import { Relationships } from './relationships.js';
import type { AccessService } from './types.js';
import { createWriteHooks } from './write-hooks.js';

export interface AccessServiceOptions {
  /** How long a compiled scope is reused, in ms (other app servers' changes show up within it). */
  cacheTtlMs?: number;
  /** How long a break-the-glass grant lasts, in ms (default one hour). */
  breakGlassMs?: number;
  /** The clock (tests move it). */
  now?: () => Date;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Builds the access service over a Repository. Decisions are made here (`care/access`) from FHIR
 * data read with the system context — no SQL — and handed to the store as scopes it applies in
 * SQL (DESIGN.md §4 "Access control lives in two places"). See README.md in this folder.
 */
export function createAccessService(
  repo: Repository,
  options: AccessServiceOptions = {},
): AccessService {
  const now = options.now ?? ((): Date => new Date());
  const rel = new Relationships(repo);
  const orgNames = new OrganisationNames(repo);
  const audit = new AuditTrail(repo, orgNames, now);
  const cache = new ScopeCache<UserAccess>(options.cacheTtlMs ?? 60_000, now);
  // Outreach scopes are cached apart: compiling one evaluates every consent, and most requests never need it.
  const outreachCache = new ScopeCache<UserAccess>(options.cacheTtlMs ?? 60_000, now);
  const invalidate = (): void => {
    cache.invalidate();
    outreachCache.invalidate();
  };
  let directory: Promise<Map<string, string>> | undefined;
  const writeHooks = createWriteHooks({
    audit,
    async orgOfPerson(tx) {
      directory ??= rel.organisationDirectory(tx).catch((err: unknown) => {
        directory = undefined;
        throw err;
      });
      const map = await directory;
      return (reference) => map.get(reference);
    },
    onRelationshipsChanged(types) {
      invalidate();
      if (types.has('PractitionerRole')) {
        directory = undefined;
      }
      if (types.has('Organization')) {
        orgNames.forget();
      }
    },
  });
  return {
    async contextFor(identity) {
      if (identity.kind === 'system') {
        return { ...SYSTEM_CONTEXT, identity, breakGlassPatients: [] };
      }
      const key = JSON.stringify([
        identity.fhirUser,
        identity.role,
        [...identity.organizationIds].sort(),
      ]);
      const compile = (outreach: boolean) => async (): Promise<UserAccess> => {
        const at = now();
        return compileUserAccess(
          identity,
          rel,
          repo,
          await repo.readModels.accessGrants.active(identity.fhirUser, at),
          at,
          { outreach },
        );
      };
      const access = await cache.get(key, compile(false));
      const outreach = OUTREACH_ROLES.includes(identity.role)
        ? {
            outreachScope: async (): Promise<GrantsScope> =>
              (await outreachCache.get(key, compile(true))).scope,
          }
        : {};
      return {
        actor: identity.fhirUser,
        scope: access.scope,
        identity,
        breakGlassPatients: access.breakGlassPatients,
        ...outreach,
      };
    },
    writeHooks,
    audit,
    async breakGlass(ctx, input) {
      // The notice goes through the one write path (ownership, labels, its own audit record).
      const hooked = repo.withHooks(writeHooks);
      const result = await breakGlass(
        { repo: hooked, rel, audit, now, durationMs: options.breakGlassMs ?? HOUR_MS },
        ctx,
        input,
      );
      invalidate();
      return result;
    },
    accessLog: (ctx, patientId, opts) => accessLog(repo, rel, ctx, patientId, opts?.count),
    invalidate,
  };
}
