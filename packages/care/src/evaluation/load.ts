/**
 * Reads what an evaluation needs from the database — people's records (the risk inputs: demographics,
 * conditions, hospital and ED encounters, programme enrolments) and claims costs — in a handful of
 * set-based statements, and evaluates.
 */
import type { ClaimCostRow, Repository, RiskInputs } from '@careweave/store';
import type { ProgrammeEvaluation } from '@careweave/contract';
import { buildPersons } from '../risk/person.js';
import { costsByPatient } from '../shared/claim-costs.js';
import { evaluateProgramme, type EvaluateOptions, type EvaluationData } from './evaluate.js';

/** Turns input rows (from the database or from files) into an evaluation's data. */
export function evaluationData(
  inputs: RiskInputs,
  claims: readonly ClaimCostRow[],
): EvaluationData {
  return { persons: buildPersons(inputs), costs: costsByPatient(claims) };
}

/** Reads the whole population's inputs through the Repository's read models. */
export async function loadEvaluationData(repo: Repository): Promise<EvaluationData> {
  const [inputs, claims] = await Promise.all([
    repo.readModels.riskInputs.load({}, { loinc: [] }),
    repo.readModels.claimCosts.load({}),
  ]);
  return evaluationData(inputs, claims);
}

/** Loads and evaluates one outcome. */
export async function evaluateFromRepository(
  repo: Repository,
  options: EvaluateOptions = {},
): Promise<ProgrammeEvaluation> {
  return evaluateProgramme(await loadEvaluationData(repo), options);
}
