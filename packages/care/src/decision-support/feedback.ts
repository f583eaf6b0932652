/**
 * CDS Hooks feedback (`POST /cds-services/{id}/feedback`): what a person did with a card.
 * Accepting names the suggestions taken (performed by the client through the FHIR API, the one
 * write path); overriding needs a reason (a coded reason or a comment). Every item is checked
 * before any is recorded, so a bad item records nothing.
 */
import { CdsError, isCdsFeedbackOutcome, type CdsFeedbackOutcome } from '@careweave/contract';
import type { CdsFeedbackRow, Repository, RequestContext } from '@careweave/store';
import { careError } from '../shared/care-errors.js';
import { requireService } from './invoke.js';
import { loadRecord } from './load.js';

function bad(text: string, expression?: string): Error {
  return careError(CdsError.BAD_REQUEST, 'invalid', text, expression);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

interface ParsedItem {
  card: string;
  outcome: CdsFeedbackOutcome;
  accepted: string[];
  reasonCode?: string;
  reasonDisplay?: string;
  comment?: string;
  at: Date;
}

function parseItem(item: unknown, i: number): ParsedItem {
  const at = `feedback[${i}]`;
  if (!isObject(item)) throw bad('Each feedback item must be an object', at);
  const card = text(item.card);
  if (!card) throw bad('card (the card uuid) is required', `${at}.card`);
  if (!isCdsFeedbackOutcome(item.outcome)) {
    throw bad('outcome must be accepted or overridden', `${at}.outcome`);
  }
  const when = text(item.outcomeTimestamp);
  const time = when === undefined ? NaN : Date.parse(when);
  if (Number.isNaN(time)) {
    throw bad('outcomeTimestamp must be an ISO 8601 instant', `${at}.outcomeTimestamp`);
  }
  const parsed: ParsedItem = { card, outcome: item.outcome, accepted: [], at: new Date(time) };
  if (item.outcome === 'accepted') {
    const list = item.acceptedSuggestions;
    if (list !== undefined && !Array.isArray(list)) {
      throw bad('acceptedSuggestions must be an array', `${at}.acceptedSuggestions`);
    }
    for (const s of (list ?? []) as unknown[]) {
      const id = isObject(s) ? text(s.id) : undefined;
      if (!id) throw bad('acceptedSuggestions items need an id', `${at}.acceptedSuggestions`);
      parsed.accepted.push(id);
    }
    return parsed;
  }
  const reason = item.overrideReason;
  const coded = isObject(reason) && isObject(reason.reason) ? reason.reason : undefined;
  const code = text(coded?.code);
  const comment = isObject(reason) ? text(reason.userComment) : undefined;
  if (!code && !comment) {
    throw careError(
      CdsError.REASON_REQUIRED,
      'invalid',
      'Dismissing a card needs a reason: overrideReason.reason or overrideReason.userComment',
      `${at}.overrideReason`,
    );
  }
  if (code === 'other' && !comment) {
    throw careError(
      CdsError.REASON_REQUIRED,
      'invalid',
      'The reason "other" needs a comment (overrideReason.userComment)',
      `${at}.overrideReason.userComment`,
    );
  }
  return {
    ...parsed,
    ...(code ? { reasonCode: code } : {}),
    ...(text(coded?.display) ? { reasonDisplay: text(coded?.display) } : {}),
    ...(comment ? { comment } : {}),
  };
}

/** Records the feedback items; every card must be one this service issued about a person the caller may see. */
export async function recordFeedback(
  repo: Repository,
  ctx: RequestContext,
  serviceId: string,
  body: unknown,
): Promise<{ recorded: number }> {
  const service = requireService(serviceId);
  if (!isObject(body) || !Array.isArray(body.feedback) || body.feedback.length === 0) {
    throw bad('The body must be {"feedback": [ … ]} with at least one item', 'feedback');
  }
  const items = (body.feedback as unknown[]).map(parseItem);
  const rows: CdsFeedbackRow[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const card = await repo.readModels.cdsHooks.getCard(service.id, item.card);
    if (!card) {
      throw careError(
        CdsError.UNKNOWN_CARD,
        'not-found',
        `No card ${item.card} from ${service.id}`,
      );
    }
    if (!seen.has(card.patientId)) {
      await loadRecord(repo, ctx, { patientId: card.patientId, now: new Date(), lists: [] });
      seen.add(card.patientId);
    }
    const unknown = item.accepted.find((id) => !card.suggestionUuids.includes(id));
    if (unknown) throw bad(`Card ${card.uuid} has no suggestion ${unknown}`, 'acceptedSuggestions');
    rows.push({
      cardUuid: card.uuid,
      outcome: item.outcome,
      acceptedSuggestions: item.accepted,
      ...(item.reasonCode ? { overrideCode: item.reasonCode } : {}),
      ...(item.reasonDisplay ? { overrideDisplay: item.reasonDisplay } : {}),
      ...(item.comment ? { userComment: item.comment } : {}),
      recordedBy: ctx.actor,
      outcomeAt: item.at,
    });
  }
  for (const row of rows) await repo.readModels.cdsHooks.insertFeedback(row);
  return { recorded: rows.length };
}
