import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import type {
  NewMessageRequest,
  NewThreadRequest,
  ThreadDetail,
  ThreadSummary,
} from '../model/messages';

const POLL_MS = 30_000;

/** The patient's team threads, latest activity first, with my unread counts. */
export function useThreads(patientId: string) {
  return useQuery({
    queryKey: ['messages', 'threads', patientId],
    queryFn: async ({ signal }) =>
      (
        await request<{ threads: ThreadSummary[] }>(
          `/api/messages/threads?patient=${encodeURIComponent(patientId)}`,
          { signal },
        )
      ).data.threads,
    refetchInterval: POLL_MS,
  });
}

/** One thread's messages (reading it does not mark it read: `useMarkThreadRead` does). */
export function useThread(threadId: string) {
  return useQuery({
    queryKey: ['messages', 'thread', threadId],
    queryFn: async ({ signal }) =>
      (
        await request<ThreadDetail>(`/api/messages/threads/${encodeURIComponent(threadId)}`, {
          signal,
        })
      ).data,
    refetchInterval: POLL_MS,
  });
}

/** Marks a thread read for me; the thread list and the header's unread count follow. */
export function useMarkThreadRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (threadId: string) => {
      await request<undefined>(`/api/messages/threads/${encodeURIComponent(threadId)}/read`, {
        method: 'POST',
      });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['messages'] }),
  });
}

/** Posts a reply to a thread, or (with `topic` and `patient`) starts a new one. */
export function usePostMessage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (
      input: { thread: string; text: string } | { patient: string; topic: string; text: string },
    ) => {
      const path =
        'thread' in input
          ? `/api/messages/threads/${encodeURIComponent(input.thread)}/messages`
          : '/api/messages/threads';
      const json: NewMessageRequest | NewThreadRequest =
        'thread' in input
          ? { text: input.text }
          : { patient: input.patient, topic: input.topic.trim(), text: input.text };
      return (await request<{ thread: string }>(path, { method: 'POST', json })).data;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['messages'] }),
  });
}
