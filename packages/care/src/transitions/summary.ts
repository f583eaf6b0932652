/**
 * The person's hospital stays as the summary shows them: the current stay ("In hospital since
 * …"), the latest discharge with its LACE and readmission link, and the protocol's tasks for
 * both — read under the actor's scope (a stay the actor may not see is not shown).
 */
import type { Condition, Encounter, Patient, RiskAssessment, Task } from '@medplum/fhirtypes';
import type { Repository, RequestContext } from '@careweave/store';
import {
  HOSPITAL_ENCOUNTER_CLASSES,
  type StayView,
  type TransitionSummary,
  type TransitionTaskView,
} from '@careweave/contract';
import { derivedId } from '../risk/assessment.js';
import { RISK_METHOD, RISK_SCORE_URL } from '../risk/codes.js';
import { READMISSION_OF_EXTENSION, transitionCodeOf } from './codes.js';
import { classCode, endMs, startMs, stayState, whereOf } from './stay.js';

export type { StayView, TransitionSummary, TransitionTaskView };

const LACE_NOTE = /LACE (\d+): L (\d+), A (\d+), C (\d+), E (\d+)/;

/** LACE of a stay from its RiskAssessment (score and band in the risk-score extension, points in the note). */
export function laceOf(ra: RiskAssessment | undefined): StayView['lace'] {
  if (!ra || ra.status === 'cancelled' || ra.status === 'entered-in-error') return undefined;
  const parts = ra.extension?.find((x) => x.url === RISK_SCORE_URL)?.extension ?? [];
  const score = parts.find((p) => p.url === 'value')?.valueDecimal;
  const band = parts.find((p) => p.url === 'band')?.valueCode;
  const m = LACE_NOTE.exec(ra.note?.[0]?.text ?? '');
  if (score === undefined || (band !== 'low' && band !== 'moderate' && band !== 'high'))
    return undefined;
  return {
    score,
    band,
    points: {
      l: Number(m?.[2] ?? 0),
      a: Number(m?.[3] ?? 0),
      c: Number(m?.[4] ?? 0),
      e: Number(m?.[5] ?? 0),
    },
  };
}

/** The id of the LACE RiskAssessment of a stay (the one stratification and the protocol write). */
export function laceAssessmentId(encounterId: string): string {
  return derivedId(`risk/${RISK_METHOD.LACE}/${encounterId}`);
}

/** A stay in the contract's words. */
export function stayView(
  e: Encounter & { id: string },
  lace?: RiskAssessment,
  diagnosis?: string,
): StayView {
  const where = whereOf(e);
  const readmissionOf = e.extension?.find((x) => x.url === READMISSION_OF_EXTENSION)?.valueReference
    ?.reference;
  const l = laceOf(lace);
  return {
    encounter: `Encounter/${e.id}`,
    class: classCode(e) ?? e.class?.code ?? 'unknown',
    status: e.status,
    ...(e.period?.start ? { admitted: e.period.start } : {}),
    ...(e.period?.end && stayState(e) === 'discharged' ? { discharged: e.period.end } : {}),
    ...(where ? { where } : {}),
    ...(l ? { lace: l } : {}),
    ...(readmissionOf ? { readmissionOf } : {}),
    ...(diagnosis ? { diagnosis } : {}),
  };
}

/** A protocol Task in the contract's words. */
export function taskView(t: Task): TransitionTaskView | undefined {
  const code = transitionCodeOf(t);
  const encounter = t.focus?.reference;
  if (!code || !t.id || !encounter) return undefined;
  return {
    id: t.id,
    code,
    description: t.description ?? t.code?.text ?? code,
    status: t.status,
    ...(t.restriction?.period?.end ? { due: t.restriction.period.end } : {}),
    ...(t.owner?.reference ? { owner: t.owner.reference } : {}),
    encounter,
  };
}

/** The latest stays of a patient (hospital classes), newest first. */
export async function hospitalStays(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<(Encounter & { id: string })[]> {
  const found = await repo.search(ctx, 'Encounter', [
    ['patient', `Patient/${patientId}`],
    ['class', HOSPITAL_ENCOUNTER_CLASSES.join(',')],
    ['_sort', '-date'],
    ['_count', '50'],
    ['_total', 'none'],
  ]);
  return (found.resources as Encounter[]).filter(
    (e): e is Encounter & { id: string } => e.id !== undefined && stayState(e) !== 'void',
  );
}

/** Principal diagnosis in words (diagnosis ranked 1, else the reason). */
async function diagnosisText(
  repo: Repository,
  ctx: RequestContext,
  e: Encounter,
): Promise<string | undefined> {
  const ranked = [...(e.diagnosis ?? [])].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99))[0];
  const ref = ranked?.condition?.reference;
  if (ranked?.condition?.display) return ranked.condition.display;
  if (ref?.startsWith('Condition/')) {
    const c = await repo.read<Condition>(ctx, 'Condition', ref.slice(10)).catch(() => undefined);
    const text = c?.code?.text ?? c?.code?.coding?.[0]?.display ?? c?.code?.coding?.[0]?.code;
    if (text) return text;
  }
  const reason = e.reasonCode?.[0];
  return reason?.text ?? reason?.coding?.[0]?.display ?? reason?.coding?.[0]?.code;
}

/**
 * `GET /api/transitions/patients/{id}`: the current stay (when the person is in hospital now),
 * the latest discharge, and the protocol's tasks of both. 404 when the actor may not see the person.
 */
export async function transitionSummary(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
): Promise<TransitionSummary> {
  await repo.read<Patient>(ctx, 'Patient', patientId);
  const stays = await hospitalStays(repo, ctx, patientId);
  const open = stays
    .filter((e) => stayState(e) === 'in-hospital')
    .sort((a, b) => (startMs(a) ?? 0) - (startMs(b) ?? 0));
  const current = open[open.length - 1];
  const last = stays
    .filter((e) => stayState(e) === 'discharged')
    .sort((a, b) => (endMs(b) ?? 0) - (endMs(a) ?? 0))[0];
  const shown = [current, last].filter((e): e is Encounter & { id: string } => e !== undefined);
  const lace = new Map<string, RiskAssessment>();
  const tasks: TransitionTaskView[] = [];
  if (shown.length > 0) {
    const ras = await repo.search(ctx, 'RiskAssessment', [
      ['_id', shown.map((e) => laceAssessmentId(e.id)).join(',')],
      ['_total', 'none'],
    ]);
    for (const ra of ras.resources as RiskAssessment[]) {
      const enc = ra.encounter?.reference?.slice('Encounter/'.length);
      if (enc) lace.set(enc, ra);
    }
    const found = await repo.search(ctx, 'Task', [
      ['focus', shown.map((e) => `Encounter/${e.id}`).join(',')],
      ['_count', '200'],
      ['_total', 'none'],
    ]);
    for (const t of found.resources as Task[]) {
      const v = taskView(t);
      if (v) tasks.push(v);
    }
    tasks.sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'));
  }
  const since = open.map((e) => e.period?.start).find((s) => s !== undefined);
  return {
    patientId,
    ...(since ? { inHospitalSince: since } : {}),
    ...(current
      ? {
          current: stayView(current, lace.get(current.id), await diagnosisText(repo, ctx, current)),
        }
      : {}),
    ...(last
      ? { lastDischarge: stayView(last, lace.get(last.id), await diagnosisText(repo, ctx, last)) }
      : {}),
    tasks,
  };
}
