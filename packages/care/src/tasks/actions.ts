import type { Annotation, Coding, Task } from '@medplum/fhirtypes';
import { readInTransaction, type Repository, type RequestContext } from '@careweave/store';
import { careError, invalidInput } from '../shared/care-errors.js';
import { checkVersion } from '../shared/versions.js';
import { isTeamOwner, loadPatientTeam } from '../roster/patient-team.js';
import { provenanceFor } from '../shared/provenance.js';
import { withRetry } from '../shared/retry.js';
import { patientIdOf } from '../roster/team-members.js';
import { TaskError, isTaskStatus, pathTo, type TaskStatus } from './state-machine.js';

/** Options of task actions. */
export interface TaskActionOptions {
  /** `If-Match` of the task: stale → 412. Without it the action applies to the current version (retried once on a concurrent change). */
  ifMatch?: string;
  reason?: string;
  now?: Date;
}

function note(ctx: RequestContext, text: string, now: Date): Annotation {
  return {
    text,
    time: now.toISOString(),
    ...(ctx.actor.includes('/')
      ? { authorReference: { reference: ctx.actor } }
      : { authorString: 'Careweave' }),
  };
}

/** What a status change can carry. */
export interface TransitionInput {
  to: TaskStatus;
  /** Why (statusReason for on-hold, cancelled, failed, rejected; a note otherwise). */
  reason?: string;
  /** The outcome of completed work (Task.output "outcome"). */
  outcome?: string;
}

/**
 * Moves a task to a status along the shortest legal path of the FHIR state machine (e.g.
 * requested → accepted → in-progress → completed), storing each step as its own version in one
 * transaction, with a Provenance. "Put on hold", "resume", "complete with an outcome", "cancel"
 * are this with `to` on-hold, in-progress, completed, cancelled.
 */
export async function transitionTask(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
  input: TransitionInput,
  options: TaskActionOptions = {},
): Promise<Task> {
  if (!isTaskStatus(input.to))
    throw invalidInput(`Unknown task status ${JSON.stringify(input.to)}`, 'status');
  const now = options.now ?? new Date();
  return withRetry(options.ifMatch !== undefined, () =>
    repo.inTransaction(ctx, async (w, tx) => {
      let task = await readInTransaction<Task>(tx, ctx, 'Task', taskId);
      checkVersion(task, options.ifMatch);
      const from = isTaskStatus(task.status) ? task.status : 'requested';
      const steps = pathTo(from, input.to, taskId);
      const written: Task[] = [];
      for (const status of steps) {
        const last = status === input.to;
        const next: Task = { ...task, status };
        if (last && input.reason && ['on-hold', 'cancelled', 'failed', 'rejected'].includes(status))
          next.statusReason = { text: input.reason };
        if (last && status === 'in-progress') delete next.statusReason;
        if (last && (input.reason || input.outcome))
          next.note = [
            ...(task.note ?? []),
            note(
              ctx,
              [input.outcome ? `Outcome: ${input.outcome}` : undefined, input.reason]
                .filter(Boolean)
                .join(' — '),
              now,
            ),
          ];
        if (last && input.outcome)
          next.output = [
            ...(task.output ?? []),
            { type: { text: 'outcome' }, valueString: input.outcome },
          ];
        if (last && status === 'completed')
          next.executionPeriod = { ...task.executionPeriod, end: now.toISOString() };
        if (status === 'in-progress' && !task.executionPeriod?.start)
          next.executionPeriod = { ...task.executionPeriod, start: now.toISOString() };
        task = (await w.update(next, `W/"${task.meta?.versionId}"`)).resource;
        written.push(task);
      }
      if (written.length > 0) {
        await w.create(
          provenanceFor(ctx, written, patientIdOf(task.for?.reference), {
            kind: 'update-task',
            now,
            ...(input.reason ? { reason: input.reason } : {}),
          }),
        );
      }
      return task;
    }),
  );
}

/** Gives tasks to another owner (a team member or the care team) in one transaction, with the reason kept. */
export async function reassignTasks(
  repo: Repository,
  ctx: RequestContext,
  taskIds: readonly string[],
  owner: string,
  options: TaskActionOptions = {},
): Promise<Task[]> {
  if (
    !/^(Practitioner|PractitionerRole|CareTeam|Patient|RelatedPerson|Organization)\/[A-Za-z0-9\-.]{1,64}$/.test(
      owner ?? '',
    )
  )
    throw invalidInput(
      'owner must be a reference such as Practitioner/123 or CareTeam/456',
      'owner',
    );
  if (taskIds.length === 0) throw invalidInput('No tasks to reassign', 'tasks');
  const now = options.now ?? new Date();
  return withRetry(options.ifMatch !== undefined, () =>
    repo.inTransaction(ctx, async (w, tx) => {
      const out: Task[] = [];
      const teams = new Map<string, Awaited<ReturnType<typeof loadPatientTeam>>>();
      for (const id of [...new Set(taskIds)]) {
        const task = await readInTransaction<Task>(tx, ctx, 'Task', id);
        if (taskIds.length === 1) checkVersion(task, options.ifMatch);
        const patientId = patientIdOf(task.for?.reference);
        if (patientId) {
          const pc = teams.get(patientId) ?? (await loadPatientTeam(tx, ctx, patientId, now));
          teams.set(patientId, pc);
          if (!isTeamOwner(pc, owner)) {
            throw careError(
              TaskError.OWNER_NOT_ON_TEAM,
              'business-rule',
              `${owner} is not on the care team of Patient/${patientId} (Task/${id})`,
              'owner',
            );
          }
        }
        if (task.owner?.reference === owner) continue;
        const text = `Reassigned from ${task.owner?.reference ?? 'nobody'} to ${owner}${options.reason ? `: ${options.reason}` : ''}`;
        out.push(
          (
            await w.update(
              {
                ...task,
                owner: { reference: owner },
                note: [...(task.note ?? []), note(ctx, text, now)],
              },
              `W/"${task.meta?.versionId}"`,
            )
          ).resource,
        );
      }
      const byPatient = new Map<string | undefined, Task[]>();
      out.forEach((t) =>
        byPatient.set(patientIdOf(t.for?.reference), [
          ...(byPatient.get(patientIdOf(t.for?.reference)) ?? []),
          t,
        ]),
      );
      for (const [patientId, tasks] of byPatient) {
        await w.create(
          provenanceFor(ctx, tasks, patientId, {
            kind: 'update-task',
            now,
            reason: options.reason ?? `Reassigned to ${owner}`,
          }),
        );
      }
      return out;
    }),
  );
}

/** Adds a note to a task (a new version). */
export async function addTaskNote(
  repo: Repository,
  ctx: RequestContext,
  taskId: string,
  text: string,
  options: TaskActionOptions = {},
): Promise<Task> {
  if (!text?.trim()) throw invalidInput('A note needs text', 'text');
  const now = options.now ?? new Date();
  return withRetry(options.ifMatch !== undefined, () =>
    repo.inTransaction(ctx, async (w, tx) => {
      const task = await readInTransaction<Task>(tx, ctx, 'Task', taskId);
      checkVersion(task, options.ifMatch);
      return (
        await w.update(
          { ...task, note: [...(task.note ?? []), note(ctx, text.trim(), now)] },
          `W/"${task.meta?.versionId}"`,
        )
      ).resource;
    }),
  );
}

/** A task that is not part of a plan (plan activities are added with `addActivity`). */
export interface TaskInput {
  patientId: string;
  description: string;
  owner: string;
  priority?: 'routine' | 'urgent' | 'asap' | 'stat';
  due?: string;
  code?: Coding;
  note?: string;
}

/** Creates a task for a patient, owned by someone on their care team. */
export async function createTask(
  repo: Repository,
  ctx: RequestContext,
  input: TaskInput,
  now: Date = new Date(),
): Promise<Task> {
  if (!input.description?.trim()) throw invalidInput('A task needs a description', 'description');
  if (input.due !== undefined && !/^\d{4}-\d{2}-\d{2}(T.+)?$/.test(input.due))
    throw invalidInput('due must be a date YYYY-MM-DD or a dateTime', 'due');
  return repo.inTransaction(ctx, async (w, tx) => {
    const pc = await loadPatientTeam(tx, ctx, input.patientId, now);
    if (!isTeamOwner(pc, input.owner)) {
      throw careError(
        TaskError.OWNER_NOT_ON_TEAM,
        'business-rule',
        `${input.owner} is not on the patient's care team`,
        'owner',
      );
    }
    return w.create<Task>({
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      priority: input.priority ?? 'routine',
      description: input.description.trim(),
      ...(input.code ? { code: { coding: [input.code] } } : {}),
      for: { reference: `Patient/${input.patientId}` },
      authoredOn: now.toISOString(),
      ...(ctx.actor.startsWith('Practitioner') ? { requester: { reference: ctx.actor } } : {}),
      owner: { reference: input.owner },
      ...(input.due ? { restriction: { period: { end: input.due } } } : {}),
      ...(input.note ? { note: [note(ctx, input.note, now)] } : {}),
    });
  });
}
