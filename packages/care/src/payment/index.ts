/** Value-based payment: attribution, cost per member-month, shared savings, capitation. */
export { attributeMembers, changeReason, type AttributionVisit } from './attribution.js';
export { attributionGroups } from './atr-group.js';
export { capitationMonths, type CapitationInput } from './capitation.js';
export { PRIMARY_CARE_CPT } from './codes.js';
export { parsePaymentContract, parsePeriod } from './contract.js';
export { attributedMonths, perMemberMonth, totals, type AttributedMonth } from './cost.js';
export { addMonths, monthsBetween } from './months.js';
export {
  CREDIBILITY_MEMBER_MONTHS,
  cellRiskScores,
  riskAdjusted,
  riskCell,
} from './risk-adjustment.js';
export {
  DEFAULT_LOOKBACK_MONTHS,
  MAX_PERIOD_MONTHS,
  paymentReport,
  type PaymentComputation,
} from './report.js';
export { sharedSavings, type SavingsInput } from './savings.js';
export { EXAMPLE_CONTRACT } from './example-contract.js';
