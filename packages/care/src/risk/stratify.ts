/**
 * Population risk stratification (issue 8): reads the inputs of everyone (a full run) or of the
 * people whose data changed since the last run or whose result went stale (an incremental run)
 * with a few set-based queries, scores them, and writes RiskAssessments, registry Groups and the
 * queue index through the Repository's one write path, in batches that each commit atomically.
 * A full run refits the model on the population's own last year; incremental runs reuse it.
 */
import type { Group, Resource } from '@medplum/fhirtypes';
import {
  changedPatients,
  currentRisk,
  deleteRiskPatients,
  duePatients,
  finishRiskRun,
  historyWatermark,
  lastRiskRun,
  loadRiskInputs,
  RISK_INPUT_TYPES,
  startRiskRun,
  SYSTEM_CONTEXT,
  upsertRiskPatients,
  type AssessmentRow,
  type Repository,
  type RequestContext,
  type RiskPatientRow,
} from '@careweave/store';
import { RISK_METHOD, RISK_METHOD_SYSTEM, RISK_OBSERVATION_CODES } from './codes.js';
import { DEFAULT_ADMISSION_MODEL, MIN_TRAINING_EVENTS } from './default-model.js';
import { addYears } from './evaluate.js';
import { admittedBetween, riskFactors } from './features.js';
import { FEATURES, trainAdmissionModel, type AdmissionModel } from './model.js';
import { buildPersons, type PersonRecord } from './person.js';
import { REGISTRIES, registryGroup, registryId } from './registries.js';
import { scorePerson } from './score-person.js';
import { DEFAULT_TIER_RULES, TIERS, type Tier, type TierRules } from './tiers.js';

/** Options of a stratification run. */
export interface StratifyOptions {
  /** The date risk is assessed at (default: now). */
  asOf?: Date;
  /** Recompute everyone and refit the model, even if an earlier run exists. */
  full?: boolean;
  rules?: TierRules;
  /**
   * Incremental runs re-read changes stamped this long before the previous run started, so a
   * transaction in flight at that moment is not missed (default 5 minutes).
   */
  overlapMs?: number;
  /**
   * LACE and HOSPITAL are scored at every discharge from this many days before the run date
   * (default 365): new discharges are scored by the next (nightly) run; a first run backfills a year.
   */
  dischargeLookbackDays?: number;
  /** Resources per write transaction (default 1,000). */
  batchSize?: number;
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
}

const OVERRIDE_METHOD = `${RISK_METHOD_SYSTEM}|${RISK_METHOD.OVERRIDE}`;

function isModel(value: unknown): value is AdmissionModel {
  const m = value as AdmissionModel | null;
  return !!m && Array.isArray(m.coefficients) && Array.isArray(m.features) && m.features.every((f) => FEATURES.some((s) => s.key === f));
}

/** Fits the model on the population's last year, or falls back to the default model. */
function fitPopulationModel(persons: Map<string, PersonRecord>, asOf: number): AdmissionModel {
  const from = addYears(asOf, -1);
  const examples = [...persons.values()].filter((p) => p.birth !== undefined && p.birth < from && !p.deceased).map((p) => ({ factors: riskFactors(p, from), admitted: admittedBetween(p, from, asOf) }));
  const events = examples.filter((e) => e.admitted).length;
  if (events < MIN_TRAINING_EVENTS) return DEFAULT_ADMISSION_MODEL;
  return trainAdmissionModel(examples, { from: new Date(from).toISOString().slice(0, 10), to: new Date(asOf).toISOString().slice(0, 10) });
}

/** Runs stratification once. */
export async function stratify(repo: Repository, options: StratifyOptions = {}): Promise<StratifyResult> {
  const started = Date.now();
  const ctx = options.ctx ?? SYSTEM_CONTEXT;
  const db = repo.db;
  const asOf = (options.asOf ?? new Date()).getTime();
  const rules = options.rules ?? DEFAULT_TIER_RULES;
  const batchSize = options.batchSize ?? 1000;
  const watermark = await historyWatermark(db);
  const last = await lastRiskRun(db);
  const kind: 'full' | 'incremental' = options.full || !last || !isModel(last.model) ? 'full' : 'incremental';
  let ids: string[] | undefined;
  if (kind === 'incremental' && last) {
    const overlapFrom = new Date(last.startedAt.getTime() - (options.overlapMs ?? 5 * 60_000));
    const changed = await changedPatients(db, last.watermark, RISK_INPUT_TYPES, { riskAssessmentMethod: OVERRIDE_METHOD, overlapFrom });
    ids = [...new Set([...changed, ...(await duePatients(db, new Date(asOf)))])];
  }
  const runId = await startRiskRun(db, { kind, asOf: new Date(asOf), watermark });

  options.onProgress?.('read', 0, 1);
  const inputs = ids && ids.length === 0 ? undefined : await loadRiskInputs(db, ids ? { patientIds: ids } : {}, { loinc: RISK_OBSERVATION_CODES, assessmentMethod: OVERRIDE_METHOD });
  const persons = inputs ? buildPersons(inputs) : new Map<string, PersonRecord>();
  const previous = await currentRisk(db, ids);
  const readDone = Date.now();
  options.onProgress?.('read', 1, 1);

  const model = kind === 'full' ? fitPopulationModel(persons, asOf) : (last?.model as AdmissionModel);
  const overrides = new Map<string, AssessmentRow[]>();
  for (const a of inputs?.assessments ?? []) overrides.set(a.patientId, [...(overrides.get(a.patientId) ?? []), a]);
  const settings = { asOf, model, rules, dischargesSince: asOf - (options.dischargeLookbackDays ?? 365) * 86_400_000 };
  const tiers = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
  const resources: Resource[] = [];
  const rows: RiskPatientRow[] = [];
  let done = 0;
  for (const person of persons.values()) {
    if (person.deceased || person.birth === undefined || person.birth > asOf) continue;
    const result = scorePerson(person, settings, previous.get(person.id)?.probability, overrides.get(person.id) ?? []);
    resources.push(...result.resources);
    rows.push(result.row);
    tiers[result.overrideTier ?? (result.row.tier as Tier)]++;
    if (++done % 2000 === 0) options.onProgress?.('score', done, persons.size);
  }
  const scored = new Set(rows.map((r) => r.patientId));
  const removed = ids ? ids.filter((id) => !scored.has(id)) : [];
  const groups = await registryGroups(repo, ctx, persons, asOf, kind, removed);
  const scoreDone = Date.now();

  // Writes: batches of resources, each with its people's queue rows, in one transaction each. Two
  // batches are in flight at a time, so one batch's validation and hooks (this thread) overlap
  // the other's SQL (the database); batches touch disjoint rows. Registries go last.
  let written = 0;
  const rowByAssessment = new Map(rows.map((r) => [r.assessmentId, r]));
  const batches: Resource[][] = [];
  for (let i = 0; i < resources.length; i += batchSize) batches.push(resources.slice(i, i + batchSize));
  const total = resources.length + groups.length;
  let stored = 0;
  const writeBatch = async (batch: Resource[]): Promise<void> => {
    const batchRows = batch.map((r) => rowByAssessment.get(r.id ?? '')).filter((r): r is RiskPatientRow => r !== undefined);
    const n = await repo.inTransaction(ctx, async (w, tx) => {
      const count = await w.upsertMany(batch, { skipUnchanged: true });
      await upsertRiskPatients(tx, batchRows);
      return count;
    });
    written += n;
    stored += batch.length;
    options.onProgress?.('write', stored, total);
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < batches.length) await writeBatch(batches[next++] ?? []);
  };
  await Promise.all([lane(), lane()]);
  if (groups.length > 0) await writeBatch(groups);
  await deleteRiskPatients(db, removed);
  await finishRiskRun(db, runId, { patients: rows.length, written, model });
  const end = Date.now();
  return {
    runId,
    kind,
    asOf: new Date(asOf).toISOString(),
    patients: rows.length,
    written,
    tiers,
    model,
    timings: { read: readDone - started, score: scoreDone - readDone, write: end - scoreDone, total: end - started },
  };
}

/** The registry Groups after this run (incremental runs update the stored ones). */
async function registryGroups(repo: Repository, ctx: RequestContext, persons: Map<string, PersonRecord>, asOf: number, kind: 'full' | 'incremental', removed: readonly string[]): Promise<Group[]> {
  const out: Group[] = [];
  for (const def of REGISTRIES) {
    let previous: Group | undefined;
    if (kind === 'incremental') {
      previous = await repo.read<Group>(ctx, 'Group', registryId(def.key)).catch(() => undefined);
    }
    out.push(registryGroup(def, persons.values(), asOf, previous, removed));
  }
  return out;
}
