import type { PaymentContract } from '@careweave/contract';

/**
 * The example contract shipped as `docs/payment-contract.example.json` (a test keeps the two
 * equal) and used by `/api/payment` when no contract is posted: MSSP-like one-sided shared
 * savings (2% minimum savings rate, 50% sharing, 10% cap) with a readmission and a follow-up
 * quality gate, and a risk-adjusted primary-care capitation budget.
 */
export const EXAMPLE_CONTRACT: PaymentContract = {
  name: 'Example network shared-savings and capitation contract',
  lookbackMonths: 12,
  benchmark: { pmpm: 270 },
  minimumSavingsRate: 0.02,
  sharingRate: 0.5,
  capRate: 0.1,
  qualityGate: [
    { measure: 'pcr-readmissions-30', max: 0.2 },
    { measure: 'trc-patient-engagement', min: 0.5 },
  ],
  capitation: { pmpm: 150, riskAdjusted: true },
};
