/**
 * The two medication lists of a hospital stay side by side — what the person took before
 * admission and what the hospital discharged them on — compared line by line: added, stopped,
 * dose changed or unchanged. Pure: medication-reconciliation.ts reads the resources.
 *
 * - Before admission: MedicationStatements still active, intended or on hold that are not of
 *   this stay, and active MedicationRequests written before the admission outside this stay.
 * - Discharge list: MedicationRequests of this stay (`encounter`) and MedicationStatements whose
 *   `context` is this stay.
 * A medicine is the same medicine on both lists when its RxNorm code (else any code, else its
 * name) is the same.
 */
import type {
  CodeableConcept,
  Dosage,
  MedicationRequest,
  MedicationStatement,
} from '@medplum/fhirtypes';
import type { ReconciliationChange, ReconciliationLine } from '@careweave/contract';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

export type MedicationSource = MedicationStatement | MedicationRequest;

function concept(m: MedicationSource): CodeableConcept | undefined {
  return m.medicationCodeableConcept;
}

/** The medicine in words. */
export function medicationName(m: MedicationSource): string {
  const c = concept(m);
  return (
    c?.text ??
    c?.coding?.find((x) => x.display)?.display ??
    m.medicationReference?.display ??
    c?.coding?.[0]?.code ??
    'Unnamed medicine'
  );
}

/** The key that makes two lines the same medicine. */
export function medicationKey(m: MedicationSource): string {
  const c = concept(m);
  const rx = c?.coding?.find((x) => x.system === RXNORM && x.code);
  if (rx?.code) return `rxnorm-${rx.code}`;
  const any = c?.coding?.find((x) => x.code);
  if (any?.code) return `code-${any.code}`;
  if (m.medicationReference?.reference) return m.medicationReference.reference.toLowerCase();
  return medicationName(m).trim().toLowerCase().replace(/\s+/g, ' ');
}

function dosageText(d: Dosage | undefined): string | undefined {
  if (!d) return undefined;
  if (d.text) return d.text;
  const dose = d.doseAndRate?.[0]?.doseQuantity;
  const amount =
    dose?.value !== undefined ? `${dose.value} ${dose.unit ?? dose.code ?? ''}`.trim() : undefined;
  const r = d.timing?.repeat;
  const timing =
    r?.frequency !== undefined && r.period !== undefined
      ? `${r.frequency} times per ${r.period} ${r.periodUnit ?? ''}`.trim()
      : d.timing?.code?.text;
  const words = [amount, timing, d.route?.text].filter(Boolean).join(', ');
  return words || undefined;
}

/** The dosage in words (statement's dosage, request's dosage instruction). */
export function dosageOf(m: MedicationSource): string | undefined {
  return m.resourceType === 'MedicationStatement'
    ? dosageText(m.dosage?.[0])
    : dosageText(m.dosageInstruction?.[0]);
}

const normalise = (s: string | undefined): string =>
  (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

/** Lines of the two lists, before-list order first, then what was added. */
export function compareLists(
  before: readonly MedicationSource[],
  discharge: readonly MedicationSource[],
): ReconciliationLine[] {
  const lines = new Map<string, ReconciliationLine>();
  for (const m of before) {
    const key = medicationKey(m);
    if (lines.has(key)) continue; // a statement comes before a request for the same medicine
    const dosage = dosageOf(m);
    lines.set(key, {
      key,
      medication: medicationName(m),
      change: 'stopped',
      before: {
        reference: `${m.resourceType}/${m.id}`,
        ...(dosage ? { dosage } : {}),
        ...(m.status ? { status: m.status } : {}),
      },
    });
  }
  for (const m of discharge) {
    const key = medicationKey(m);
    const dosage = dosageOf(m);
    const at = { reference: `${m.resourceType}/${m.id}`, ...(dosage ? { dosage } : {}) };
    const line = lines.get(key);
    if (!line) {
      lines.set(key, { key, medication: medicationName(m), change: 'added', discharge: at });
      continue;
    }
    if (line.discharge) continue;
    const change: ReconciliationChange =
      normalise(line.before?.dosage) === normalise(dosage) ? 'unchanged' : 'dose-changed';
    lines.set(key, { ...line, change, discharge: at });
  }
  return [...lines.values()];
}
