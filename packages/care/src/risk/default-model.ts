/**
 * The model used when a population is too small to fit its own (fewer than
 * `MIN_TRAINING_EVENTS` admissions in the training year): the coefficients fitted on the
 * synthetic population of 20,000 people (seed 8, training year 2024-11-01 → 2025-11-01), as
 * reported in docs/risk-model.md. Refit with `careweave risk evaluate`.
 */
import type { AdmissionModel } from './model.js';

/** Below this many events in the training year, the default model is used. */
export const MIN_TRAINING_EVENTS = 50;

/** Coefficients in `FEATURES` order (see model.ts). */
export const DEFAULT_ADMISSION_MODEL: AdmissionModel = {
  version: 'ridge-logistic-1',
  features: [
    'age-over-50',
    'long-term-conditions',
    'diabetes-poor-control',
    'heart-failure',
    'heart-failure-low-sodium',
    'copd',
    'advanced-ckd',
    'mental-with-physical-illness',
    'substance-use',
    'dementia',
    'cancer',
    'social-needs',
    'admissions-12m',
    'ed-visits-12m',
    'recent-discharge',
  ],
  intercept: -3.58,
  coefficients: [0.15, 0.2, 1.19, 2.14, -1.3, 0.92, 1.1, 0.52, 0.85, 0.93, 2.29, 0.3, 1.01, -0.14, 0.29],
  means: [0.9, 1.2, 0.03, 0.04, 0.01, 0.05, 0.01, 0.08, 0.03, 0.02, 0.03, 0.3, 0.07, 0.3, 0.003],
  trainedOn: 'default',
};
