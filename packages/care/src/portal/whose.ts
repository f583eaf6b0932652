import { formatHumanName } from '@medplum/core';
import type { Patient, RelatedPerson } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository, type RequestContext } from '@careweave/store';
import { PortalError, type PortalHome, type PortalSection } from '@careweave/contract';
import { isAccessContext } from '../access/types.js';
import { careError } from '../shared/care-errors.js';

/** Whose record the portal shows and who is looking at it. */
export interface PortalSubject {
  patientId: string;
  viewer: PortalHome['viewer'];
  person: PortalHome['person'];
  sections: PortalSection[];
}

/**
 * The resource types each portal section reads. A caregiver sees a section only when the
 * person's consent grants them every one of its types (care/access README: a caregiver's grant is
 * limited to the types in `provision.class`); the access log is the person's alone.
 */
export const SECTION_TYPES: Readonly<Record<PortalSection, readonly string[] | 'person-only'>> = {
  plan: ['CarePlan'],
  team: ['CareTeam'],
  messages: ['Communication'],
  questionnaires: ['Observation'],
  referrals: ['ServiceRequest'],
  consent: ['Consent'],
  'access-log': 'person-only',
};

/** Plain words for the v3 RoleCode relationships a RelatedPerson carries. */
const RELATIONSHIP_WORDS: Readonly<Record<string, string>> = {
  DAU: 'daughter',
  SON: 'son',
  SPS: 'spouse',
  WIFE: 'wife',
  HUSB: 'husband',
  FRND: 'friend',
  MTH: 'mother',
  FTH: 'father',
  SIB: 'sibling',
  CHILD: 'child',
  PRN: 'parent',
  GUARD: 'guardian',
};

function fullName(resource: Patient | RelatedPerson | undefined): string | undefined {
  const name = resource?.name?.[0];
  return name ? formatHumanName(name) : undefined;
}

/**
 * Resolves the portal's subject: a patient looks at their own record; a family caregiver
 * (RelatedPerson) at the record of the person they care for, as far as that person's consent
 * grants them (their access scope, compiled by care/access, already says so). Anyone else gets
 * PortalError.NOT_A_PERSON; a caregiver without a grant, NOT_SHARED.
 */
export async function portalSubject(repo: Repository, ctx: RequestContext): Promise<PortalSubject> {
  const identity = isAccessContext(ctx) && ctx.identity.kind === 'user' ? ctx.identity : undefined;
  const actor = ctx.actor;
  if (identity && actor.startsWith('Patient/')) {
    const patientId = actor.slice('Patient/'.length);
    const patient = await repo.read<Patient>(ctx, 'Patient', patientId);
    const name = fullName(patient) ?? identity.displayName;
    return {
      patientId,
      viewer: { kind: 'patient', reference: actor, name },
      person: {
        id: patientId,
        name,
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
      },
      sections: Object.keys(SECTION_TYPES) as PortalSection[],
    };
  }
  if (identity && actor.startsWith('RelatedPerson/')) {
    const related = await repo
      .read<RelatedPerson>(SYSTEM_CONTEXT, 'RelatedPerson', actor.slice('RelatedPerson/'.length))
      .catch(() => undefined);
    const patientId = related?.patient.reference?.replace(/^Patient\//, '');
    const grant =
      ctx.scope.kind === 'grants' && patientId
        ? ctx.scope.grants.find((g) => g.patientIds.includes(patientId))
        : undefined;
    if (!related || !patientId || !grant) {
      throw careError(
        PortalError.NOT_SHARED,
        'forbidden',
        'The person you care for has not shared their record with you',
      );
    }
    const patient = await repo.read<Patient>(ctx, 'Patient', patientId);
    const code = related.relationship
      ?.flatMap((r) => r.coding ?? [])
      .map((c) => c.code ?? '')
      .find((c) => RELATIONSHIP_WORDS[c]);
    const types = grant.resourceTypes;
    const sections = (Object.keys(SECTION_TYPES) as PortalSection[]).filter((s) => {
      const needs = SECTION_TYPES[s];
      return needs !== 'person-only' && (!types || needs.every((t) => types.includes(t)));
    });
    return {
      patientId,
      viewer: {
        kind: 'caregiver',
        reference: actor,
        name: fullName(related) ?? identity.displayName,
        ...(code ? { relationship: RELATIONSHIP_WORDS[code] } : {}),
      },
      person: {
        id: patientId,
        name: fullName(patient) ?? 'the person you care for',
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
      },
      sections,
    };
  }
  throw careError(
    PortalError.NOT_A_PERSON,
    'forbidden',
    'The portal is for patients and the family caregivers they have given access to',
  );
}

/** The subject, after checking the viewer may open `section` (a caregiver: only what was shared). */
export async function subjectFor(
  repo: Repository,
  ctx: RequestContext,
  section: PortalSection,
): Promise<PortalSubject> {
  const subject = await portalSubject(repo, ctx);
  if (!subject.sections.includes(section)) {
    throw careError(
      PortalError.NOT_SHARED,
      'forbidden',
      `${subject.person.name} has not shared this part of their record with you`,
    );
  }
  return subject;
}

/** The subject, for a change only the person themself may make (a caregiver may look, not change). */
export async function personFor(
  repo: Repository,
  ctx: RequestContext,
  section: PortalSection,
): Promise<PortalSubject> {
  const subject = await subjectFor(repo, ctx, section);
  if (subject.viewer.kind !== 'patient') {
    throw careError(
      PortalError.PERSON_ONLY,
      'forbidden',
      `Only ${subject.person.name} can change this`,
    );
  }
  return subject;
}
