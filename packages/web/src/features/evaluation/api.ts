import type { EvaluationOutcome, ProgrammeEvaluation } from '@careweave/contract';
import { request } from '../../lib/http';

// The shapes of the evaluation API are the contract's (one definition, filled by care/evaluation).
export type {
  BalanceRow,
  EvaluationOutcome,
  EventStudyPoint,
  ProgrammeEvaluation,
} from '@careweave/contract';
export { EVALUATION_OUTCOMES, EVALUATION_OUTCOME_LABEL } from '@careweave/contract';

/** `GET /api/evaluation?outcome=…`: the programme against its matched comparison group. */
export async function fetchEvaluation(
  outcome: EvaluationOutcome,
  signal?: AbortSignal,
): Promise<ProgrammeEvaluation> {
  return (
    await request<ProgrammeEvaluation>(
      `/api/evaluation?outcome=${encodeURIComponent(outcome)}`,
      signal ? { signal } : {},
    )
  ).data;
}
