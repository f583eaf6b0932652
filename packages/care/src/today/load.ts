/**
 * "Who needs me today" from the database: the coordinator's caseload (active episodes they manage,
 * read in their own access scope), minus those who opted out of automated recommendations, with
 * each person's signals read set-based in chunks, then ranked by `rankWhoNeedsMe`.
 */
import type {
  Appointment,
  Communication,
  Condition,
  EpisodeOfCare,
  Observation,
  Patient,
  RiskAssessment,
  Task,
} from '@medplum/fhirtypes';
import { isTier, type WhoNeedsMeResponse } from '@careweave/contract';
import { MAX_COUNT, type Repository, type RequestContext } from '@careweave/store';
import { optedOutAmong } from '../agents/opt-out.js';
import { modelAssessmentId } from '../risk/assessment.js';
import { buildPersons } from '../risk/person.js';
import { assertPopulationAccess } from '../risk/population.js';
import { invalidInput } from '../shared/care-errors.js';
import { rankWhoNeedsMe, type TodaySignals } from './rank.js';
import { hospitalSignals } from './signals.js';

const DAY = 86_400_000;
const LOINC = 'http://loinc.org';
/** PHQ-9 and GAD-7 totals (LOINC); ≥ 10 is a positive screen (Kroenke 2001; Spitzer 2006). */
const SCREEN_TOTALS: Readonly<Record<string, string>> = { '44261-6': 'PHQ-9', '70274-6': 'GAD-7' };
const OPEN_TASK = 'requested,received,accepted,ready,in-progress,on-hold';

const chunks = <T>(xs: readonly T[], n = 100): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

async function all<T>(
  repo: Repository,
  ctx: RequestContext,
  type: string,
  ids: readonly string[],
  param: string,
  extra: [string, string][],
): Promise<T[]> {
  const out: T[] = [];
  for (const c of chunks(ids)) {
    const page = await repo.search(ctx, type, [
      [param, c.map((id) => `Patient/${id}`).join(',')],
      ...extra,
      ['_count', String(MAX_COUNT)],
      ['_total', 'none'],
    ]);
    out.push(...(page.resources as T[]));
  }
  return out;
}

const patientIdOf = (ref: string | undefined): string | undefined =>
  ref?.startsWith('Patient/') ? ref.slice(8) : undefined;

function nameOf(p: Patient): string | undefined {
  const n = p.name?.[0];
  if (!n) return undefined;
  return n.text ?? [...(n.given ?? []), n.family].filter(Boolean).join(' ');
}

/** The ranked list for `coordinator` (default: the actor). */
export async function whoNeedsMe(
  repo: Repository,
  ctx: RequestContext,
  options: { coordinator?: string; limit?: number; now?: Date } = {},
): Promise<WhoNeedsMeResponse> {
  assertPopulationAccess(ctx);
  const coordinator = options.coordinator ?? ctx.actor;
  if (!/^(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/.test(coordinator)) {
    throw invalidInput('coordinator must be a Practitioner reference', 'coordinator');
  }
  const limit = options.limit ?? 50;
  const now = (options.now ?? new Date()).getTime();
  const episodes = (
    await repo.search(ctx, 'EpisodeOfCare', [
      ['care-manager', coordinator],
      ['status', 'active'],
      ['_count', String(MAX_COUNT)],
      ['_total', 'none'],
    ])
  ).resources as EpisodeOfCare[];
  const caseload = [
    ...new Set(episodes.map((e) => patientIdOf(e.patient.reference)).filter(Boolean)),
  ] as string[];
  const optedOut = await optedOutAmong(repo, caseload, new Date(now));
  const ids = caseload.filter((id) => !optedOut.has(id));
  const since = (days: number): string => new Date(now - days * DAY).toISOString().slice(0, 10);

  const [inputs, patients, assessments, appointments, observations, concerns, tasks, messages] =
    await Promise.all([
      repo.readModels.riskInputs.load({ patientIds: ids }, { loinc: [] }),
      all<Patient>(repo, ctx, 'Patient', ids, '_id', []).catch(() => [] as Patient[]),
      all<RiskAssessment>(repo, ctx, 'RiskAssessment', ids, 'patient', [
        ['_id', ids.map(modelAssessmentId).join(',')],
      ]),
      all<Appointment>(repo, ctx, 'Appointment', ids, 'patient', [
        ['status', 'noshow'],
        ['date', `ge${since(30)}`],
      ]),
      all<Observation>(repo, ctx, 'Observation', ids, 'patient', [
        [
          'code',
          Object.keys(SCREEN_TOTALS)
            .map((c) => `${LOINC}|${c}`)
            .join(','),
        ],
        ['date', `ge${since(30)}`],
      ]),
      all<Condition>(repo, ctx, 'Condition', ids, 'patient', [
        ['category', 'health-concern'],
        ['recorded-date', `ge${since(30)}`],
      ]),
      all<Task>(repo, ctx, 'Task', ids, 'patient', [['status', OPEN_TASK]]),
      all<Communication>(repo, ctx, 'Communication', ids, 'patient', [['sent', `ge${since(90)}`]]),
    ]);
  const persons = buildPersons(inputs);
  const by = <T>(xs: readonly T[], key: (x: T) => string | undefined): Map<string, T[]> => {
    const m = new Map<string, T[]>();
    for (const x of xs) {
      const k = key(x);
      if (k) m.set(k, [...(m.get(k) ?? []), x]);
    }
    return m;
  };
  const risk = new Map(
    assessments.map((a) => {
      const p = a.prediction?.[0];
      const code = p?.qualitativeRisk?.coding?.[0]?.code;
      return [
        patientIdOf(a.subject.reference) ?? '',
        { tier: isTier(code) ? code : undefined, probability: p?.probabilityDecimal },
      ];
    }),
  );
  const names = new Map(patients.map((p) => [p.id ?? '', nameOf(p)]));
  const appts = by(appointments, (a) =>
    patientIdOf(
      a.participant.find((x) => x.actor?.reference?.startsWith('Patient/'))?.actor?.reference,
    ),
  );
  const obs = by(observations, (o) => patientIdOf(o.subject?.reference));
  const needs = by(concerns, (c) => patientIdOf(c.subject.reference));
  const open = by(tasks, (t) => patientIdOf(t.for?.reference));
  const sent = by(messages, (c) => patientIdOf(c.subject?.reference));
  const today = new Date(now).toISOString().slice(0, 10);

  const signals: TodaySignals[] = ids.map((id) => {
    const person = persons.get(id);
    const r = risk.get(id) ?? { tier: undefined, probability: undefined };
    const base: TodaySignals = person
      ? hospitalSignals(person, now, r)
      : {
          patientId: id,
          tier: r.tier,
          probability: r.probability,
          edVisits: [],
          admissions12m: 0,
          missedAppointments: [],
          positiveScreenings: [],
          overdueTasks: 0,
          enrolled: true,
        };
    const screens = (obs.get(id) ?? [])
      .filter((o) => (o.valueInteger ?? o.valueQuantity?.value ?? 0) >= 10)
      .map((o) => {
        const code =
          o.code.coding?.find((c) => c.system === LOINC && c.code && SCREEN_TOTALS[c.code])?.code ??
          '';
        return {
          time: Date.parse(o.effectiveDateTime ?? o.issued ?? ''),
          text: `${SCREEN_TOTALS[code] ?? 'score'} ${o.valueInteger ?? o.valueQuantity?.value}`,
        };
      });
    const social = (needs.get(id) ?? []).map((c) => ({
      time: Date.parse(c.recordedDate ?? ''),
      text: `social need — ${c.code?.text ?? c.code?.coding?.[0]?.display ?? 'health concern'}`,
    }));
    const contacts = (sent.get(id) ?? [])
      .map((c) => Date.parse(c.sent ?? ''))
      .filter((t) => Number.isFinite(t));
    const lastContact = contacts.length > 0 ? Math.max(...contacts) : undefined;
    return {
      ...base,
      ...(names.get(id) ? { name: names.get(id) } : {}),
      enrolled: true, // on the coordinator's caseload: an active episode
      missedAppointments: (appts.get(id) ?? [])
        .map((a) => Date.parse(a.start ?? a.end ?? ''))
        .filter((t) => Number.isFinite(t)),
      positiveScreenings: [...screens, ...social].filter((s) => Number.isFinite(s.time)),
      overdueTasks: (open.get(id) ?? []).filter((t) => {
        const due = t.restriction?.period?.end;
        return due !== undefined && due.slice(0, 10) < today;
      }).length,
      lastContact,
    };
  });
  return {
    coordinator,
    generatedAt: new Date(now).toISOString(),
    optedOut: optedOut.size,
    items: rankWhoNeedsMe(signals, now).slice(0, limit),
  };
}
