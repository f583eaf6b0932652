/** The evaluation as text for a terminal or a board paper, and its one-line JSON summary. */
import {
  EVALUATION_OUTCOME_LABEL,
  type EvaluationSummaryLine,
  type ProgrammeEvaluation,
} from '@careweave/contract';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const num = (x: number): string =>
  Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(4);

/** "12.0% fewer" / "5.0% more". */
export function effectInWords(estimate: number): string {
  return estimate >= 0 ? `${pct(estimate)} fewer` : `${pct(-estimate)} more`;
}

/** The summary `careweave evaluate` prints on its last line (keys as published). */
export function evaluationSummaryLine(e: ProgrammeEvaluation): EvaluationSummaryLine {
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  return {
    estimate: round(e.estimate),
    ci95: [round(e.ci95[0]), round(e.ci95[1])],
    n_treated: e.nTreated,
    n_control: e.nControl,
    max_smd_after: round(e.maxSmdAfter),
  };
}

/** The report as plain text. */
export function renderEvaluationText(e: ProgrammeEvaluation): string {
  const label = EVALUATION_OUTCOME_LABEL[e.outcome];
  const excludes = e.ci95[0] > 0 || e.ci95[1] < 0;
  const lines = [
    `Programme evaluation: ${label} (${e.unit})`,
    `Data ${e.window.start} to ${e.window.end}; 12 months before vs 12 months after enrolment.`,
    '',
    `People: ${e.nEnrolled} enrolled people evaluable; ${e.nTreated} matched to ${e.nControl} comparison people never enrolled` +
      (e.nUnmatched > 0 ? ` (${e.nUnmatched} without a comparison within the caliper)` : '') +
      '.',
    `Effect of enrolment: ${effectInWords(e.estimate)} ${label.toLowerCase()} per member-month ` +
      `(95% CI ${pct(e.ci95[0])} to ${pct(e.ci95[1])}, as reductions) — ` +
      (excludes ? 'the interval excludes no effect.' : 'the interval includes no effect.'),
    `Difference-in-differences: ${num(e.difference)} ${e.unit} (95% CI ${num(e.differenceCi95[0])} to ${num(e.differenceCi95[1])}).`,
    '',
    `Rates (${e.unit}):      before    after`,
    `  enrolled            ${num(e.rates.treatedBefore).padStart(8)} ${num(e.rates.treatedAfter).padStart(8)}`,
    `  comparison          ${num(e.rates.controlBefore).padStart(8)} ${num(e.rates.controlAfter).padStart(8)}`,
    '',
    `Balance (standardised mean differences; target |SMD| < 0.1; largest after matching ${e.maxSmdAfter.toFixed(3)}):`,
    `  ${'covariate'.padEnd(46)} ${'enrolled'.padStart(9)} ${'comparison'.padStart(10)} ${'SMD before'.padStart(10)} ${'SMD after'.padStart(9)}`,
    ...e.balance.map(
      (b) =>
        `  ${b.label.padEnd(46)} ${num(b.treatedMeanAfter).padStart(9)} ${num(b.controlMeanAfter).padStart(10)} ${b.smdBefore.toFixed(3).padStart(10)} ${b.smdAfter.toFixed(3).padStart(9)}`,
    ),
    '',
    `Event study (quarters from enrolment; difference = (enrolled − comparison) minus the same over the 12 months before):`,
    ...e.eventStudy.map(
      (q) =>
        `  Q${q.quarter >= 0 ? '+' : ''}${q.quarter}  enrolled ${num(q.treatedRate).padStart(8)}  comparison ${num(q.controlRate).padStart(8)}  difference ${num(q.difference).padStart(8)} (95% CI ${num(q.ci95[0])} to ${num(q.ci95[1])})`,
    ),
    '',
    `Method: ${e.method.matching} Intervals: percentile bootstrap of ${e.method.bootstrapReplicates} resamples of matched sets (seed ${e.method.seed}).`,
    ...e.method.citations.map((c) => `  - ${c}`),
  ];
  return lines.join('\n');
}
