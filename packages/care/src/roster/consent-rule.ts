import type {
  CareTeam,
  CareTeamParticipant,
  Consent,
  EpisodeOfCare,
  PractitionerRole,
} from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type Queryable,
  type RequestContext,
} from '@careweave/store';
import { isSystem } from '../shared/acting.js';
import { evaluateConsent } from '../access/consent.js';
import { careError } from '../shared/care-errors.js';
import { RosterError } from './codes.js';
import { patientIdOf } from './team-members.js';

const ORG = 'Organization/';

/** The organisation a participant acts for: `onBehalfOf`, or their (first active) PractitionerRole's organisation. */
export async function participantOrganization(
  tx: Queryable,
  p: CareTeamParticipant,
): Promise<string | undefined> {
  const member = p.member?.reference ?? '';
  if (p.onBehalfOf?.reference) return p.onBehalfOf.reference;
  if (member.startsWith(ORG)) return member;
  if (member.startsWith('PractitionerRole/')) {
    const role = await readInTransaction<PractitionerRole>(
      tx,
      SYSTEM_CONTEXT,
      'PractitionerRole',
      member.slice('PractitionerRole/'.length),
    ).catch(() => undefined);
    return role?.organization?.reference;
  }
  if (member.startsWith('Practitioner/')) {
    const roles = await searchInTransaction(tx, SYSTEM_CONTEXT, 'PractitionerRole', [
      ['practitioner', member],
      ['_count', '20'],
      ['_total', 'none'],
    ]);
    return (roles.resources as PractitionerRole[]).find(
      (r) => r.active !== false && r.organization?.reference,
    )?.organization?.reference;
  }
  return undefined;
}

/**
 * The organisations of the patient's own network: the care team's managing organisations, the
 * managing organisation of the patient's active episodes of care and the organisation holding
 * their privacy consent. Their staff may always join the team.
 */
async function networkOrganizations(
  tx: Queryable,
  team: CareTeam,
  patientId: string,
  consents: readonly Consent[],
): Promise<Set<string>> {
  const episodes = await searchInTransaction(tx, SYSTEM_CONTEXT, 'EpisodeOfCare', [
    ['patient', `Patient/${patientId}`],
    ['status', 'active'],
    ['_count', '20'],
    ['_total', 'none'],
  ]);
  const refs = [
    ...(team.managingOrganization ?? []).map((o) => o.reference),
    ...(episodes.resources as EpisodeOfCare[]).map((e) => e.managingOrganization?.reference),
    ...consents.flatMap((c) => (c.organization ?? []).map((o) => o.reference)),
  ];
  return new Set(refs.filter((r): r is string => !!r?.startsWith(ORG)));
}

/**
 * Adding someone from another organisation to a care team respects the patient's consent
 *: staff of the network's own organisations may always join; staff of any other
 * organisation only when the patient's privacy consent shares the record with that organisation
 * (opt-in, or an opt-out with a nested permit naming the organisation or the person — evaluated
 * by care/access's `evaluateConsent`, the same reading the access scope uses). The patient and
 * their caregivers (RelatedPerson) may always be listed: the caregiver's access is governed by
 * the consent separately. Applies to participants new in this version; system writes (imports)
 * are not checked.
 */
export async function careTeamRule(
  ctx: RequestContext,
  next: CareTeam,
  previous: CareTeam | undefined,
  tx: Queryable,
  now: Date,
): Promise<CareTeam> {
  const patientId = patientIdOf(next.subject?.reference);
  if (isSystem(ctx) || !patientId) {
    return next;
  }
  // Participations that had ended are not "already there": re-adding someone is checked again.
  const before = new Set(
    (previous?.participant ?? [])
      .filter((p) => !(p.period?.end && Date.parse(p.period.end) <= now.getTime()))
      .map((p) => `${p.member?.reference}|${p.onBehalfOf?.reference ?? ''}`),
  );
  const added = (next.participant ?? []).filter((p) => {
    const ref = p.member?.reference ?? '';
    const ended = p.period?.end && Date.parse(p.period.end) <= now.getTime();
    return (
      ref &&
      !ended &&
      !before.has(`${ref}|${p.onBehalfOf?.reference ?? ''}`) &&
      /^(Practitioner|PractitionerRole|Organization)\//.test(ref)
    );
  });
  if (added.length === 0) {
    return next;
  }
  const consents = (
    await searchInTransaction(tx, SYSTEM_CONTEXT, 'Consent', [
      ['patient', `Patient/${patientId}`],
      ['status', 'active'],
      ['_count', '20'],
      ['_total', 'none'],
    ])
  ).resources as Consent[];
  const network = await networkOrganizations(tx, next, patientId, consents);
  for (const p of added) {
    const member = p.member?.reference as string;
    const org = await participantOrganization(tx, p);
    if (!org) {
      throw careError(
        RosterError.MEMBER_ORGANIZATION_UNKNOWN,
        'business-rule',
        `The organisation of ${member} is unknown: give participant.onBehalfOf`,
        'CareTeam.participant.onBehalfOf',
      );
    }
    if (network.has(org)) {
      continue;
    }
    const decision = evaluateConsent(
      consents,
      { orgIds: [org.slice(ORG.length)], refs: [member] },
      now,
    );
    if (!decision.shares) {
      throw careError(
        RosterError.CONSENT_DENIES_MEMBER,
        'business-rule',
        `The patient's consent does not share their record with ${org}, so ${member} cannot join the care team; record a consent that permits it first`,
        'CareTeam.participant',
      );
    }
  }
  return next;
}
