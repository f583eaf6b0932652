/**
 * Value-based payment: the contract a network is paid under (shared savings, capitation) and the
 * JSON shapes of `/api/payment` that the Payment page reads. care/payment fills them.
 */

/** A month, `YYYY-MM`. */
export type Month = string;

/** One measure a contract's quality gate requires, in the measure's own score units. */
export interface QualityGateRule {
  /** A SQL measure id (`fuh-30`, `pcr-readmissions-30`, …). */
  measure: string;
  /** The score must be at least this (proportions as fractions, 0.5 = 50%). */
  min?: number;
  /** The score must be at most this (e.g. readmissions, ED visits per 1,000 member-months). */
  max?: number;
}

/**
 * A value-based payment contract (`careweave payment report --contract contract.json`; the
 * example shipped is `examples/payment-contract.json`). Rates are fractions (0.02 = 2%).
 */
export interface PaymentContract {
  name: string;
  /** The performance period, `YYYY-MM` both included (default: 12 months ending at the last month with claims). */
  performancePeriod?: { start: Month; end: Month };
  /** Months of primary-care visits that attribution looks back over, the month itself included (default 12). */
  lookbackMonths?: number;
  /**
   * The benchmark PMPM each organisation is compared with: a fixed amount (`pmpm`), or the
   * organisation's own risk-adjusted PMPM over a baseline period grown by an annual `trend`.
   */
  benchmark: { pmpm: number } | { baselinePeriod: { start: Month; end: Month }; trend?: number };
  /** Savings below this share of the benchmark earn nothing (the minimum savings rate). */
  minimumSavingsRate: number;
  /** The network's share of savings once the MSR is met (first dollar). */
  sharingRate: number;
  /** Shared savings are capped at this share of the benchmark expenditure. */
  capRate: number;
  /** Every rule must hold for any shared savings to be paid. */
  qualityGate: QualityGateRule[];
  /** A monthly capitation budget per attributed member (optionally × the month's mean risk score). */
  capitation?: { pmpm: number; riskAdjusted?: boolean };
}

/** Why an attribution changed from the month before. */
export const ATTRIBUTION_CHANGES = [
  'new',
  'unchanged',
  'plurality-shift',
  'tie-break',
  'no-visits-in-lookback',
] as const;
export type AttributionChange = (typeof ATTRIBUTION_CHANGES)[number];

/** A member's attribution in one month. */
export interface MonthlyAttribution {
  month: Month;
  /** `Practitioner/…`, or null when no qualifying visit was in the look-back. */
  practitioner: string | null;
  /** `Organization/…` of the practitioner's most recent qualifying visit. */
  organization: string | null;
  /** Qualifying visits to the attributed practitioner in the look-back. */
  visits: number;
  /** True when another practitioner had as many visits and the tie-break decided. */
  tied: boolean;
  change: AttributionChange;
}

/** What the outcome of the shared-savings calculation was. */
export const SAVINGS_OUTCOMES = [
  'earned',
  'cap-hit',
  'msr-not-met',
  'quality-gate-failed',
  'no-savings',
] as const;
export type SavingsOutcome = (typeof SAVINGS_OUTCOMES)[number];

/** One rule of the quality gate, evaluated. */
export interface QualityGateResult extends QualityGateRule {
  score: number | null;
  passed: boolean;
}

/** The shared-savings calculation of one organisation. */
export interface SharedSavings {
  benchmarkPmpm: number;
  /** Benchmark PMPM × member-months. */
  benchmarkExpenditure: number;
  /** Risk-adjusted PMPM × member-months. */
  adjustedExpenditure: number;
  /** Benchmark − adjusted expenditure (negative: losses). */
  savings: number;
  /** Savings / benchmark expenditure. */
  savingsRate: number;
  msrMet: boolean;
  qualityPassed: boolean;
  quality: QualityGateResult[];
  /** Savings × sharing rate, before the cap. */
  uncapped: number;
  /** What the network earns. */
  earned: number;
  outcome: SavingsOutcome;
}

/** One month of an organisation's capitation budget. */
export interface CapitationMonth {
  month: Month;
  members: number;
  meanRiskScore: number;
  budget: number;
  spend: number;
  /** Budget − spend. */
  variance: number;
  cumulativeVariance: number;
}

/** One organisation's numbers over the period (`GET /api/payment/report`). */
export interface PaymentOrganization {
  /** `Organization/…` */
  organization: string;
  name: string;
  /** People attributed in at least one month of the period. */
  members: number;
  memberMonths: number;
  /** Paid claims of the attributed member-months (total cost of care). */
  totalCost: number;
  pmpm: number;
  meanRiskScore: number;
  /** PMPM ÷ mean risk score. */
  riskAdjustedPmpm: number;
  savings: SharedSavings;
  capitation: CapitationMonth[];
}

/** The report (`GET|POST /api/payment/report`, `careweave payment report`). */
export interface PaymentReport {
  contract: string;
  period: { start: Month; end: Month };
  lookbackMonths: number;
  organizations: PaymentOrganization[];
  /** The whole network: the organisations' sums. */
  network: {
    members: number;
    memberMonths: number;
    totalCost: number;
    pmpm: number;
    earned: number;
  };
  /** Attribution changes by reason over the period (months after the first). */
  changes: Record<AttributionChange, number>;
}

/** One attributed person of an organisation (`GET /api/payment/members?organization=…`). */
export interface PaymentMember {
  patientId: string;
  name: string;
  /** The practitioner attributed in the period's last attributed month here. */
  practitioner: string | null;
  practitionerName: string | null;
  memberMonths: number;
  totalCost: number;
  pmpm: number;
  meanRiskScore: number;
  /** Month by month over the period. */
  attribution: MonthlyAttribution[];
}
