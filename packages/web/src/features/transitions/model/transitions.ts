import type {
  ReconciliationChange,
  ReconciliationDecision,
  ReconciliationLine,
  StayView,
  TransitionTaskCode,
} from '@careweave/contract';

/** The protocol's steps in words. */
export const TASK_LABEL: Readonly<Record<TransitionTaskCode, string>> = {
  'admission-notification': 'Admission notice received',
  'admission-contact': 'Contact during the stay',
  'discharge-information': 'Discharge information received',
  'post-discharge-contact': 'Contact within 2 business days',
  'patient-engagement': 'Patient engagement',
  'medication-reconciliation': 'Medication reconciliation',
  'follow-up-7-days': 'Follow-up visit within 7 days',
  'follow-up-30-days': 'Follow-up visit within 30 days',
};

/** How a line differs between the lists, in words. */
export const CHANGE_LABEL: Readonly<Record<ReconciliationChange, string>> = {
  unchanged: 'Unchanged',
  added: 'Added in hospital',
  stopped: 'Not on the discharge list',
  'dose-changed': 'Dose changed',
};

export const CHANGE_COLOR: Readonly<Record<ReconciliationChange, string>> = {
  unchanged: 'gray',
  added: 'blue',
  stopped: 'orange',
  'dose-changed': 'grape',
};

export const DECISION_LABEL: Readonly<Record<ReconciliationDecision, string>> = {
  continue: 'Continue',
  stop: 'Stop',
  change: 'Change',
};

/** What kind of stay, in words. */
export function stayKind(stay: StayView): string {
  return stay.class === 'EMER' ? 'Emergency department' : 'Hospital stay';
}

/** A decision being made on screen. */
export interface DraftDecision {
  decision?: ReconciliationDecision;
  reason: string;
  dosage: string;
}

/** Nothing decided yet: the coordinator chooses every line herself. */
export function emptyDecisions(
  lines: readonly ReconciliationLine[],
): Record<string, DraftDecision> {
  return Object.fromEntries(lines.map((l) => [l.key, { reason: '', dosage: '' }]));
}

/** What still stops the reconciliation being recorded, in words (empty: ready). */
export function problems(
  lines: readonly ReconciliationLine[],
  drafts: Readonly<Record<string, DraftDecision>>,
): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const d = drafts[line.key];
    if (!d?.decision) out.push(`Choose continue, stop or change for ${line.medication}.`);
    else if (d.decision !== 'continue' && !d.reason.trim())
      out.push(`Say why ${line.medication} is to ${d.decision}.`);
  }
  return out;
}
