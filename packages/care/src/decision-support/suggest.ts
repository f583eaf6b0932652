/** The resources suggestions create, built the same way for every rule. */
import type {
  CodeableConcept,
  Condition,
  Goal,
  Reference,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { SUGGESTED_BY_URL, decisionWork } from './codes.js';
import type { PatientRecord } from './record.js';

interface RuleRef {
  id: string;
  version: string;
}

function suggestedBy(rule: RuleRef): { url: string; valueString: string } {
  return { url: SUGGESTED_BY_URL, valueString: `${rule.id}|${rule.version}` };
}

/** A requested Task for the person's team. */
export function suggestedTask(
  record: PatientRecord,
  rule: RuleRef,
  work: { code: string; display: string },
  description: string,
  priority: Task['priority'] = 'routine',
  focus?: Reference,
): Task {
  return {
    resourceType: 'Task',
    extension: [suggestedBy(rule)],
    status: 'requested',
    intent: 'order',
    priority,
    code: decisionWork(work.code, work.display),
    description,
    for: { reference: `Patient/${record.patientId}` },
    ...(focus ? { focus } : {}),
    authoredOn: record.now.toISOString(),
  };
}

/** A referral (ServiceRequest) for a need, to be sent once the team picks the service. */
export function suggestedReferral(
  record: PatientRecord,
  rule: RuleRef,
  code: CodeableConcept,
  reason: Reference<Condition> | undefined,
  category: CodeableConcept,
): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    extension: [suggestedBy(rule)],
    status: 'draft',
    intent: 'order',
    category: [category],
    code,
    subject: { reference: `Patient/${record.patientId}` },
    authoredOn: record.now.toISOString(),
    ...(reason ? { reasonReference: [reason] } : {}),
  };
}

/** A proposed Goal. */
export function suggestedGoal(
  record: PatientRecord,
  rule: RuleRef,
  description: string,
  target?: Goal['target'],
): Goal {
  return {
    resourceType: 'Goal',
    extension: [suggestedBy(rule)],
    lifecycleStatus: 'proposed',
    description: { text: description },
    subject: { reference: `Patient/${record.patientId}` },
    startDate: record.now.toISOString().slice(0, 10),
    ...(target ? { target } : {}),
  };
}
