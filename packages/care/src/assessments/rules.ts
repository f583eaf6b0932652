import type {
  Observation,
  Patient,
  Questionnaire,
  QuestionnaireResponse,
} from '@medplum/fhirtypes';
import { isOptedOutIn } from '../agents/opt-out.js';
import {
  SYSTEM_CONTEXT,
  searchInTransaction,
  type Queryable,
  type RequestContext,
  type ResourceWriter,
  type WriteHooks,
} from '@careweave/store';
import { careError } from '../shared/care-errors.js';
import { loadPatientTeam } from '../roster/patient-team.js';
import { patientIdOf } from '../roster/team-members.js';
import { AssessmentError } from './codes.js';
import { derivedObservations } from './derive.js';
import {
  answersOf,
  instrumentOf,
  instrumentQuestionnaire,
  scoreResponse,
  shippedInstrumentFor,
  type ScoredResponse,
} from './questionnaire.js';
import { ScoreError } from './score.js';
import {
  DEFAULT_RULE_CONFIG,
  mentalHealthSuggestion,
  openSuggestionRules,
  rescreenRule,
  safetyRule,
  socialNeedsRule,
  type AssessmentRuleConfig,
} from './work.js';

export interface AssessmentRulesOptions extends Partial<AssessmentRuleConfig> {
  now?: () => Date;
}

/** The Questionnaire a response answers: a shipped instrument by its canonical URL, else one stored. */
async function questionnaireOf(
  tx: Queryable,
  canonical: string | undefined,
  cache: Map<string, Questionnaire | undefined>,
): Promise<Questionnaire | undefined> {
  if (!canonical) return undefined;
  const shipped = shippedInstrumentFor(canonical);
  if (shipped) return instrumentQuestionnaire(shipped);
  if (cache.has(canonical)) return cache.get(canonical);
  const [url, version] = canonical.split('|');
  const pairs: [string, string][] = canonical.startsWith('Questionnaire/')
    ? [['_id', canonical.slice('Questionnaire/'.length)]]
    : [['url', url ?? canonical], ...(version ? [['version', version] as [string, string]] : [])];
  const found = await searchInTransaction(tx, SYSTEM_CONTEXT, 'Questionnaire', [
    ...pairs,
    ['_count', '1'],
    ['_total', 'none'],
  ]);
  const q = found.resources[0] as Questionnaire | undefined;
  cache.set(canonical, q);
  return q;
}

interface Scored {
  qr: QuestionnaireResponse & { id: string };
  scored: ScoredResponse;
  patientId: string | undefined;
  observations: Observation[];
}

/** Reads resources by id in one search per chunk (system context: rules see the whole record). */
async function byIds<T>(
  tx: Queryable,
  type: string,
  ids: readonly string[],
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const found = await searchInTransaction(tx, SYSTEM_CONTEXT, type, [
      ['_id', chunk.join(',')],
      ['_count', String(chunk.length)],
      ['_total', 'none'],
    ]);
    for (const r of found.resources) if (r.id) out.set(r.id, r as T);
  }
  return out;
}

function sameResult(a: Observation, b: Observation): boolean {
  return (
    a.status === b.status &&
    a.valueInteger === b.valueInteger &&
    JSON.stringify(a.valueCodeableConcept?.coding?.map((c) => c.code)) ===
      JSON.stringify(b.valueCodeableConcept?.coding?.map((c) => c.code))
  );
}

/**
 * The assessment rules of the one write path, as store WriteHooks (`deriveWrites`): when a
 * QuestionnaireResponse to a known instrument is written `completed` (or `amended`) — from the web
 * app, the portal, FHIR REST, a transaction bundle or an import — in that same transaction:
 * 1. it is scored as published (impossible answers reject the write, 422, naming the item);
 * 2. its Observations are written (total, depression screening, positive social-need domains),
 *    linked by `derivedFrom`, under ids derived from the response (a re-import changes nothing);
 * 3. the safety rule (PHQ-9 item 9 > 0: urgent task and flag) runs for every response, whatever
 *    its date — it must never be missed; it creates its task and flag once per response;
 * 4. for responses authored in the last `actOnDays` days, the other rules of work.ts run:
 *    suggested goal/activity, social-need concerns and suggested referrals, re-screening.
 * A response marked `entered-in-error` marks its Observations so.
 */
export function assessmentRules(options: AssessmentRulesOptions = {}): WriteHooks {
  const config: AssessmentRuleConfig = { ...DEFAULT_RULE_CONFIG, ...definedOnly(options) };
  const clock = options.now ?? (() => new Date());
  return {
    async deriveWrites(ctx: RequestContext, events, writer: ResourceWriter, tx: Queryable) {
      const responses = events
        .filter((e) => e.resourceType === 'QuestionnaireResponse' && e.type !== 'delete')
        .map((e) => e.resource as QuestionnaireResponse | undefined)
        .filter((r): r is QuestionnaireResponse & { id: string } => r?.id !== undefined);
      if (responses.length === 0) return;
      const now = clock();
      const cache = new Map<string, Questionnaire | undefined>();
      const scored: Scored[] = [];
      const retracted: string[] = [];
      const toScore: { qr: QuestionnaireResponse & { id: string }; q: Questionnaire }[] = [];
      for (const qr of responses) {
        if (!['completed', 'amended', 'entered-in-error'].includes(qr.status)) continue;
        const q = await questionnaireOf(tx, qr.questionnaire, cache);
        if (!q || !instrumentOf(q)) continue;
        if (qr.status === 'entered-in-error') retracted.push(qr.id);
        else toScore.push({ qr, q });
      }
      const patientIds = [
        ...new Set(toScore.map(({ qr }) => patientIdOf(qr.subject?.reference)).filter(Boolean)),
      ] as string[];
      const patients = await byIds<Patient>(tx, 'Patient', patientIds);
      for (const { qr, q } of toScore) {
        const instrument = instrumentOf(q);
        if (!instrument) continue;
        let result: ScoredResponse;
        try {
          result = scoreResponse(q, instrument, qr);
        } catch (err) {
          if (!(err instanceof ScoreError)) throw err;
          throw careError(
            err.kind === 'too-few-answers'
              ? AssessmentError.TOO_FEW_ANSWERS
              : AssessmentError.IMPOSSIBLE_ANSWER,
            'business-rule',
            `QuestionnaireResponse${qr.id ? `/${qr.id}` : ''} cannot be scored: ${err.message}`,
            'QuestionnaireResponse.item',
          );
        }
        const patientId = patientIdOf(qr.subject?.reference);
        const observations = patientId
          ? derivedObservations(
              qr,
              result,
              answersOf(q, instrument, qr),
              patients.get(patientId),
              now,
            )
          : [];
        scored.push({ qr, scored: result, patientId, observations });
      }
      // The derived Observations: new ones created, changed results (an amended response) updated,
      // identical ones (a re-import, or synth's own copies) left alone.
      const all = scored.flatMap((s) => s.observations);
      const existing = await byIds<Observation>(
        tx,
        'Observation',
        all.map((o) => o.id as string),
      );
      const changed = all.filter((o) => {
        const before = existing.get(o.id as string);
        return !before || !sameResult(before, o);
      });
      if (changed.length > 0) await writer.upsertMany(changed, { skipUnchanged: true });
      if (retracted.length > 0) await retract(writer, tx, retracted);
      const horizon = now.getTime() - config.actOnDays * 86_400_000;
      for (const s of scored.sort((a, b) =>
        (a.qr.authored ?? '').localeCompare(b.qr.authored ?? ''),
      )) {
        if (!s.patientId) continue;
        const authored = Date.parse(s.qr.authored ?? now.toISOString());
        const safety =
          s.scored.instrument.key === 'phq9' &&
          'safety' in s.scored.result &&
          s.scored.result.safety;
        const recent = authored >= horizon && authored <= now.getTime() + 86_400_000;
        if (!safety && !recent) continue;
        const pc = await loadPatientTeam(tx, SYSTEM_CONTEXT, s.patientId, now).catch(
          () => undefined,
        );
        if (!pc) continue;
        const input = { ...s, patientId: s.patientId, pc, now, config };
        if (safety) await safetyRule(writer, tx, input);
        if (!recent) continue;
        const open = await openSuggestionRules(tx, s.patientId);
        // A person who opted out of automated recommendations gets no suggestions (care/agents).
        const suggest = !(await isOptedOutIn(tx, s.patientId, now));
        if (suggest) await mentalHealthSuggestion(writer, tx, input, open);
        await socialNeedsRule(writer, tx, input, open, suggest);
        await rescreenRule(writer, tx, input);
      }
      void ctx;
    },
  };
}

/** A response entered in error takes its Observations with it. */
async function retract(
  writer: ResourceWriter,
  tx: Queryable,
  qrIds: readonly string[],
): Promise<void> {
  const found = await searchInTransaction(tx, SYSTEM_CONTEXT, 'Observation', [
    ['derived-from', qrIds.map((id) => `QuestionnaireResponse/${id}`).join(',')],
    ['_count', '1000'],
    ['_total', 'none'],
  ]);
  for (const o of found.resources as Observation[]) {
    if (o.status !== 'entered-in-error')
      await writer.update({ ...o, status: 'entered-in-error' }, `W/"${o.meta?.versionId}"`);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'now'),
  ) as Partial<T>;
}
