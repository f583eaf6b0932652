// @vitest-environment jsdom
import type { ModelCard } from '@careweave/contract';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { ModelCardSection } from './components/ModelCardSection';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const metrics = (n: number, auc: number | null) => ({
  n,
  events: Math.round(n / 10),
  auc,
  calibration_slope: 0.95,
  calibration_intercept: 0.01,
  brier: 0.08,
  observed_expected: 1.02,
});

const CARD: ModelCard = {
  name: 'Careweave emergency-admission model',
  version: 'ridge-logistic-1',
  developer: 'Careweave',
  intended_use: 'Ranks adults by their risk of an emergency admission in the next 12 months.',
  out_of_scope_use: 'Children; decisions about a single person without a clinician.',
  inputs: [
    { key: 'age', label: 'Age' },
    { key: 'charlson', label: 'Charlson index' },
  ],
  training_data: {
    description: 'x',
    from: '2024-01-01',
    to: '2024-12-31',
    people: 1200,
    events: 130,
  },
  validation: {
    method: 'temporal split',
    from: '2025-01-01',
    to: '2025-12-31',
    people: 400,
    events: 44,
  },
  performance: {
    overall: metrics(400, 0.749),
    by_group: [
      { ...metrics(210, 0.77), attribute: 'sex', group: 'female' },
      { ...metrics(190, 0.72), attribute: 'sex', group: 'male' },
    ],
    baselines: { lace: { auc: 0.68 }, charlson: { auc: 0.64 } },
  },
  fairness: {
    gaps: [],
    largest_gap: {
      metric: 'auc',
      attribute: 'sex',
      highest: { group: 'female', value: 0.77 },
      lowest: { group: 'male', value: 0.72 },
      gap: 0.05,
      statement: 'The largest gap is in AUC by sex: 0.770 for female against 0.720 for male.',
    },
    min_group_size: 50,
    not_recorded: ['race', 'ethnicity'],
  },
  known_risks: ['Trained on synthetic data.'],
  update_cadence: 'Refitted every night with stratification.',
  generated_at: '2026-12-08T00:00:00Z',
};

describe('the model card on the Evaluation page', () => {
  it('shows the performance by group and names the largest fairness gap', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/risk/model-card' ? jsonResponse(CARD) : jsonResponse({}, 404),
      ),
    );
    render(
      <Providers>
        <ModelCardSection />
      </Providers>,
    );
    const table = await screen.findByRole('table', { name: 'Performance by group' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'GroupPeopleAdmissionsAUCCalibration slopeObserved / expected',
      'Everyone400400.7490.951.02',
      'sex: female210210.7700.951.02',
      'sex: male190190.7200.951.02',
    ]);
    expect(screen.getByTestId('largest-gap').textContent).toContain(
      'The largest gap is in AUC by sex',
    );
    expect(screen.getByTestId('largest-gap').textContent).toContain('race, ethnicity');
    expect(screen.getByText('LACE AUC 0.680')).toBeTruthy();
  });
});
