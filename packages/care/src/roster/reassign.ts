import type { CareTeam, EpisodeOfCare } from '@medplum/fhirtypes';
import {
  readInTransaction,
  searchInTransaction,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import { today } from '../shared/acting.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import { provenanceFor } from '../shared/provenance.js';
import { withRetry } from '../shared/retry.js';
import { INTEGRATED_CARE, PROGRAMME_SYSTEM, RosterError, teamRoleOf } from './codes.js';
import { displayOf, organizationOf } from './directory.js';
import { participant } from './enrol.js';
import { isCurrent } from './team-members.js';

/** Moving patients to another care coordinator. */
export interface ReassignInput {
  patients: string[];
  /** The new care coordinator (`Practitioner/…`). */
  to: string;
  /** Why — kept in each patient's Provenance. */
  reason: string;
  programme?: string;
}

/** What happened to one patient. */
export interface Reassignment {
  patientId: string;
  episode: string;
  from?: string;
  to: string;
  /** False when the patient already had that coordinator. */
  changed: boolean;
}

/**
 * Reassigns one or many patients to another coordinator, atomically (all or none): each active
 * programme episode gets the new careManager; on its care team the old coordinator's
 * participation ends today and the new one's starts; a Provenance per patient keeps who, when and
 * why. Patients are processed in id order (so concurrent bulk reassignments lock rows in the same
 * order and cannot deadlock) and every write is guarded by the version read, so a concurrent
 * change makes the whole batch retry on fresh data rather than overwrite it.
 */
export async function reassignPatients(
  repo: Repository,
  ctx: RequestContext,
  input: ReassignInput,
  now: Date = new Date(),
): Promise<Reassignment[]> {
  if (!Array.isArray(input.patients) || input.patients.length === 0)
    throw invalidInput('patients must list at least one patient id', 'patients');
  if (!/^Practitioner\/[A-Za-z0-9\-.]{1,64}$/.test(input.to ?? ''))
    throw invalidInput('to must be a Practitioner reference', 'to');
  if (!input.reason?.trim()) throw invalidInput('Reassignment needs a reason', 'reason');
  const programme = input.programme ?? INTEGRATED_CARE;
  const patients = [...new Set(input.patients.map((p) => p.replace(/^Patient\//, '')))].sort();
  const start = today(now);
  return withRetry(false, () =>
    repo.inTransaction(ctx, async (w, tx) => {
      const toOrg = await organizationOf(tx, input.to);
      const toName = await displayOf(tx, input.to);
      const out: Reassignment[] = [];
      for (const patientId of patients) {
        const found = await searchInTransaction(tx, ctx, 'EpisodeOfCare', [
          ['patient', `Patient/${patientId}`],
          ['status', 'active'],
          ['type', `${PROGRAMME_SYSTEM}|${programme}`],
          ['_count', '1'],
        ]);
        const episode = found.resources[0] as EpisodeOfCare | undefined;
        if (!episode) {
          throw careError(
            RosterError.NOT_ENROLLED,
            'business-rule',
            `Patient/${patientId} has no active ${programme} enrolment you can see`,
            'patients',
          );
        }
        const from = episode.careManager?.reference;
        if (from === input.to) {
          out.push({
            patientId,
            episode: episode.id as string,
            to: input.to,
            changed: false,
            ...(from ? { from } : {}),
          });
          continue;
        }
        const storedEpisode = (
          await w.update(
            {
              ...episode,
              careManager: { reference: input.to, ...(toName ? { display: toName } : {}) },
            },
            `W/"${episode.meta?.versionId}"`,
          )
        ).resource;
        const written: (EpisodeOfCare | CareTeam)[] = [storedEpisode];
        for (const ref of episode.team ?? []) {
          const team = await readInTransaction<CareTeam>(
            tx,
            ctx,
            'CareTeam',
            ref.reference?.replace(/^CareTeam\//, '') ?? '',
          ).catch(() => undefined);
          if (!team) continue;
          const participants = (team.participant ?? []).map((p) =>
            p.member?.reference === from &&
            teamRoleOf(p.role?.[0]) === 'care-coordinator' &&
            isCurrent(p, now)
              ? { ...p, period: { ...p.period, end: start } }
              : p,
          );
          const present = participants.some(
            (p) => p.member?.reference === input.to && isCurrent(p, now),
          );
          if (!present)
            participants.push(participant(input.to, 'care-coordinator', start, toOrg, toName));
          written.push(
            (await w.update({ ...team, participant: participants }, `W/"${team.meta?.versionId}"`))
              .resource,
          );
        }
        await w.create(
          provenanceFor(ctx, written, patientId, {
            kind: 'reassign',
            reason: input.reason.trim(),
            now,
          }),
        );
        out.push({
          patientId,
          episode: episode.id as string,
          to: input.to,
          changed: true,
          ...(from ? { from } : {}),
        });
      }
      return out;
    }),
  );
}
