import { describe, expect, it } from 'vitest';
import { bellLabel, kindLabel, notificationTarget, timeAgo } from './notifications';

describe('notification text and links', () => {
  it('names each kind the feed carries', () => {
    expect(kindLabel('task-assigned')).toBe('Task assigned to you');
    expect(kindLabel('mention')).toBe('You were mentioned');
    expect(kindLabel('plan-changed')).toBe('Care plan changed');
  });

  it("leads a task to the worklist, a mention to the patient's messages and a plan change to the plan", () => {
    expect(notificationTarget({ focus: 'Task/t1', patientId: 'p1' })).toBe('/worklist');
    expect(notificationTarget({ focus: 'Communication/c1', patientId: 'p1' })).toBe(
      '/patients/p1#messages',
    );
    expect(notificationTarget({ focus: 'Goal/g1', patientId: 'p1' })).toBe('/patients/p1/plan');
    expect(notificationTarget({ focus: 'CarePlan/cp1' })).toBe('/notifications');
  });

  it('says how long ago in words', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(timeAgo('2026-11-25T11:59:40Z', now)).toBe('just now');
    expect(timeAgo('2026-11-25T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2026-11-25T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-11-23T12:00:00Z', now)).toBe('2 d ago');
    expect(timeAgo('2026-10-01T12:00:00Z', now)).toBe('1 Oct 2026');
  });

  it('gives the bell an accessible name with the unread counts', () => {
    expect(bellLabel(undefined, undefined)).toBe('Notifications');
    expect(bellLabel(3, 0)).toBe('Notifications, 3 unread');
    expect(bellLabel(0, 1)).toBe('Notifications, 0 unread, 1 unread message');
  });
});
