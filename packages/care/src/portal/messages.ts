import type { Repository, RequestContext } from '@careweave/store';
import {
  MessageError,
  type PortalMessage,
  type PortalThreadDetail,
  type PortalMessageRequest,
  type PortalMessageSent,
  type PortalThreads,
} from '@careweave/contract';
import { careError } from '../shared/care-errors.js';
import { getThread, listThreads, markRead, postMessage } from '../messages/threads.js';
import { withNames } from '../roster/team-members.js';
import { personFor, subjectFor } from './whose.js';

function notYours(threadId: string) {
  return careError(
    MessageError.NOT_A_THREAD,
    'not-found',
    `Communication/${threadId} is not one of your message threads`,
  );
}

/** `GET /api/me/messages`: the person's threads with their care team, most recent first. */
export async function myThreads(repo: Repository, ctx: RequestContext): Promise<PortalThreads> {
  const subject = await subjectFor(repo, ctx, 'messages');
  const threads = await listThreads(repo, ctx, subject.patientId);
  return {
    threads: threads.map((t) => ({
      id: t.id,
      topic: t.topic,
      ...(t.lastMessageAt ? { lastMessageAt: t.lastMessageAt } : {}),
      ...(t.lastMessage ? { lastMessage: t.lastMessage } : {}),
      messages: t.messages,
      unread: t.unread,
    })),
  };
}

/**
 * `GET /api/me/messages/{id}`: one thread, marked read for the viewer, with read receipts — for
 * each message, the other people whose read marker on the thread is at or after it was sent.
 * The thread must be one of the person's team threads (another patient's answers 404: the access
 * scope hides it).
 */
export async function myThread(
  repo: Repository,
  ctx: RequestContext,
  threadId: string,
  now: Date = new Date(),
): Promise<PortalThreadDetail> {
  const subject = await subjectFor(repo, ctx, 'messages');
  const detail = await getThread(repo, ctx, threadId);
  if (detail.thread.patientId !== subject.patientId) {
    throw notYours(threadId); // the scope admits only the person's record; this is a second lock
  }
  await markRead(repo, ctx, threadId, now);
  const me = new Set([subject.viewer.reference]);
  const readers = (await repo.readModels.messages.readers(threadId)).filter(
    (r) => !me.has(r.reader),
  );
  const named = await withNames(
    repo,
    readers.map((r) => ({ reference: r.reader })),
  );
  const names = new Map(named.map((m) => [m.reference, m.display ?? 'Your care team']));
  const messages = detail.messages.map((m): PortalMessage => {
    const mine = m.sender !== undefined && me.has(m.sender);
    return {
      id: m.id,
      text: m.text,
      ...(m.sent ? { sent: m.sent } : {}),
      from: mine ? 'You' : (m.senderName ?? 'Your care team'),
      mine,
      readBy: readers
        .filter((r) => m.sent !== undefined && r.readAt >= m.sent && r.reader !== m.sender)
        .map((r) => ({ name: names.get(r.reader) ?? 'Your care team', at: r.readAt })),
    };
  });
  return {
    thread: {
      id: detail.thread.id,
      topic: detail.thread.topic,
      ...(detail.thread.lastMessageAt ? { lastMessageAt: detail.thread.lastMessageAt } : {}),
      messages: detail.thread.messages,
      unread: 0,
    },
    messages,
  };
}

/**
 * Sends a message to the care team: a new thread (`topic` + `text`) or a reply (`thread`). It is
 * an ordinary team message of the patient's record, so it lands in the team's threads on the
 * patient summary and counts as unread for every member of the team.
 */
export async function sendMyMessage(
  repo: Repository,
  ctx: RequestContext,
  input: PortalMessageRequest & { thread?: string },
  now: Date = new Date(),
): Promise<PortalMessageSent> {
  const subject = await personFor(repo, ctx, 'messages');
  if (input.thread) {
    const root = await getThread(repo, ctx, input.thread);
    if (root.thread.patientId !== subject.patientId) {
      throw notYours(input.thread);
    }
  }
  const message = await postMessage(
    repo,
    ctx,
    {
      patientId: subject.patientId,
      text: input.text,
      ...(input.thread ? { thread: input.thread } : { topic: input.topic ?? '' }),
    },
    now,
  );
  const thread = message.partOf?.[0]?.reference?.replace(/^Communication\//, '') ?? message.id;
  return { thread: thread as string, message: message.id as string };
}
