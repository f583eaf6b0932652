/**
 * The rules that turn results into work, each citing its guideline. They run inside the write of
 * the response (rules.ts), so every path — web, FHIR create, transaction bundle, import — gets them,
 * and they are idempotent: every resource made has an id derived from the response, so deriving
 * again finds it instead of making a second one.
 */
import type {
  Condition,
  Flag,
  Goal,
  HealthcareService,
  Observation,
  QuestionnaireResponse,
  Reference,
  Task,
  TaskInput,
} from '@medplum/fhirtypes';
import {
  SYSTEM_CONTEXT,
  searchInTransaction,
  type Queryable,
  type ResourceWriter,
} from '@careweave/store';
import { addDays, today } from '../shared/acting.js';
import { domainConcept } from '../plans/codes.js';
import type { PatientTeam } from '../roster/patient-team.js';
import {
  CONDITION_CATEGORY_SYSTEM,
  DERIVED_BY_URL,
  LOINC_SYSTEM,
  US_CORE_CATEGORY_SYSTEM,
  WORK,
  ASSESSMENT_WORK_SYSTEM,
  workConcept,
} from './codes.js';
import { derivedId } from './derived-ids.js';
import type { ScoredResponse } from './questionnaire.js';
import type { Gad7Result, HrsnDomain, HrsnResult, Phq9Result } from './score.js';
import { DOMAIN_LABEL, SERVICE_CRITERIA, concernFor } from './social-needs.js';

/** The configurable parts of the rules. */
export interface AssessmentRuleConfig {
  /** Rules that create work act on responses authored at most this many days ago (an imported history is scored, not alarmed on). */
  actOnDays: number;
  /** PHQ-9 re-screening while ≥ 10: due this many days after the last PHQ-9 (default 4 weeks)… */
  rescreenAfterDays: number;
  /** …and no later than this many days after it (default 12 weeks). */
  rescreenWithinDays: number;
  /** PHQ-9 or GAD-7 at or above this suggests a mental-health goal and activity (default 10). */
  suggestAt: number;
}

export const DEFAULT_RULE_CONFIG: AssessmentRuleConfig = {
  actOnDays: 30,
  rescreenAfterDays: 28,
  rescreenWithinDays: 84,
  suggestAt: 10,
};

export const FLAG_DETAIL_URL = 'http://hl7.org/fhir/StructureDefinition/flag-detail';
const FLAG_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/flag-category';
const AUTHOR = /^(Practitioner|PractitionerRole|Organization|Patient)\//;

/** Who follows up a safety concern: the behavioural-health clinician on the team, else the coordinator. */
export function behaviouralHealthOwner(pc: PatientTeam): string | undefined {
  return (
    pc.members.find((m) => m.role === 'psychologist' || m.role === 'psychiatrist')?.reference ??
    coordinatorOf(pc)
  );
}

/** The care coordinator of record, else a coordinator on the team, else the team itself. */
export function coordinatorOf(pc: PatientTeam): string | undefined {
  return (
    pc.careManager ??
    pc.members.find((m) => m.role === 'care-coordinator')?.reference ??
    (pc.teams[0] ? `CareTeam/${pc.teams[0].id}` : undefined)
  );
}

async function exists(tx: Queryable, type: string, id: string): Promise<boolean> {
  const found = await searchInTransaction(tx, SYSTEM_CONTEXT, type, [
    ['_id', id],
    ['_total', 'none'],
  ]);
  return found.resources.length > 0;
}

/** Creates `resource` under its derived id unless it was made before (deriving twice makes nothing new). */
async function createOnce<T extends Task | Flag | Goal | Condition>(
  w: ResourceWriter,
  tx: Queryable,
  resource: T & { id: string },
): Promise<T | undefined> {
  if (await exists(tx, resource.resourceType, resource.id)) return undefined;
  return w.create(resource, resource.id);
}

/** What the rules need to know about one scored response. */
export interface ActInput {
  qr: QuestionnaireResponse & { id: string };
  scored: ScoredResponse;
  patientId: string;
  pc: PatientTeam;
  /** The response's score Observation (for `reasonReference` and evidence). */
  observations: readonly Observation[];
  now: Date;
  config: AssessmentRuleConfig;
}

function patient(i: ActInput): Reference {
  return { reference: `Patient/${i.patientId}` };
}

function requester(i: ActInput): Pick<Task, 'requester'> {
  const a = i.qr.author?.reference;
  return a && /^(Practitioner|PractitionerRole|Organization|Patient|RelatedPerson)\//.test(a)
    ? { requester: { reference: a } }
    : {};
}

function scoreRef(i: ActInput, suffix = 'score'): Reference[] {
  const id = derivedId(i.qr.id, suffix);
  return i.observations.some((o) => o.id === id) ? [{ reference: `Observation/${id}` }] : [];
}

function answerText(i: ActInput): string {
  const r = i.scored.result as Phq9Result;
  return `PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0 on ${(i.qr.authored ?? i.now.toISOString()).slice(0, 10)}; total ${r.score} (${r.band})`;
}

/**
 * PHQ-9 item 9 > 0, whatever the total: an urgent Task due today to the behavioural-health
 * clinician (else the coordinator) and a safety Flag. Kroenke 2001 and the PHQ-9 instructions:
 * any positive answer to item 9 needs a same-day assessment of suicide risk (also NICE NG225 §1.5,
 * Joint Commission NPSG 15.01.01).
 */
export async function safetyRule(w: ResourceWriter, tx: Queryable, i: ActInput): Promise<void> {
  const owner = behaviouralHealthOwner(i.pc);
  const author = i.qr.author?.reference;
  await createOnce<Task>(w, tx, {
    resourceType: 'Task',
    id: derivedId(i.qr.id, 'safety-task'),
    extension: [{ url: DERIVED_BY_URL, valueString: 'PHQ-9 item 9 > 0' }],
    status: 'requested',
    intent: 'order',
    priority: 'urgent',
    code: workConcept(WORK.SAFETY_FOLLOW_UP, 'Safety assessment today (PHQ-9 item 9)'),
    description: `Urgent: assess safety today — ${answerText(i)}`,
    for: patient(i),
    focus: { reference: `QuestionnaireResponse/${i.qr.id}` },
    reasonReference: scoreRef(i)[0] ?? { reference: `QuestionnaireResponse/${i.qr.id}` },
    authoredOn: i.now.toISOString(),
    ...requester(i),
    ...(owner ? { owner: { reference: owner } } : {}),
    restriction: { period: { end: today(i.now) } },
  });
  await createOnce<Flag>(w, tx, {
    resourceType: 'Flag',
    id: derivedId(i.qr.id, 'safety-flag'),
    extension: [
      { url: FLAG_DETAIL_URL, valueReference: { reference: `QuestionnaireResponse/${i.qr.id}` } },
    ],
    status: 'active',
    category: [{ coding: [{ system: FLAG_CATEGORY_SYSTEM, code: 'safety', display: 'Safety' }] }],
    code: workConcept(WORK.SAFETY_FLAG, 'Thoughts of self-harm reported (PHQ-9 item 9)'),
    subject: patient(i) as Flag['subject'],
    period: { start: i.qr.authored ?? i.now.toISOString() },
    ...(author && AUTHOR.test(author) ? { author: { reference: author } } : {}),
  });
}

/** Open suggestions of the patient, by their rule (so one open suggestion per rule at a time). */
async function openSuggestionRules(tx: Queryable, patientId: string): Promise<Set<string>> {
  const found = await searchInTransaction(tx, SYSTEM_CONTEXT, 'Task', [
    ['patient', `Patient/${patientId}`],
    ['code', `${ASSESSMENT_WORK_SYSTEM}|${WORK.SUGGESTION}`],
    ['status', 'requested'],
    ['_count', '100'],
    ['_total', 'none'],
  ]);
  return new Set(
    (found.resources as Task[]).flatMap((t) =>
      (t.input ?? []).filter((x) => x.type.text === 'rule').map((x) => x.valueString ?? ''),
    ),
  );
}

function input(name: string, value: Partial<TaskInput>): TaskInput {
  return { type: { text: name }, ...value };
}

/**
 * PHQ-9 ≥ 10 or GAD-7 ≥ 10 (moderate symptoms or worse): a suggested mental-health goal (a
 * proposed Goal) and activity for the team to accept or dismiss. NICE NG222 (2022) and the
 * collaborative-care model (Unützer, IMPACT, JAMA 2002; AIMS Center): measurement-based
 * treatment with a target of response (PHQ-9 < 10 or 50% lower) within 12 weeks, led by a
 * behavioural-health clinician with the care coordinator.
 */
export async function mentalHealthSuggestion(
  w: ResourceWriter,
  tx: Queryable,
  i: ActInput,
  open: Set<string>,
): Promise<void> {
  const key = i.scored.instrument.key;
  if (key !== 'phq9' && key !== 'gad7') return;
  const r = i.scored.result as Phq9Result | Gad7Result;
  if (r.score < i.config.suggestAt) return;
  const rule = `${key}-at-least-${i.config.suggestAt}`;
  if (open.has(rule)) return;
  const depression = key === 'phq9';
  const measure = depression ? 'PHQ-9' : 'GAD-7';
  const goal = await createOnce<Goal>(w, tx, {
    resourceType: 'Goal',
    id: derivedId(i.qr.id, 'proposed-goal'),
    lifecycleStatus: 'proposed',
    category: [domainConcept('mental')],
    description: {
      text: depression
        ? 'Feel less depressed: PHQ-9 below 10 within 12 weeks'
        : 'Feel less anxious: GAD-7 below 10 within 12 weeks',
    },
    subject: patient(i) as Goal['subject'],
    target: [
      {
        measure: {
          coding: [
            { system: LOINC_SYSTEM, code: i.scored.instrument.total.code, display: measure },
          ],
        },
        detailQuantity: { value: 10, comparator: '<', unit: 'score' },
        dueDate: addDays(i.now, 84),
      },
    ],
  });
  if (!goal) return;
  const owner = coordinatorOf(i.pc);
  await createOnce<Task>(w, tx, {
    resourceType: 'Task',
    id: derivedId(i.qr.id, 'suggest-goal'),
    status: 'requested',
    intent: 'proposal',
    priority: 'routine',
    code: workConcept(WORK.SUGGESTION, 'Suggestion to accept or dismiss'),
    description: `Suggested mental-health goal and activity: ${measure} ${r.score} (${r.band})`,
    for: patient(i),
    focus: { reference: `Goal/${goal.id}` },
    reasonReference: scoreRef(i)[0] ?? { reference: `QuestionnaireResponse/${i.qr.id}` },
    authoredOn: i.now.toISOString(),
    ...(owner ? { owner: { reference: owner } } : {}),
    input: [
      input('kind', { valueString: 'goal' }),
      input('rule', { valueString: rule }),
      input('domain', { valueString: 'mental' }),
      input('activity', {
        valueString: depression
          ? 'Behavioural-health assessment and treatment plan (collaborative care), repeat PHQ-9 every 4 weeks'
          : 'Behavioural-health assessment and treatment plan for anxiety, repeat GAD-7 every 4 weeks',
      }),
      input('activity-role', { valueString: 'psychologist' }),
      input('why', {
        valueString: `${measure} ${r.score} (${r.band}) is at or above ${i.config.suggestAt}: NICE NG222 / collaborative care (IMPACT) — treat to target with a behavioural-health clinician`,
      }),
    ],
  });
}

/**
 * A positive AHC-HRSN domain: a health concern (Condition, category health-concern and US Core
 * sdoh, Gravity SDOH code) unless one is already active, and a suggested referral to the matching
 * directory services (HL7 Gravity SDOH Clinical Care: concern → referral to a community service).
 */
export async function socialNeedsRule(
  w: ResourceWriter,
  tx: Queryable,
  i: ActInput,
  open: Set<string>,
  suggest = true,
): Promise<void> {
  if (i.scored.instrument.key !== 'ahc-hrsn') return;
  const r = i.scored.result as HrsnResult;
  const homeless = (i.qr.item ?? []).some((it) =>
    (it.answer ?? []).some((a) => a.valueCoding?.code === 'LA31995-6'),
  );
  for (const domain of r.positive) {
    const code = concernFor(domain, homeless);
    const evidence = scoreRef(i, domain === 'interpersonal-safety' ? 'score' : domain);
    const conditionId = await ensureConcern(w, tx, i, domain, code, evidence);
    const rule = `ahc-hrsn-${domain}`;
    if (!suggest || open.has(rule)) continue;
    const services = await matchingServices(tx, domain);
    if (services.length === 0) continue;
    const owner = coordinatorOf(i.pc);
    await createOnce<Task>(w, tx, {
      resourceType: 'Task',
      id: derivedId(i.qr.id, `suggest-${domain}`),
      status: 'requested',
      intent: 'proposal',
      priority: domain === 'interpersonal-safety' ? 'asap' : 'routine',
      code: workConcept(WORK.SUGGESTION, 'Suggestion to accept or dismiss'),
      description: `Suggested referral for ${code.text?.toLowerCase()}: ${services.map((s) => s.name).join(', ')}`,
      for: patient(i),
      ...(conditionId ? { focus: { reference: `Condition/${conditionId}` } } : {}),
      reasonReference: evidence[0] ?? { reference: `QuestionnaireResponse/${i.qr.id}` },
      authoredOn: i.now.toISOString(),
      ...(owner ? { owner: { reference: owner } } : {}),
      input: [
        input('kind', { valueString: 'referral' }),
        input('rule', { valueString: rule }),
        input('domain', { valueString: 'social' }),
        input('need', { valueString: code.text ?? DOMAIN_LABEL[domain] }),
        ...services.map((s) =>
          input('service', {
            valueReference: { reference: `HealthcareService/${s.id}`, display: s.name },
          }),
        ),
        input('why', {
          valueString: `AHC-HRSN ${DOMAIN_LABEL[domain].toLowerCase()} positive (CMS AHC screening rules)`,
        }),
      ],
    });
  }
}

async function ensureConcern(
  w: ResourceWriter,
  tx: Queryable,
  i: ActInput,
  domain: HrsnDomain,
  code: Condition['code'] & object,
  evidence: Reference[],
): Promise<string | undefined> {
  const coding = code.coding?.[0];
  const active = await searchInTransaction(tx, SYSTEM_CONTEXT, 'Condition', [
    ['patient', `Patient/${i.patientId}`],
    ['code', `${coding?.system}|${coding?.code}`],
    ['clinical-status', 'active'],
    ['_count', '1'],
    ['_total', 'none'],
  ]);
  if (active.resources[0]) return active.resources[0].id;
  const made = await createOnce<Condition>(w, tx, {
    resourceType: 'Condition',
    id: derivedId(i.qr.id, `concern-${domain}`),
    extension: [{ url: DERIVED_BY_URL, valueString: `AHC-HRSN ${domain} positive` }],
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    verificationStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
      ],
    },
    category: [
      {
        coding: [
          { system: CONDITION_CATEGORY_SYSTEM, code: 'health-concern', display: 'Health Concern' },
        ],
      },
      { coding: [{ system: US_CORE_CATEGORY_SYSTEM, code: 'sdoh', display: 'SDOH' }] },
    ],
    code,
    subject: patient(i) as Condition['subject'],
    recordedDate: i.qr.authored ?? i.now.toISOString(),
    ...(evidence.length ? { evidence: [{ detail: evidence }] } : {}),
  });
  return made?.id ?? derivedId(i.qr.id, `concern-${domain}`);
}

/** Directory services that meet the need (active HealthcareServices of the domain's types). */
export async function matchingServices(
  tx: Queryable,
  domain: HrsnDomain,
): Promise<HealthcareService[]> {
  const seen = new Map<string, HealthcareService>();
  for (const criterion of SERVICE_CRITERIA[domain]) {
    const found = await searchInTransaction(tx, SYSTEM_CONTEXT, 'HealthcareService', [
      criterion,
      ['active', 'true'],
      ['_count', '5'],
      ['_total', 'none'],
    ]);
    for (const s of found.resources as HealthcareService[]) if (s.id) seen.set(s.id, s);
  }
  return [...seen.values()].slice(0, 5);
}

/**
 * Re-screening: while the PHQ-9 stays ≥ 10, a PHQ-9 is due again 4-12 weeks later (configurable)
 * — measurement-based care in NICE NG222 and the AIMS Center collaborative-care guidance (repeat
 * the PHQ-9 at least monthly during active treatment, review at 8-12 weeks). A new PHQ-9 completes
 * the open re-screening tasks it fulfils.
 */
export async function rescreenRule(w: ResourceWriter, tx: Queryable, i: ActInput): Promise<void> {
  if (i.scored.instrument.key !== 'phq9') return;
  const r = i.scored.result as Phq9Result;
  const authored = i.qr.authored ?? i.now.toISOString();
  const open = await searchInTransaction(tx, SYSTEM_CONTEXT, 'Task', [
    ['patient', `Patient/${i.patientId}`],
    ['code', `${ASSESSMENT_WORK_SYSTEM}|${WORK.RESCREEN}`],
    ['status', 'requested,accepted,in-progress'],
    ['_count', '50'],
    ['_total', 'none'],
  ]);
  for (const task of open.resources as Task[]) {
    if (task.id === derivedId(i.qr.id, 'rescreen') || (task.authoredOn ?? '') > authored) continue;
    let current = task;
    const path: Task['status'][] =
      task.status === 'requested'
        ? ['accepted', 'in-progress', 'completed']
        : task.status === 'accepted'
          ? ['in-progress', 'completed']
          : ['completed'];
    for (const status of path) {
      const next: Task = { ...current, status };
      if (status === 'completed') {
        next.output = [
          ...(current.output ?? []),
          {
            type: { text: 'outcome' },
            valueReference: { reference: `QuestionnaireResponse/${i.qr.id}` },
          },
        ];
        next.executionPeriod = { ...current.executionPeriod, end: i.now.toISOString() };
      }
      current = (await w.update(next, `W/"${current.meta?.versionId}"`)).resource;
    }
  }
  if (r.score < PHQ9_RESCREEN_AT) return;
  const from = new Date(Date.parse(authored));
  const owner = behaviouralHealthOwner(i.pc);
  await createOnce<Task>(w, tx, {
    resourceType: 'Task',
    id: derivedId(i.qr.id, 'rescreen'),
    extension: [{ url: DERIVED_BY_URL, valueString: 'PHQ-9 ≥ 10: re-screen in 4-12 weeks' }],
    status: 'requested',
    intent: 'order',
    priority: 'routine',
    code: workConcept(WORK.RESCREEN, 'PHQ-9 due'),
    description: `Repeat the PHQ-9 (last ${r.score}, ${r.band}, on ${authored.slice(0, 10)}; every ${Math.round(i.config.rescreenAfterDays / 7)}-${Math.round(i.config.rescreenWithinDays / 7)} weeks while 10 or more)`,
    for: patient(i),
    focus: { reference: `QuestionnaireResponse/${i.qr.id}` },
    authoredOn: i.now.toISOString(),
    ...(owner ? { owner: { reference: owner } } : {}),
    restriction: {
      period: {
        start: addDays(from, i.config.rescreenAfterDays),
        end: addDays(from, i.config.rescreenAfterDays),
      },
    },
    input: [
      input('instrument', { valueCanonical: 'https://careweave.org/fhir/Questionnaire/phq-9' }),
      input('latest', {
        valueString: addDays(from, i.config.rescreenWithinDays),
      }),
    ],
  });
}

/** The PHQ-9 score that keeps re-screening going. */
const PHQ9_RESCREEN_AT = 10;

export { openSuggestionRules };
