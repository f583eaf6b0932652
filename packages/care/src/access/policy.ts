import type { RelatedPerson } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  type AccessGrant,
  type AccessGrantRecord,
  type GrantsScope,
  type ReferralInbox,
  type Repository,
} from '@careweave/store';
import { SENSITIVE_LABELS } from './codes.js';
import {
  evaluateConsent,
  evaluateNamedOrganization,
  type ConsentDecision,
  type Recipient,
} from './consent.js';
import { ORGANIZATION_WIDE_ROLES, type Identity } from './identity.js';
import type { Relationships } from './relationships.js';

/** A user identity (not a system client). */
export type UserIdentity = Extract<Identity, { kind: 'user' }>;

/** Types no user reads through the FHIR API: audit records are read through the access log only. */
export const HIDDEN_TYPES: readonly string[] = ['AuditEvent'];

/** What community-organisation staff see of a referred patient ("the minimum patient details"). */
export const INBOX_PATIENT_FIELDS: readonly string[] = [
  'name',
  'birthDate',
  'telecom',
  'communication',
];

/** A user's compiled rights. */
export interface UserAccess {
  scope: GrantsScope;
  /** Patients opened with break-the-glass (also inside `scope`), for flagging the audit trail. */
  breakGlassPatients: string[];
  /** When the compiled scope stops being right by itself (the earliest break-the-glass expiry), epoch ms. */
  validUntil: number;
}

/** How one patient is shared with a staff member, as a grouping key and its grant. */
function staffGrant(
  decision: ConsentDecision,
  ownOrgs: readonly string[],
): Omit<AccessGrant, 'patientIds'> {
  return {
    ...(decision.shares ? {} : { orgIds: ownOrgs }),
    deniedLabels: SENSITIVE_LABELS.filter((l) => !decision.labels.has(l)),
    ownOrgs,
  };
}

/** Variants of the compiled scope. */
export interface CompileOptions {
  /**
   * Compile the outreach scope (README "Outreach"): staff also get, as the organisation-wide
   * roles do, every patient whose consent shares with their organisation. Used only for the
   * population queue and enrolment from it, never as a request's scope.
   */
  outreach?: boolean;
}

/** Groups patients that are shared alike into one grant each (a handful of grants, whatever the caseload). */
export function groupGrants(
  decisions: ReadonlyMap<string, Omit<AccessGrant, 'patientIds'>>,
): AccessGrant[] {
  const groups = new Map<string, AccessGrant & { patientIds: string[] }>();
  for (const [patient, grant] of decisions) {
    const key = JSON.stringify([
      grant.orgIds ?? null,
      grant.deniedLabels,
      grant.ownOrgs,
      grant.resourceTypes ?? null,
    ]);
    const group = groups.get(key) ?? { ...grant, patientIds: [] };
    group.patientIds.push(patient);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, patientIds: g.patientIds.sort() }));
}

/**
 * Compiles what a user may see (the access-control brief's "Who may see what"):
 * - a Patient sees their own record, in full;
 * - a caregiver (RelatedPerson) sees their patient's record as far as a consent provision naming
 *   them permits (types from `provision.class`, sensitive categories only when named);
 * - community-organisation staff see the referrals addressed to their organisation (or to them)
 *   and the referred patients' minimum details — nothing else, even if listed on a care team,
 *   unless the person's consent names their organisation (then what that provision permits);
 * - other staff see the patients whose active CareTeam lists them (as Practitioner or through a
 *   PractitionerRole), whose active EpisodeOfCare they manage, or — with an organisation-wide
 *   role — whose consent shares with their organisation; what they see of each patient follows
 *   the patient's consent (other organisations' rows, sensitive categories);
 * - break-the-glass grants in force open a patient's whole record.
 * Everyone sees directory data (rows of no patient) and no AuditEvents.
 */
export async function compileUserAccess(
  identity: UserIdentity,
  rel: Relationships,
  repo: Repository,
  breakGlass: readonly AccessGrantRecord[],
  now: Date,
  options: CompileOptions = {},
): Promise<UserAccess> {
  const grants: AccessGrant[] = [];
  let inbox: ReferralInbox | undefined;
  const [type] = identity.fhirUser.split('/');
  if (type === 'Patient') {
    grants.push({
      patientIds: [identity.fhirUser.slice('Patient/'.length)],
      deniedLabels: [],
      ownOrgs: [],
    });
  } else if (type === 'RelatedPerson') {
    grants.push(...(await caregiverGrants(identity, rel, repo, now)));
  } else if (identity.role === 'community-organisation') {
    const owners = [...identity.organizationIds.map((o) => `Organization/${o}`), identity.fhirUser];
    inbox = {
      types: ['ServiceRequest', 'Task'],
      refs: owners.flatMap((o) => [`performer|${o}`, `owner|${o}`]),
      patientFields: INBOX_PATIENT_FIELDS,
    };
    grants.push(...(await communityGrants(identity, rel, now)));
  } else {
    grants.push(...(await staffGrants(identity, rel, now, options.outreach === true)));
  }
  const breakGlassPatients = [...new Set(breakGlass.map((g) => g.patientId))].sort();
  if (breakGlassPatients.length > 0) {
    grants.push({ patientIds: breakGlassPatients, deniedLabels: [], ownOrgs: [] });
  }
  const validUntil = Math.min(
    Number.POSITIVE_INFINITY,
    ...breakGlass.map((g) => Date.parse(g.expiresAt)),
  );
  return {
    scope: {
      kind: 'grants',
      shared: true,
      grants,
      excludeTypes: HIDDEN_TYPES,
      ...(inbox ? { inbox } : {}),
    },
    breakGlassPatients,
    validUntil,
  };
}

async function staffGrants(
  identity: UserIdentity,
  rel: Relationships,
  now: Date,
  outreach: boolean,
): Promise<AccessGrant[]> {
  const roles = identity.fhirUser.startsWith('Practitioner/')
    ? await rel.practitionerRoles(identity.fhirUser)
    : [];
  const selves = [identity.fhirUser, ...roles.map((r) => `PractitionerRole/${r.id}`)];
  const who: Recipient = { orgIds: identity.organizationIds, refs: selves };
  const related = new Set([
    ...(await rel.careTeamPatients(selves, now)),
    ...(await rel.managedPatients(selves)),
  ]);
  const decisions = new Map<string, Omit<AccessGrant, 'patientIds'>>();
  // The organisation-wide branch; an outreach scope (a coordinator's, for the population queue) takes it too.
  if (
    (ORGANIZATION_WIDE_ROLES.includes(identity.role) || outreach) &&
    identity.organizationIds.length > 0
  ) {
    for (const [patient, consents] of await rel.consents()) {
      const decision = evaluateConsent(consents, who, now);
      if (decision.shares) {
        decisions.set(patient, staffGrant(decision, identity.organizationIds));
      }
    }
  }
  const pending = [...related].filter((p) => !decisions.has(p));
  const consents = await rel.consents(pending);
  for (const patient of pending) {
    decisions.set(
      patient,
      staffGrant(evaluateConsent(consents.get(patient) ?? [], who, now), identity.organizationIds),
    );
  }
  return groupGrants(decisions);
}

/**
 * A community organisation sees nothing clinical unless the person's consent names it: for each
 * patient whose consent in force has a permit naming one of the user's organisations by
 * reference, a grant of the types it lists (`provision.class`; none listed: the record), sensitive
 * categories only when named. Every consent is evaluated once per cache period, as for the
 * organisation-wide roles.
 */
async function communityGrants(
  identity: UserIdentity,
  rel: Relationships,
  now: Date,
): Promise<AccessGrant[]> {
  if (identity.organizationIds.length === 0) return [];
  const decisions = new Map<string, Omit<AccessGrant, 'patientIds'>>();
  for (const [patient, consents] of await rel.consents()) {
    const decision = evaluateNamedOrganization(consents, identity.organizationIds, now);
    if (!decision.shares) continue;
    decisions.set(patient, {
      deniedLabels: SENSITIVE_LABELS.filter((l) => !decision.labels.has(l)),
      ownOrgs: [],
      ...(decision.resourceTypes ? { resourceTypes: [...decision.resourceTypes] } : {}),
    });
  }
  return groupGrants(decisions);
}

async function caregiverGrants(
  identity: UserIdentity,
  rel: Relationships,
  repo: Repository,
  now: Date,
): Promise<AccessGrant[]> {
  let person: RelatedPerson;
  try {
    person = await repo.read<RelatedPerson>(
      SYSTEM_CONTEXT,
      'RelatedPerson',
      identity.fhirUser.slice('RelatedPerson/'.length),
    );
  } catch {
    return []; // no such person (or deleted): no access
  }
  const patient = person.patient.reference?.startsWith('Patient/')
    ? person.patient.reference.slice('Patient/'.length)
    : undefined;
  if (!patient || person.active === false) {
    return [];
  }
  const decision = evaluateConsent(
    (await rel.consents([patient])).get(patient) ?? [],
    { orgIds: [], refs: [identity.fhirUser] },
    now,
  );
  if (!decision.shares) {
    return [];
  }
  return [
    {
      patientIds: [patient],
      deniedLabels: SENSITIVE_LABELS.filter((l) => !decision.labels.has(l)),
      ownOrgs: [],
      ...(decision.resourceTypes ? { resourceTypes: decision.resourceTypes } : {}),
    },
  ];
}
