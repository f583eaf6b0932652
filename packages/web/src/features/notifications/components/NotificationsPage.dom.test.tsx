// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../../test/dom';
import { NotificationBell } from './NotificationBell';
import { NotificationsPage } from './NotificationsPage';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const NADIA = {
  resourceType: 'Practitioner',
  id: 'cc',
  name: [{ given: ['Nadia'], family: 'Haddad' }],
};
const GRACE = {
  resourceType: 'Practitioner',
  id: 'sw',
  name: [{ given: ['Grace'], family: 'Mensah' }],
};

describe('the notifications feed and bell', () => {
  it('says what happened, who did it and links to it; Mark all read clears the count', async () => {
    let read = false;
    const posts: { url: string; body?: string }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          posts.push({ url, ...(typeof init.body === 'string' ? { body: init.body } : {}) });
          read = true;
          return jsonResponse({ marked: 2 });
        }
        if (url.startsWith('/api/notifications')) {
          const readAt = read ? { readAt: '2026-11-25T11:00:00Z' } : {};
          return jsonResponse({
            unread: read ? 0 : 2,
            items: [
              {
                id: '2',
                recipient: 'Practitioner/sw',
                kind: 'mention',
                patientId: 'p1',
                focus: 'Communication/c1',
                actor: 'Practitioner/cc',
                summary: 'Nadia Haddad mentioned you: @Practitioner/sw Friday?',
                createdAt: new Date().toISOString(),
                ...readAt,
              },
              {
                id: '1',
                recipient: 'Practitioner/sw',
                kind: 'plan-changed',
                patientId: 'p1',
                focus: 'Goal/g1',
                actor: 'Practitioner/cc',
                summary: 'Goal changed: Eat well',
                createdAt: new Date().toISOString(),
                ...readAt,
              },
            ],
          });
        }
        if (url === '/api/messages/unread')
          return jsonResponse({ total: 0, byPatient: {}, byThread: {} });
        if (url.startsWith('/fhir/R4/Practitioner'))
          return jsonResponse({
            resourceType: 'Bundle',
            type: 'searchset',
            entry: [{ resource: NADIA }, { resource: GRACE }],
          });
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    render(
      <>
        <NotificationBell />
        <NotificationsPage />
      </>,
      { wrapper: Providers },
    );
    expect(
      (await screen.findByRole('link', { name: 'Notifications, 2 unread' })).getAttribute('href'),
    ).toBe('/notifications');
    const mention = await screen.findByRole('link', {
      name: 'Nadia Haddad mentioned you: @Grace Mensah Friday?',
    });
    expect(mention.getAttribute('href')).toBe('/patients/p1#messages');
    expect(screen.getByRole('link', { name: 'Goal changed: Eat well' }).getAttribute('href')).toBe(
      '/patients/p1/plan',
    );
    expect(screen.getByText('Care plan changed')).toBeTruthy();
    expect(
      [...document.querySelectorAll('[data-notification]')].map((n) =>
        n.textContent?.includes('Nadia Haddad · just now'),
      ),
    ).toEqual([true, true]);

    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    await screen.findByRole('link', { name: 'Notifications, 0 unread' });
    await waitFor(() => expect(document.querySelectorAll('[data-unread="true"]')).toHaveLength(0));
    expect(posts).toEqual([{ url: '/api/notifications/read', body: '{}' }]);
  });
});
