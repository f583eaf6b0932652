import {
  readModelsIn,
  type NewNotification,
  type Queryable,
  type RequestContext,
} from '@careweave/store';
import { isSystem } from '../shared/acting.js';

import { NOTIFICATION_KINDS, type NotificationKind as Kind } from '@careweave/contract';

/** The kinds of notification the feed shows. */
export const NotificationKind = NOTIFICATION_KINDS;
export type NotificationKind = Kind;

/** Recipients that can log in and read a feed (people, not teams or organisations). */
export function isPersonReference(reference: string): boolean {
  return /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\//.test(reference);
}

/**
 * Stores notifications inside the transaction of the write that causes them (so they exist
 * exactly when the change committed). Writes in the system context (imports, migrations, jobs)
 * notify nobody; nobody is notified of their own action.
 */
export async function notify(
  tx: Queryable,
  ctx: RequestContext,
  items: readonly Omit<NewNotification, 'actor'>[],
): Promise<void> {
  if (isSystem(ctx)) {
    return;
  }
  const seen = new Set<string>();
  const rows: NewNotification[] = [];
  for (const item of items) {
    const key = `${item.recipient}|${item.kind}|${item.focus}`;
    if (item.recipient === ctx.actor || !isPersonReference(item.recipient) || seen.has(key)) {
      continue;
    }
    seen.add(key);
    rows.push({ ...item, actor: ctx.actor });
  }
  await readModelsIn(tx).notifications.insert(rows);
}
