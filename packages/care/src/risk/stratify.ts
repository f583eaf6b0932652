/**
 * Population risk stratification: reads the inputs of everyone (a full run) or of the
 * people whose data changed since the last run or whose result went stale (an incremental run)
 * with a few set-based queries, scores them, and writes RiskAssessments, registry Groups and the
 * queue index through the Repository's one write path, in batches that each commit atomically.
 * A full run refits the model on the population's own last year; incremental runs reuse it.
 */
import { loadFhirDefinitions } from '@careweave/fhir';
import type { Group, Resource } from '@medplum/fhirtypes';
import {
  RISK_INPUT_TYPES,
  SYSTEM_CONTEXT,
  readModelsIn,
  type AssessmentRow,
  type Repository,
  type RequestContext,
  type RiskPatientRow,
} from '@careweave/store';
import { RISK_METHOD, RISK_METHOD_SYSTEM, RISK_OBSERVATION_CODES } from './codes.js';
import { DEFAULT_ADMISSION_MODEL, MIN_TRAINING_EVENTS } from './default-model.js';
import { addYears } from './evaluate.js';
import { admittedBetween, riskFactors } from './features.js';
import { FEATURES, modelVersion, trainAdmissionModel, type AdmissionModel } from './model.js';
import { buildPersons, type PersonRecord } from './person.js';
import { REGISTRIES, registryGroup, registryId } from './registries.js';
import { scorePerson } from './score-person.js';
import { agentContext } from '../agents/context.js';
import { DEFAULT_TIER_RULES, TIERS, type Tier, type TierRules } from './tiers.js';

/** Options of a stratification run. */
export interface StratifyOptions {
  /** The date risk is assessed at (default: now). */
  asOf?: Date;
  /** Recompute everyone and refit the model, even if an earlier run exists. */
  full?: boolean;
  rules?: TierRules;
  /**
   * Incremental runs re-read changes stamped this long before the previous run's watermark, so a
   * transaction in flight at that moment is not missed (default 60 seconds).
   */
  overlapMs?: number;
  /**
   * LACE and HOSPITAL are scored at every discharge from this many days before the run date
   * (default 365): new discharges are scored by the next (nightly) run; a first run backfills a year.
   */
  dischargeLookbackDays?: number;
  /** Resources per write transaction (default 2,000). */
  batchSize?: number;
  /** Write transactions in flight at once (default 2: one validating on this thread while the other runs its SQL). */
  writeConcurrency?: number;
  /** Called as work advances (phase `read`, `score`, `write`). */
  onProgress?: (phase: 'read' | 'score' | 'write', done: number, total: number) => void;
  ctx?: RequestContext;
}

/** What a run did. */
export interface StratifyResult {
  runId: number;
  kind: 'full' | 'incremental';
  asOf: string;
  patients: number;
  written: number;
  tiers: Record<Tier, number>;
  model: AdmissionModel;
  /** Milliseconds per phase. */
  timings: { read: number; score: number; write: number; total: number };
  /** CPU milliseconds of this process (user + system) per phase; the database's CPU is not included. */
  cpu: { read: number; score: number; write: number };
}

/** CPU time of this process so far, in milliseconds. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1000);
}

const OVERRIDE_METHOD = `${RISK_METHOD_SYSTEM}|${RISK_METHOD.OVERRIDE}`;

function isModel(value: unknown): value is AdmissionModel {
  const m = value as AdmissionModel | null;
  return (
    !!m &&
    Array.isArray(m.coefficients) &&
    Array.isArray(m.features) &&
    m.features.every((f) => FEATURES.some((s) => s.key === f))
  );
}

/** Fits the model on the population's last year, or falls back to the default model. */
function fitPopulationModel(persons: Map<string, PersonRecord>, asOf: number): AdmissionModel {
  const from = addYears(asOf, -1);
  const examples = [...persons.values()]
    .filter((p) => p.birth !== undefined && p.birth < from && !p.deceased)
    .map((p) => ({ factors: riskFactors(p, from), admitted: admittedBetween(p, from, asOf) }));
  const events = examples.filter((e) => e.admitted).length;
  if (events < MIN_TRAINING_EVENTS) return DEFAULT_ADMISSION_MODEL;
  return trainAdmissionModel(examples, {
    from: new Date(from).toISOString().slice(0, 10),
    to: new Date(asOf).toISOString().slice(0, 10),
  });
}

/** Runs stratification once. */
export async function stratify(
  repo: Repository,
  options: StratifyOptions = {},
): Promise<StratifyResult> {
  const started = Date.now();
  const cpuStart = cpuMs();
  const ctx = options.ctx ?? SYSTEM_CONTEXT;
  const { riskRuns, riskIndex } = repo.readModels;
  const asOf = (options.asOf ?? new Date()).getTime();
  const rules = options.rules ?? DEFAULT_TIER_RULES;
  const running = await riskRuns.running();
  if (running) {
    throw new Error(
      `Another stratification has been running since ${running.toISOString()}; try again when it has finished`,
    );
  }
  const watermark = await riskRuns.watermark();
  const last = await riskRuns.last();
  const kind: 'full' | 'incremental' =
    options.full || !last || !isModel(last.model) ? 'full' : 'incremental';
  let ids: string[] | undefined;
  if (kind === 'incremental' && last) {
    const changed = await riskRuns.changedPatients(last.watermark, RISK_INPUT_TYPES, {
      riskAssessmentMethod: RISK_METHOD.OVERRIDE,
      overlapMs: options.overlapMs ?? 60_000,
    });
    ids = [...new Set([...changed, ...(await riskIndex.due(new Date(asOf)))])];
  }
  const runId = await riskRuns.start({ kind, asOf: new Date(asOf), watermark });

  // Phases in their own functions, so the inputs and the people are garbage once scored (a
  // smaller live heap makes the garbage collector's work during the writes cheaper).
  let scored: Scored;
  let written: number;
  let scoreDone: number;
  let cpuScored: number;
  try {
    scored = await readAndScore(repo, ctx, {
      kind,
      ids,
      asOf,
      rules,
      last: last?.model,
      dischargeLookbackDays: options.dischargeLookbackDays ?? 365,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    scoreDone = Date.now();
    cpuScored = cpuMs();
    // The results are the risk model's writes, whoever started the run: its Device signs them.
    written = await writeResults(
      repo,
      agentContext('risk-model', modelVersion(scored.model)),
      scored,
      { batchSize: options.batchSize ?? 2000, lanes: options.writeConcurrency ?? 2 },
      options.onProgress,
    );
    await riskIndex.remove(scored.removed);
    await riskRuns.finish(runId, { patients: scored.rows.length, written, model: scored.model });
  } catch (err) {
    // Batches already committed stay (each is whole); the next run starts from the previous watermark.
    await riskRuns.abandon(runId).catch(() => undefined);
    throw err;
  }
  const end = Date.now();
  return {
    runId,
    kind,
    asOf: new Date(asOf).toISOString(),
    patients: scored.rows.length,
    written,
    tiers: scored.tiers,
    model: scored.model,
    timings: {
      read: scored.readDone - started,
      score: scoreDone - scored.readDone,
      write: end - scoreDone,
      total: end - started,
    },
    cpu: {
      read: scored.cpuRead - cpuStart,
      score: cpuScored - scored.cpuRead,
      write: cpuMs() - cpuScored,
    },
  };
}

/** What scoring produced, ready to write. */
interface Scored {
  resources: Resource[];
  rows: RiskPatientRow[];
  groups: Group[];
  removed: string[];
  tiers: Record<Tier, number>;
  model: AdmissionModel;
  readDone: number;
  cpuRead: number;
}

/** Reads the inputs of the people concerned, (re)fits the model on a full run, scores everyone. */
async function readAndScore(
  repo: Repository,
  ctx: RequestContext,
  run: {
    kind: 'full' | 'incremental';
    ids: string[] | undefined;
    asOf: number;
    rules: TierRules;
    last: unknown;
    dischargeLookbackDays: number;
    onProgress?: StratifyOptions['onProgress'];
  },
): Promise<Scored> {
  const { kind, ids, asOf } = run;
  run.onProgress?.('read', 0, 1);
  const reading =
    ids && ids.length === 0
      ? undefined
      : repo.readModels.riskInputs.load(ids ? { patientIds: ids } : {}, {
          loinc: RISK_OBSERVATION_CODES,
          assessmentMethod: OVERRIDE_METHOD,
        });
  // The writes validate against the FHIR definitions (~1 s to load, synchronous): load them while
  // the database works on the reads, once the queries have been sent.
  reading?.catch(() => undefined); // handled below, by the await; not an unhandled rejection meanwhile
  await new Promise((resolve) => setTimeout(resolve, 25));
  loadFhirDefinitions();
  const inputs = await reading;
  const persons = inputs ? buildPersons(inputs) : new Map<string, PersonRecord>();
  const overrides = new Map<string, AssessmentRow[]>();
  for (const a of inputs?.assessments ?? [])
    overrides.set(a.patientId, [...(overrides.get(a.patientId) ?? []), a]);
  const previous = await repo.readModels.riskIndex.current(ids);
  const readDone = Date.now();
  const cpuRead = cpuMs();
  run.onProgress?.('read', 1, 1);

  const model = kind === 'full' ? fitPopulationModel(persons, asOf) : (run.last as AdmissionModel);
  const settings = {
    asOf,
    model,
    rules: run.rules,
    dischargesSince: asOf - run.dischargeLookbackDays * 86_400_000,
  };
  const tiers = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
  const resources: Resource[] = [];
  const rows: RiskPatientRow[] = [];
  let done = 0;
  for (const person of persons.values()) {
    if (person.deceased || person.birth === undefined || person.birth > asOf) continue;
    const result = scorePerson(
      person,
      settings,
      previous.get(person.id)?.probability,
      overrides.get(person.id) ?? [],
    );
    resources.push(...result.resources);
    rows.push(result.row);
    tiers[result.overrideTier ?? (result.row.tier as Tier)]++;
    if (++done % 2000 === 0) run.onProgress?.('score', done, persons.size);
  }
  const scored = new Set(rows.map((r) => r.patientId));
  const removed = ids ? ids.filter((id) => !scored.has(id)) : [];
  const groups = await registryGroups(repo, ctx, persons, asOf, kind, removed);
  return { resources, rows, groups, removed, tiers, model, readDone, cpuRead };
}

/**
 * Writes batches of resources, each with its people's queue rows, in one transaction each. Two
 * batches (by default) are in flight at a time, so one batch's validation and hooks (this thread) overlap the
 * other's SQL (the database); batches touch disjoint rows. Registries go last. Returns how many
 * resources were written (unchanged ones are skipped).
 */
async function writeResults(
  repo: Repository,
  ctx: RequestContext,
  scored: Scored,
  how: { batchSize: number; lanes: number },
  onProgress: StratifyOptions['onProgress'],
): Promise<number> {
  const { batchSize } = how;
  const rowByAssessment = new Map(scored.rows.map((r) => [r.assessmentId, r]));
  const batches: Resource[][] = [];
  for (let i = 0; i < scored.resources.length; i += batchSize)
    batches.push(scored.resources.slice(i, i + batchSize));
  const total = scored.resources.length + scored.groups.length;
  let written = 0;
  let stored = 0;
  const writeBatch = async (batch: Resource[]): Promise<void> => {
    const batchRows = batch
      .map((r) => rowByAssessment.get(r.id ?? ''))
      .filter((r): r is RiskPatientRow => r !== undefined);
    const n = await repo.inTransaction(ctx, async (w, tx) => {
      const count = await w.upsertMany(batch, { skipUnchanged: true });
      await readModelsIn(tx).riskIndex.upsert(batchRows);
      return count;
    });
    written += n;
    stored += batch.length;
    onProgress?.('write', stored, total);
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) await writeBatch(batches[next++] ?? []);
  };
  await Promise.all(Array.from({ length: Math.max(1, how.lanes) }, lane));
  if (scored.groups.length > 0) await writeBatch(scored.groups);
  return written;
}

/**
 * The registry Groups to write after this run: all of them on a full run; on an incremental run
 * only those whose members changed (a registry of thousands is not re-validated for nothing).
 */
async function registryGroups(
  repo: Repository,
  ctx: RequestContext,
  persons: Map<string, PersonRecord>,
  asOf: number,
  kind: 'full' | 'incremental',
  removed: readonly string[],
): Promise<Group[]> {
  const out: Group[] = [];
  for (const def of REGISTRIES) {
    const previous =
      kind === 'incremental'
        ? await repo.read<Group>(ctx, 'Group', registryId(def.key)).catch(() => undefined)
        : undefined;
    const group = registryGroup(def, persons.values(), asOf, previous, removed);
    if (!previous || JSON.stringify(previous.member ?? []) !== JSON.stringify(group.member ?? []))
      out.push(group);
  }
  return out;
}
