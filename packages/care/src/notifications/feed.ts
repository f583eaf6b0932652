import { type Repository, type RequestContext } from '@careweave/store';
import type { NotificationFeed } from '@careweave/contract';
import { actorSelves } from '../shared/acting.js';

export type { NotificationFeed };
import { readMany } from '../shared/read-many.js';

/**
 * The actor's notifications, newest first: task assigned to me, mention, plan changed by someone
 * else. Items whose subject the actor can no longer see (consent withdrawn, left the team) are
 * left out, so the feed never reveals more than the record does.
 */
export async function notificationFeed(
  repo: Repository,
  ctx: RequestContext,
  options: { before?: string; limit?: number; unreadOnly?: boolean } = {},
): Promise<NotificationFeed> {
  const selves = await actorSelves(repo, ctx);
  if (selves.length === 0) return { items: [], unread: 0 };
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await repo.readModels.notifications.list(selves, {
    limit: limit + 1,
    ...(options.before ? { before: options.before } : {}),
    ...(options.unreadOnly ? { unreadOnly: true } : {}),
  });
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const byType = new Map<string, string[]>();
  for (const n of page) {
    const [type = '', id = ''] = n.focus.split('/');
    byType.set(type, [...(byType.get(type) ?? []), id]);
  }
  const visible = new Set<string>();
  for (const [type, ids] of byType) {
    for (const id of (await readMany(repo, ctx, type, [...new Set(ids)])).keys())
      visible.add(`${type}/${id}`);
  }
  const last = page[page.length - 1];
  return {
    items: page.filter((n) => visible.has(n.focus)),
    unread: await repo.readModels.notifications.countUnread(selves),
    ...(more && last ? { next: last.id } : {}),
  };
}

/** Marks some (or, without ids, all) of the actor's notifications read; answers how many changed. */
export async function markNotificationsAsRead(
  repo: Repository,
  ctx: RequestContext,
  ids?: readonly string[],
  now: Date = new Date(),
): Promise<number> {
  return repo.readModels.notifications.markRead(await actorSelves(repo, ctx), ids, now);
}
