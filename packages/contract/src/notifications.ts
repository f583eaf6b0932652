/** What caused a notification. */
export const NOTIFICATION_KINDS = {
  /** A task was given to the recipient by someone else. */
  TASK_ASSIGNED: 'task-assigned',
  /** Someone mentioned the recipient (`@Practitioner/…`) in a team message. */
  MENTION: 'mention',
  /** Someone else changed a care plan (or one of its goals) of a patient on the recipient's team. */
  PLAN_CHANGED: 'plan-changed',
  /** A person on the recipient's caseload was admitted to hospital or arrived at an ED. */
  ADMISSION: 'admission',
  /** A person on the recipient's caseload was discharged from hospital. */
  DISCHARGE: 'discharge',
} as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[keyof typeof NOTIFICATION_KINDS];

/** A notification to store: who gets it, why, about what. */
export interface NewNotification {
  recipient: string;
  kind: NotificationKind;
  patientId?: string;
  focus: string;
  actor: string;
  summary: string;
}

/** One item of `GET /api/notifications`. */
export interface NotificationItem extends NewNotification {
  id: string;
  createdAt: string;
  readAt?: string;
}

/** `GET /api/notifications`: a page of the feed, newest first, with the unread total. */
export interface NotificationFeed {
  items: NotificationItem[];
  unread: number;
  /** Pass as `before` for the next (older) page. */
  next?: string;
}
