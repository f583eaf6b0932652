import type { Communication } from '@medplum/fhirtypes';
import {
  MAX_COUNT,
  readInTransaction,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import type { ThreadMessage, ThreadSummary } from '@careweave/contract';
import { actingName, actorSelves } from '../shared/acting.js';

export type { ThreadMessage, ThreadSummary };
import { careError, invalidInput } from '../shared/care-errors.js';
import { teamMembersIn } from '../roster/team-members.js';
import {
  COMMUNICATION_CATEGORY_SYSTEM,
  MessageError,
  TEAM_MESSAGE,
  TEAM_MESSAGE_CATEGORY,
  isTeamMessage,
  messageText,
  parseMentions,
  threadOf,
} from './codes.js';

const CATEGORY = `${COMMUNICATION_CATEGORY_SYSTEM}|${TEAM_MESSAGE}`;

/**
 * Posts a team message (a Communication: category team-message, subject the patient, sender the
 * actor, recipients every current member of the patient's care teams). A thread starts with a
 * `topic`; replies are `partOf` the thread's first message. Mentions (`@Practitioner/123`) must
 * name current team members (MessageError.MENTION_NOT_ON_TEAM, 422); the Communication write rule
 * notifies them. The patient must be visible to the actor (a hidden one answers 404).
 */
export async function postMessage(
  repo: Repository,
  ctx: RequestContext,
  input: { patientId?: string; thread?: string; topic?: string; text: string },
  now: Date = new Date(),
): Promise<Communication> {
  const text = input.text?.trim();
  if (!text) throw careError(MessageError.EMPTY, 'invalid', 'A message needs text', 'text');
  return repo.inTransaction(ctx, async (w, tx) => {
    let patientId = input.patientId;
    let root: Communication | undefined;
    if (input.thread) {
      root = await readInTransaction<Communication>(tx, ctx, 'Communication', input.thread);
      if (!isTeamMessage(root) || root.partOf?.length)
        throw careError(
          MessageError.NOT_A_THREAD,
          'not-found',
          `Communication/${input.thread} is not a message thread`,
        );
      patientId = root.subject?.reference?.replace(/^Patient\//, '');
    } else if (!input.topic?.trim()) {
      throw invalidInput('A new thread needs a topic', 'topic');
    }
    if (!patientId) throw invalidInput('patient is required', 'patient');
    await readInTransaction(tx, ctx, 'Patient', patientId);
    const members = await teamMembersIn(tx, patientId, now);
    const team = new Set(members.map((m) => m.reference));
    const outsider = parseMentions(text).find((m) => !team.has(m));
    if (outsider)
      throw careError(
        MessageError.MENTION_NOT_ON_TEAM,
        'business-rule',
        `${outsider} is not on the patient's care team and cannot be mentioned`,
        'text',
      );
    const name = actingName(ctx);
    return w.create<Communication>({
      resourceType: 'Communication',
      status: 'completed',
      category: [TEAM_MESSAGE_CATEGORY],
      subject: { reference: `Patient/${patientId}` },
      ...(root
        ? { partOf: [{ reference: `Communication/${root.id}` }], topic: root.topic }
        : { topic: { text: (input.topic as string).trim() } }),
      sent: now.toISOString(),
      ...(ctx.actor.includes('/')
        ? { sender: { reference: ctx.actor, ...(name ? { display: name } : {}) } }
        : {}),
      recipient: members
        .filter((m) => /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\//.test(m.reference))
        .map((m) => ({ reference: m.reference })),
      payload: [{ contentString: text }],
    });
  });
}

async function teamMessages(
  repo: Repository,
  ctx: RequestContext,
  pairs: [string, string][],
): Promise<Communication[]> {
  const page = await repo.search(ctx, 'Communication', [
    ['category', CATEGORY],
    ...pairs,
    ['_sort', 'sent'],
    ['_count', String(MAX_COUNT)],
    ['_total', 'none'],
  ]);
  return page.resources as Communication[];
}

/** The patient's message threads, most recent activity first, with the actor's unread counts. */
export async function listThreads(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<ThreadSummary[]> {
  await repo.read(ctx, 'Patient', patientId);
  const messages = await teamMessages(repo, ctx, [['subject', `Patient/${patientId}`]]);
  const selves = await actorSelves(repo, ctx);
  const unread = new Map(
    (
      await repo.readModels.messages.unreadCounts(ctx.scope, {
        reader: ctx.actor,
        selves,
        category: CATEGORY,
        patientId,
      })
    ).map((u) => [u.thread, u.unread]),
  );
  const threads = new Map<string, ThreadSummary>();
  for (const m of messages) {
    const id = threadOf(m);
    const t = threads.get(id) ?? {
      id,
      topic: m.topic?.text ?? '',
      patientId,
      messages: 0,
      unread: unread.get(id) ?? 0,
    };
    if (id === m.id) {
      t.topic = m.topic?.text ?? t.topic;
      if (m.sender?.reference) t.startedBy = m.sender.reference;
      if (m.sent) t.startedAt = m.sent;
    }
    t.messages++;
    if (m.sent && (!t.lastMessageAt || m.sent >= t.lastMessageAt)) {
      t.lastMessageAt = m.sent;
      t.lastMessage = messageText(m);
    }
    threads.set(id, t);
  }
  return [...threads.values()].sort((a, b) =>
    (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''),
  );
}

/** A thread's messages in order, with the actor's read marker (reading does not mark it read). */
export async function getThread(
  repo: Repository,
  ctx: RequestContext,
  threadId: string,
): Promise<{ thread: ThreadSummary; messages: ThreadMessage[]; readUpTo?: string }> {
  const root = await repo.read<Communication>(ctx, 'Communication', threadId);
  if (!isTeamMessage(root) || root.partOf?.length)
    throw careError(
      MessageError.NOT_A_THREAD,
      'not-found',
      `Communication/${threadId} is not a message thread`,
    );
  const patientId = root.subject?.reference?.replace(/^Patient\//, '') ?? '';
  const replies = await teamMessages(repo, ctx, [['part-of', `Communication/${threadId}`]]);
  const all = [root, ...replies];
  const markers = await repo.readModels.messages.readMarkers(ctx.actor, [threadId]);
  const readUpTo = markers.get(threadId);
  const selves = new Set(await actorSelves(repo, ctx));
  const unread = all.filter(
    (m) => !selves.has(m.sender?.reference ?? '') && (!readUpTo || (m.sent ?? '') > readUpTo),
  ).length;
  const last = all[all.length - 1];
  return {
    thread: {
      id: threadId,
      topic: root.topic?.text ?? '',
      patientId,
      messages: all.length,
      unread,
      ...(root.sent ? { startedAt: root.sent } : {}),
      ...(last?.sent ? { lastMessageAt: last.sent } : {}),
    },
    messages: all.map((m) => ({
      id: m.id as string,
      ...(m.sender?.reference ? { sender: m.sender.reference } : {}),
      ...(m.sender?.display ? { senderName: m.sender.display } : {}),
      ...(m.sent ? { sent: m.sent } : {}),
      text: messageText(m),
      mentions: parseMentions(messageText(m)),
    })),
    ...(readUpTo ? { readUpTo } : {}),
  };
}

/** Marks a thread read up to now for the actor (the thread must be visible to them). */
export async function markRead(
  repo: Repository,
  ctx: RequestContext,
  threadId: string,
  now: Date = new Date(),
): Promise<void> {
  await repo.read(ctx, 'Communication', threadId);
  await repo.readModels.messages.markRead(ctx.actor, threadId, now);
}

/** The actor's unread team messages: total, per patient and per thread. */
export async function unreadSummary(
  repo: Repository,
  ctx: RequestContext,
): Promise<{ total: number; byPatient: Record<string, number>; byThread: Record<string, number> }> {
  const selves = await actorSelves(repo, ctx);
  const rows = await repo.readModels.messages.unreadCounts(ctx.scope, {
    reader: ctx.actor,
    selves,
    category: CATEGORY,
  });
  const byPatient: Record<string, number> = {};
  const byThread: Record<string, number> = {};
  for (const r of rows) {
    byThread[r.thread] = r.unread;
    if (r.patientId) byPatient[r.patientId] = (byPatient[r.patientId] ?? 0) + r.unread;
  }
  return { total: rows.reduce((n, r) => n + r.unread, 0), byPatient, byThread };
}
