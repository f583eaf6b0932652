import type { Consent, ConsentProvision } from '@medplum/fhirtypes';
import { expandLabels } from './codes.js';

/** Who is asking to see a patient's data, as a consent's provisions can name them. */
export interface Recipient {
  /** Organisations the user works for (ids). Empty for patients and caregivers. */
  orgIds: readonly string[];
  /** The user's own references (`Practitioner/…`, `PractitionerRole/…`, `RelatedPerson/…`). */
  refs: readonly string[];
}

/** What the patient's consent lets one recipient see. */
export interface ConsentDecision {
  /** Data authored by organisations other than the recipient's own. */
  shares: boolean;
  /** Sensitive labels (`system|code`, whole categories) the recipient may see beyond their own organisation. */
  labels: ReadonlySet<string>;
  /** When the granting provision lists resource types (`provision.class`), only those. */
  resourceTypes?: readonly string[];
}

export const NO_CONSENT: ConsentDecision = { shares: false, labels: new Set() };

const RESOURCE_TYPES = 'http://hl7.org/fhir/resource-types';

/** A privacy consent in force at `now`: active, scope patient-privacy (or none given), period open. */
function inForce(consent: Consent, now: Date): boolean {
  if (consent.status !== 'active') {
    return false;
  }
  const scope = consent.scope?.coding?.map((c) => c.code) ?? [];
  if (scope.length > 0 && !scope.includes('patient-privacy')) {
    return false;
  }
  const period = consent.provision?.period;
  const t = now.getTime();
  return (
    !(period?.start && Date.parse(period.start) > t) &&
    !(period?.end && Date.parse(period.end) <= t)
  );
}

/**
 * Does the provision apply to the recipient? No actor = all care staff. An Organization actor that is
 * the consent's own `organization` (the network holding the consent) names every organisation in
 * the network, i.e. any staff member; another Organization names its staff; any other reference
 * names that person.
 */
function names(provision: ConsentProvision, consent: Consent, who: Recipient): boolean {
  const actors = provision.actor ?? [];
  if (actors.length === 0) {
    return who.orgIds.length > 0; // "everyone" means care staff; a caregiver must be named
  }
  const network = new Set((consent.organization ?? []).map((o) => o.reference));
  return actors.some(({ reference }) => {
    const ref = reference.reference ?? '';
    if (ref.startsWith('Organization/')) {
      return (
        (network.has(ref) && who.orgIds.length > 0) ||
        who.orgIds.includes(ref.slice('Organization/'.length))
      );
    }
    return who.refs.includes(ref);
  });
}

function labelsOf(provision: ConsentProvision): string[] {
  return (provision.securityLabel ?? [])
    .filter((c) => c.code)
    .map((c) => `${c.system ?? ''}|${c.code}`);
}

/** The privacy consent that decides at `now`: the most recent one in force (none: undefined). */
export function consentInForce(consents: readonly Consent[], now: Date): Consent | undefined {
  return consents
    .filter((c) => inForce(c, now))
    .sort((a, b) =>
      (b.dateTime ?? b.meta?.lastUpdated ?? '').localeCompare(
        a.dateTime ?? a.meta?.lastUpdated ?? '',
      ),
    )[0];
}

/**
 * Evaluates the patient's privacy consent for one recipient (the most recent consent in force
 * wins; none means NO_CONSENT). Rules, per FHIR R4 Consent §2.15 (nested provisions are
 * exceptions to their parent; a nested provision without `type` is the opposite of its parent):
 * - a root `permit` naming the recipient shares across organisations (opt-in); a root `deny`
 *   does not (opt-out), but a nested `permit` naming the recipient is an exception (per
 *   organisation, or per person — how a patient grants a caregiver access);
 * - sensitive categories are shared only when a permit that applies names them in
 *   `securityLabel` (42 CFR Part 2 §2.31: the consent must name the information disclosed),
 *   and never when a deny that applies names them;
 * - a nested `deny` without labels naming the recipient withdraws sharing from them.
 */
export function evaluateConsent(
  consents: readonly Consent[],
  who: Recipient,
  now: Date,
): ConsentDecision {
  const consent = consentInForce(consents, now);
  const root = consent?.provision;
  if (!consent || !root) {
    return NO_CONSENT;
  }
  let shares = (root.type ?? 'permit') === 'permit' && names(root, consent, who);
  const permitted = new Set<string>(shares ? labelsOf(root) : []);
  const denied = new Set<string>();
  let resourceTypes: string[] | undefined;
  for (const nested of root.provision ?? []) {
    const type = nested.type ?? ((root.type ?? 'permit') === 'permit' ? 'deny' : 'permit');
    // A nested provision without actors is about the same people as its parent.
    if (!names((nested.actor ?? []).length > 0 ? nested : root, consent, who)) {
      continue;
    }
    const labels = labelsOf(nested);
    if (type === 'deny') {
      if (labels.length === 0) {
        shares = false;
      }
      labels.forEach((l) => denied.add(l));
    } else {
      shares = true;
      labels.forEach((l) => permitted.add(l));
      const classes = (nested.class ?? [])
        .filter((c) => c.system === RESOURCE_TYPES && c.code)
        .map((c) => c.code as string);
      if (classes.length > 0 && (nested.actor ?? []).length > 0) {
        resourceTypes = [...(resourceTypes ?? []), ...classes];
      }
    }
  }
  if (!shares) {
    return NO_CONSENT;
  }
  const deniedAll = expandLabels(denied);
  const labels = new Set([...expandLabels(permitted)].filter((l) => !deniedAll.has(l)));
  return resourceTypes ? { shares, labels, resourceTypes } : { shares, labels };
}

/**
 * What a patient's consent shares with a community organisation — only what a provision naming
 * that organisation **by reference** permits (never "all care staff" or the network as a whole):
 * the minimum-necessary rule for non-health organisations (HIPAA 45 CFR 164.502(b); the
 * referral itself carries name, contact, need, language and preferred times). Provisions are
 * read as `evaluateConsent` reads them: a nested provision without `type` is the opposite of its
 * parent; `class` limits the resource types; sensitive categories need `securityLabel`.
 */
export function evaluateNamedOrganization(
  consents: readonly Consent[],
  orgIds: readonly string[],
  now: Date,
): ConsentDecision {
  const consent = consentInForce(consents, now);
  const root = consent?.provision;
  if (!consent || !root) {
    return NO_CONSENT;
  }
  const named = (p: ConsentProvision): boolean =>
    (p.actor ?? []).some(({ reference }) =>
      orgIds.some((o) => reference.reference === `Organization/${o}`),
    );
  let shares = false;
  const permitted = new Set<string>();
  const denied = new Set<string>();
  let resourceTypes: string[] | undefined;
  const permit = (p: ConsentProvision): void => {
    shares = true;
    labelsOf(p).forEach((l) => permitted.add(l));
    const classes = (p.class ?? [])
      .filter((c) => c.system === RESOURCE_TYPES && c.code)
      .map((c) => c.code as string);
    if (classes.length > 0) resourceTypes = [...(resourceTypes ?? []), ...classes];
  };
  const rootType = root.type ?? 'permit';
  if (rootType === 'permit' && named(root)) permit(root);
  for (const nested of root.provision ?? []) {
    if (!named(nested)) continue;
    const type = nested.type ?? (rootType === 'permit' ? 'deny' : 'permit');
    if (type === 'permit') {
      permit(nested);
    } else if (labelsOf(nested).length === 0) {
      shares = false;
      resourceTypes = undefined;
    } else {
      labelsOf(nested).forEach((l) => denied.add(l));
    }
  }
  if (!shares) {
    return NO_CONSENT;
  }
  const deniedAll = expandLabels(denied);
  const labels = new Set([...expandLabels(permitted)].filter((l) => !deniedAll.has(l)));
  return resourceTypes ? { shares, labels, resourceTypes } : { shares, labels };
}
