import type { AckCode, MatchDecision } from '@careweave/contract';
import { Hl7Error } from '@careweave/contract';
import {
  findMessageByKey,
  getMatchReview,
  getMessage,
  insertMatchReview,
  insertMessage,
  lockKeys,
  recordAttempt,
  recordDuplicate,
  resolveMatchReview,
  type LoggedMessage,
  type MessageHeader,
  type MessageOutcome,
  type Queryable,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { careError } from '../shared/care-errors.js';
import { buildAck, rejectAck } from './ack.js';
import { applyAdt, type PersonDecision } from './apply.js';
import { AdtError } from './errors.js';
import { contentHash, normaliseHl7Text, NotHl7Error, parseAdt, type ParsedAdt } from './parse.js';

/** Where the feed says what it noticed (pino's shape; the server passes its logger). */
export interface FeedLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The answer to one message: the ACK to send back, its MSA-1, and the log row. */
export interface FeedResult {
  ack: string;
  code: AckCode;
  messageId: string | undefined;
  /** True when the message had been applied before (same sender and control id). */
  duplicate: boolean;
}

export interface AdtFeedOptions {
  /** The context the feed writes in (default: the system itself). */
  ctx?: RequestContext;
  log?: FeedLogger;
  now?: () => Date;
}

/** The HL7 v2 ADT feed: receive a message, replay a failed one, settle an uncertain person. */
export interface AdtFeed {
  receive(raw: string): Promise<FeedResult>;
  /** Answers `AR` to a frame the transport could not take (e.g. too large), logging the reason. */
  reject(reason: string, raw?: string): Promise<FeedResult>;
  replay(messageId: string): Promise<LoggedMessage>;
  resolve(reviewId: string, decision: MatchDecision, resolvedBy: string): Promise<LoggedMessage>;
}

const FEED_CONTEXT: RequestContext = { actor: 'system', scope: { kind: 'system' } };

function headerOf(adt: ParsedAdt): MessageHeader {
  return {
    sender: adt.sender,
    controlId: adt.controlId || null,
    messageType: adt.messageType || null,
    event: adt.event || null,
    version: adt.version || null,
    raw: adt.text,
    contentHash: adt.contentHash,
  };
}

function reasonOf(err: unknown): AdtError {
  if (err instanceof AdtError) return err;
  const text =
    (
      err as { outcome?: { issue?: { diagnostics?: string; details?: { text?: string } }[] } }
    ).outcome?.issue
      ?.map((i) => i.details?.text ?? i.diagnostics)
      .filter(Boolean)
      .join('; ') || (err instanceof Error ? err.message : String(err));
  return new AdtError(`The message could not be applied: ${text}`, 'MSH^1^10', '207');
}

/**
 * Creates the feed over a Repository wired with the domain's write hooks. Each message is applied
 * in one transaction together with its log row, so `AA` is answered only once the message and all
 * its effects (including whatever the write hooks derive from them) are committed, and a
 * redelivery — same sender (MSH-3/MSH-4) and control id (MSH-10), as HL7 v2 chapter 2 defines
 * duplicates — finds the row and changes nothing.
 */
export function createAdtFeed(repo: Repository, options: AdtFeedOptions = {}): AdtFeed {
  const ctx = options.ctx ?? FEED_CONTEXT;
  const now = options.now ?? (() => new Date());

  /** Applies a parsed message, logging it with its effects; throws (rolling back) when it cannot. */
  async function applyLogged(
    adt: ParsedAdt,
    mode: 'delivery' | 'replay',
    decision?: { review: string; person: PersonDecision; by: string },
  ): Promise<{ row: LoggedMessage; duplicate: boolean }> {
    return repo.inTransaction(ctx, async (w, tx) => {
      const at = now();
      await lockKeys(tx, [`message:${adt.sender}|${adt.controlId}`]);
      const existing = adt.controlId
        ? await findMessageByKey(tx, adt.sender, adt.controlId)
        : undefined;
      if (
        existing &&
        mode === 'delivery' &&
        (existing.status === 'processed' || existing.status === 'held')
      ) {
        const differs = existing.contentHash !== adt.contentHash;
        if (differs) {
          options.log?.warn(
            {
              hl7: {
                sender: adt.sender,
                controlId: adt.controlId,
                messageId: existing.id,
                event: adt.event,
                firstEvent: existing.event,
              },
            },
            'HL7 duplicate (same sender and control id) with different content: not applied again',
          );
        }
        return { row: await recordDuplicate(tx, existing.id, differs), duplicate: true };
      }
      const result = await applyAdt(ctx, w, tx, adt, {
        now: at,
        decision: decision?.person,
      });
      const outcome: MessageOutcome =
        result.kind === 'applied'
          ? { status: 'processed', ack: 'AA', patientId: result.patientId, error: null }
          : { status: 'held', ack: 'AA', error: null };
      const row = existing
        ? await recordAttempt(
            tx,
            existing.id,
            outcome,
            at,
            mode === 'delivery'
              ? { raw: adt.text, contentHash: adt.contentHash, header: headerOf(adt) }
              : undefined,
          )
        : await insertMessage(tx, headerOf(adt), outcome, at);
      if (result.kind === 'review') {
        await insertMatchReview(tx, row.id, result.incoming, result.candidates, at);
      }
      if (decision) {
        await resolveMatchReview(
          tx,
          decision.review,
          decision.person.action === 'link' ? 'linked' : 'registered',
          result.kind === 'applied' ? result.patientId : '',
          decision.by,
          at,
        );
      }
      return { row, duplicate: false };
    });
  }

  /** Logs a failure in its own transaction (the failed attempt's writes were rolled back). */
  async function logFailure(
    adt: ParsedAdt,
    error: AdtError,
    mode: 'delivery' | 'replay',
  ): Promise<LoggedMessage | undefined> {
    const outcome: MessageOutcome = { status: 'error', ack: 'AE', error: error.message };
    try {
      return await repo.db.transaction(async (tx: Queryable) => {
        const at = now();
        if (!adt.controlId) return insertMessage(tx, headerOf(adt), outcome, at);
        await lockKeys(tx, [`message:${adt.sender}|${adt.controlId}`]);
        const existing = await findMessageByKey(tx, adt.sender, adt.controlId);
        return existing
          ? recordAttempt(
              tx,
              existing.id,
              outcome,
              at,
              mode === 'delivery'
                ? { raw: adt.text, contentHash: adt.contentHash, header: headerOf(adt) }
                : undefined,
            )
          : insertMessage(tx, headerOf(adt), outcome, at);
      });
    } catch (err) {
      options.log?.error(
        { err, hl7: { sender: adt.sender, controlId: adt.controlId } },
        'HL7 message log write failed',
      );
      return undefined;
    }
  }

  async function reject(reason: string, raw = ''): Promise<FeedResult> {
    const text = normaliseHl7Text(raw);
    let messageId: string | undefined;
    try {
      const row = await insertMessage(
        repo.db,
        {
          sender: null,
          controlId: null,
          messageType: null,
          event: null,
          version: null,
          raw: text,
          contentHash: contentHash(text),
        },
        { status: 'rejected', ack: 'AR', error: reason },
        now(),
      );
      messageId = row.id;
    } catch (logErr) {
      options.log?.error({ err: logErr }, 'HL7 message log write failed');
    }
    return { ack: rejectAck(reason, now()), code: 'AR', messageId, duplicate: false };
  }

  async function receive(raw: string): Promise<FeedResult> {
    let adt: ParsedAdt;
    try {
      adt = parseAdt(raw);
    } catch (err) {
      return reject(err instanceof NotHl7Error ? err.message : 'Not an HL7 v2 message', raw);
    }
    try {
      const { row, duplicate } = await applyLogged(adt, 'delivery');
      return { ack: buildAck(adt.message, 'AA'), code: 'AA', messageId: row.id, duplicate };
    } catch (err) {
      const error = reasonOf(err);
      if (!(err instanceof AdtError)) {
        options.log?.error(
          { err, hl7: { sender: adt.sender, controlId: adt.controlId } },
          'HL7 message failed',
        );
      }
      const row = await logFailure(adt, error, 'delivery');
      return {
        ack: buildAck(adt.message, 'AE', error),
        code: 'AE',
        messageId: row?.id,
        duplicate: false,
      };
    }
  }

  async function replay(messageId: string): Promise<LoggedMessage> {
    const row = await getMessage(repo.db, messageId);
    if (!row)
      throw careError(Hl7Error.MESSAGE_NOT_FOUND, 'not-found', `No HL7 message ${messageId}`);
    if (row.status !== 'error' && row.status !== 'rejected') {
      throw careError(
        Hl7Error.NOT_REPLAYABLE,
        'conflict',
        `Message ${messageId} was ${row.status === 'held' ? 'accepted and waits for a patient-matching decision' : 'applied'}; only a failed message can be replayed`,
      );
    }
    let adt: ParsedAdt;
    try {
      adt = parseAdt(row.raw);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return recordAttempt(
        repo.db,
        row.id,
        { status: 'rejected', ack: 'AR', error: reason },
        now(),
      );
    }
    try {
      return (await applyLogged(adt, 'replay')).row;
    } catch (err) {
      return (await logFailure(adt, reasonOf(err), 'replay')) ?? row;
    }
  }

  async function resolve(
    reviewId: string,
    decision: MatchDecision,
    resolvedBy: string,
  ): Promise<LoggedMessage> {
    const review = await getMatchReview(repo.db, reviewId);
    if (!review)
      throw careError(
        Hl7Error.REVIEW_NOT_FOUND,
        'not-found',
        `No patient-matching review ${reviewId}`,
      );
    if (review.status !== 'open') {
      throw careError(
        Hl7Error.REVIEW_CLOSED,
        'conflict',
        `Review ${reviewId} has been decided already (${review.status})`,
      );
    }
    const message = await getMessage(repo.db, review.messageId);
    if (!message)
      throw careError(
        Hl7Error.MESSAGE_NOT_FOUND,
        'not-found',
        `No HL7 message ${review.messageId}`,
      );
    const person: PersonDecision =
      decision.action === 'link'
        ? { action: 'link', patientId: decision.patient.replace(/^Patient\//, '') }
        : { action: 'register' };
    try {
      const adt = parseAdt(message.raw);
      return (await applyLogged(adt, 'replay', { review: reviewId, person, by: resolvedBy })).row;
    } catch (err) {
      if ((err as { outcome?: unknown }).outcome && !(err instanceof AdtError)) {
        const code = (err as { outcome: { id?: string } }).outcome.id;
        if (code === 'not-found') throw err;
      }
      throw careError(Hl7Error.REVIEW_FAILED, 'business-rule', reasonOf(err).message);
    }
  }

  return { receive, reject, replay, resolve };
}
