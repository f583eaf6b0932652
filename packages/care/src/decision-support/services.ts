/**
 * The CDS services Careweave offers (CDS Hooks 2.0 discovery): which hook each answers, which
 * rules it runs and the FHIR queries a client may prefetch so the service need not read.
 */
import type { CdsHook, CdsService } from '@careweave/contract';
import type { RecordList } from './record.js';
import type { DecisionRule } from './rule.js';
import { DECISION_RULES } from './rules/index.js';

/** Prefetch templates, one per record list (CDS Hooks 2.0 §Prefetch Template). */
export const PREFETCH: Readonly<Record<RecordList | 'patient', string>> = {
  patient: 'Patient/{{context.patientId}}',
  observations: 'Observation?patient={{context.patientId}}&_sort=-date&_count=500',
  encounters: 'Encounter?patient={{context.patientId}}&_sort=-date&_count=200',
  communications: 'Communication?patient={{context.patientId}}&_sort=-sent&_count=200',
  tasks: 'Task?patient={{context.patientId}}&_count=500',
  serviceRequests: 'ServiceRequest?patient={{context.patientId}}&_count=200',
  goals: 'Goal?patient={{context.patientId}}&_count=200',
  conditions: 'Condition?patient={{context.patientId}}&_count=500',
  medicationRequests: 'MedicationRequest?patient={{context.patientId}}&status=active&_count=500',
  riskAssessments: 'RiskAssessment?patient={{context.patientId}}&_count=50',
  episodes: 'EpisodeOfCare?patient={{context.patientId}}&_count=50',
};

/** A service: its discovery entry and the rules it runs. */
export interface DecisionService {
  id: string;
  hook: CdsHook;
  title: string;
  description: string;
  rules: readonly DecisionRule[];
}

function rulesFor(hook: CdsHook): DecisionRule[] {
  return DECISION_RULES.filter((r) => r.hooks.includes(hook));
}

export const DECISION_SERVICES: readonly DecisionService[] = [
  {
    id: 'careweave-patient-view',
    hook: 'patient-view',
    title: 'Careweave integrated-care checks',
    description:
      'Depression follow-up and self-harm (PHQ-9), contact after discharge, diabetes and blood pressure control, social needs without referral, polypharmacy and high-risk people not enrolled.',
    rules: rulesFor('patient-view'),
  },
  {
    id: 'careweave-order-sign',
    hook: 'order-sign',
    title: 'Careweave medication count at signing',
    description:
      'Counts the active medicines with the MedicationRequests being signed and suggests a pharmacist review at ten or more.',
    rules: rulesFor('order-sign'),
  },
];

/** The lists a service's rules read. */
export function serviceInputs(service: DecisionService): RecordList[] {
  const lists = new Set<RecordList>();
  for (const rule of service.rules) {
    for (const input of rule.inputs) if (input !== 'draftOrders') lists.add(input);
  }
  return [...lists];
}

/** The discovery entry of a service. */
export function discoveryEntry(service: DecisionService): CdsService {
  const prefetch: Record<string, string> = { patient: PREFETCH.patient };
  for (const list of serviceInputs(service)) prefetch[list] = PREFETCH[list];
  return {
    hook: service.hook,
    id: service.id,
    title: service.title,
    description: service.description,
    prefetch,
    usageRequirements:
      'Authorization: a Careweave access token, or a JWT signed by a registered client (iss = client id, aud = this service URL). context.userId must be an account of the caller.',
  };
}

/** The service with this id, or undefined. */
export function serviceById(id: string): DecisionService | undefined {
  return DECISION_SERVICES.find((s) => s.id === id);
}
