import type { CareTeam, CareTeamParticipant, EpisodeOfCare } from '@medplum/fhirtypes';
import { outreachScope } from '../access/outreach.js';
import {
  SYSTEM_CONTEXT,
  readInTransaction,
  searchInTransaction,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { actingOrganization, today } from '../shared/acting.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import { provenanceFor } from '../shared/provenance.js';
import {
  CARE_TEAM_CATEGORY,
  EPISODE_END_REASON_URL,
  EPISODE_REASON_URL,
  INTEGRATED_CARE,
  PROGRAMME_SYSTEM,
  RosterError,
  TEAM_ROLE_CODES,
  isTeamRole,
  type TeamRole,
} from './codes.js';
import { displayOf, organizationOf } from './directory.js';
import { activeTeamsIn } from './team-members.js';

/** Enrolling a patient in a programme. */
export interface EnrolmentInput {
  patientId: string;
  /** The care coordinator of record (`Practitioner/…`). */
  coordinator: string;
  /** Why the person is enrolled (kept on the episode). */
  reason: string;
  programme?: string;
  /** Condition ids that make the person eligible (EpisodeOfCare.diagnosis). */
  conditions?: string[];
  /** Managing organisation; default the coordinator's organisation. */
  organization?: string;
  /** Further team members for a new care team. */
  members?: { member: string; role: TeamRole; organization?: string }[];
}

export function participant(
  member: string,
  role: TeamRole,
  start: string,
  organization?: string,
  display?: string,
): CareTeamParticipant {
  return {
    role: [TEAM_ROLE_CODES[role]],
    member: { reference: member, ...(display ? { display } : {}) },
    ...(organization ? { onBehalfOf: { reference: organization } } : {}),
    period: { start },
  };
}

/**
 * Enrols a patient: an active EpisodeOfCare (type = programme, period.start today, careManager =
 * the coordinator, managing organisation, reason, diagnosis) and the patient's CareTeam — their
 * existing active team gains the coordinator, or a new team is made with the patient, the
 * coordinator and `members` (each through the consent rule for other organisations). One
 * transaction. A patient already enrolled in the programme answers RosterError.ALREADY_ENROLLED.
 */
export async function enrol(
  repo: Repository,
  ctx: RequestContext,
  input: EnrolmentInput,
  now: Date = new Date(),
): Promise<{ episode: EpisodeOfCare; careTeam: CareTeam }> {
  if (!input.reason?.trim()) throw invalidInput('Enrolment needs a reason', 'reason');
  if (!/^Practitioner(Role)?\/[A-Za-z0-9\-.]{1,64}$/.test(input.coordinator ?? ''))
    throw invalidInput('coordinator must be a Practitioner reference', 'coordinator');
  for (const m of input.members ?? [])
    if (!isTeamRole(m.role))
      throw invalidInput(`Unknown team role ${JSON.stringify(m.role)}`, 'members.role');
  const programme = input.programme ?? INTEGRATED_CARE;
  const start = today(now);
  // Whom one may enrol is whom one may find: the caller's own scope or, for a coordinator, the
  // population queue's outreach scope (consenting people) — never an opted-out stranger by id.
  const findable: RequestContext = { ...ctx, scope: await outreachScope(ctx) };
  return repo.inTransaction(ctx, async (w, tx) => {
    const patient = await readInTransaction(tx, findable, 'Patient', input.patientId);
    const active = await searchInTransaction(tx, SYSTEM_CONTEXT, 'EpisodeOfCare', [
      ['patient', `Patient/${input.patientId}`],
      ['status', 'active'],
      ['type', `${PROGRAMME_SYSTEM}|${programme}`],
      ['_count', '1'],
    ]);
    if (active.resources.length > 0) {
      throw careError(
        RosterError.ALREADY_ENROLLED,
        'conflict',
        `Patient/${input.patientId} is already enrolled in ${programme} (EpisodeOfCare/${active.resources[0]?.id})`,
      );
    }
    const coordinatorOrg = await organizationOf(tx, input.coordinator);
    const managing = input.organization ?? coordinatorOrg ?? actingOrganization(ctx);
    const coordinator = participant(
      input.coordinator,
      'care-coordinator',
      start,
      coordinatorOrg,
      await displayOf(tx, input.coordinator),
    );
    const [existing] = await activeTeamsIn(tx, input.patientId);
    let careTeam: CareTeam;
    if (existing) {
      const has = (existing.participant ?? []).some(
        (p) => p.member?.reference === input.coordinator && !p.period?.end,
      );
      careTeam = has
        ? existing
        : (
            await w.update(
              { ...existing, participant: [...(existing.participant ?? []), coordinator] },
              `W/"${existing.meta?.versionId}"`,
            )
          ).resource;
    } else {
      const members: CareTeamParticipant[] = [];
      for (const m of input.members ?? []) {
        members.push(
          participant(
            m.member,
            m.role,
            start,
            m.organization ?? (await organizationOf(tx, m.member)),
            await displayOf(tx, m.member),
          ),
        );
      }
      const name = (patient as { name?: { text?: string; given?: string[]; family?: string }[] })
        .name?.[0];
      careTeam = await w.create<CareTeam>({
        resourceType: 'CareTeam',
        status: 'active',
        category: [CARE_TEAM_CATEGORY],
        name: `Integrated care team${name ? ` — ${name.text ?? [name.given?.join(' '), name.family].filter(Boolean).join(' ')}` : ''}`,
        subject: { reference: `Patient/${input.patientId}` },
        period: { start },
        participant: [
          participant(`Patient/${input.patientId}`, 'patient', start),
          coordinator,
          ...members,
        ],
        ...(managing ? { managingOrganization: [{ reference: managing }] } : {}),
      });
    }
    const episode = await w.create<EpisodeOfCare>({
      resourceType: 'EpisodeOfCare',
      extension: [{ url: EPISODE_REASON_URL, valueCodeableConcept: { text: input.reason.trim() } }],
      status: 'active',
      statusHistory: [{ status: 'active', period: { start } }],
      type: [
        {
          coding: [
            {
              system: PROGRAMME_SYSTEM,
              code: programme,
              display: programme === INTEGRATED_CARE ? 'Integrated care programme' : programme,
            },
          ],
        },
      ],
      ...(input.conditions?.length
        ? {
            diagnosis: input.conditions.map((id, i) => ({
              condition: { reference: `Condition/${id}` },
              rank: i + 1,
            })),
          }
        : {}),
      patient: { reference: `Patient/${input.patientId}` },
      ...(managing ? { managingOrganization: { reference: managing } } : {}),
      period: { start },
      careManager: { reference: input.coordinator },
      team: [{ reference: `CareTeam/${careTeam.id}` }],
    });
    return { episode, careTeam };
  });
}

/**
 * Ends an enrolment and keeps its history: the episode becomes `finished` with `period.end`, a
 * closed `statusHistory` and the reason; its care team becomes inactive with `period.end`; a
 * Provenance records who and why. Nothing is deleted.
 */
export async function unenrol(
  repo: Repository,
  ctx: RequestContext,
  episodeId: string,
  input: { reason: string },
  now: Date = new Date(),
): Promise<EpisodeOfCare> {
  if (!input.reason?.trim()) throw invalidInput('Ending an enrolment needs a reason', 'reason');
  const end = today(now);
  return repo.inTransaction(ctx, async (w, tx) => {
    const episode = await readInTransaction<EpisodeOfCare>(tx, ctx, 'EpisodeOfCare', episodeId);
    if (episode.status !== 'active' && episode.status !== 'onhold') {
      throw careError(
        RosterError.NOT_ENROLLED,
        'business-rule',
        `EpisodeOfCare/${episodeId} is ${episode.status}, not active`,
      );
    }
    const history = (
      episode.statusHistory ?? [
        { status: episode.status, period: { start: episode.period?.start ?? end } },
      ]
    ).map((h) => (h.period.end ? h : { ...h, period: { ...h.period, end } }));
    const stored = (
      await w.update(
        {
          ...episode,
          extension: [
            ...(episode.extension ?? []).filter((e) => e.url !== EPISODE_END_REASON_URL),
            { url: EPISODE_END_REASON_URL, valueCodeableConcept: { text: input.reason.trim() } },
          ],
          status: 'finished',
          statusHistory: [...history, { status: 'finished', period: { start: end } }],
          period: { ...episode.period, end },
        },
        `W/"${episode.meta?.versionId}"`,
      )
    ).resource;
    const written: (EpisodeOfCare | CareTeam)[] = [stored];
    for (const ref of episode.team ?? []) {
      const team = await readInTransaction<CareTeam>(
        tx,
        ctx,
        'CareTeam',
        ref.reference?.replace(/^CareTeam\//, '') ?? '',
      ).catch(() => undefined);
      if (team?.status === 'active') {
        written.push(
          (
            await w.update(
              { ...team, status: 'inactive', period: { ...team.period, end } },
              `W/"${team.meta?.versionId}"`,
            )
          ).resource,
        );
      }
    }
    await w.create(
      provenanceFor(ctx, written, episode.patient.reference?.replace(/^Patient\//, ''), {
        kind: 'unenrol',
        reason: input.reason.trim(),
        now,
      }),
    );
    return stored;
  });
}
