import type { Resource } from '@medplum/fhirtypes';
import { MAX_COUNT, type Repository, type RequestContext } from '@careweave/store';

/** Resources by id in one search per type (with the actor's scope; hidden ones are simply missing). */
export async function readMany<T extends Resource>(
  repo: Repository,
  ctx: RequestContext,
  type: string,
  ids: readonly string[],
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const page = await repo.search(ctx, type, [
      ['_id', chunk.join(',')],
      ['_count', String(MAX_COUNT)],
      ['_total', 'none'],
    ]);
    for (const r of page.resources) out.set(r.id as string, r as T);
  }
  return out;
}
