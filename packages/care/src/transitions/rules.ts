/**
 * The transitions protocol on the one write path: it reacts to `Encounter` writes from every
 * door — FHIR REST (`POST/PUT /fhir/R4/Encounter`), transaction bundles, imports and the HL7 v2
 * feed, which writes Encounters through the same Repository — inside the write's transaction, so
 * an acknowledged hospital event and its work commit together or not at all.
 *
 * | Encounter write | what follows | measure |
 * |---|---|---|
 * | admission / ED arrival in progress, enrolled person | TRC admission notice recorded; urgent task and a notification to the coordinator | HEDIS TRC notification of inpatient admission |
 * | finished with `period.end` (inpatient), enrolled | LACE; discharge information recorded; contact in 2 business days; medication reconciliation by day 30; follow-up in 7 days (+30 days for a mental illness) | HEDIS TRC; FUH |
 * | inpatient admission ≤ 30 days after a discharge | readmission extension → the index stay | HEDIS PCR-style 30-day readmission |
 * | cancelled / entered-in-error (A11) | every open task of the stay cancelled with the reason | |
 * | finished → in progress again (A13) | open discharge tasks cancelled with the reason | |
 *
 * Idempotent per Encounter + code: a task exists once (ids derived from the Encounter), so a
 * duplicate message, a retried bundle or a re-import creates nothing new.
 */
import type { Encounter, Extension, Task } from '@medplum/fhirtypes';
import { formatHumanName } from '@medplum/core';
import {
  SYSTEM_CONTEXT,
  readModelsIn,
  type ChangeEvent,
  type Queryable,
  type RequestContext,
  type ResourceWriter,
  type WriteHooks,
} from '@careweave/store';
import { NOTIFICATION_KINDS } from '@careweave/contract';
import { derivedId } from '../assessments/derived-ids.js';
import { coordinatorOf } from '../assessments/work.js';
import { loadPatientTeam, type PatientTeam } from '../roster/patient-team.js';
import { isPersonReference } from '../notifications/notify.js';
import {
  CANCEL_REASON,
  DISCHARGE_TASK_CODES,
  READMISSION_OF_EXTENSION,
  TRANSITION_CANCEL_SYSTEM,
  taskCoding,
  transitionCodeOf,
  type CancelReason,
  type TransitionTaskCode,
} from './codes.js';
import { DEFAULT_TRANSITION_CONFIG, type TransitionConfig } from './config.js';
import { laceAtDischarge } from './lace-at-discharge.js';
import { anyFuhMentalIllness } from './mental-illness.js';
import { admissionSteps, dischargeSteps, type PlannedStep } from './protocol.js';
import { byIds, staysSince, transitionTasksOf } from './records.js';
import {
  classCode,
  endMs,
  isAdmissionClass,
  isInpatientClass,
  localDate,
  patientOf,
  startMs,
  stayState,
  whereOf,
} from './stay.js';
import type { Condition } from '@medplum/fhirtypes';
import { agentContext } from '../agents/context.js';

const DAY = 86_400_000;
const OPEN: ReadonlySet<string> = new Set([
  'draft',
  'requested',
  'received',
  'accepted',
  'ready',
  'in-progress',
  'on-hold',
]);

export interface TransitionRulesOptions {
  config?: TransitionConfig;
  now?: () => Date;
}

/** The protocol's write hooks (compose after care/access's; careWriteHooks includes them). */
export function transitionRules(options: TransitionRulesOptions = {}): WriteHooks {
  const config = options.config ?? DEFAULT_TRANSITION_CONFIG;
  const clock = options.now ?? (() => new Date());
  return {
    async beforeWrite(_ctx, next, _previous, tx) {
      if (next.resourceType !== 'Encounter' || !config.enabled) return next;
      return linkReadmission(tx, next, config);
    },
    async deriveWrites(ctx, events, writer, tx) {
      if (!config.enabled) return;
      const encounters = encountersOf(events);
      if (encounters.length === 0) return;
      // The protocol's own writes are the protocol engine's (a registered automated agent), whoever wrote the Encounter.
      const engine = writer.withContext(agentContext('transitions-protocol'));
      for (const encounter of encounters) {
        await react(ctx, encounter, engine, tx, config, clock());
        await relinkLaterStays(encounter, engine, tx, config);
      }
    },
  };
}

function encountersOf(events: readonly ChangeEvent[]): (Encounter & { id: string })[] {
  return events
    .filter((e) => e.resourceType === 'Encounter' && e.type !== 'delete')
    .map((e) => e.resource as Encounter | undefined)
    .filter((r): r is Encounter & { id: string } => r?.id !== undefined);
}

/**
 * A readmission: an inpatient admission that starts within `readmissionDays` (30) of the
 * discharge of an earlier inpatient stay of the same person (the HEDIS Plan All-Cause
 * Readmissions window) carries READMISSION_OF_EXTENSION → the index stay (the latest such
 * discharge). Recomputed on every write of the stay, so the link follows corrections.
 */
async function linkReadmission(
  tx: Queryable,
  next: Encounter,
  config: TransitionConfig,
): Promise<Encounter> {
  const kept = (next.extension ?? []).filter((x) => x.url !== READMISSION_OF_EXTENSION);
  const patientId = patientOf(next);
  const start = startMs(next);
  let index: Encounter | undefined;
  if (
    patientId &&
    start !== undefined &&
    isInpatientClass(next, config) &&
    stayState(next) !== 'void'
  ) {
    const windowStart = start - config.readmissionDays * DAY;
    const earlier = await staysSince(
      tx,
      patientId,
      config.dischargeClasses,
      new Date(windowStart).toISOString(),
    );
    for (const e of earlier) {
      const end = endMs(e);
      if (e.id === next.id || stayState(e) !== 'discharged' || end === undefined) continue;
      if (end < windowStart || end > start) continue;
      if (!index || end > (endMs(index) ?? 0)) index = e;
    }
  }
  const link: Extension[] = index
    ? [{ url: READMISSION_OF_EXTENSION, valueReference: { reference: `Encounter/${index.id}` } }]
    : [];
  const had = (next.extension ?? []).some((x) => x.url === READMISSION_OF_EXTENSION);
  if (!had && link.length === 0) return next;
  const out: Encounter = { ...next, extension: [...kept, ...link] };
  if (out.extension?.length === 0) delete out.extension;
  return out;
}

/**
 * Stays written out of order (an import, a late feed): when an inpatient stay is written, the
 * person's later inpatient admissions that start within `readmissionDays` of its discharge — or
 * that already point at it — are written again, so `linkReadmission` recomputes their link: a
 * readmission written before its index stay gets linked, and one whose index stay was cancelled
 * or moved loses the link. Only a changed link is written.
 */
async function relinkLaterStays(
  stay: Encounter & { id: string },
  writer: ResourceWriter,
  tx: Queryable,
  config: TransitionConfig,
): Promise<void> {
  const patientId = patientOf(stay);
  const start = startMs(stay);
  if (!patientId || start === undefined || !isInpatientClass(stay, config)) return;
  const later = await staysSince(
    tx,
    patientId,
    config.dischargeClasses,
    new Date(start).toISOString(),
  );
  const self = `Encounter/${stay.id}`;
  const reach = (endMs(stay) ?? start) + config.readmissionDays * DAY;
  for (const e of later) {
    if (!e.id || e.id === stay.id) continue;
    const linkOf = (x: Encounter): string | undefined =>
      x.extension?.find((ext) => ext.url === READMISSION_OF_EXTENSION)?.valueReference?.reference;
    const eStart = startMs(e);
    const inWindow = eStart !== undefined && eStart > start && eStart <= reach;
    if (!inWindow && linkOf(e) !== self) continue;
    const relinked = await linkReadmission(tx, e, config);
    if (linkOf(relinked) === linkOf(e)) continue;
    await writer.update(relinked, `W/"${e.meta?.versionId}"`);
  }
}

/** What one Encounter write sets off. */
async function react(
  ctx: RequestContext,
  encounter: Encounter & { id: string },
  writer: ResourceWriter,
  tx: Queryable,
  config: TransitionConfig,
  now: Date,
): Promise<void> {
  const patientId = patientOf(encounter);
  if (!patientId || !isAdmissionClass(encounter, config)) return;
  const state = stayState(encounter);
  if (state === 'other') return;
  const horizon = now.getTime() - config.actOnDays * DAY;
  const recent = (t: number | undefined): boolean => (t ?? now.getTime()) >= horizon;
  // A discharge of a stay long over, or an admission long ago that is still open, is history.
  if (state === 'discharged' && !recent(endMs(encounter))) return;
  const tasks = await transitionTasksOf(tx, encounter.id);
  if (state === 'void') {
    await cancel(writer, tasks, undefined, CANCEL_REASON.STAY_CANCELLED, encounter);
    return;
  }
  if (state === 'discharged') {
    // Out of hospital: "contact the person and the ward" no longer applies; the discharge's own
    // steps (contact within 2 business days, …) take over.
    await cancel(writer, tasks, ['admission-contact'], CANCEL_REASON.DISCHARGED, encounter);
  }
  if (state === 'in-hospital') {
    // Open again after a discharge (HL7 A13): the discharge's work no longer applies.
    await cancel(writer, tasks, DISCHARGE_TASK_CODES, CANCEL_REASON.DISCHARGE_CANCELLED, encounter);
    if (!recent(startMs(encounter))) return;
  }
  if (state === 'discharged' && !isInpatientClass(encounter, config)) return;
  const team = await loadPatientTeam(tx, SYSTEM_CONTEXT, patientId, now).catch(() => undefined);
  // The protocol is for people enrolled in the programme (an active episode of care).
  if (!team?.episode) return;
  const owner = coordinatorOf(team);
  const patientName = nameOf(team);
  const where = whereOf(encounter);
  const readmissionOf = encounter.extension?.find((x) => x.url === READMISSION_OF_EXTENSION)
    ?.valueReference?.reference;
  if (state === 'in-hospital') {
    const indexEnd = readmissionOf ? await dischargeDateOf(tx, readmissionOf) : undefined;
    const steps = admissionSteps({
      patientName,
      ...(encounter.period?.start ? { admitted: encounter.period.start } : {}),
      ...(where ? { where } : {}),
      emergency: classCode(encounter) === 'EMER',
      ...(indexEnd ? { readmissionAfter: indexEnd } : {}),
      now,
    });
    const created = await ensureSteps(writer, tasks, steps, encounter, patientId, owner, now);
    if (created.includes('admission-contact'))
      await notifyCoordinator(tx, ctx, team, owner, {
        kind: NOTIFICATION_KINDS.ADMISSION,
        patientId,
        encounterId: encounter.id,
        summary: `${patientName} ${classCode(encounter) === 'EMER' ? 'arrived at the emergency department' : 'was admitted to hospital'}${where ? ` (${where})` : ''}${encounter.period?.start ? ` on ${localDate(encounter.period.start)}` : ''}${readmissionOf ? ' — a readmission within 30 days' : ''}`,
      });
    return;
  }
  // Discharged from an inpatient stay.
  const discharged = encounter.period?.end as string;
  const mentalIllness = anyFuhMentalIllness(await principalDiagnosis(tx, encounter));
  const steps = dischargeSteps(
    { patientName, discharged, ...(where ? { where } : {}), mentalIllness, now },
    config,
  );
  const created = await ensureSteps(writer, tasks, steps, encounter, patientId, owner, now);
  const lace = await laceAtDischarge(tx, encounter, patientId);
  if (lace) await writer.upsertMany([lace.assessment], { skipUnchanged: true });
  if (created.length > 0)
    await notifyCoordinator(tx, ctx, team, owner, {
      kind: NOTIFICATION_KINDS.DISCHARGE,
      patientId,
      encounterId: encounter.id,
      summary: `${patientName} was discharged${where ? ` from ${where}` : ''} on ${localDate(discharged)}${lace ? ` — LACE ${lace.lace.score} (${lace.lace.band} risk)` : ''}`,
    });
}

function nameOf(team: PatientTeam): string {
  const name = team.patient.name?.[0];
  return (name ? formatHumanName(name) : '') || `Patient/${team.patient.id}`;
}

async function dischargeDateOf(tx: Queryable, reference: string): Promise<string | undefined> {
  const id = reference.slice('Encounter/'.length);
  const [index] = await byIds<Encounter>(tx, 'Encounter', [id]);
  return index?.period?.end ? localDate(index.period.end) : undefined;
}

/**
 * The principal diagnosis' codings: the `diagnosis` ranked 1 (else the first), its Condition's
 * codes; else the stay's first `reasonCode` (where the HL7 v2 feed puts the principal diagnosis).
 */
async function principalDiagnosis(
  tx: Queryable,
  e: Encounter,
): Promise<{ system?: string; code?: string }[]> {
  const ranked = [...(e.diagnosis ?? [])].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  const ref = ranked[0]?.condition?.reference;
  if (ref?.startsWith('Condition/')) {
    const [condition] = await byIds<Condition>(tx, 'Condition', [ref.slice('Condition/'.length)]);
    if (condition?.code?.coding?.length) return condition.code.coding;
  }
  // The HL7 v2 feed puts the principal diagnosis (DG1 priority 1) first in reasonCode.
  return e.reasonCode?.[0]?.coding ?? [];
}

/** The id of a step's Task: derived from the Encounter and the code (a second life gets `-2`, …). */
function stepId(encounterId: string, code: TransitionTaskCode, generation: number): string {
  return derivedId(encounterId, generation === 1 ? code : `${code}-${generation}`);
}

function cancelledByProtocol(t: Task): boolean {
  return (
    t.status === 'cancelled' &&
    (t.statusReason?.coding ?? []).some((c) => c.system === TRANSITION_CANCEL_SYSTEM)
  );
}

/**
 * Creates each step's Task unless one of that code already stands for this Encounter (open,
 * done, or closed by a person): duplicates of an event change nothing. A step the protocol
 * itself cancelled (the admission or discharge was withdrawn) is created again when the event
 * comes back. Returns the codes created.
 */
async function ensureSteps(
  writer: ResourceWriter,
  existing: readonly Task[],
  steps: readonly PlannedStep[],
  encounter: Encounter & { id: string },
  patientId: string,
  owner: string | undefined,
  now: Date,
): Promise<TransitionTaskCode[]> {
  const created: TransitionTaskCode[] = [];
  for (const step of steps) {
    const same = existing.filter((t) => transitionCodeOf(t) === step.code);
    if (same.some((t) => !cancelledByProtocol(t))) continue;
    const taken = new Set(same.map((t) => t.id));
    let generation = 1;
    while (taken.has(stepId(encounter.id, step.code, generation))) generation += 1;
    const at = now.toISOString();
    const task: Task = {
      resourceType: 'Task',
      id: stepId(encounter.id, step.code, generation),
      status: step.status,
      intent: 'order',
      priority: step.priority,
      code: { coding: [taskCoding(step.code)], text: taskCoding(step.code).display },
      description: step.description,
      for: { reference: `Patient/${patientId}` },
      focus: { reference: `Encounter/${encounter.id}` },
      encounter: { reference: `Encounter/${encounter.id}` },
      authoredOn: at,
      lastModified: at,
      ...(owner ? { owner: { reference: owner } } : {}),
      ...(step.due ? { restriction: { period: { end: step.due } } } : {}),
      ...(step.status === 'completed' ? { executionPeriod: { start: at, end: at } } : {}),
    };
    await writer.create(task, task.id);
    created.push(step.code);
  }
  return created;
}

/** Cancels the open protocol tasks (of `codes`, else all) of a withdrawn admission or discharge. */
async function cancel(
  writer: ResourceWriter,
  tasks: readonly Task[],
  codes: readonly TransitionTaskCode[] | undefined,
  reason: CancelReason,
  encounter: Encounter,
): Promise<void> {
  const text =
    reason === CANCEL_REASON.STAY_CANCELLED
      ? `The hospital cancelled this ${classCode(encounter) === 'EMER' ? 'visit' : 'admission'} (Encounter ${encounter.status}).`
      : reason === CANCEL_REASON.DISCHARGED
        ? `Discharged${encounter.period?.end ? ` on ${localDate(encounter.period.end)}` : ''}: the in-hospital contact gives way to the discharge's steps.`
        : 'The hospital cancelled the discharge: the stay is open again.';
  for (const t of tasks) {
    const code = transitionCodeOf(t);
    if (!code || !OPEN.has(t.status) || (codes && !codes.includes(code))) continue;
    await writer.update(
      {
        ...t,
        status: 'cancelled',
        statusReason: { coding: [{ system: TRANSITION_CANCEL_SYSTEM, code: reason }], text },
      },
      `W/"${t.meta?.versionId}"`,
    );
  }
}

/**
 * The coordinator hears of the event whoever wrote it — a colleague, a FHIR client or the
 * hospital feed (system writes notify nobody elsewhere; a hospital event is the exception the
 * programme exists for). Nobody is notified of their own write.
 */
async function notifyCoordinator(
  tx: Queryable,
  ctx: RequestContext,
  team: PatientTeam,
  owner: string | undefined,
  n: { kind: 'admission' | 'discharge'; patientId: string; encounterId: string; summary: string },
): Promise<void> {
  const recipients = [...new Set([team.careManager, owner].filter((r): r is string => !!r))];
  const rows = recipients
    .filter((r) => isPersonReference(r) && r !== ctx.actor)
    .map((recipient) => ({
      recipient,
      kind: n.kind,
      patientId: n.patientId,
      focus: `Encounter/${n.encounterId}`,
      actor: ctx.actor,
      summary: n.summary,
    }));
  await readModelsIn(tx).notifications.insert(rows);
}
