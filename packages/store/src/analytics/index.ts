/** Set-based population analytics (risk stratification): typed queries, SQL only here. */
export {
  loadRiskInputs,
  RISK_ENCOUNTER_CLASSES,
  RISK_INPUT_TYPES,
  type AssessmentRow,
  type RiskInputOptions,
  type ConditionRow,
  type EncounterRow,
  type EpisodeRow,
  type ObservationRow,
  type PatientRow,
  type ProcedureRow,
  type RiskInputScope,
  type RiskInputs,
} from './risk-inputs.js';
export {
  abandonRiskRun,
  changedPatients,
  claimRiskJob,
  finishRiskRun,
  historyWatermark,
  lastRiskRun,
  runningRiskRun,
  startRiskRun,
  type RiskRun,
} from './risk-runs.js';
export {
  currentRisk,
  deleteRiskPatients,
  duePatients,
  riskTierCounts,
  setRiskEnrolled,
  setRiskOverride,
  upsertRiskPatients,
  type RiskPatientRow,
} from './risk-queue.js';
export {
  InvalidCursorError,
  riskCandidates,
  type CandidateQuery,
  type CandidateRow,
} from './risk-candidates.js';
