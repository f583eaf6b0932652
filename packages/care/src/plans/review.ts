import type { CarePlan, Provenance } from '@medplum/fhirtypes';
import type { ReviewSummary } from '@careweave/contract';
import type { Repository, RequestContext } from '@careweave/store';

export type { ReviewSummary };
import { careError, invalidInput } from '../shared/care-errors.js';
import { CHANGE_SYSTEM } from '../shared/provenance.js';
import { LAST_REVIEW_URL, NEXT_REVIEW_URL, PlanError } from './codes.js';
import { changePlan, type ChangeOptions } from './change.js';

/** What a plan review records. */
export interface ReviewInput {
  /** Who agreed the plan: team members and/or the patient (or their caregiver), as references. */
  agreedBy: string[];
  /** When the plan is next due for review (YYYY-MM-DD). */
  nextReview: string;
  /** Outcome of the review, in words. */
  note?: string;
}

/** Domain error code of reviews: someone who agreed is not on the team (422). */
export const REVIEW_AGREED_NOT_ON_TEAM = PlanError.REVIEW_AGREED_NOT_ON_TEAM;

/**
 * Records a plan review: the plan gets its last-reviewed time and next review date (a new
 * version), and a Provenance (activity `review-plan`) names the reviewer as author and everyone
 * who agreed — team members and the patient — as attesters, with the note as its reason.
 */
export async function reviewPlan(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  input: ReviewInput,
  options: ChangeOptions = {},
): Promise<{ plan: CarePlan; provenance: Provenance }> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.nextReview ?? ''))
    throw invalidInput('nextReview must be a date YYYY-MM-DD', 'nextReview');
  if (!Array.isArray(input.agreedBy) || input.agreedBy.length === 0)
    throw invalidInput('agreedBy must list who agreed the plan', 'agreedBy');
  const note = input.note ?? 'Plan reviewed';
  const result = await changePlan(
    repo,
    ctx,
    planId,
    'review-plan',
    { ...options, reason: note, attesters: [...new Set(input.agreedBy)] },
    async ({ plan, pc, now }) => {
      const allowed = new Set([
        ...pc.members.map((m) => m.reference),
        `Patient/${pc.patient.id}`,
        ...(pc.careManager ? [pc.careManager] : []),
      ]);
      const outsider = input.agreedBy.find((a) => !allowed.has(a));
      if (outsider) {
        throw careError(
          REVIEW_AGREED_NOT_ON_TEAM,
          'business-rule',
          `${outsider} is not on the patient's care team`,
          'agreedBy',
        );
      }
      const extension = [
        ...(plan.extension ?? []).filter(
          (e) => e.url !== NEXT_REVIEW_URL && e.url !== LAST_REVIEW_URL,
        ),
        { url: LAST_REVIEW_URL, valueDateTime: now.toISOString() },
        { url: NEXT_REVIEW_URL, valueDate: input.nextReview },
      ];
      return { plan: { ...plan, extension }, written: [], result: undefined };
    },
  );
  return result;
}

/** The review Provenances of a plan, newest first. */
export async function planReviews(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
): Promise<ReviewSummary[]> {
  const page = await repo.search(ctx, 'Provenance', [
    ['target', `CarePlan/${planId}`],
    ['_sort', '-recorded'],
    ['_count', '200'],
    ['_total', 'none'],
  ]);
  return (page.resources as Provenance[])
    .filter((p) =>
      p.activity?.coding?.some((c) => c.system === CHANGE_SYSTEM && c.code === 'review-plan'),
    )
    .map((p) => {
      const author = p.agent.find((a) => a.type?.coding?.some((c) => c.code === 'author'));
      const planTarget = p.target
        .map((t) => t.reference ?? '')
        .find((r) => r.startsWith(`CarePlan/${planId}/_history/`));
      const summary: ReviewSummary = {
        provenance: p.id as string,
        at: p.recorded,
        agreedBy: p.agent
          .filter((a) => a.type?.coding?.some((c) => c.code === 'attester'))
          .map((a) => a.who.reference ?? ''),
      };
      if (author?.who.reference) summary.by = author.who.reference;
      if (author?.onBehalfOf?.reference) summary.organization = author.onBehalfOf.reference;
      if (p.reason?.[0]?.text) summary.note = p.reason[0].text;
      if (planTarget) summary.planVersion = planTarget.split('/').pop();
      return summary;
    });
}

/** The most recent review of a plan, if any. */
export async function lastReview(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
): Promise<ReviewSummary | undefined> {
  return (await planReviews(repo, ctx, planId))[0];
}
