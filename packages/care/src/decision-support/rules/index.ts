import type { DecisionRule } from '../rule.js';
import { phq9FollowUp, phq9Item9 } from './depression.js';
import { bpUncontrolled, hba1cNoVisit } from './chronic.js';
import { polypharmacy } from './medications.js';
import { riskNotEnrolled } from './risk.js';
import { socialNeedReferral } from './social.js';
import { dischargeContact } from './transitions.js';

/** Every decision-support rule, in the order their cards are shown (most urgent first within a service). */
export const DECISION_RULES: readonly DecisionRule[] = [
  phq9Item9,
  phq9FollowUp,
  dischargeContact,
  hba1cNoVisit,
  bpUncontrolled,
  socialNeedReferral,
  polypharmacy,
  riskNotEnrolled,
];

/** The rule with this id, or undefined. */
export function ruleById(id: string): DecisionRule | undefined {
  return DECISION_RULES.find((r) => r.id === id);
}
