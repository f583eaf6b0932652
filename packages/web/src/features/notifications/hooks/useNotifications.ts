import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import type { NotificationFeed } from '../model/notifications';

/** How often the header asks for new notifications and messages. */
export const POLL_MS = 30_000;
const KEY = ['notifications'] as const;

/** The feed, newest first, with "Load older" through the `before` cursor. */
export function useNotificationFeed() {
  return useInfiniteQuery({
    queryKey: [...KEY, 'feed'],
    queryFn: async ({ pageParam, signal }) =>
      (
        await request<NotificationFeed>(
          `/api/notifications?count=30${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ''}`,
          { signal },
        )
      ).data,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
    refetchInterval: POLL_MS,
  });
}

/** Unread notifications and unread team messages for the bell, polled every 30 s (and on window focus). */
export function useUnreadCounts(enabled: boolean): {
  notifications: number | undefined;
  messages: number | undefined;
} {
  const notifications = useQuery({
    queryKey: [...KEY, 'unread'],
    queryFn: async ({ signal }) =>
      (await request<NotificationFeed>('/api/notifications?unread=true&count=1', { signal })).data
        .unread,
    refetchInterval: POLL_MS,
    enabled,
  });
  const messages = useQuery({
    queryKey: ['messages', 'unread'],
    queryFn: async ({ signal }) =>
      (await request<{ total: number }>('/api/messages/unread', { signal })).data.total,
    refetchInterval: POLL_MS,
    enabled,
  });
  return { notifications: notifications.data, messages: messages.data };
}

/** Marks some (or, with no ids, all) notifications read and refreshes the feed and the bell. */
export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (ids?: readonly string[]) =>
      (
        await request<{ marked: number }>('/api/notifications/read', {
          method: 'POST',
          json: ids ? { ids } : {},
        })
      ).data,
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
