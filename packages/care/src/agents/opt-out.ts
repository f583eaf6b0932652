/**
 * A person's choice to receive no automated recommendations: a `Consent` (scope treatment) whose
 * provision denies the purpose "automated recommendations". It is not a privacy consent (scope
 * patient-privacy), so it never changes who may see the record (care/access ignores it). The
 * rules that recommend — assessment suggestions, "who needs me today", decision-support cards —
 * ask `isOptedOutOfAutomation` and stay silent for that person; safety work (PHQ-9 item 9) and
 * the protocol's transitional-care tasks are care, not recommendations, and still happen.
 */
import type { Consent } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  searchInTransaction,
  type Queryable,
  type Repository,
  type RequestContext,
} from '@careweave/store';

/** Careweave's purpose code for automated recommendations (Consent.provision.purpose). */
export const AUTOMATION_PURPOSE = {
  system: 'https://careweave.org/fhir/CodeSystem/consent-purpose',
  code: 'automated-recommendations',
  display: 'Automated recommendations',
} as const;

const CONSENT_SCOPE = 'http://terminology.hl7.org/CodeSystem/consentscope';

/** The id of a person's automation choice (one per person, updated in place). */
export function automationConsentId(patientId: string): string {
  return `automation-opt-out-${patientId}`;
}

/** Whether a Consent, at `now`, denies automated recommendations. */
export function deniesAutomation(consent: Consent, now: Date = new Date()): boolean {
  if (consent.status !== 'active') return false;
  const p = consent.provision;
  if (p?.type !== 'deny') return false;
  const t = now.getTime();
  if (p.period?.start && Date.parse(p.period.start) > t) return false;
  if (p.period?.end && Date.parse(p.period.end) < t) return false;
  return (p.purpose ?? []).some(
    (c) => c.system === AUTOMATION_PURPOSE.system && c.code === AUTOMATION_PURPOSE.code,
  );
}

/** The Consent that records the choice (`optOut` false keeps the record, inactive). */
export function automationConsent(patientId: string, optOut: boolean, now: Date): Consent {
  return {
    resourceType: 'Consent',
    id: automationConsentId(patientId),
    status: optOut ? 'active' : 'inactive',
    scope: { coding: [{ system: CONSENT_SCOPE, code: 'treatment' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0' }] }],
    patient: { reference: `Patient/${patientId}` },
    dateTime: now.toISOString(),
    // HL7 v3 ActCode OPTOUT: the default is to receive recommendations; this records the exception.
    policyRule: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }],
    },
    provision: { type: 'deny', purpose: [{ ...AUTOMATION_PURPOSE }] },
  };
}

async function consentsOf(
  search: (pairs: [string, string][]) => Promise<Consent[]>,
  patientId: string,
) {
  return search([
    ['patient', `Patient/${patientId}`],
    ['status', 'active'],
    ['_count', '50'],
    ['_total', 'none'],
  ]);
}

/**
 * Whether the person has opted out of automated recommendations. Read with the system context:
 * the answer must not depend on who asks (a rule runs as whoever triggered it).
 */
export async function isOptedOutOfAutomation(
  repo: Repository,
  patientId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const found = await consentsOf(
    async (pairs) => (await repo.search(SYSTEM_CONTEXT, 'Consent', pairs)).resources as Consent[],
    patientId,
  );
  return found.some((c) => deniesAutomation(c, now));
}

/** `isOptedOutOfAutomation` inside an open transaction (write rules). */
export async function isOptedOutIn(
  tx: Queryable,
  patientId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const found = await consentsOf(
    async (pairs) =>
      (await searchInTransaction(tx, SYSTEM_CONTEXT, 'Consent', pairs)).resources as Consent[],
    patientId,
  );
  return found.some((c) => deniesAutomation(c, now));
}

/** The people among `patientIds` who opted out (one search per 100 people). */
export async function optedOutAmong(
  repo: Repository,
  patientIds: readonly string[],
  now: Date = new Date(),
): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < patientIds.length; i += 100) {
    const chunk = patientIds.slice(i, i + 100);
    const found = (
      await repo.search(SYSTEM_CONTEXT, 'Consent', [
        ['patient', chunk.map((id) => `Patient/${id}`).join(',')],
        ['status', 'active'],
        ['_count', '1000'],
        ['_total', 'none'],
      ])
    ).resources as Consent[];
    for (const c of found) {
      const ref = c.patient?.reference;
      if (ref?.startsWith('Patient/') && deniesAutomation(c, now)) out.add(ref.slice(8));
    }
  }
  return out;
}

/**
 * Records the person's choice (the person themselves, or staff on their word), through the one
 * write path as `ctx`. Returns the stored Consent.
 */
export async function setAutomationOptOut(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  optOut: boolean,
  now: Date = new Date(),
): Promise<Consent> {
  const result = await repo.update(ctx, automationConsent(patientId, optOut, now));
  return result.resource;
}
