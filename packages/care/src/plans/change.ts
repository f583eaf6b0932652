import type { CarePlan, Provenance, Resource } from '@medplum/fhirtypes';
import {
  type Queryable,
  type Repository,
  type RequestContext,
  type TxWriter,
} from '@careweave/store';
import { actorSelves } from '../shared/acting.js';
import { loadPatientTeam, type PatientTeam } from '../roster/patient-team.js';
import { assertChangeable, assertOnTeam, readPlanIn } from './plan-context.js';
import { provenanceFor, type ChangeKind } from '../shared/provenance.js';
import { checkVersion } from '../shared/versions.js';

/** Options every attributed plan change takes. */
export interface ChangeOptions {
  /** `If-Match` of the resource being changed (the plan, or the goal for goal updates): stale → 412. */
  ifMatch?: string;
  /** Why (kept in the Provenance). */
  reason?: string;
  /** People who agreed the change (Provenance agents of type attester), e.g. at a plan review. */
  attesters?: readonly string[];
  now?: Date;
}

/** What a change step hands back: the plan to store (if it changed), the other resources it wrote, a result. */
export interface ChangeStep<T> {
  plan?: CarePlan;
  written: Resource[];
  result: T;
}

/** What a change step gets: the writer, the transaction, the current plan and the patient's team. */
export interface ChangeScope {
  w: TxWriter;
  tx: Queryable;
  plan: CarePlan;
  patientId: string;
  pc: PatientTeam;
  now: Date;
}

/**
 * Runs one attributed change of a plan in one transaction: reads the plan with the actor's scope
 * (hidden → 404), checks it can change and that the actor is on the care team, runs `step`,
 * stores the plan if the step changed it — guarded by its version, so a concurrent change
 * answers 412 instead of being lost — and writes the Provenance of everything written.
 */
export async function changePlan<T>(
  repo: Repository,
  ctx: RequestContext,
  planId: string,
  kind: ChangeKind,
  options: ChangeOptions & { planIfMatch?: boolean },
  step: (scope: ChangeScope) => Promise<ChangeStep<T>>,
): Promise<{ result: T; plan: CarePlan; provenance: Provenance }> {
  const now = options.now ?? new Date();
  const selves = await actorSelves(repo, ctx);
  return repo.inTransaction(ctx, async (w, tx) => {
    const { plan, patientId } = await readPlanIn(tx, ctx, planId);
    const planIfMatch = options.planIfMatch !== false ? options.ifMatch : undefined;
    checkVersion(plan, planIfMatch);
    if (kind !== 'update-plan') {
      assertChangeable(plan);
    }
    const pc = await loadPatientTeam(tx, ctx, patientId, now);
    assertOnTeam(ctx, selves, pc);
    const out = await step({ w, tx, plan, patientId, pc, now });
    const written = [...out.written];
    let stored = plan;
    if (out.plan) {
      stored = (await w.update(out.plan, `W/"${plan.meta?.versionId}"`)).resource;
      written.unshift(stored);
    }
    const attribution = {
      kind,
      now,
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.attesters ? { attesters: options.attesters } : {}),
    };
    const provenance = await w.create(provenanceFor(ctx, written, patientId, attribution));
    return { result: out.result, plan: stored, provenance };
  });
}
