import type { Encounter, ServiceRequest, Task } from '@medplum/fhirtypes';
import type { ChangeEvent } from '@careweave/store';
import { isReferralTask } from '../referrals/codes.js';
import { DEFAULT_TRANSITION_CONFIG } from '../transitions/config.js';
import { isAdmissionClass, isInpatientClass, stayState } from '../transitions/stay.js';
import { TOPIC_BASE } from './codes.js';

/**
 * A topic a Subscription may name in `Subscription.criteria` (R4 has no SubscriptionTopic
 * resource: the backport IG lets an R4 server name topics by canonical URL and list them in its
 * CapabilityStatement). `fires` reads the change itself, so every write path — FHIR REST,
 * bundles, the HL7 v2 feed, the app's endpoints — fires the same topics.
 */
export interface Topic {
  url: string;
  title: string;
  description: string;
  /** The resource types whose changes may fire it (also the types a filter may name). */
  resourceTypes: readonly string[];
  fires(event: ChangeEvent): boolean;
}

const config = DEFAULT_TRANSITION_CONFIG;

/** An Encounter change that is the person's arrival in hospital (status became in-hospital). */
function admission(event: ChangeEvent): boolean {
  const next = event.resource as Encounter | undefined;
  if (event.type === 'delete' || !next || !isAdmissionClass(next, config)) return false;
  if (stayState(next) !== 'in-hospital') return false;
  const before = event.previous as Encounter | undefined;
  return !before || stayState(before) !== 'in-hospital' || !isAdmissionClass(before, config);
}

/** An inpatient Encounter that has just become a finished stay (the discharge). */
function discharge(event: ChangeEvent): boolean {
  const next = event.resource as Encounter | undefined;
  if (event.type === 'delete' || !next || !isInpatientClass(next, config)) return false;
  if (stayState(next) !== 'discharged') return false;
  const before = event.previous as Encounter | undefined;
  return !before || stayState(before) !== 'discharged';
}

/** A referral (ServiceRequest, or its Gravity referral Task) created or with a new status. */
function referralStatus(event: ChangeEvent): boolean {
  const next = event.resource as ServiceRequest | Task | undefined;
  if (event.type === 'delete' || !next) return false;
  if (next.resourceType === 'Task' && !isReferralTask(next)) return false;
  const before = event.previous as ServiceRequest | Task | undefined;
  return !before || before.status !== next.status;
}

/** A Task given to someone: its owner set or changed. */
function taskAssigned(event: ChangeEvent): boolean {
  const next = event.resource as Task | undefined;
  if (event.type === 'delete' || !next?.owner?.reference) return false;
  const before = event.previous as Task | undefined;
  return before?.owner?.reference !== next.owner.reference;
}

/** Any change to a shared care plan (created, updated, deleted). */
function carePlanChange(event: ChangeEvent): boolean {
  return event.resourceType === 'CarePlan';
}

/** The topics Careweave offers (the transitions, referral and care-plan events of DESIGN.md §1). */
export const TOPICS: readonly Topic[] = [
  {
    url: `${TOPIC_BASE}/admission`,
    title: 'Admission',
    description:
      'A hospital admission or emergency arrival: an Encounter of an admission class (IMP, ACUTE, NONAC, OBSENC, EMER) becomes arrived, triaged, in-progress or onleave.',
    resourceTypes: ['Encounter'],
    fires: admission,
  },
  {
    url: `${TOPIC_BASE}/discharge`,
    title: 'Discharge',
    description:
      'A discharge: an inpatient Encounter (IMP, ACUTE, NONAC, OBSENC) becomes finished with a period end.',
    resourceTypes: ['Encounter'],
    fires: discharge,
  },
  {
    url: `${TOPIC_BASE}/referral-status`,
    title: 'Referral status change',
    description:
      'A referral is created or changes status: a ServiceRequest, or the referral Task that manages it.',
    resourceTypes: ['ServiceRequest', 'Task'],
    fires: referralStatus,
  },
  {
    url: `${TOPIC_BASE}/task-assigned`,
    title: 'Task assigned',
    description: "A Task's owner is set or changed.",
    resourceTypes: ['Task'],
    fires: taskAssigned,
  },
  {
    url: `${TOPIC_BASE}/care-plan-change`,
    title: 'Care plan change',
    description: 'A CarePlan is created, updated or deleted.',
    resourceTypes: ['CarePlan'],
    fires: carePlanChange,
  },
];

/** The topic of a canonical URL (a `|version` suffix is ignored), if Careweave offers it. */
export function topicOf(url: string): Topic | undefined {
  const base = url.split('|')[0];
  return TOPICS.find((t) => t.url === base);
}
