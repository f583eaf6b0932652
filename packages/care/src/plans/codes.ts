import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import { CARE_DOMAINS, type CareDomain } from '@careweave/contract';
import { INTEGRATED_CARE, PROGRAMME_SYSTEM } from '../roster/codes.js';

const CAREWEAVE = 'https://careweave.org/fhir';

/**
 * Careweave CodeSystem of care-plan domains. A plan is organised by domain: each Goal carries
 * its domain in `Goal.category`, each plan activity in the ACTIVITY_DOMAIN_URL extension on
 * `CarePlan.activity` (R4 activities that reference a Task have no category of their own), and
 * each template goal/action the same way.
 */
export const CARE_DOMAIN_SYSTEM = `${CAREWEAVE}/CodeSystem/care-domain`;

/** The four domains of integrated-care assessment and planning (DESIGN.md §1.2), from the contract. */
export { CARE_DOMAINS, type CareDomain };

const DOMAIN_DISPLAY: Readonly<Record<CareDomain, string>> = {
  physical: 'Physical health',
  mental: 'Mental health',
  social: 'Social needs',
  'self-care': 'Self-care',
};

export function isCareDomain(value: unknown): value is CareDomain {
  return typeof value === 'string' && (CARE_DOMAINS as readonly string[]).includes(value);
}

/** The CodeableConcept of a domain. */
export function domainConcept(domain: CareDomain): CodeableConcept {
  return {
    coding: [{ system: CARE_DOMAIN_SYSTEM, code: domain, display: DOMAIN_DISPLAY[domain] }],
    text: DOMAIN_DISPLAY[domain],
  };
}

/** The domain named by any of the concepts (first match). */
export function domainOf(concepts: readonly CodeableConcept[] | undefined): CareDomain | undefined {
  for (const c of concepts ?? []) {
    const code = c.coding?.find((x) => x.system === CARE_DOMAIN_SYSTEM)?.code;
    if (isCareDomain(code)) return code;
  }
  return undefined;
}

/** Extension on `CarePlan.activity` and `PlanDefinition.action`: the activity's domain (valueCodeableConcept). */
export const ACTIVITY_DOMAIN_URL = `${CAREWEAVE}/StructureDefinition/careplan-activity-domain`;
/** Extension on CarePlan: when the plan is next due for review (valueDate). */
export const NEXT_REVIEW_URL = `${CAREWEAVE}/StructureDefinition/careplan-next-review`;
/** Extension on CarePlan: when it was last reviewed (valueDateTime); the review's Provenance names who agreed. */
export const LAST_REVIEW_URL = `${CAREWEAVE}/StructureDefinition/careplan-last-review`;
/**
 * FHIR core extension (R4 extension pack) on Goal: the person's own ranking among their goals
 * (valueInteger, 1 = most important) — "what matters to you" next to `Goal.priority`.
 */
export const GOAL_RELATIVE_PRIORITY_URL =
  'http://hl7.org/fhir/StructureDefinition/goal-relativePriority';
/** Extension on CarePlan / Goal / Task: the PlanDefinition (canonical) it was created from. */
export const FROM_TEMPLATE_URL = `${CAREWEAVE}/StructureDefinition/from-template`;

/** `CarePlan.category` coding of the programme a plan belongs to (one active plan per patient per programme). */
export function programmeCoding(code: string = INTEGRATED_CARE): Coding {
  return {
    system: PROGRAMME_SYSTEM,
    code,
    display: code === INTEGRATED_CARE ? 'Integrated care programme' : code,
  };
}

/** US Core CarePlan category "assess-plan" (http://hl7.org/fhir/us/core/CodeSystem/careplan-category). */
export const ASSESS_PLAN: CodeableConcept = {
  coding: [
    {
      system: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
      code: 'assess-plan',
      display: 'Assessment and Plan of Treatment',
    },
  ],
};

/** The programme code of a plan (its programme category), if it has one. */
export function planProgramme(
  category: readonly CodeableConcept[] | undefined,
): string | undefined {
  return category?.flatMap((c) => c.coding ?? []).find((c) => c.system === PROGRAMME_SYSTEM)?.code;
}

/** The goal-priority codes (http://terminology.hl7.org/CodeSystem/goal-priority). */
export const GOAL_PRIORITY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-priority';
export const GOAL_PRIORITIES = ['high-priority', 'medium-priority', 'low-priority'] as const;
export type GoalPriority = (typeof GOAL_PRIORITIES)[number];

export { PlanError } from '@careweave/contract';
