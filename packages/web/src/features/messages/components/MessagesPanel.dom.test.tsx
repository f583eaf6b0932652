// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../../test/dom';
import { MessagesPanel } from './MessagesPanel';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('team messages on the summary', () => {
  it('lists threads with unread counts, marks a thread read when opened and replies with a mention from the @ picker', async () => {
    const posts: { url: string; body?: string }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          posts.push({ url, ...(typeof init.body === 'string' ? { body: init.body } : {}) });
          return url.endsWith('/read')
            ? new Response(null, { status: 204 })
            : jsonResponse({ thread: 'th1', message: {} }, 201);
        }
        if (url === '/api/messages/threads?patient=p1') {
          return jsonResponse({
            threads: [
              {
                id: 'th1',
                topic: 'Food parcels',
                patientId: 'p1',
                messages: 2,
                unread: 1,
                lastMessage: 'Friday?',
                lastMessageAt: '2026-11-25T10:00:00Z',
              },
            ],
          });
        }
        if (url === '/api/messages/threads/th1') {
          return jsonResponse({
            thread: { id: 'th1', topic: 'Food parcels', patientId: 'p1', messages: 1, unread: 1 },
            messages: [
              {
                id: 'm1',
                sender: 'Practitioner/cc',
                senderName: 'Nadia Haddad',
                sent: '2026-11-25T10:00:00Z',
                text: '@Practitioner/sw Friday?',
                mentions: ['Practitioner/sw'],
              },
            ],
          });
        }
        if (url === '/api/roster/patients/p1/care-teams') {
          return jsonResponse({
            careTeams: [
              {
                careTeam: { resourceType: 'CareTeam', id: 'ct' },
                members: [
                  { reference: 'Practitioner/sw', display: 'Grace Mensah', role: 'social-worker' },
                  { reference: 'Patient/p1', display: 'Rosa', role: 'patient' },
                ],
              },
            ],
          });
        }
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    render(<MessagesPanel patientId="p1" />, { wrapper: Providers });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Food parcels, 2 messages, 1 unread' }),
    );

    // The mention reads as a name; opening the thread marked it read.
    expect(
      (await screen.findByText('@Grace Mensah'))
        .closest('[data-mention]')
        ?.getAttribute('data-mention'),
    ).toBe('Practitioner/sw');
    await waitFor(() =>
      expect(posts.map((p) => p.url)).toContain('/api/messages/threads/th1/read'),
    );

    const reply = screen.getByRole('textbox', { name: /Reply/ });
    fireEvent.change(reply, { target: { value: 'Thanks @gr', selectionStart: 10 } });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Mention Grace Mensah (social worker)' }),
    );
    expect((reply as HTMLTextAreaElement).value).toBe('Thanks @Practitioner/sw ');
    fireEvent.change(reply, { target: { value: 'Thanks @Practitioner/sw yes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() =>
      expect(posts.find((p) => p.url === '/api/messages/threads/th1/messages')?.body).toBe(
        JSON.stringify({ text: 'Thanks @Practitioner/sw yes' }),
      ),
    );
  });
});
