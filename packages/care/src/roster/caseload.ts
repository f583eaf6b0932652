import { formatHumanName } from '@medplum/core';
import type { PractitionerRole } from '@medplum/fhirtypes';
import { MAX_COUNT, type Repository, type RequestContext } from '@careweave/store';
import type { Caseload, CaseloadEntry } from '@careweave/contract';
import { actorSelves } from '../shared/acting.js';

export type { Caseload, CaseloadEntry };
import { invalidInput } from '../shared/care-errors.js';
import { INTEGRATED_CARE, PROGRAMME_SYSTEM } from './codes.js';

/**
 * A coordinator's caseload (default: the actor's): every patient whose active programme episode
 * they manage, with open tasks, overdue tasks and inpatient admissions in the last
 * `admissionDays` (30) — one set-based query under the actor's scope, sorted with the most
 * overdue work and recent admissions first.
 */
export async function caseload(
  repo: Repository,
  ctx: RequestContext,
  options: { coordinator?: string; programme?: string; admissionDays?: number; now?: Date } = {},
): Promise<Caseload> {
  const coordinator = options.coordinator ?? ctx.actor;
  if (!/^Practitioner\/[A-Za-z0-9\-.]{1,64}$/.test(coordinator))
    throw invalidInput('coordinator must be a Practitioner reference', 'coordinator');
  const managers =
    coordinator === ctx.actor
      ? await actorSelves(repo, ctx)
      : [
          coordinator,
          ...(
            (
              await repo.search(ctx, 'PractitionerRole', [
                ['practitioner', coordinator],
                ['_count', String(MAX_COUNT)],
                ['_total', 'none'],
              ])
            ).resources as PractitionerRole[]
          ).map((r) => `PractitionerRole/${r.id}`),
        ];
  const rows = await repo.readModels.caseload.query(ctx.scope, {
    managers,
    programme: `${PROGRAMME_SYSTEM}|${options.programme ?? INTEGRATED_CARE}`,
    now: options.now ?? new Date(),
    ...(options.admissionDays ? { admissionDays: options.admissionDays } : {}),
  });
  const patients = rows.map((r): CaseloadEntry => {
    const name = r.name?.[0] ? formatHumanName(r.name[0]) : undefined;
    return {
      patientId: r.patientId,
      ...(name ? { name } : {}),
      ...(r.birthDate ? { birthDate: r.birthDate } : {}),
      episodeId: r.episodeId,
      ...(r.enrolledSince ? { enrolledSince: r.enrolledSince } : {}),
      ...(r.careTeam ? { careTeam: r.careTeam } : {}),
      openTasks: r.openTasks,
      overdueTasks: r.overdueTasks,
      recentAdmissions: r.recentAdmissions,
    };
  });
  patients.sort(
    (a, b) =>
      b.overdueTasks - a.overdueTasks ||
      b.recentAdmissions - a.recentAdmissions ||
      b.openTasks - a.openTasks ||
      (a.name ?? '').localeCompare(b.name ?? ''),
  );
  const total = (key: 'openTasks' | 'overdueTasks' | 'recentAdmissions'): number =>
    patients.reduce((n, p) => n + p[key], 0);
  return {
    coordinator,
    patients,
    totals: {
      patients: patients.length,
      openTasks: total('openTasks'),
      overdueTasks: total('overdueTasks'),
      recentAdmissions: total('recentAdmissions'),
    },
  };
}
