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
  intercept: -3.78,
  coefficients: [
    0.28, 0.35, 0.42, 0.76, 0.28, 0.66, 0.11, 0.22, 0.36, 0.09, 0.39, 0.29, 0.62, 0.01, 0.5,
  ],
  means: [
    0.873, 0.705, 0.017, 0.018, 0.002, 0.054, 0.006, 0.024, 0.03, 0.019, 0.006, 0.334, 0.061, 0.277,
    0.005,
  ],
  trainedOn: 'default',
};
