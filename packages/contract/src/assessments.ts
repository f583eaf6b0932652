import type { CarePlan, Task } from '@medplum/fhirtypes';

/*
 * The assessments API (`/api/assessments/*`, care/assessments/README.md): the instruments, a
 * patient's assessment summary and the suggestions the rules make. Filled by care/assessments,
 * read by web/features/assessments.
 */

/** The instruments Careweave scores. */
export type InstrumentKey = 'phq9' | 'phq2' | 'gad7' | 'ahc-hrsn';
export const INSTRUMENT_KEYS: readonly InstrumentKey[] = ['phq9', 'phq2', 'gad7', 'ahc-hrsn'];

/** `GET /api/assessments/instruments`. */
export interface InstrumentList {
  instruments: {
    key: InstrumentKey;
    id: string;
    title: string;
    /** `Questionnaire/{id}` */
    questionnaire: string;
    /** How many items the instrument has. */
    items: number;
  }[];
}

/** One score of an instrument: when, what, the Observation holding it and the response it came from. */
export interface ScorePoint {
  date: string;
  score: number;
  observation: string;
  response?: string;
}

/** An instrument's latest score (with its band or screen result) and its series for a trend chart. */
export interface InstrumentSummary {
  key: InstrumentKey;
  title: string;
  questionnaire: string;
  /** What the score is: `total` (0-27 …) or, for AHC-HRSN, the interpersonal safety score. */
  measure: string;
  latest?: ScorePoint & { band?: string; positive?: boolean };
  series: ScorePoint[];
}

/** A suggestion as the plan page shows it. */
export interface SuggestionView {
  id: string;
  version?: string;
  kind: 'goal' | 'referral';
  domain: 'mental' | 'social';
  title: string;
  /** Why, citing the rule (e.g. "PHQ-9 14 (moderate) is at or above 10: …"). */
  why?: string;
  goal?: { id: string; description: string };
  activity?: string;
  need?: string;
  services: { reference: string; display?: string }[];
  evidence?: string;
  created?: string;
}

/** `GET /api/assessments/summary?patient={id}`. */
export interface AssessmentSummary {
  patientId: string;
  instruments: InstrumentSummary[];
  socialNeeds: { condition: string; text: string; since?: string }[];
  safetyFlags: { flag: string; text: string; since?: string; response?: string }[];
  due: { task: string; description: string; due?: string; overdue: boolean; owner?: string }[];
  suggestions: SuggestionView[];
}

/** `GET /api/assessments/suggestions?patient={id}`. */
export interface SuggestionList {
  suggestions: SuggestionView[];
}

/** `POST /api/assessments/suggestions/{id}/accept` body. */
export interface AcceptSuggestionRequest {
  /** For a referral: which of the suggested services (default the first). */
  service?: string;
  reason?: string;
}

/** `POST /api/assessments/suggestions/{id}/accept` answer: the plan and the references created on it. */
export interface AcceptedSuggestion {
  plan: CarePlan;
  created: string[];
}

/** `POST /api/assessments/suggestions/{id}/dismiss` body and answer. */
export interface DismissSuggestionRequest {
  reason?: string;
}
export interface DismissedSuggestion {
  task: Task;
}

/** `POST /api/assessments/assignments`: ask a person to fill in a questionnaire in their portal. */
export interface QuestionnaireAssignmentRequest {
  /** `Patient/{id}` or the bare id. */
  patient: string;
  instrument: string;
  /** Due this many days from now (the domain's default when absent). */
  dueInDays?: number;
  note?: string;
}

/** The answer: the Task the person sees in their portal. */
export interface QuestionnaireAssignment {
  task: Task;
}
