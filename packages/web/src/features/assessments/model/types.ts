/*
 * The wire shapes of /api/assessments (packages/care/src/assessments/summary.ts and
 * suggestions.ts), restated because the web app may not import `care`.
 */

export type InstrumentKey = 'phq9' | 'phq2' | 'gad7' | 'ahc-hrsn';

export interface ScorePoint {
  date: string;
  score: number;
  observation: string;
  response?: string;
}

export interface InstrumentSummary {
  key: InstrumentKey;
  title: string;
  questionnaire: string;
  measure: string;
  latest?: ScorePoint & { band?: string; positive?: boolean };
  series: ScorePoint[];
}

export interface SuggestionView {
  id: string;
  version?: string;
  kind: 'goal' | 'referral';
  domain: 'mental' | 'social';
  title: string;
  why?: string;
  goal?: { id: string; description: string };
  activity?: string;
  need?: string;
  services: { reference: string; display?: string }[];
  evidence?: string;
  created?: string;
}

export interface AssessmentSummary {
  patientId: string;
  instruments: InstrumentSummary[];
  socialNeeds: { condition: string; text: string; since?: string }[];
  safetyFlags: { flag: string; text: string; since?: string; response?: string }[];
  due: { task: string; description: string; due?: string; overdue: boolean; owner?: string }[];
  suggestions: SuggestionView[];
}
