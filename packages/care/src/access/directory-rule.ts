import type { Group, PractitionerRole, Reference, Resource } from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type AccessScope,
  type Queryable,
} from '@careweave/store';
import { ownerOf } from './ownership.js';

/**
 * Directory and template resources: the shared network data every user reads (the service
 * directory, the workforce, care-plan templates, questionnaires, registries). Nobody's record,
 * everybody's tool — so only administrators and the organisation that owns one may create,
 * change or delete it, on every path (REST, bundles, conditional writes, imports).
 */
export const DIRECTORY_TYPES: ReadonlySet<string> = new Set([
  'Organization',
  'OrganizationAffiliation',
  'Practitioner',
  'PractitionerRole',
  'Location',
  'HealthcareService',
  'Endpoint',
  'PlanDefinition',
  'ActivityDefinition',
  'Questionnaire',
  'Group',
  'Measure',
  'Library',
  'ValueSet',
  'CodeSystem',
  'ConceptMap',
  'NamingSystem',
  'SearchParameter',
  'StructureDefinition',
]);

/**
 * What community-organisation staff may write of the directory: their organisation's services
 * and locations (and update, never create or delete, the Organization itself).
 */
const COMMUNITY_WRITABLE: ReadonlySet<string> = new Set(['HealthcareService', 'Location']);

/** The role that administers the whole network's directory. */
export const DIRECTORY_ADMIN_ROLE = 'administrator';

/**
 * Where a directory resource names the organisation responsible for it. Types not listed (the
 * templates: PlanDefinition, Questionnaire, …) name none; their owner is the organisation
 * recorded when they were created (`meta` owning-organization extension).
 */
const OWNING_ELEMENT: Readonly<Record<string, (r: Resource) => Reference | undefined>> = {
  OrganizationAffiliation: (r) => (r as { organization?: Reference }).organization,
  PractitionerRole: (r) => (r as PractitionerRole).organization,
  Location: (r) => (r as { managingOrganization?: Reference }).managingOrganization,
  HealthcareService: (r) => (r as { providedBy?: Reference }).providedBy,
  Endpoint: (r) => (r as { managingOrganization?: Reference }).managingOrganization,
  Group: (r) => (r as Group).managingEntity,
};

const ORG = 'Organization/';

/** Active organisations of a practitioner's PractitionerRoles (every one, not just the first). */
async function organizationsOfPractitioner(tx: Queryable, reference: string): Promise<string[]> {
  const roles = await searchInTransaction(tx, SYSTEM_CONTEXT, 'PractitionerRole', [
    ['practitioner', reference],
    ['_count', '100'],
    ['_total', 'none'],
  ]);
  return (roles.resources as PractitionerRole[])
    .filter((r) => r.active !== false)
    .map((r) => r.organization?.reference ?? '')
    .filter((r) => r.startsWith(ORG))
    .map((r) => r.slice(ORG.length));
}

/** The organisations a reference stands for: an Organization itself, or a person's/role's organisations. */
async function organizationsOf(tx: Queryable, reference: string | undefined): Promise<string[]> {
  if (!reference) return [];
  if (reference.startsWith(ORG)) return [reference.slice(ORG.length)];
  if (reference.startsWith('Practitioner/')) return organizationsOfPractitioner(tx, reference);
  if (reference.startsWith('PractitionerRole/')) {
    const role = await readInTransaction<PractitionerRole>(
      tx,
      SYSTEM_CONTEXT,
      'PractitionerRole',
      reference.slice('PractitionerRole/'.length),
    ).catch(() => undefined);
    const org = role?.organization?.reference;
    return org?.startsWith(ORG) ? [org.slice(ORG.length)] : [];
  }
  return [];
}

/**
 * The organisations that own a directory resource: the one it names as responsible (an
 * Organization owns itself; a Practitioner belongs to the organisations of her active
 * PractitionerRoles; a Location, HealthcareService, PractitionerRole, Endpoint or Group to the
 * organisation it names) plus the organisation recorded at creation.
 */
export async function directoryOwners(tx: Queryable, resource: Resource): Promise<Set<string>> {
  const owners = new Set<string>();
  const recorded = ownerOf(resource);
  if (recorded) owners.add(recorded);
  if (resource.resourceType === 'Organization' && resource.id) owners.add(resource.id);
  if (resource.resourceType === 'Practitioner' && resource.id) {
    for (const org of await organizationsOfPractitioner(tx, `Practitioner/${resource.id}`)) {
      owners.add(org);
    }
  }
  const named = OWNING_ELEMENT[resource.resourceType]?.(resource)?.reference;
  for (const org of await organizationsOf(tx, named)) owners.add(org);
  return owners;
}

/** Why a directory write was refused; undefined when it is allowed. */
export type DirectoryVerdict =
  { allowed: true; recordOwner?: string } | { allowed: false; reason: string };

/** Who is writing, as far as the directory rule cares. */
export interface DirectoryWriter {
  scope: AccessScope;
  /** `Practitioner/…` for staff; patients, caregivers and community staff are not directory writers. */
  actor: string;
  role: string | undefined;
  organizationIds: readonly string[];
}

/**
 * The directory rule for a create (`previous` undefined), update (`next` and `previous`) or
 * delete (`next` undefined):
 * - the system (imports, jobs, system clients) and administrators may write any directory resource;
 * - other care staff act for their organisations: they may change or delete a resource one of
 *   their organisations owns, and may not give a resource to an organisation they do not belong
 *   to — so a practitioner cannot link herself to another organisation (PractitionerRole), create
 *   an Organization, or take over another organisation's service, location or template. A new
 *   template that names no organisation is recorded as their (first) organisation's;
 * - community-organisation staff act for their organisation the same way, but only on its
 *   HealthcareServices and Locations and on its own Organization (update only);
 * - patients and caregivers never write directory resources.
 */
export async function directoryVerdict(
  tx: Queryable,
  writer: DirectoryWriter,
  next: Resource | undefined,
  previous: Resource | undefined,
): Promise<DirectoryVerdict> {
  const type = (next ?? previous)?.resourceType ?? '';
  if (writer.scope.kind === 'system' || writer.role === DIRECTORY_ADMIN_ROLE) {
    return { allowed: true };
  }
  const practitioner = writer.scope.kind === 'grants' && writer.actor.startsWith('Practitioner/');
  // Community-organisation staff (the referral inbox's scope) keep their own directory entries —
  // their services, their places and their organisation's details — and nothing else.
  const community = practitioner && writer.scope.kind === 'grants' && !!writer.scope.inbox;
  const communityMay =
    COMMUNITY_WRITABLE.has(type) || (type === 'Organization' && !!next && !!previous);
  if (!practitioner || (community && !communityMay)) {
    return {
      allowed: false,
      reason: `Only administrators and the owning organisation may change ${type} resources`,
    };
  }
  const mine = (org: string): boolean => writer.organizationIds.includes(org);
  const before = previous ? await directoryOwners(tx, previous) : new Set<string>();
  if (previous && ![...before].some(mine)) {
    return {
      allowed: false,
      reason: `${type}/${previous.id} belongs to another organisation: only its organisation or an administrator may ${next ? 'change' : 'delete'} it`,
    };
  }
  if (!next) {
    return { allowed: true };
  }
  const after = await directoryOwners(tx, next);
  const foreign = [...after].filter((org) => !before.has(org) && !mine(org));
  if (next.resourceType === 'Organization' && !previous) {
    return { allowed: false, reason: 'Only administrators may register a new Organization' };
  }
  if (foreign.length > 0) {
    return {
      allowed: false,
      reason: `You may not make ${type} resources belong to ${foreign.map((o) => `Organization/${o}`).join(', ')}: you do not work for it`,
    };
  }
  if (!previous && after.size === 0) {
    const first = writer.organizationIds[0];
    return first
      ? { allowed: true, recordOwner: first }
      : { allowed: false, reason: `Only staff of an organisation may create ${type} resources` };
  }
  return { allowed: true };
}
