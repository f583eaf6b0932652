import type {
  ConsentUpdate,
  PortalAccessLog,
  PortalConsent,
  PortalActivityDoneRequest,
  PortalCommentRequest,
  PortalHome,
  PortalMessageRequest,
  PortalMessageSent,
  PortalPlan,
  PortalPriorityRequest,
  PortalQuestionnaires,
  PortalQuestionnaireSubmitted,
  PortalReferrals,
  PortalTeam,
  PortalThreadDetail,
  PortalThreads,
} from '@careweave/contract';
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { request } from '../../lib/http';

/*
 * The person's portal endpoints (`/api/me/…`, packages/care/src/portal/README.md). Every answer
 * is about one person's record; `GET /api/me` says whose and what the viewer may open.
 */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});
const get = async <T>(path: string, signal?: AbortSignal): Promise<T> =>
  (await request<T>(path, opts(signal))).data;
const post = async <T, B extends object>(path: string, json: B): Promise<T> =>
  (await request<T>(path, { method: 'POST', json })).data;

export const fetchHome = (signal?: AbortSignal) => get<PortalHome>('/api/me', signal);
export const fetchPlan = (signal?: AbortSignal) => get<PortalPlan>('/api/me/plan', signal);
export const fetchTeam = (signal?: AbortSignal) => get<PortalTeam>('/api/me/team', signal);
export const fetchThreads = (signal?: AbortSignal) =>
  get<PortalThreads>('/api/me/messages', signal);
export const fetchThread = (id: string, signal?: AbortSignal) =>
  get<PortalThreadDetail>(`/api/me/messages/${encodeURIComponent(id)}`, signal);
export const fetchQuestionnaires = (signal?: AbortSignal) =>
  get<PortalQuestionnaires>('/api/me/questionnaires', signal);
export const fetchReferrals = (signal?: AbortSignal) =>
  get<PortalReferrals>('/api/me/referrals', signal);
export const fetchAccessLog = (signal?: AbortSignal) =>
  get<PortalAccessLog>('/api/me/access-log', signal);

/** The consent grid with the ETag its change must send back. */
export async function fetchConsent(
  signal?: AbortSignal,
): Promise<{ consent: PortalConsent; etag?: string }> {
  const response = await request<PortalConsent>('/api/me/consent', opts(signal));
  const etag = response.headers.get('etag');
  return { consent: response.data, ...(etag ? { etag } : {}) };
}

export const addPriority = (text: string) =>
  post<PortalPlan, PortalPriorityRequest>('/api/me/priorities', { text });
export const commentOnGoal = (goalId: string, text: string) =>
  post<PortalPlan, PortalCommentRequest>(`/api/me/goals/${encodeURIComponent(goalId)}/comments`, {
    text,
  });
export const markDone = (taskId: string) =>
  post<PortalPlan, PortalActivityDoneRequest>(
    `/api/me/activities/${encodeURIComponent(taskId)}/done`,
    {},
  );
/** A reply names its thread (in the path); a new thread names its topic. */
export const sendMessage = (input: PortalMessageRequest & { thread?: string }) =>
  input.thread
    ? post<PortalMessageSent, PortalMessageRequest>(
        `/api/me/messages/${encodeURIComponent(input.thread)}`,
        { text: input.text },
      )
    : post<PortalMessageSent, PortalMessageRequest>('/api/me/messages', {
        text: input.text,
        ...(input.topic !== undefined ? { topic: input.topic } : {}),
      });
export const sendQuestionnaire = (instrument: string, response: QuestionnaireResponse) =>
  post<PortalQuestionnaireSubmitted, QuestionnaireResponse>(
    `/api/me/questionnaires/${encodeURIComponent(instrument)}`,
    response,
  );

export async function changeConsent(update: ConsentUpdate, etag?: string): Promise<PortalConsent> {
  return (
    await request<PortalConsent>('/api/me/consent', {
      method: 'PUT',
      json: update,
      ...(etag ? { headers: { 'If-Match': etag } } : {}),
    })
  ).data;
}
