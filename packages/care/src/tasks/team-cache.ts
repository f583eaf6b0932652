import { type Repository, type RequestContext } from '@careweave/store';
import { actorSelves } from '../shared/acting.js';

/** Types whose changes alter who is on whose team (or who someone is): the cache forgets everything when they commit. */
export const TEAM_TRIGGERS: ReadonlySet<string> = new Set([
  'CareTeam',
  'EpisodeOfCare',
  'PractitionerRole',
]);

/** How long an actor's team is reused, in ms (other app servers' changes show up within it). */
export const TEAM_CACHE_MS = 30_000;

interface Entry {
  selves: string[];
  patients: string[];
  expires: number;
}

let generation = 0;
const caches = new WeakMap<Repository, { generation: number; entries: Map<string, Entry> }>();

/** Forget every cached team (called after a commit that touched TEAM_TRIGGERS). */
export function forgetTeams(): void {
  generation++;
}

/**
 * The actor's own references and the patients of their teams (active care teams listing them,
 * active episodes they manage), kept for TEAM_CACHE_MS per actor — the worklist asks for them on
 * every request; they change rarely, and this process's own changes clear the cache at once.
 */
export async function actorTeam(
  repo: Repository,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<{ selves: string[]; patients: string[] }> {
  let cache = caches.get(repo);
  if (!cache || cache.generation !== generation) {
    cache = { generation, entries: new Map() };
    caches.set(repo, cache);
  }
  const hit = cache.entries.get(ctx.actor);
  if (hit && hit.expires > Date.now()) {
    return hit;
  }
  const selves = await actorSelves(repo, ctx);
  const patients = await repo.readModels.worklist.teamPatients(selves, now);
  if (cache.entries.size > 10_000) cache.entries.clear();
  cache.entries.set(ctx.actor, { selves, patients, expires: Date.now() + TEAM_CACHE_MS });
  return { selves, patients };
}
