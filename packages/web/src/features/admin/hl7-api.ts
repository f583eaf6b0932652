import type {
  Hl7MessageDetail,
  Hl7MessagePage,
  Hl7MessageStatus,
  Hl7ReplayResult,
  MatchDecision,
  MatchReviewList,
} from '@careweave/contract';
import { request } from '../../lib/http';

/* The HL7 v2 feed's administration API (packages/server/src/hl7/routes.ts): administrators only. */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export async function fetchHl7Messages(
  filters: { status?: Hl7MessageStatus | undefined; before?: string | undefined },
  signal?: AbortSignal,
): Promise<Hl7MessagePage> {
  const q = new URLSearchParams();
  if (filters.status) q.set('status', filters.status);
  if (filters.before) q.set('before', filters.before);
  q.set('limit', '50');
  return (await request<Hl7MessagePage>(`/api/hl7/messages?${q.toString()}`, opts(signal))).data;
}

export async function fetchHl7Message(id: string, signal?: AbortSignal): Promise<Hl7MessageDetail> {
  return (
    await request<Hl7MessageDetail>(`/api/hl7/messages/${encodeURIComponent(id)}`, opts(signal))
  ).data;
}

export async function replayHl7Message(id: string): Promise<Hl7ReplayResult> {
  return (
    await request<Hl7ReplayResult>(`/api/hl7/messages/${encodeURIComponent(id)}/replay`, {
      method: 'POST',
      json: {},
    })
  ).data;
}

export async function fetchMatchReviews(signal?: AbortSignal): Promise<MatchReviewList> {
  return (await request<MatchReviewList>('/api/hl7/matches', opts(signal))).data;
}

export async function resolveMatchReview(
  id: string,
  decision: MatchDecision,
): Promise<Hl7ReplayResult> {
  return (
    await request<Hl7ReplayResult>(`/api/hl7/matches/${encodeURIComponent(id)}/resolve`, {
      method: 'POST',
      json: decision,
    })
  ).data;
}
