/**
 * Medication reconciliation after a hospital stay (HEDIS TRC "medication reconciliation
 * post-discharge": the current medicines compared with the discharge list, on the discharge date
 * through day 30). The coordinator decides per line — continue, stop, change, with a reason —
 * and the decisions are written in one transaction as:
 * - MedicationStatement updates (a statement from before the admission changes status/dosage; a
 *   medicine known only from a prescription gets its own statement, derived from it);
 * - the reconciliation record: a `List` (code SNOMED 430193006 Medication reconciliation) with
 *   `source` = who and `date` = when, one entry per line (the decision in `flag`, the line itself
 *   in the reconciliation-line extension), `encounter` = the stay;
 * - the stay's `medication-reconciliation` Task completed (its output → the List);
 * - a Provenance naming all of it.
 */
import { createHash } from 'node:crypto';
import type {
  Encounter,
  Extension,
  List,
  MedicationRequest,
  MedicationStatement,
  RiskAssessment,
  Task,
} from '@medplum/fhirtypes';
import {
  lockInTransaction,
  readInTransaction,
  searchInTransaction,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import {
  RECONCILIATION_DECISIONS,
  type MedicationReconciliationView,
  type ReconciliationDecision,
  type ReconciliationInput,
  type ReconciliationLine,
  type StayView,
} from '@careweave/contract';
import { derivedId } from '../assessments/derived-ids.js';
import { actingName, isSystem } from '../shared/acting.js';
import { careError, invalidInput } from '../shared/care-errors.js';
import { provenanceFor } from '../shared/provenance.js';
import { isTaskStatus, pathTo } from '../tasks/state-machine.js';
import {
  MEDICATION_RECONCILIATION_PROCEDURE,
  RECONCILIATION_DECISION_SYSTEM,
  TransitionError,
  transitionCodeOf,
} from './codes.js';
import { compareLists, type MedicationSource } from './medication-lines.js';
import { hospitalStays, laceAssessmentId, stayView, taskView } from './summary.js';
import { stayState } from './stay.js';

export const RECONCILIATION_LINE_URL =
  'https://careweave.org/fhir/StructureDefinition/reconciliation-line';
const OPEN_REQUEST = new Set(['active', 'on-hold']);
const BEFORE_STATEMENT = new Set(['active', 'intended', 'on-hold']);

/** The record's id: one reconciliation per stay. */
export function reconciliationId(encounterId: string): string {
  return derivedId(encounterId, 'medication-reconciliation-record');
}

function statementId(encounterId: string, key: string): string {
  return derivedId(
    encounterId,
    `medrec-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`,
  );
}

/** The stay to reconcile: the one named, else the latest discharge, else the current stay. */
async function stayOf(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  encounterId: string | undefined,
): Promise<Encounter & { id: string }> {
  const noStay = (text: string): Error => careError(TransitionError.NO_STAY, 'not-found', text);
  if (encounterId) {
    const id = encounterId.replace(/^Encounter\//, '');
    const e = await repo.read<Encounter>(ctx, 'Encounter', id).catch(() => undefined);
    if (!e?.id || e.subject?.reference !== `Patient/${patientId}`)
      throw noStay(`Encounter/${id} is not a hospital stay of Patient/${patientId}`);
    return e as Encounter & { id: string };
  }
  const stays = await hospitalStays(repo, ctx, patientId);
  const stay =
    stays.find((e) => stayState(e) === 'discharged') ??
    stays.find((e) => stayState(e) === 'in-hospital');
  if (!stay) throw noStay(`Patient/${patientId} has no hospital stay to reconcile`);
  return stay;
}

function lineExtension(line: ReconciliationLine, reason?: string, dosage?: string): Extension {
  const parts: Extension[] = [
    { url: 'key', valueString: line.key },
    { url: 'medication', valueString: line.medication },
    { url: 'change', valueCode: line.change },
  ];
  if (line.before) {
    parts.push({ url: 'before', valueReference: { reference: line.before.reference } });
    if (line.before.dosage) parts.push({ url: 'beforeDosage', valueString: line.before.dosage });
  }
  if (line.discharge) {
    parts.push({ url: 'discharge', valueReference: { reference: line.discharge.reference } });
    if (line.discharge.dosage)
      parts.push({ url: 'dischargeDosage', valueString: line.discharge.dosage });
  }
  if (reason) parts.push({ url: 'reason', valueString: reason });
  if (dosage) parts.push({ url: 'dosage', valueString: dosage });
  return { url: RECONCILIATION_LINE_URL, extension: parts };
}

/** The lines of a recorded reconciliation, as they were when it was done. */
function linesOf(record: List): ReconciliationLine[] {
  return (record.entry ?? []).flatMap((entry): ReconciliationLine[] => {
    const parts = entry.extension?.find((x) => x.url === RECONCILIATION_LINE_URL)?.extension ?? [];
    const get = (url: string): Extension | undefined => parts.find((p) => p.url === url);
    const key = get('key')?.valueString;
    const decision = entry.flag?.coding?.find((c) => c.system === RECONCILIATION_DECISION_SYSTEM)
      ?.code as ReconciliationDecision | undefined;
    if (!key || !decision) return [];
    const before = get('before')?.valueReference?.reference;
    const discharge = get('discharge')?.valueReference?.reference;
    const reason = get('reason')?.valueString;
    const dosage = get('dosage')?.valueString;
    const beforeDosage = get('beforeDosage')?.valueString;
    const dischargeDosage = get('dischargeDosage')?.valueString;
    return [
      {
        key,
        medication: get('medication')?.valueString ?? key,
        change: (get('change')?.valueCode ?? 'unchanged') as ReconciliationLine['change'],
        ...(before
          ? { before: { reference: before, ...(beforeDosage ? { dosage: beforeDosage } : {}) } }
          : {}),
        ...(discharge
          ? {
              discharge: {
                reference: discharge,
                ...(dischargeDosage ? { dosage: dischargeDosage } : {}),
              },
            }
          : {}),
        decision: { decision, ...(reason ? { reason } : {}), ...(dosage ? { dosage } : {}) },
      },
    ];
  });
}

async function all<T>(
  repo: Repository,
  ctx: RequestContext,
  type: string,
  patientId: string,
): Promise<T[]> {
  const found = await repo.search(ctx, type, [
    ['patient', `Patient/${patientId}`],
    ['_count', '500'],
    ['_total', 'none'],
  ]);
  return found.resources as T[];
}

/** The two lists of a stay, compared. */
async function liveLines(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  stay: Encounter & { id: string },
): Promise<{ lines: ReconciliationLine[]; dischargeListReceived: boolean }> {
  const ref = `Encounter/${stay.id}`;
  const admitted = stay.period?.start;
  const statements = await all<MedicationStatement>(repo, ctx, 'MedicationStatement', patientId);
  const requests = await all<MedicationRequest>(repo, ctx, 'MedicationRequest', patientId);
  const before: MedicationSource[] = [
    ...statements.filter((s) => BEFORE_STATEMENT.has(s.status) && s.context?.reference !== ref),
    ...requests.filter(
      (r) =>
        OPEN_REQUEST.has(r.status) &&
        r.intent !== 'proposal' &&
        r.encounter?.reference !== ref &&
        (!admitted || !r.authoredOn || r.authoredOn <= admitted),
    ),
  ];
  const discharge: MedicationSource[] = [
    ...requests.filter(
      (r) =>
        r.encounter?.reference === ref &&
        !['cancelled', 'entered-in-error', 'draft'].includes(r.status),
    ),
    ...statements.filter((s) => s.context?.reference === ref && s.status !== 'entered-in-error'),
  ];
  return { lines: compareLists(before, discharge), dischargeListReceived: discharge.length > 0 };
}

async function stayViewOf(
  repo: Repository,
  ctx: RequestContext,
  stay: Encounter & { id: string },
): Promise<StayView> {
  const ra = await repo
    .read<RiskAssessment>(ctx, 'RiskAssessment', laceAssessmentId(stay.id))
    .catch(() => undefined);
  return stayView(stay, ra);
}

async function reconciliationTask(
  repo: Repository,
  ctx: RequestContext,
  stay: Encounter & { id: string },
): Promise<Task | undefined> {
  const found = await repo.search(ctx, 'Task', [
    ['focus', `Encounter/${stay.id}`],
    ['_count', '100'],
    ['_total', 'none'],
  ]);
  const tasks = (found.resources as Task[]).filter(
    (t) => transitionCodeOf(t) === 'medication-reconciliation',
  );
  return tasks.find((t) => t.status !== 'cancelled' && t.status !== 'entered-in-error') ?? tasks[0];
}

/**
 * `GET /api/transitions/patients/{id}/medication-reconciliation[?encounter=]`: the lists of the
 * stay side by side (before the reconciliation), or the recorded decisions (after).
 */
export async function medicationReconciliation(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  encounterId?: string,
): Promise<MedicationReconciliationView> {
  const stay = await stayOf(repo, ctx, patientId, encounterId);
  const record = await repo
    .read<List>(ctx, 'List', reconciliationId(stay.id))
    .catch(() => undefined);
  const task = await reconciliationTask(repo, ctx, stay);
  const view = task ? taskView(task) : undefined;
  const base = {
    patientId,
    stay: await stayViewOf(repo, ctx, stay),
    ...(view ? { task: view } : {}),
  };
  if (record) {
    const lines = linesOf(record);
    return {
      ...base,
      lines,
      dischargeListReceived: lines.some((l) => l.discharge !== undefined),
      reconciled: {
        by: record.source?.reference ?? 'system',
        ...(record.source?.display ? { byName: record.source.display } : {}),
        at: record.date ?? record.meta?.lastUpdated ?? '',
        record: `List/${record.id}`,
      },
    };
  }
  return { ...base, ...(await liveLines(repo, ctx, patientId, stay)) };
}

/** Checks the decisions against the lines: one per line, known keys, reasons where needed. */
function checkDecisions(
  lines: readonly ReconciliationLine[],
  input: ReconciliationInput,
): Map<string, ReconciliationInput['decisions'][number]> {
  if (!Array.isArray(input.decisions))
    throw invalidInput('decisions must be a list of { key, decision, reason? }', 'decisions');
  const keys = new Set(lines.map((l) => l.key));
  const out = new Map<string, ReconciliationInput['decisions'][number]>();
  for (const d of input.decisions) {
    if (!d || typeof d.key !== 'string' || !keys.has(d.key))
      throw careError(
        TransitionError.UNKNOWN_LINE,
        'business-rule',
        `No medicine ${JSON.stringify(d?.key)} on either list of this stay`,
        'decisions.key',
      );
    if (!RECONCILIATION_DECISIONS.includes(d.decision))
      throw careError(
        TransitionError.DECISION_MISSING,
        'business-rule',
        `The decision for ${d.key} must be continue, stop or change`,
        'decisions.decision',
      );
    if (d.decision !== 'continue' && !(typeof d.reason === 'string' && d.reason.trim()))
      throw careError(
        TransitionError.REASON_REQUIRED,
        'business-rule',
        `Say why ${lines.find((l) => l.key === d.key)?.medication ?? d.key} is to ${d.decision === 'stop' ? 'stop' : 'change'}`,
        'decisions.reason',
      );
    out.set(d.key, d);
  }
  const missing = lines.filter((l) => !out.has(l.key));
  if (missing.length > 0)
    throw careError(
      TransitionError.DECISION_MISSING,
      'business-rule',
      `Every medicine needs a decision (continue, stop or change): ${missing.map((l) => l.medication).join(', ')}`,
      'decisions',
    );
  return out;
}

/**
 * `POST /api/transitions/patients/{id}/medication-reconciliation`: records the decisions (see the
 * module comment) and completes the stay's reconciliation task. 409 when already recorded.
 */
export async function recordMedicationReconciliation(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  input: ReconciliationInput,
  now: Date = new Date(),
): Promise<MedicationReconciliationView> {
  if (!input || typeof input.encounter !== 'string')
    throw invalidInput('encounter (the hospital stay) is required', 'encounter');
  const stay = await stayOf(repo, ctx, patientId, input.encounter);
  const already = (): Error =>
    careError(
      TransitionError.ALREADY_RECONCILED,
      'conflict',
      'The medicines of this stay were already reconciled',
    );
  // Once recorded, the lists have moved on (statements stopped, new ones made): say so first.
  if (await repo.read<List>(ctx, 'List', reconciliationId(stay.id)).catch(() => undefined))
    throw already();
  const { lines } = await liveLines(repo, ctx, patientId, stay);
  const decisions = checkDecisions(lines, input);
  const actor: List['source'] = isSystem(ctx)
    ? { display: 'Careweave system' }
    : { reference: ctx.actor, ...(actingName(ctx) ? { display: actingName(ctx) } : {}) };
  const author = /^(Practitioner|PractitionerRole|Patient|RelatedPerson|Organization)\//.test(
    ctx.actor,
  )
    ? { informationSource: { reference: ctx.actor } }
    : {};
  const at = now.toISOString();
  await repo.inTransaction(ctx, async (w, tx) => {
    await lockInTransaction(tx, `medication-reconciliation:${stay.id}`);
    const done = await searchInTransaction(tx, ctx, 'List', [
      ['_id', reconciliationId(stay.id)],
      ['_total', 'none'],
    ]);
    if (done.resources.length > 0) throw already();
    const written: MedicationStatement[] = [];
    const entries: NonNullable<List['entry']> = [];
    for (const line of lines) {
      const d = decisions.get(line.key) as ReconciliationInput['decisions'][number];
      const reason = d.reason?.trim() || undefined;
      const dosage =
        d.decision === 'change'
          ? d.dosage?.trim() || line.discharge?.dosage || line.before?.dosage
          : line.before && d.decision === 'continue'
            ? line.before.dosage
            : line.discharge?.dosage;
      const decisionCoding = {
        system: RECONCILIATION_DECISION_SYSTEM,
        code: d.decision,
        display: { continue: 'Continue', stop: 'Stop', change: 'Change' }[d.decision],
      };
      const status: MedicationStatement['status'] =
        d.decision === 'stop' ? (line.before ? 'stopped' : 'not-taken') : 'active';
      const sourceRef = line.before?.reference ?? line.discharge?.reference ?? '';
      const [sourceType = '', sourceId = ''] = sourceRef.split('/');
      const source = await readInTransaction<MedicationStatement | MedicationRequest>(
        tx,
        ctx,
        sourceType,
        sourceId,
      );
      const common = {
        status,
        dateAsserted: at,
        ...author,
        ...(reason ? { statusReason: [{ coding: [decisionCoding], text: reason }] } : {}),
        ...(dosage ? { dosage: [{ text: dosage }] } : {}),
      };
      let statement: MedicationStatement;
      if (source.resourceType === 'MedicationStatement' && line.before) {
        statement = (
          await w.update<MedicationStatement>(
            {
              ...source,
              ...common,
              ...(dosage ? {} : { dosage: source.dosage }),
            },
            `W/"${source.meta?.versionId}"`,
          )
        ).resource;
      } else {
        const discharged = line.discharge?.reference;
        const made: MedicationStatement = {
          resourceType: 'MedicationStatement',
          id: statementId(stay.id, line.key),
          ...common,
          ...(source.medicationCodeableConcept
            ? { medicationCodeableConcept: source.medicationCodeableConcept }
            : { medicationReference: source.medicationReference }),
          subject: { reference: `Patient/${patientId}` },
          ...(status === 'active' ? { effectivePeriod: { start: at } } : {}),
          derivedFrom: [line.before?.reference, discharged]
            .filter((r): r is string => !!r)
            .map((reference) => ({ reference })),
          ...(discharged?.startsWith('MedicationRequest/')
            ? { basedOn: [{ reference: discharged }] }
            : {}),
        };
        statement = (await w.update(made)).resource;
      }
      written.push(statement);
      entries.push({
        extension: [lineExtension(line, reason, d.decision === 'change' ? dosage : undefined)],
        flag: { coding: [decisionCoding], ...(reason ? { text: reason } : {}) },
        item: { reference: `MedicationStatement/${statement.id}` },
      });
    }
    const record = await w.create<List>(
      {
        resourceType: 'List',
        id: reconciliationId(stay.id),
        status: 'current',
        mode: 'snapshot',
        title: 'Medication reconciliation after discharge',
        code: { coding: [MEDICATION_RECONCILIATION_PROCEDURE], text: 'Medication reconciliation' },
        subject: { reference: `Patient/${patientId}` },
        encounter: { reference: `Encounter/${stay.id}` },
        date: at,
        source: actor,
        ...(entries.length > 0
          ? { entry: entries }
          : { emptyReason: { text: 'No medicines on either list' } }),
      },
      reconciliationId(stay.id),
    );
    // The reconciliation completes the stay's task (HEDIS TRC counts its completion date).
    const tasks = await searchInTransaction(tx, ctx, 'Task', [
      ['focus', `Encounter/${stay.id}`],
      ['_count', '100'],
      ['_total', 'none'],
    ]);
    const changed: Task[] = [];
    for (const t of tasks.resources as Task[]) {
      if (transitionCodeOf(t) !== 'medication-reconciliation') continue;
      if (
        !isTaskStatus(t.status) ||
        ['completed', 'cancelled', 'entered-in-error', 'rejected', 'failed'].includes(t.status)
      )
        continue;
      let task = t;
      for (const status of pathTo(t.status, 'completed', t.id)) {
        const next: Task = { ...task, status };
        if (status === 'in-progress' && !task.executionPeriod?.start)
          next.executionPeriod = { ...task.executionPeriod, start: at };
        if (status === 'completed') {
          next.executionPeriod = { ...next.executionPeriod, end: at };
          next.output = [
            ...(task.output ?? []),
            {
              type: { text: 'reconciliation' },
              valueReference: { reference: `List/${record.id}` },
            },
          ];
        }
        task = (await w.update(next, `W/"${task.meta?.versionId}"`)).resource;
      }
      changed.push(task);
    }
    await w.create(
      provenanceFor(ctx, [record, ...written, ...changed], patientId, {
        kind: 'medication-reconciliation',
        now,
      }),
    );
  });
  return medicationReconciliation(repo, ctx, patientId, stay.id);
}
