/**
 * What the patient summary shows of assessments: the latest score of each instrument with its
 * band, the series for trend charts, positive social needs, active safety flags, assessments due
 * and open suggestions. Read with the actor's scope (a hidden patient answers 404).
 */
import type { Condition, Flag, Observation, Patient, Task } from '@medplum/fhirtypes';
import type { Repository, RequestContext } from '@careweave/store';
import { today } from '../shared/acting.js';
import { ASSESSMENT_WORK_SYSTEM, LOINC, LOINC_SYSTEM, WORK } from './codes.js';
import { INSTRUMENTS, type InstrumentKey } from './instruments.js';
import { FLAG_DETAIL_URL } from './work.js';
import { gad7Band, phq9Band } from './score.js';
import type { AssessmentSummary, InstrumentSummary, ScorePoint } from '@careweave/contract';
import { listSuggestions } from './suggestions.js';

export type { AssessmentSummary, InstrumentSummary, ScorePoint };

const TOTALS: Readonly<Record<string, InstrumentKey>> = {
  [LOINC.PHQ9_TOTAL]: 'phq9',
  [LOINC.PHQ2_TOTAL]: 'phq2',
  [LOINC.GAD7_TOTAL]: 'gad7',
  [LOINC.HRSN_SAFETY_TOTAL]: 'ahc-hrsn',
};

function describeLatest(key: InstrumentKey, score: number): { band?: string; positive?: boolean } {
  switch (key) {
    case 'phq9':
      return { band: phq9Band(score) };
    case 'gad7':
      return { band: gad7Band(score) };
    case 'phq2':
      return { positive: score >= 3 };
    case 'ahc-hrsn':
      return { positive: score >= 11 };
  }
}

export async function assessmentSummary(
  repo: Repository,
  ctx: RequestContext,
  patientId: string,
  now: Date = new Date(),
): Promise<AssessmentSummary> {
  await repo.read<Patient>(ctx, 'Patient', patientId);
  const subject = `Patient/${patientId}`;
  const [obs, needs, flags, due, suggestions] = await Promise.all([
    repo.search(ctx, 'Observation', [
      ['patient', subject],
      [
        'code',
        Object.keys(TOTALS)
          .map((c) => `${LOINC_SYSTEM}|${c}`)
          .join(','),
      ],
      ['_sort', 'date'],
      ['_count', '1000'],
    ]),
    repo.search(ctx, 'Condition', [
      ['patient', subject],
      ['category', 'health-concern,sdoh'],
      ['clinical-status', 'active'],
      ['_count', '100'],
    ]),
    repo.search(ctx, 'Flag', [
      ['patient', subject],
      ['_sort', '-date'], // R4 Flag has no status or code search parameters: filtered below
      ['_count', '100'],
    ]),
    repo.search(ctx, 'Task', [
      ['patient', subject],
      ['code', `${ASSESSMENT_WORK_SYSTEM}|${WORK.RESCREEN}`],
      ['status', 'requested,accepted,in-progress,on-hold'],
      ['_count', '20'],
    ]),
    listSuggestions(repo, ctx, patientId),
  ]);
  const series = new Map<InstrumentKey, ScorePoint[]>();
  for (const o of obs.resources as Observation[]) {
    const key = TOTALS[o.code.coding?.find((c) => c.system === LOINC_SYSTEM)?.code ?? ''];
    if (!key || o.valueInteger === undefined || o.status === 'entered-in-error') continue;
    const point: ScorePoint = {
      date: o.effectiveDateTime ?? o.issued ?? '',
      score: o.valueInteger,
      observation: `Observation/${o.id}`,
    };
    const qr = o.derivedFrom?.find((d) => d.reference?.startsWith('QuestionnaireResponse/'));
    if (qr?.reference) point.response = qr.reference;
    series.set(key, [...(series.get(key) ?? []), point]);
  }
  const instruments: InstrumentSummary[] = (['phq9', 'gad7', 'phq2', 'ahc-hrsn'] as const).map(
    (key) => {
      const points = (series.get(key) ?? []).sort((a, b) => a.date.localeCompare(b.date));
      const last = points.at(-1);
      const out: InstrumentSummary = {
        key,
        title: INSTRUMENTS[key].title,
        questionnaire: `Questionnaire/${INSTRUMENTS[key].id}`,
        measure: key === 'ahc-hrsn' ? 'interpersonal safety score' : 'total score',
        series: points,
      };
      if (last) out.latest = { ...last, ...describeLatest(key, last.score) };
      return out;
    },
  );
  const day = today(now);
  return {
    patientId,
    instruments,
    socialNeeds: (needs.resources as Condition[])
      .filter((c) =>
        (c.category ?? []).some((cat) =>
          (cat.coding ?? []).some((x) => x.code === 'sdoh' || x.code === 'health-concern'),
        ),
      )
      .map((c) => ({
        condition: `Condition/${c.id}`,
        text: c.code?.text ?? c.code?.coding?.[0]?.display ?? 'Social need',
        ...(c.recordedDate || c.onsetDateTime ? { since: c.onsetDateTime ?? c.recordedDate } : {}),
      })),
    safetyFlags: (flags.resources as Flag[])
      .filter(
        (f) =>
          f.status === 'active' &&
          (f.code.coding ?? []).some(
            (c) => c.system === ASSESSMENT_WORK_SYSTEM && c.code === WORK.SAFETY_FLAG,
          ),
      )
      .map((f) => {
        const detail = f.extension?.find((e) => e.url === FLAG_DETAIL_URL)?.valueReference
          ?.reference;
        return {
          flag: `Flag/${f.id}`,
          text: f.code.text ?? 'Safety concern',
          ...(f.period?.start ? { since: f.period.start } : {}),
          ...(detail ? { response: detail } : {}),
        };
      }),
    due: (due.resources as Task[]).map((t) => {
      const when = t.restriction?.period?.end;
      return {
        task: `Task/${t.id}`,
        description: t.description ?? 'PHQ-9 due',
        ...(when ? { due: when } : {}),
        overdue: when !== undefined && when.slice(0, 10) < day,
        ...(t.owner?.reference ? { owner: t.owner.reference } : {}),
      };
    }),
    suggestions,
  };
}
