import { formatHumanName } from '@medplum/core';
import type {
  CareTeam,
  Consent,
  Encounter,
  EpisodeOfCare,
  Organization,
  RelatedPerson,
} from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Repository, type RequestContext } from '@careweave/store';
import {
  CONSENT_CATEGORIES,
  PortalError,
  type ConsentChoice,
  type ConsentOrganization,
  type ConsentUpdate,
  type PortalConsent,
} from '@careweave/contract';
import { consentInForce } from '../access/consent.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import { checkVersion } from '../shared/versions.js';
import { choiceFor, encodeConsent, everyoneElseChoice } from './consent-matrix.js';
import { personFor, subjectFor } from './whose.js';

const RESOURCE_TYPE_WORDS: Readonly<Record<string, string>> = {
  Patient: 'your contact details',
  CarePlan: 'your care plan',
  Goal: 'your goals',
  Task: 'your care tasks',
  Appointment: 'your appointments',
  CareTeam: 'your care team',
  Condition: 'your health problems',
  MedicationRequest: 'your medicines',
  Encounter: 'your visits',
  Observation: 'your results',
  Communication: 'your messages',
  ServiceRequest: 'your referrals',
  Consent: 'your sharing choices',
};

/** The person's privacy consents (every version in force or not; care/access picks the one that decides). */
async function consentsOf(repo: Repository, ctx: RequestContext, patientId: string) {
  const page = await repo.search(ctx, 'Consent', [
    ['patient', `Patient/${patientId}`],
    ['_count', '100'],
    ['_total', 'none'],
  ]);
  return page.resources as Consent[];
}

/**
 * The organisations the consent screen offers: those on the person's care team, those that saw
 * them (encounters), their programme's managing organisation, and any a consent already names —
 * with why each is listed. Directory data, read with the system context; the person's own
 * relationships with theirs.
 */
async function organizationsOf(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  consent: Consent | undefined,
): Promise<{ id: string; name: string; why: string }[]> {
  const patient = `Patient/${patientId}`;
  const why = new Map<string, string>();
  const note = (ref: string | undefined, reason: string) => {
    if (ref?.startsWith('Organization/') && !why.has(ref.slice(13))) why.set(ref.slice(13), reason);
  };
  const [teams, episodes, encounters] = await Promise.all([
    repo.search(ctx, 'CareTeam', [
      ['subject', patient],
      ['status', 'active'],
      ['_count', '50'],
    ]),
    repo.search(ctx, 'EpisodeOfCare', [
      ['patient', patient],
      ['_count', '20'],
    ]),
    repo.search(ctx, 'Encounter', [
      ['patient', patient],
      ['_elements', 'serviceProvider'],
      ['_sort', '-date'],
      ['_count', '200'],
      ['_total', 'none'],
    ]),
  ]);
  for (const e of episodes.resources as EpisodeOfCare[])
    note(e.managingOrganization?.reference, 'Runs your care programme');
  for (const t of teams.resources as CareTeam[]) {
    for (const p of t.participant ?? []) note(p.onBehalfOf?.reference, 'On your care team');
    note(t.managingOrganization?.[0]?.reference, 'On your care team');
  }
  for (const e of encounters.resources as Encounter[])
    note(e.serviceProvider?.reference, 'You have been seen there');
  for (const p of consent?.provision?.provision ?? [])
    for (const a of p.actor ?? []) note(a.reference.reference, 'Named in your sharing choices');
  const out: { id: string; name: string; why: string }[] = [];
  for (const [id, reason] of why) {
    const org = await repo
      .read<Organization>(SYSTEM_CONTEXT, 'Organization', id)
      .catch(() => undefined);
    if (org) out.push({ id, name: org.name ?? id, why: reason });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** `GET /api/me/consent`: whom the person's record is shared with, by organisation and category. */
export async function myConsent(
  repo: Repository,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<PortalConsent> {
  const subject = await subjectFor(repo, ctx, 'consent');
  const consents = await consentsOf(repo, ctx, subject.patientId);
  const current = consentInForce(consents, now);
  const orgs = await organizationsOf(repo, ctx, subject.patientId, current);
  const decisive = current ? [current] : [];
  const organisations = orgs.map((o): ConsentOrganization => ({
    ...o,
    ...choiceFor(decisive, o.id, now),
  }));
  const caregivers: PortalConsent['caregivers'] = [];
  for (const p of current?.provision?.provision ?? []) {
    if (p.type === 'deny') continue;
    for (const a of p.actor ?? []) {
      const ref = a.reference.reference ?? '';
      if (!ref.startsWith('RelatedPerson/')) continue;
      const person = await repo
        .read<RelatedPerson>(SYSTEM_CONTEXT, 'RelatedPerson', ref.slice('RelatedPerson/'.length))
        .catch(() => undefined);
      const types = (p.class ?? []).map((c) => c.code ?? '').filter(Boolean);
      caregivers.push({
        reference: ref,
        name: person?.name?.[0] ? formatHumanName(person.name[0]) : (a.reference.display ?? ref),
        sees:
          types.length > 0
            ? [...new Set(types.map((t) => RESOURCE_TYPE_WORDS[t] ?? t))]
            : ['your whole record except sensitive information'],
      });
    }
  }
  const history = current?.id
    ? (await repo.history(ctx, { resourceType: 'Consent', id: current.id, count: 50 })).entries.map(
        (e) => ({ version: String(e.versionId), at: e.lastUpdated }),
      )
    : [];
  return {
    ...(current?.id
      ? {
          consent: {
            id: current.id,
            ...(current.meta?.versionId ? { version: current.meta.versionId } : {}),
            ...(current.meta?.lastUpdated ? { updated: current.meta.lastUpdated } : {}),
          },
        }
      : {}),
    organisations,
    everyoneElse: everyoneElseChoice(decisive, now),
    caregivers,
    history,
  };
}

function parseChoice(value: unknown, where: string): ConsentChoice {
  const v = value as Partial<ConsentChoice> | undefined;
  if (!v || typeof v !== 'object' || typeof v.shares !== 'boolean')
    throw invalidInput(`${where}.shares must be true or false`, `${where}.shares`);
  const categories = {} as ConsentChoice['categories'];
  for (const c of CONSENT_CATEGORIES) {
    const on = (v.categories as Record<string, unknown> | undefined)?.[c] ?? false;
    if (typeof on !== 'boolean')
      throw invalidInput(`${where}.categories.${c} must be true or false`, `${where}.categories`);
    categories[c] = on;
  }
  return { shares: v.shares, categories };
}

/**
 * `PUT /api/me/consent`: the person changes whom their record is shared with. The change is a new
 * version of their privacy Consent (the one in force; a first one is created when there is none),
 * guarded by `ifMatch`, through the one write path — which drops every cached access scope, so
 * it takes effect on the next request of anyone looking at the record.
 */
export async function changeMyConsent(
  repo: Repository,
  ctx: RequestContext,
  update: ConsentUpdate,
  options: { ifMatch?: string; now?: Date } = {},
): Promise<PortalConsent> {
  const now = options.now ?? new Date();
  const subject = await personFor(repo, ctx, 'consent');
  if (!update || !Array.isArray(update.organisations))
    throw invalidInput('organisations must be a list', 'organisations');
  const consents = await consentsOf(repo, ctx, subject.patientId);
  const current = consentInForce(consents, now);
  const offered = await organizationsOf(repo, ctx, subject.patientId, current);
  const decisive = current ? [current] : [];
  const everyoneElse =
    update.everyoneElse === undefined
      ? everyoneElseChoice(decisive, now)
      : parseChoice(update.everyoneElse, 'everyoneElse');
  const changes = new Map<string, ConsentChoice>();
  update.organisations.forEach((o, i) => {
    if (!o || typeof o.id !== 'string' || !offered.some((x) => x.id === o.id))
      throw careError(
        PortalError.UNKNOWN_ORGANISATION,
        'business-rule',
        `organisations[${i}] is not an organisation involved in your care`,
        `organisations[${i}].id`,
      );
    changes.set(o.id, parseChoice(o, `organisations[${i}]`));
  });
  const rows = offered.map((o) => ({
    id: o.id,
    name: o.name,
    ...(changes.get(o.id) ?? choiceFor(decisive, o.id, now)),
  }));
  const base: Consent = current ?? newConsent(subject.patientId);
  const next = encodeConsent(base, rows, everyoneElse, now);
  if (current) {
    checkVersion(current, options.ifMatch);
    await repo.update(ctx, next, {
      ifMatch: `W/"${current.meta?.versionId}"`,
    });
  } else {
    await repo.create(ctx, next);
  }
  return myConsent(repo, ctx, now);
}

/** A first privacy consent for someone who never gave one: nothing is shared until they choose. */
function newConsent(patientId: string): Consent {
  return {
    resourceType: 'Consent',
    status: 'active',
    scope: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/consentscope',
          code: 'patient-privacy',
          display: 'Privacy Consent',
        },
      ],
    },
    category: [
      { coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] },
    ],
    patient: { reference: `Patient/${patientId}` },
    performer: [{ reference: `Patient/${patientId}` }],
    provision: { type: 'deny' },
  };
}
