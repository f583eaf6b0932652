/**
 * PHQ-9, GAD-7 and AHC-HRSN screenings: a QuestionnaireResponse with coded item answers and the
 * scored Observation(s) derived from it (category survey). Item scores always sum to the total in
 * both the response and the Observation, so scoring code can be checked against either.
 */
import type {
  Observation,
  QuestionnaireResponse,
  QuestionnaireResponseItem,
} from '@medplum/fhirtypes';
import { SYSTEM } from './codes.js';
import { patientRef, practitionerRef, type PersonContext } from './context.js';
import { socialNeedsAt } from './person-model.js';
import type { SocialNeedKey } from './prevalence.js';
import {
  FREQUENCY_ANSWERS,
  GAD7_ITEMS,
  HRSN_ANSWERS,
  HRSN_ITEMS,
  INSTRUMENT,
  loinc,
  PHQ9_ITEMS,
  QUESTIONNAIRES,
  SAFETY_ANSWERS,
  type Answer,
} from './questionnaires.js';
import type { Rng } from './random.js';
import { formatDateTime } from './time.js';
import type { StaffMember } from './workforce.js';

/**
 * Splits `total` into `n` item scores in [min, max]; the last item (e.g. PHQ-9 item 9) is drawn with
 * `lastItemWeight` — 0 means it takes points only once every other item is full.
 */
export function distributeScore(
  rng: Rng,
  total: number,
  n: number,
  min: number,
  max: number,
  lastItemWeight = 1,
): number[] {
  const scores = new Array<number>(n).fill(min);
  let remaining = Math.max(0, Math.min(total, n * max) - n * min);
  while (remaining > 0) {
    const weights: [number, number][] = [];
    const othersFull = scores.every((s, i) => i === n - 1 || s >= max);
    scores.forEach((s, i) => {
      if (s >= max) return;
      if (i !== n - 1) weights.push([i, 1]);
      else if (lastItemWeight > 0 || othersFull)
        weights.push([i, lastItemWeight > 0 ? lastItemWeight : 1]);
    });
    const i = rng.weighted(weights);
    scores[i] = (scores[i] ?? min) + 1;
    remaining--;
  }
  return scores;
}

/** How far back from "today" synthetic PHQ-9 responses may endorse item 9 (self-harm). */
const RECENT_SELF_HARM_DAYS = 28;

function answerFor(answers: readonly Answer[], score: number): Answer {
  const found = answers.find((x) => x.score === score);
  if (!found) throw new Error(`No answer scoring ${score}`);
  return found;
}

function itemAnswer(code: string, text: string, answer: Answer): QuestionnaireResponseItem {
  return { linkId: code, text, answer: [{ valueCoding: loinc(answer.code, answer.display) }] };
}

function response(
  ctx: PersonContext,
  key: keyof typeof QUESTIONNAIRES,
  encounterId: string,
  time: number,
  author: StaffMember,
  item: QuestionnaireResponseItem[],
): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id: ctx.ids.next(),
    questionnaire: QUESTIONNAIRES[key].url,
    status: 'completed',
    subject: patientRef(ctx),
    encounter: { reference: `Encounter/${encounterId}` },
    authored: formatDateTime(time),
    author: practitionerRef(author),
    source: patientRef(ctx),
    item,
  };
}

/**
 * The id the assessment engine (care/assessments `derivedId`) gives the Observation it derives
 * from a response, so that importing these screenings and re-deriving them finds these
 * Observations instead of making second copies: `{response id}-{what}` (`score`, `food`, …).
 */
export function derivedObservationId(qrId: string, suffix: string): string {
  return `${qrId}-${suffix}`;
}

function surveyObservation(
  ctx: PersonContext,
  qr: QuestionnaireResponse,
  encounterId: string,
  code: string,
  display: string,
  time: number,
  author: StaffMember,
  social = false,
  suffix = 'score',
): Observation {
  const category: NonNullable<Observation['category']> = [
    { coding: [{ system: SYSTEM.OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] },
  ];
  if (social) {
    category.push({
      coding: [
        { system: SYSTEM.OBSERVATION_CATEGORY, code: 'social-history', display: 'Social History' },
      ],
    });
    category.push({ coding: [{ system: SYSTEM.US_CORE_CATEGORY, code: 'sdoh', display: 'SDOH' }] });
  }
  ctx.ids.next(); // keeps every later id of this person as it was before derived ids
  return {
    resourceType: 'Observation',
    id: derivedObservationId(qr.id ?? '', suffix),
    status: 'final',
    category,
    code: { coding: [loinc(code, display)], text: display },
    subject: patientRef(ctx),
    encounter: { reference: `Encounter/${encounterId}` },
    effectiveDateTime: formatDateTime(time),
    performer: [practitionerRef(author)],
    derivedFrom: [{ reference: `QuestionnaireResponse/${qr.id ?? ''}` }],
  };
}

/** A PHQ-9 or GAD-7 response with its total-score Observation (valueInteger). */
export function frequencyInstrument(
  ctx: PersonContext,
  which: 'phq9' | 'gad7',
  total: number,
  encounterId: string,
  time: number,
  author: StaffMember,
): [QuestionnaireResponse, Observation] {
  const items = which === 'phq9' ? PHQ9_ITEMS : GAD7_ITEMS;
  // PHQ-9 item 9 (self-harm) is endorsed far less often than the others. The assessments engine
  // raises an urgent safety task for every item-9 response it has not seen acted on, whatever its
  // date, so the synthetic history endorses item 9 only in the last weeks before "today": older
  // ones would stand for crises whose follow-up the generator does not model.
  const recent = time >= ctx.window.asOf - RECENT_SELF_HARM_DAYS;
  const lastWeight = which !== 'phq9' ? 1 : recent ? 0.15 : 0;
  const scores = distributeScore(ctx.rng, total, items.length, 0, 3, lastWeight);
  const sum = scores.reduce((s, v) => s + v, 0);
  const instrument = INSTRUMENT[which];
  const qr = response(ctx, which, encounterId, time, author, [
    ...items.map(([code, text], i) =>
      itemAnswer(code, text, answerFor(FREQUENCY_ANSWERS, scores[i] ?? 0)),
    ),
    { linkId: instrument.total, text: instrument.totalDisplay, answer: [{ valueInteger: sum }] },
  ]);
  const obs = surveyObservation(
    ctx,
    qr,
    encounterId,
    instrument.total,
    instrument.totalDisplay,
    time,
    author,
  );
  obs.valueInteger = sum;
  return [qr, obs];
}

/**
 * An AHC-HRSN screening reflecting the needs active at `time`: the response, the safety total score
 * Observation (95614-4, always, sum of the four HITS items), and one Observation per positive
 * domain (code = the question, value = the answer), recorded as evidence for the need's Condition.
 */
export function hrsnScreening(
  ctx: PersonContext,
  encounterId: string,
  time: number,
  author: StaffMember,
): (QuestionnaireResponse | Observation)[] {
  const rng = ctx.rng;
  const needs = new Map(socialNeedsAt(ctx.person, time).map((n) => [n.key, n]));
  const A = HRSN_ANSWERS;
  const housing = needs.get('housing');
  const living = housing ? (housing.homeless ? A.noSteadyPlace : A.worriedLosing) : A.steadyPlace;
  const problems =
    housing && !housing.homeless && rng.chance(0.5)
      ? [rng.pick([A.pests, A.mold, A.lackOfHeat, A.waterLeaks])]
      : [A.noneOfTheAbove];
  const food = needs.has('food')
    ? [
        rng.pick([A.oftenTrue, A.sometimesTrue]),
        rng.pick([A.oftenTrue, A.sometimesTrue, A.neverTrue]),
      ]
    : [A.neverTrue, A.neverTrue];
  const transport = needs.has('transport') ? A.yes : A.no;
  const utilities = needs.has('utilities') ? (rng.chance(0.3) ? A.alreadyShutOff : A.yes) : A.no;
  // Safety total > 10 is positive (AHC tool); without a safety need keep it at 4–8.
  const safetyTotal = needs.has('safety') ? rng.int(11, 17) : 4 + Math.floor(5 * rng.next() ** 3);
  const safetyScores = distributeScore(rng, safetyTotal, 4, 1, 5);
  const h = HRSN_ITEMS;
  const safetyItems = [h.hurt, h.insult, h.threaten, h.scream];
  const qr = response(ctx, 'hrsn', encounterId, time, author, [
    itemAnswer(h.livingSituation[0], h.livingSituation[1], living),
    {
      linkId: h.housingProblems[0],
      text: h.housingProblems[1],
      answer: problems.map((p) => ({ valueCoding: loinc(p.code, p.display) })),
    },
    itemAnswer(h.foodWorry[0], h.foodWorry[1], food[0] ?? A.neverTrue),
    itemAnswer(h.foodDidNotLast[0], h.foodDidNotLast[1], food[1] ?? A.neverTrue),
    itemAnswer(h.transport[0], h.transport[1], transport),
    itemAnswer(h.utilities[0], h.utilities[1], utilities),
    ...safetyItems.map(([code, text], i) =>
      itemAnswer(code, text, answerFor(SAFETY_ANSWERS, safetyScores[i] ?? 1)),
    ),
    {
      linkId: INSTRUMENT.hrsn.total,
      text: INSTRUMENT.hrsn.totalDisplay,
      answer: [{ valueInteger: safetyScores.reduce((s, v) => s + v, 0) }],
    },
  ]);
  const out: (QuestionnaireResponse | Observation)[] = [qr];
  const safetyObs = surveyObservation(
    ctx,
    qr,
    encounterId,
    INSTRUMENT.hrsn.total,
    INSTRUMENT.hrsn.totalDisplay,
    time,
    author,
    true,
  );
  safetyObs.valueInteger = safetyScores.reduce((s, v) => s + v, 0);
  out.push(safetyObs);
  if (needs.has('safety')) note(ctx, 'safety', safetyObs);

  // One Observation per positive domain, under the engine's domain names (AHC-HRSN scoring).
  const positive: [SocialNeedKey, string, readonly [string, string], Answer][] = [];
  if (housing) positive.push(['housing', 'living-situation', h.livingSituation, living]);
  if (needs.has('food')) positive.push(['food', 'food', h.foodWorry, food[0] ?? A.oftenTrue]);
  if (needs.has('transport'))
    positive.push(['transport', 'transportation', h.transport, transport]);
  if (needs.has('utilities')) positive.push(['utilities', 'utilities', h.utilities, utilities]);
  for (const [need, domain, [code, text], answer] of positive) {
    const obs = surveyObservation(ctx, qr, encounterId, code, text, time, author, true, domain);
    obs.valueCodeableConcept = {
      coding: [loinc(answer.code, answer.display)],
      text: answer.display,
    };
    out.push(obs);
    note(ctx, need, obs);
  }
  return out;
}

function note(ctx: PersonContext, need: SocialNeedKey, obs: Observation): void {
  const list = ctx.needEvidence.get(need) ?? [];
  if (obs.id) list.push(obs.id);
  ctx.needEvidence.set(need, list);
}
