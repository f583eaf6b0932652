import type { AccessScope, RequestContext } from '@careweave/store';
import { isAccessContext } from './types.js';

/**
 * The scope of the population queue (tier counts, candidates) and of enrolment from it: a care
 * coordinator's outreach scope — their own patients plus everyone whose consent shares with
 * their organisation (README "Outreach") — and, for everyone else, the request's own scope.
 * Never use it to read or return FHIR records: the queue's index rows carry only minimal fields.
 */
export async function outreachScope(ctx: RequestContext): Promise<AccessScope> {
  return isAccessContext(ctx) && ctx.outreachScope ? ctx.outreachScope() : ctx.scope;
}
