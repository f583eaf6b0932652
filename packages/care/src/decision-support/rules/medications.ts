/** Polypharmacy: ten or more active medicines → a pharmacist's review. */
import type { MedicationRequest } from '@medplum/fhirtypes';
import type { PatientRecord } from '../record.js';
import type { DecisionRule } from '../rule.js';
import { suggestedTask } from '../suggest.js';

/** Masnoon et al. 2017: ≥ 10 concurrent medicines is "hyperpolypharmacy", the usual review trigger. */
export const MEDICATION_THRESHOLD = 10;

/** One key per medicine (its first coding, or its text), so a renewed order is not counted twice. */
function medicineKey(m: MedicationRequest): string {
  const c = m.medicationCodeableConcept?.coding?.[0];
  if (c?.code) return `${c.system ?? ''}|${c.code}`;
  return (
    m.medicationCodeableConcept?.text?.toLowerCase() ??
    m.medicationReference?.reference ??
    `MedicationRequest/${m.id ?? ''}`
  );
}

const ORDERS = [
  'order',
  'original-order',
  'reflex-order',
  'filler-order',
  'instance-order',
  'plan',
];

/** The distinct active medicines of the record, with the orders being signed (order-sign). */
export function activeMedicines(record: PatientRecord): Set<string> {
  const active = record.medicationRequests.filter(
    (m) => m.status === 'active' && ORDERS.includes(m.intent),
  );
  const drafts = record.draftOrders.filter((m) => ['draft', 'active'].includes(m.status));
  return new Set([...active, ...drafts].map(medicineKey));
}

export const polypharmacy: DecisionRule = {
  id: 'polypharmacy-review',
  title: 'Ten or more active medicines: pharmacist review',
  version: '1.0.0',
  hooks: ['patient-view', 'order-sign'],
  inputs: ['medicationRequests', 'draftOrders'],
  source: {
    label: 'Masnoon et al. 2017, What is polypharmacy? (≥ 10 medicines: hyperpolypharmacy)',
    url: 'https://doi.org/10.1186/s12877-017-0621-2',
  },
  evaluate(record) {
    const count = activeMedicines(record).size;
    if (count < MEDICATION_THRESHOLD) return undefined;
    const signing = record.draftOrders.length > 0;
    return {
      indicator: 'info',
      summary: signing
        ? `Signing this order makes ${count} active medicines: consider a pharmacist review`
        : `${count} active medicines: consider a pharmacist review`,
      detail: `The person has **${count}** distinct active medicines${signing ? ' including the orders being signed' : ''}. With ${MEDICATION_THRESHOLD} or more, a structured medication review by a pharmacist lowers the risk of interactions and adverse events.`,
      suggestions: [
        {
          label: 'Request a pharmacist medication review',
          actions: [
            {
              description: 'Task: pharmacist medication review',
              resource: suggestedTask(
                record,
                polypharmacy,
                { code: 'pharmacist-review', display: 'Pharmacist medication review' },
                `Pharmacist medication review: ${count} active medicines`,
              ),
            },
          ],
        },
      ],
    };
  },
};
