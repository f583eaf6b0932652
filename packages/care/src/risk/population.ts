/**
 * The population view's queries: tier counts and the enrolment queue (people at high risk not yet
 * enrolled, with their explanations), under the acting user's access scope — for a care
 * coordinator, their outreach scope (care/access/outreach.ts): the queue is how they find people
 * to enrol, so it lists everyone whose consent shares with their organisation, with the index's
 * minimal fields only.
 */
import type { OperationOutcomeError } from '@medplum/core';
import { RiskError } from '@careweave/contract';
import { careError } from '../shared/care-errors.js';
import {
  InvalidCursorError,
  type CandidateQuery,
  type CandidateRow,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import type {
  Candidate,
  CandidatePage,
  PopulationSummary,
  RiskFactor,
  RiskScores,
} from '@careweave/contract';
import { outreachScope } from '../access/outreach.js';

export type { PopulationSummary };
import { INTEGRATED_CARE } from './codes.js';
import { SENSITIVE_NEEDS, SOCIAL_NEED_LABEL, type SocialNeed } from './conditions.js';
import { TIERS, TIER_LABEL, isTier } from './tiers.js';

/**
 * Population views are for care staff and system clients: a patient or caregiver is refused
 * (their scope would show only themselves, but a population list is not theirs to see).
 */
export function assertPopulationAccess(ctx: RequestContext): void {
  if (ctx.actor !== 'system' && !/^(Practitioner|PractitionerRole)\//.test(ctx.actor)) {
    throw careError(
      RiskError.POPULATION_FORBIDDEN,
      'forbidden',
      'Population views are for care staff',
    );
  }
}

/** Tier counts (effective tier: a standing override wins). */
export async function populationSummary(
  repo: Repository,
  ctx: RequestContext,
): Promise<PopulationSummary> {
  assertPopulationAccess(ctx);
  const [counts, run] = await Promise.all([
    repo.readModels.riskIndex.tierCounts(await outreachScope(ctx), ENROLMENT_TOKENS),
    repo.readModels.riskRuns.last(),
  ]);
  const tiers = TIERS.map((tier) => {
    const enrolled = counts
      .filter((c) => c.tier === tier && c.enrolled)
      .reduce((s, c) => s + c.count, 0);
    const notEnrolled = counts
      .filter((c) => c.tier === tier && !c.enrolled)
      .reduce((s, c) => s + c.count, 0);
    return { tier, label: TIER_LABEL[tier], count: enrolled + notEnrolled, enrolled, notEnrolled };
  });
  return {
    tiers,
    total: tiers.reduce((s, t) => s + t.count, 0),
    lastRun: run
      ? {
          finishedAt: run.finishedAt?.toISOString() ?? null,
          asOf: run.asOf.toISOString(),
          kind: run.kind,
          patients: run.patients,
        }
      : null,
  };
}

/** Raw query parameters of the candidates endpoint (strings, as from a URL). */
export interface CandidateParams {
  tier?: string | undefined;
  condition?: string | undefined;
  organization?: string | undefined;
  minAge?: string | undefined;
  maxAge?: string | undefined;
  socialNeed?: string | undefined;
  sort?: string | undefined;
  cursor?: string | undefined;
  count?: string | undefined;
}

/** The conditions and social needs the queue can be filtered by. */
export const CANDIDATE_FILTERS = {
  /** Sensitive conditions and needs are not filters (see SENSITIVE_GROUPS). */
  conditions: [
    'hypertension',
    'diabetes',
    'heart-failure',
    'copd',
    'asthma',
    'ckd',
    'dementia',
    'cancer',
  ],
  socialNeeds: (Object.keys(SOCIAL_NEED_LABEL) as SocialNeed[]).filter(
    (n) => !SENSITIVE_NEEDS.has(n),
  ),
  sorts: ['-score', 'score', '-age', 'age'] as const,
};

/** An active EpisodeOfCare of the integrated-care programme is an enrolment (checked live by the queue). */
export const ENROLMENT_TOKENS: readonly string[] = ['status||active', `type|${INTEGRATED_CARE}`];

const bad = (text: string): OperationOutcomeError =>
  careError(RiskError.INVALID_QUERY, 'invalid', text);

function age(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 130)
    throw bad(`${name} must be a whole number of years between 0 and 130`);
  return n;
}

/** Checks the parameters; unknown values answer 400 with what is allowed. */
export function parseCandidateParams(p: CandidateParams): CandidateQuery {
  const tiers = p.tier ? p.tier.split(',') : ['very-high', 'high'];
  for (const t of tiers)
    if (!isTier(t)) throw bad(`tier must be one or more of ${TIERS.join(', ')}`);
  if (p.condition && !CANDIDATE_FILTERS.conditions.includes(p.condition))
    throw bad(`condition must be one of ${CANDIDATE_FILTERS.conditions.join(', ')}`);
  if (p.socialNeed && !(CANDIDATE_FILTERS.socialNeeds as string[]).includes(p.socialNeed))
    throw bad(`socialNeed must be one of ${CANDIDATE_FILTERS.socialNeeds.join(', ')}`);
  if (p.sort && !(CANDIDATE_FILTERS.sorts as readonly string[]).includes(p.sort))
    throw bad(`sort must be one of ${CANDIDATE_FILTERS.sorts.join(', ')}`);
  if (p.organization && !/^(Organization\/)?[A-Za-z0-9\-.]{1,64}$/.test(p.organization))
    throw bad('organization must be Organization/<id>');
  const count = p.count === undefined || p.count === '' ? 25 : Number(p.count);
  if (!Number.isInteger(count) || count < 1 || count > 200)
    throw bad('count must be between 1 and 200');
  const minAge = age(p.minAge, 'minAge');
  const maxAge = age(p.maxAge, 'maxAge');
  if (minAge !== undefined && maxAge !== undefined && minAge > maxAge)
    throw bad('minAge must not exceed maxAge');
  return {
    tiers,
    condition: p.condition || undefined,
    organization: p.organization
      ? p.organization.startsWith('Organization/')
        ? p.organization
        : `Organization/${p.organization}`
      : undefined,
    minAge,
    maxAge,
    socialNeed: p.socialNeed || undefined,
    sort: (p.sort as CandidateQuery['sort']) ?? '-score',
    cursor: p.cursor || undefined,
    count,
    enrolmentTokens: ENROLMENT_TOKENS,
  };
}

/** A queue row as the API sends it (the factors and scores were stored by stratification). */
function toCandidate(row: CandidateRow): Candidate {
  return {
    ...row,
    factors: row.factors as RiskFactor[] | null,
    scores: row.scores as RiskScores | null,
    computedAt: row.computedAt.toISOString(),
  };
}

/** One page of the enrolment queue. */
export async function enrolmentCandidates(
  repo: Repository,
  ctx: RequestContext,
  params: CandidateParams,
): Promise<CandidatePage> {
  assertPopulationAccess(ctx);
  const query = parseCandidateParams(params);
  try {
    const page = await repo.readModels.enrolmentQueue.page(await outreachScope(ctx), query);
    return { items: page.rows.map(toCandidate), ...(page.next ? { next: page.next } : {}) };
  } catch (err) {
    if (err instanceof InvalidCursorError) throw bad('cursor is not valid for this query');
    throw err;
  }
}
