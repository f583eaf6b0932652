import type { Flag, QuestionnaireResponse, Task } from '@medplum/fhirtypes';
import { readInTransaction, type Repository, type RequestContext } from '@careweave/store';
import type {
  PortalAssignment,
  PortalQuestionnaires,
  PortalQuestionnaireSubmitted,
  PortalResult,
  QuestionnaireAssignmentRequest,
} from '@careweave/contract';
import { ASSESSMENT_WORK_SYSTEM, WORK } from '../assessments/codes.js';
import { derivedId } from '../assessments/derived-ids.js';
import { INSTRUMENTS, isInstrumentKey, type InstrumentKey } from '../assessments/instruments.js';
import { instrumentUrl } from '../assessments/questionnaire.js';
import { assessmentSummary } from '../assessments/summary.js';
import { actingName, addDays, today } from '../shared/acting.js';
import { invalidInput } from '../shared/care-errors.js';
import { patientIdOf } from '../roster/team-members.js';
import { isTaskStatus, pathTo } from '../tasks/state-machine.js';
import { personFor, subjectFor } from './whose.js';

/** `Task.code` of "please fill in this questionnaire" (owner: the patient, `input` the canonical). */
export const COMPLETE_QUESTIONNAIRE = 'complete-questionnaire';

/** The instruments a person fills in themself from the portal. */
export const PORTAL_INSTRUMENTS: readonly InstrumentKey[] = ['phq9', 'gad7', 'ahc-hrsn'];

const ABOUT: Readonly<Record<string, string>> = {
  phq9: 'Nine questions about your mood over the last two weeks.',
  gad7: 'Seven questions about worry and nerves over the last two weeks.',
  'ahc-hrsn': 'Questions about housing, food, transport, bills and safety at home.',
};

const TITLES: Readonly<Record<string, string>> = {
  phq9: 'Mood questionnaire (PHQ-9)',
  gad7: 'Worry and anxiety questionnaire (GAD-7)',
  'ahc-hrsn': 'Social needs questionnaire',
};

const OPEN = ['requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold'];

/**
 * A result in plain words. The bands are the published ones (PHQ-9: Kroenke, Spitzer & Williams
 * 2001; GAD-7: Spitzer et al. 2006; AHC-HRSN interpersonal safety ≥ 11: CMS AHC screening tool
 * guide 2021), scored by care/assessments; this only says them in everyday language.
 */
export function resultWords(key: InstrumentKey, score: number, band?: string): string {
  switch (key) {
    case 'phq9':
      return band === 'minimal'
        ? 'Your answers suggest few or no signs of depression.'
        : `Your answers suggest ${band ?? 'some'} symptoms of depression.`;
    case 'gad7':
      return band === 'minimal'
        ? 'Your answers suggest few or no signs of anxiety.'
        : `Your answers suggest ${band ?? 'some'} symptoms of anxiety.`;
    case 'phq2':
      return score >= 3
        ? 'Your answers suggest you may be feeling low; a longer questionnaire helps say more.'
        : 'Your answers suggest few signs of feeling low.';
    case 'ahc-hrsn':
      return score >= 11
        ? 'Your answers suggest you may not feel safe at home. Your team will talk with you about it.'
        : 'Your answers did not raise a concern about safety at home.';
  }
}

/** Lower is better for every score shown here. */
function trendWords(results: readonly PortalResult[]): string | undefined {
  const [previous, last] = results.slice(-2);
  if (!previous || !last) return undefined;
  if (last.score < previous.score)
    return `Lower than last time (${previous.score} → ${last.score}): things look better.`;
  if (last.score > previous.score)
    return `Higher than last time (${previous.score} → ${last.score}): your team will look at it with you.`;
  return `The same as last time (${last.score}).`;
}

function instrumentOfTask(task: Task): InstrumentKey | undefined {
  const canonical = task.input?.find((i) => i.valueCanonical)?.valueCanonical ?? '';
  return PORTAL_INSTRUMENTS.find((k) => canonical.split('|')[0] === instrumentUrl(INSTRUMENTS[k]));
}

/** `GET /api/me/questionnaires`: assigned forms, the forms the person can fill in, results over time. */
export async function myQuestionnaires(
  repo: Repository,
  ctx: RequestContext,
  now: Date = new Date(),
): Promise<PortalQuestionnaires> {
  const subject = await subjectFor(repo, ctx, 'questionnaires');
  const patient = `Patient/${subject.patientId}`;
  const [summary, tasks] = await Promise.all([
    assessmentSummary(repo, ctx, subject.patientId, now),
    repo.search(ctx, 'Task', [
      ['patient', patient],
      ['code', `${ASSESSMENT_WORK_SYSTEM}|${COMPLETE_QUESTIONNAIRE}`],
      ['status', OPEN.join(',')],
      ['_count', '50'],
    ]),
  ]);
  const day = today(now);
  const assigned: PortalAssignment[] = [];
  for (const task of tasks.resources as Task[]) {
    const key = instrumentOfTask(task);
    if (!key) continue;
    const due = task.restriction?.period?.end;
    assigned.push({
      task: `Task/${task.id}`,
      instrument: key,
      title: TITLES[key] ?? INSTRUMENTS[key].title,
      ...(due ? { due } : {}),
      overdue: due !== undefined && due.slice(0, 10) < day,
      ...(task.requester?.display ? { askedBy: task.requester.display } : {}),
    });
  }
  // A PHQ-9 the team plans to repeat (re-screening) is asked of the person too.
  for (const d of summary.due) {
    if (assigned.some((a) => a.instrument === 'phq9')) break;
    assigned.push({
      task: d.task,
      instrument: 'phq9',
      title: TITLES['phq9'] as string,
      ...(d.due ? { due: d.due } : {}),
      overdue: d.overdue,
    });
  }
  return {
    assigned,
    available: PORTAL_INSTRUMENTS.map((key) => ({
      instrument: key,
      title: TITLES[key] ?? INSTRUMENTS[key].title,
      questionnaire: `Questionnaire/${INSTRUMENTS[key].id}`,
      about: ABOUT[key] ?? '',
    })),
    results: summary.instruments
      .filter((i) => PORTAL_INSTRUMENTS.includes(i.key) && i.series.length > 0)
      .map((i) => {
        const results = i.series.map((p): PortalResult => {
          const band =
            i.key === 'phq9' || i.key === 'gad7' ? describeBand(i.key, p.score) : undefined;
          return {
            date: p.date,
            score: p.score,
            ...(band ? { band } : {}),
            words: resultWords(i.key, p.score, band),
          };
        });
        const trend = trendWords(results);
        return {
          instrument: i.key,
          title: TITLES[i.key] ?? i.title,
          results,
          ...(trend ? { trend } : {}),
        };
      }),
  };
}

function describeBand(key: 'phq9' | 'gad7', score: number): string {
  // Kroenke 2001 (PHQ-9) and Spitzer 2006 (GAD-7) cut points, as care/assessments scores them.
  const cuts: readonly [number, string][] =
    key === 'phq9'
      ? [
          [20, 'severe'],
          [15, 'moderately severe'],
          [10, 'moderate'],
          [5, 'mild'],
        ]
      : [
          [15, 'severe'],
          [10, 'moderate'],
          [5, 'mild'],
        ];
  return cuts.find(([at]) => score >= at)?.[1] ?? 'minimal';
}

/**
 * Asks a person to fill in a questionnaire (care staff): a Task owned by the Patient, code
 * `assessment-work#complete-questionnaire`, the Questionnaire's canonical URL as `input` (the
 * SDC "questionnaire task" pattern), due in `dueInDays` (7). It shows in the person's portal
 * under "My questionnaires" until they send their answers.
 */
export async function assignQuestionnaire(
  repo: Repository,
  ctx: RequestContext,
  input: Omit<QuestionnaireAssignmentRequest, 'patient'> & { patientId: string },
  now: Date = new Date(),
): Promise<Task> {
  if (!isInstrumentKey(input.instrument) || !PORTAL_INSTRUMENTS.includes(input.instrument))
    throw invalidInput(`instrument must be one of ${PORTAL_INSTRUMENTS.join(', ')}`, 'instrument');
  const days = input.dueInDays ?? 7;
  if (!Number.isInteger(days) || days < 0 || days > 365)
    throw invalidInput('dueInDays must be a whole number of days (0-365)', 'dueInDays');
  const instrument = INSTRUMENTS[input.instrument];
  await repo.read(ctx, 'Patient', input.patientId);
  const name = actingName(ctx);
  return (
    await repo.create<Task>(ctx, {
      resourceType: 'Task',
      status: 'requested',
      intent: 'order',
      priority: 'routine',
      code: {
        coding: [
          {
            system: ASSESSMENT_WORK_SYSTEM,
            code: COMPLETE_QUESTIONNAIRE,
            display: 'Complete questionnaire',
          },
        ],
        text: 'Complete questionnaire',
      },
      description: `Please fill in the ${TITLES[instrument.key] ?? instrument.title}`,
      for: { reference: `Patient/${input.patientId}` },
      owner: { reference: `Patient/${input.patientId}` },
      ...(ctx.actor.includes('/')
        ? { requester: { reference: ctx.actor, ...(name ? { display: name } : {}) } }
        : {}),
      authoredOn: now.toISOString(),
      restriction: { period: { end: addDays(now, days) } },
      input: [
        {
          type: { text: 'questionnaire' },
          valueCanonical: instrumentUrl(instrument),
        },
      ],
      ...(input.note ? { note: [{ text: input.note, time: now.toISOString() }] } : {}),
    })
  ).resource;
}

/**
 * The person sends their answers: the QuestionnaireResponse (author and source = the Patient) is
 * written through the one write path — so the assessment rules score it and make the team's work
 * (safety task and flag, suggestions, re-screening) in the same transaction — and the person's
 * open requests for that questionnaire are completed with it. Answers `safety: true` when the
 * rules raised a safety flag, so the portal can say at once what happens next.
 */
export async function submitQuestionnaire(
  repo: Repository,
  ctx: RequestContext,
  instrumentKey: string,
  response: QuestionnaireResponse,
  now: Date = new Date(),
): Promise<PortalQuestionnaireSubmitted> {
  if (!isInstrumentKey(instrumentKey) || !PORTAL_INSTRUMENTS.includes(instrumentKey))
    throw invalidInput(`Unknown questionnaire ${JSON.stringify(instrumentKey)}`, 'instrument');
  const subject = await personFor(repo, ctx, 'questionnaires');
  const instrument = INSTRUMENTS[instrumentKey];
  if (response?.resourceType !== 'QuestionnaireResponse')
    throw invalidInput('The body must be a QuestionnaireResponse', 'resourceType');
  const canonical = (response.questionnaire ?? '').split('|')[0];
  if (canonical !== instrumentUrl(instrument) && canonical !== `Questionnaire/${instrument.id}`)
    throw invalidInput(`This response does not answer the ${instrument.title}`, 'questionnaire');
  const subjectRef = patientIdOf(response.subject?.reference);
  if (subjectRef !== undefined && subjectRef !== subject.patientId)
    throw invalidInput('You can answer questionnaires only about yourself', 'subject');
  const me = { reference: `Patient/${subject.patientId}` };
  return repo.inTransaction(ctx, async (w, tx) => {
    const { id: _id, meta: _meta, ...rest } = response;
    const stored = await w.create<QuestionnaireResponse>({
      ...rest,
      questionnaire: instrumentUrl(instrument),
      status: 'completed',
      subject: me,
      author: me,
      source: me,
      authored: response.authored ?? now.toISOString(),
    });
    const open = await repo.searchIn(ctx, tx, 'Task', [
      ['patient', me.reference],
      ['code', `${ASSESSMENT_WORK_SYSTEM}|${COMPLETE_QUESTIONNAIRE}`],
      ['status', OPEN.join(',')],
      ['_count', '50'],
      ['_total', 'none'],
    ]);
    for (const task of open.resources as Task[]) {
      if (instrumentOfTask(task) !== instrumentKey) continue;
      let current = task;
      const from = isTaskStatus(task.status) ? task.status : 'requested';
      // Along the FHIR task state machine (requested → accepted → in-progress → completed).
      for (const status of pathTo(from, 'completed', task.id)) {
        const last = status === 'completed';
        current = (
          await w.update<Task>(
            {
              ...current,
              status,
              ...(last
                ? {
                    output: [
                      {
                        type: { text: 'questionnaire-response' },
                        valueReference: { reference: `QuestionnaireResponse/${stored.id}` },
                      },
                    ],
                    executionPeriod: { ...current.executionPeriod, end: now.toISOString() },
                  }
                : {}),
            },
            `W/"${current.meta?.versionId}"`,
          )
        ).resource;
      }
    }
    const flag = await readInTransaction<Flag>(
      tx,
      ctx,
      'Flag',
      derivedId(stored.id as string, 'safety-flag'),
    ).catch(() => undefined);
    return {
      response: `QuestionnaireResponse/${stored.id}`,
      safety:
        flag?.status === 'active' &&
        (flag.code.coding ?? []).some(
          (c) => c.system === ASSESSMENT_WORK_SYSTEM && c.code === WORK.SAFETY_FLAG,
        ),
    };
  });
}
