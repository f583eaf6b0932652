import type {
  ConsentUpdate,
  PortalAccessLog,
  PortalConsent,
  PortalHome,
  PortalPlan,
  PortalQuestionnaires,
  PortalReferrals,
  PortalTeamMember,
  PortalThread,
  PortalThreadDetail,
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
const post = async <T>(path: string, json: unknown): Promise<T> =>
  (await request<T>(path, { method: 'POST', json })).data;

export const fetchHome = (signal?: AbortSignal) => get<PortalHome>('/api/me', signal);
export const fetchPlan = (signal?: AbortSignal) => get<PortalPlan>('/api/me/plan', signal);
export const fetchTeam = (signal?: AbortSignal) =>
  get<{ members: PortalTeamMember[] }>('/api/me/team', signal);
export const fetchThreads = (signal?: AbortSignal) =>
  get<{ threads: PortalThread[] }>('/api/me/messages', signal);
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

export const addPriority = (text: string) => post<PortalPlan>('/api/me/priorities', { text });
export const commentOnGoal = (goalId: string, text: string) =>
  post<PortalPlan>(`/api/me/goals/${encodeURIComponent(goalId)}/comments`, { text });
export const markDone = (taskId: string) =>
  post<PortalPlan>(`/api/me/activities/${encodeURIComponent(taskId)}/done`, {});
export const sendMessage = (input: { thread?: string; topic?: string; text: string }) =>
  input.thread
    ? post<{ thread: string }>(`/api/me/messages/${encodeURIComponent(input.thread)}`, {
        text: input.text,
      })
    : post<{ thread: string }>('/api/me/messages', { topic: input.topic, text: input.text });
export const sendQuestionnaire = (instrument: string, response: QuestionnaireResponse) =>
  post<{ response: string; safety: boolean }>(
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
