/**
 * The payment report: attribution, cost per member-month, risk adjustment, the benchmark, shared
 * savings and capitation per organisation, over the claims the caller may see. The rules are in
 * the pure modules beside this one; this file reads the data (store read models) and joins them.
 */
import {
  ATTRIBUTION_CHANGES,
  type AttributionChange,
  type MonthlyAttribution,
  type PaymentContract,
  type PaymentMember,
  type PaymentOrganization,
  type PaymentReport,
  type QualityGateResult,
  type SqlMeasureId,
} from '@careweave/contract';
import type { Group } from '@medplum/fhirtypes';
import type { MeasureCase, Repository, RequestContext } from '@careweave/store';
import { count } from '../measures/aggregate.js';
import { SQL_MEASURES } from '../measures/definitions.js';
import { computeSqlCases } from '../measures/sql-measures.js';
import { invalidInput } from '../shared/care-errors.js';
import { attributionGroups } from './atr-group.js';
import { attributeMembers } from './attribution.js';
import { capitationMonths } from './capitation.js';
import { PRIMARY_CARE_CPT } from './codes.js';
import { attributedMonths, costKey, perMemberMonth, totals, type AttributedMonth } from './cost.js';
import { addMonths, firstDay, lastDay, monthsBetween } from './months.js';
import { riskAdjusted } from './risk-adjustment.js';
import { sharedSavings } from './savings.js';

/** The longest period a report covers (five contract years). */
export const MAX_PERIOD_MONTHS = 60;
/** The look-back when the contract names none (the MSSP's 12-month assignment window). */
export const DEFAULT_LOOKBACK_MONTHS = 12;

/** A report with what the drill-down and the ATR export need. */
export interface PaymentComputation {
  report: PaymentReport;
  /** The attributed members of each organisation, by `Organization/…`. */
  members: Map<string, PaymentMember[]>;
  groups: Group[];
}

interface Population {
  attribution: Map<string, MonthlyAttribution[]>;
  months: AttributedMonth[];
  names: Map<string, string>;
  memberNames: Map<string, string>;
}

const round = (value: number, digits: number): number =>
  Math.round(value * 10 ** digits) / 10 ** digits;

async function population(
  repo: Repository,
  ctx: RequestContext,
  period: { start: string; end: string },
  lookback: number,
): Promise<Population> {
  const payment = repo.readModels.payment;
  const months = monthsBetween(period.start, period.end);
  const visits = await payment.primaryCareVisits(
    ctx.scope,
    { start: firstDay(addMonths(period.start, -lookback)), end: lastDay(period.end) },
    PRIMARY_CARE_CPT,
  );
  const attribution = attributeMembers(visits, months, lookback);
  const costRows = await payment.costs(ctx.scope, {
    start: firstDay(period.start),
    end: lastDay(period.end),
  });
  const costs = new Map(costRows.map((c) => [costKey(c.patientId, c.month), c.paid]));
  const attrs = await payment.members(ctx.scope, [...attribution.keys()]);
  const members = new Map(attrs.map((a) => [a.patientId, a]));
  const attributed = attributedMonths(attribution, costs, members, firstDay(period.start));
  const refs = new Set<string>();
  for (const m of attributed) {
    refs.add(m.organization);
    if (m.practitioner) refs.add(m.practitioner);
  }
  return {
    attribution,
    months: attributed,
    names: await payment.names([...refs]),
    memberNames: new Map(attrs.map((a) => [a.patientId, a.name])),
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k) ?? [];
    list.push(item);
    out.set(k, list);
  }
  return out;
}

/** Risk-adjusted PMPM of each organisation (and the network's) over the baseline, trended. */
async function baselineBenchmarks(
  repo: Repository,
  ctx: RequestContext,
  baseline: { start: string; end: string },
  trend: number,
  performanceStart: string,
  lookback: number,
): Promise<{ byOrg: Map<string, number>; network: number }> {
  const base = await population(repo, ctx, baseline, lookback);
  const gap = monthsBetween(baseline.start, performanceStart).length - 1;
  const factor = (1 + trend) ** (gap / 12);
  const adjusted = (months: readonly AttributedMonth[]): number => {
    const { pmpm, meanRiskScore } = perMemberMonth(totals(months));
    return riskAdjusted(pmpm, meanRiskScore) * factor;
  };
  const byOrg = new Map<string, number>();
  for (const [org, list] of groupBy(base.months, (m) => m.organization)) {
    byOrg.set(org, adjusted(list));
  }
  return { byOrg, network: adjusted(base.months) };
}

/** Each quality-gate rule per organisation, over the organisation's attributed members. */
async function qualityByOrganization(
  repo: Repository,
  ctx: RequestContext,
  contract: PaymentContract,
  period: { start: string; end: string },
  membersOf: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<Map<string, QualityGateResult[]>> {
  const out = new Map<string, QualityGateResult[]>();
  const ids = [...new Set(contract.qualityGate.map((r) => r.measure as SqlMeasureId))];
  const cases =
    ids.length > 0
      ? (
          await computeSqlCases(
            repo,
            ctx,
            { start: firstDay(period.start), end: lastDay(period.end) },
            ids,
          )
        ).cases
      : new Map<SqlMeasureId, MeasureCase[]>();
  for (const [org, members] of membersOf) {
    out.set(
      org,
      contract.qualityGate.map((rule) => {
        const id = rule.measure as SqlMeasureId;
        const list = (cases.get(id) ?? []).filter((c) => members.has(c.patientId));
        const score = count(SQL_MEASURES[id], list).interval.score;
        // No eligible case among the organisation's members: nothing to hold against it.
        const passed =
          score === null ||
          ((rule.min === undefined || score >= rule.min) &&
            (rule.max === undefined || score <= rule.max));
        return { ...rule, score: score === null ? null : round(score, 4), passed };
      }),
    );
  }
  return out;
}

/** The period of a report: the one asked for, the contract's, or the 12 months to the last claim. */
async function reportPeriod(
  repo: Repository,
  ctx: RequestContext,
  contract: PaymentContract,
  asked: { start: string; end: string } | undefined,
): Promise<{ start: string; end: string }> {
  const period =
    asked ??
    contract.performancePeriod ??
    (await (async () => {
      const last = await repo.readModels.payment.lastClaimDay(ctx.scope);
      const end = last ? last.slice(0, 7) : addMonths(new Date().toISOString().slice(0, 7), -1);
      return { start: addMonths(end, -11), end };
    })());
  if (monthsBetween(period.start, period.end).length > MAX_PERIOD_MONTHS) {
    throw invalidInput(`A report covers at most ${MAX_PERIOD_MONTHS} months`, 'period');
  }
  return period;
}

/**
 * The payment report of a contract over a period (default: the contract's performance period,
 * else the 12 months ending with the last month that has claims), as the caller may see the data.
 */
export async function paymentReport(
  repo: Repository,
  ctx: RequestContext,
  contract: PaymentContract,
  asked?: { start: string; end: string },
): Promise<PaymentComputation> {
  const period = await reportPeriod(repo, ctx, contract, asked);
  const lookback = contract.lookbackMonths ?? DEFAULT_LOOKBACK_MONTHS;
  const pop = await population(repo, ctx, period, lookback);
  const byOrg = groupBy(pop.months, (m) => m.organization);
  const membersOf = new Map(
    [...byOrg].map(([org, list]) => [org, new Set(list.map((m) => m.patientId))]),
  );
  const quality = await qualityByOrganization(repo, ctx, contract, period, membersOf);
  const benchmark =
    'pmpm' in contract.benchmark
      ? { byOrg: new Map<string, number>(), network: contract.benchmark.pmpm }
      : await baselineBenchmarks(
          repo,
          ctx,
          contract.benchmark.baselinePeriod,
          contract.benchmark.trend ?? 0,
          period.start,
          lookback,
        );
  const months = monthsBetween(period.start, period.end);
  const organizations: PaymentOrganization[] = [];
  const members = new Map<string, PaymentMember[]>();
  for (const [org, list] of byOrg) {
    const t = totals(list);
    const { pmpm, meanRiskScore } = perMemberMonth(t);
    const adjusted = riskAdjusted(pmpm, meanRiskScore);
    const byMonth = groupBy(list, (m) => m.month);
    organizations.push({
      organization: org,
      name: pop.names.get(org) ?? org,
      members: membersOf.get(org)?.size ?? 0,
      memberMonths: t.memberMonths,
      totalCost: round(t.totalCost, 2),
      pmpm: round(pmpm, 2),
      meanRiskScore: round(meanRiskScore, 4),
      riskAdjustedPmpm: round(adjusted, 2),
      savings: sharedSavings(
        {
          memberMonths: t.memberMonths,
          riskAdjustedPmpm: adjusted,
          benchmarkPmpm: benchmark.byOrg.get(org) ?? benchmark.network,
          quality: quality.get(org) ?? [],
        },
        contract,
      ),
      capitation: contract.capitation
        ? capitationMonths(
            months.map((month) => {
              const mt = totals(byMonth.get(month) ?? []);
              return {
                month,
                members: mt.memberMonths,
                riskScoreSum: mt.riskScoreSum,
                spend: mt.totalCost,
              };
            }),
            contract.capitation,
          )
        : [],
    });
    members.set(org, membersOfOrganization(list, pop));
  }
  organizations.sort(
    (a, b) => a.name.localeCompare(b.name) || (a.organization < b.organization ? -1 : 1),
  );
  const all = totals(pop.months);
  const changes = Object.fromEntries(ATTRIBUTION_CHANGES.map((c) => [c, 0])) as Record<
    AttributionChange,
    number
  >;
  for (const series of pop.attribution.values()) for (const a of series) changes[a.change] += 1;
  return {
    report: {
      contract: contract.name,
      period,
      lookbackMonths: lookback,
      organizations,
      network: {
        members: pop.attribution.size,
        memberMonths: all.memberMonths,
        totalCost: round(all.totalCost, 2),
        pmpm: round(perMemberMonth(all).pmpm, 2),
        earned: round(
          organizations.reduce((sum, o) => sum + o.savings.earned, 0),
          2,
        ),
      },
      changes,
    },
    members,
    groups: attributionGroups(pop.attribution, period, pop.names),
  };
}

function membersOfOrganization(list: readonly AttributedMonth[], pop: Population): PaymentMember[] {
  return [...groupBy(list, (m) => m.patientId)]
    .map(([patientId, months]) => {
      const t = totals(months);
      const { pmpm, meanRiskScore } = perMemberMonth(t);
      const practitioner = months[months.length - 1]?.practitioner ?? null;
      return {
        patientId,
        name: pop.memberNames.get(patientId) ?? patientId,
        practitioner,
        practitionerName: practitioner ? (pop.names.get(practitioner) ?? null) : null,
        memberMonths: t.memberMonths,
        totalCost: round(t.totalCost, 2),
        pmpm: round(pmpm, 2),
        meanRiskScore: round(meanRiskScore, 4),
        attribution: pop.attribution.get(patientId) ?? [],
      };
    })
    .sort((a, b) => b.totalCost - a.totalCost || (a.patientId < b.patientId ? -1 : 1));
}
