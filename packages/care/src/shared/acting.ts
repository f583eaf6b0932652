import type { PractitionerRole } from '@medplum/fhirtypes';
import { MAX_COUNT, type Repository, type RequestContext } from '@careweave/store';

/** The acting user's identity as care/access puts it on the context (absent for plain contexts). */
interface WithIdentity {
  identity?: { kind: string; organizationIds?: readonly string[]; displayName?: string };
}

/** Whether the context is the system itself (imports, jobs): such writes notify nobody. */
export function isSystem(ctx: RequestContext): boolean {
  return ctx.scope.kind === 'system' || ctx.actor === 'system';
}

/** The organisation the actor works for (their first), for attribution; undefined for the system, patients and caregivers. */
export function actingOrganization(ctx: RequestContext): string | undefined {
  const orgs = (ctx as RequestContext & WithIdentity).identity?.organizationIds ?? [];
  return orgs[0] ? `Organization/${orgs[0]}` : undefined;
}

/** The actor's display name, when the context carries an identity. */
export function actingName(ctx: RequestContext): string | undefined {
  return (ctx as RequestContext & WithIdentity).identity?.displayName;
}

/**
 * The references that stand for the actor: their own (`Practitioner/…`) and, for a
 * practitioner, their active PractitionerRoles — tasks may be owned and people mentioned by either.
 */
export async function actorSelves(repo: Repository, ctx: RequestContext): Promise<string[]> {
  if (!ctx.actor.startsWith('Practitioner/')) {
    return isSystem(ctx) ? [] : [ctx.actor];
  }
  const roles = await repo.search(ctx, 'PractitionerRole', [
    ['practitioner', ctx.actor],
    ['_count', String(MAX_COUNT)],
    ['_total', 'none'],
  ]);
  return [
    ctx.actor,
    ...(roles.resources as PractitionerRole[])
      .filter((r) => r.active !== false)
      .map((r) => `PractitionerRole/${r.id}`),
  ];
}

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A date `days` after `from`, as `YYYY-MM-DD`. */
export function addDays(from: Date, days: number): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
