// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../test/dom';
import { MessagesPanel } from './messages/components/MessagesPanel';
import { NotificationsPage } from './notifications/components/NotificationsPage';

/**
 * Hostile text the server stores and returns as data (the hostile-input corpus checks that end,
 * server/src/security/corpus/free-text.ts): the web app must show it as text. React escapes
 * what it renders, and the app never sets HTML (no dangerouslySetInnerHTML); this test renders
 * script in the free-text fields of the messages and notifications and looks for any element or
 * side effect it could have made.
 */
const SCRIPT = '<script>window.__xss = "script"</script>';
const IMG = '<img src=x onerror="window.__xss = \'img\'">';
const SVG = '"><svg onload="window.__xss = \'svg\'">';
const LINK = '<a href="javascript:window.__xss = \'link\'">open</a>';

declare global {
  interface Window {
    __xss?: string;
  }
}

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  delete window.__xss;
});

function expectInert(container: HTMLElement): void {
  expect(
    container.querySelectorAll('script, img, iframe, svg[onload], [onerror], [onload]'),
  ).toHaveLength(0);
  expect(container.querySelectorAll('a[href^="javascript:"]')).toHaveLength(0);
  expect(window.__xss).toBeUndefined();
}

describe('hostile text in the web app is shown, never run', () => {
  it('a message thread whose topic, text and sender name are script shows them as text', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') return new Response(null, { status: 204 });
        if (url === '/api/messages/threads?patient=p1') {
          return jsonResponse({
            threads: [
              {
                id: 'th1',
                topic: SCRIPT,
                patientId: 'p1',
                messages: 1,
                unread: 1,
                lastMessage: IMG,
                lastMessageAt: '2026-11-25T10:00:00Z',
              },
            ],
          });
        }
        if (url === '/api/messages/threads/th1') {
          return jsonResponse({
            thread: { id: 'th1', topic: SCRIPT, patientId: 'p1', messages: 1, unread: 1 },
            messages: [
              {
                id: 'm1',
                sender: 'Practitioner/cc',
                senderName: SVG,
                sent: '2026-11-25T10:00:00Z',
                text: `${IMG} ${LINK}`,
                mentions: [],
              },
            ],
          });
        }
        if (url === '/api/roster/patients/p1/care-teams') return jsonResponse({ careTeams: [] });
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    const { container } = render(<MessagesPanel patientId="p1" />, { wrapper: Providers });
    fireEvent.click(await screen.findByRole('button', { name: new RegExp('1 message') }));
    await screen.findByText((text) => text.includes("window.__xss = 'link'"));
    expect(container.textContent).toContain(SCRIPT);
    expect(container.textContent).toContain(SVG);
    expectInert(container);
  });

  it('a notification whose summary is script shows it as text', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        if (url.startsWith('/api/notifications')) {
          return jsonResponse({
            unread: 1,
            items: [
              {
                id: '1',
                recipient: 'Practitioner/sw',
                kind: 'mention',
                patientId: 'p1',
                focus: 'Communication/c1',
                actor: 'Practitioner/cc',
                summary: `${SCRIPT}${IMG}`,
                createdAt: new Date().toISOString(),
              },
            ],
          });
        }
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    const { container } = render(<NotificationsPage />, { wrapper: Providers });
    await waitFor(() => expect(container.textContent).toContain(`${SCRIPT}${IMG}`));
    expectInert(container);
  });
});
