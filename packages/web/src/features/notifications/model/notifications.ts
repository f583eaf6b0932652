import type { NotificationItem } from '@careweave/contract';

// The feed's wire shapes are the contract's (filled by care/notifications).
export type { NotificationFeed, NotificationItem, NotificationKind } from '@careweave/contract';

/** A short heading for the kind of notification. */
export function kindLabel(kind: string): string {
  switch (kind) {
    case 'task-assigned':
      return 'Task assigned to you';
    case 'mention':
      return 'You were mentioned';
    case 'plan-changed':
      return 'Care plan changed';
    default:
      return 'Update';
  }
}

/**
 * Where a notification leads: a task to the worklist (tasks have no page of their own), a
 * mention to the patient's messages, a plan or goal change to the patient's plan.
 */
export function notificationTarget(item: Pick<NotificationItem, 'focus' | 'patientId'>): string {
  const [type] = item.focus.split('/');
  const patient = item.patientId ? `/patients/${encodeURIComponent(item.patientId)}` : undefined;
  switch (type) {
    case 'Task':
      return '/worklist';
    case 'Communication':
      return patient ? `${patient}#messages` : '/notifications';
    case 'CarePlan':
    case 'Goal':
      return patient ? `${patient}/plan` : '/notifications';
    default:
      return patient ?? '/notifications';
  }
}

/** "just now", "5 min ago", "3 h ago", "2 d ago", else the date — how long ago, in words people scan. */
export function timeAgo(instant: string, now: Date = new Date()): string {
  const then = Date.parse(instant);
  if (Number.isNaN(then)) return instant;
  const minutes = Math.floor((now.getTime() - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 7) return `${days} d ago`;
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(then));
}

/** The bell's accessible name: the unread count in words, notifications and messages together. */
export function bellLabel(notifications: number | undefined, messages: number | undefined): string {
  if (notifications === undefined) return 'Notifications';
  const extra = messages ? `, ${messages} unread ${messages === 1 ? 'message' : 'messages'}` : '';
  return `Notifications, ${notifications} unread${extra}`;
}
