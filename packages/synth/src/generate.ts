/**
 * generatePopulation: the network once, then person by person (constant memory), each person's
 * resources streamed to per-type NDJSON files and their truth rows to truth.csv.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildNetwork } from './network.js';
import { buildPerson } from './person-fhir.js';
import { questionnaireResources } from './questionnaires.js';
import { makeWindow } from './time.js';
import { TRUTH_HEADER, truthRows } from './truth.js';
import { NdjsonWriter } from './writer.js';

/** Resource types the generator writes; only these files (and truth.csv) are replaced in outDir. */
export const GENERATED_TYPES = [
  'CareTeam',
  'Condition',
  'Consent',
  'Coverage',
  'Encounter',
  'EpisodeOfCare',
  'ExplanationOfBenefit',
  'HealthcareService',
  'Location',
  'MedicationRequest',
  'Observation',
  'Organization',
  'Patient',
  'Practitioner',
  'PractitionerRole',
  'Questionnaire',
  'QuestionnaireResponse',
  'RelatedPerson',
] as const;

/** The default end of the 3-year history: fixed so that output is deterministic. */
export const DEFAULT_AS_OF = '2026-11-01';

/** Options of {@link generatePopulation}. */
export interface GenerateOptions {
  /** Number of people (the three demo patients need N >= 3; demo users are guaranteed for N >= 50). */
  patients: number;
  /** Any integer; the same patients + seed + options give byte-for-byte identical files. */
  seed: number;
  /**
   * Directory for the NDJSON files and truth.csv; created if missing. Files from an earlier run
   * (`<GeneratedType>.ndjson`, truth.csv) are removed first so that nothing stale remains.
   */
  outDir: string;
  /** Injected programme effect: enrolled people's admission probability × (1 − effect) after enrolment. */
  programmeEffect?: number;
  /** ISO date the 3-year history ends (exclusive); default {@link DEFAULT_AS_OF}. */
  asOf?: string;
  /** Called as people are generated (every 25 people and at the end). */
  onProgress?: (done: number, total: number) => void;
}

/** What was written. */
export interface GenerateSummary {
  patients: number;
  /** FHIR resources written (truth.csv rows not included). */
  resources: number;
  /** File names written in outDir, sorted. */
  files: string[];
  byType: Record<string, number>;
}

function check(opts: GenerateOptions): void {
  if (!Number.isInteger(opts.patients) || opts.patients < 1)
    throw new Error(`patients must be a positive integer, got ${opts.patients}`);
  if (!Number.isSafeInteger(opts.seed))
    throw new Error(`seed must be an integer, got ${opts.seed}`);
  const effect = opts.programmeEffect ?? 0;
  if (!(effect >= 0 && effect < 1))
    throw new Error(`programmeEffect must be in [0, 1), got ${effect}`);
  if (opts.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
    throw new Error(`asOf must be an ISO date (YYYY-MM-DD), got ${opts.asOf}`);
}

/** Generates a synthetic population into `outDir`. */
export async function generatePopulation(opts: GenerateOptions): Promise<GenerateSummary> {
  check(opts);
  const effect = opts.programmeEffect ?? 0;
  const window = makeWindow(opts.asOf ?? DEFAULT_AS_OF);
  await mkdir(opts.outDir, { recursive: true });
  const ours = new Set<string>([...GENERATED_TYPES.map((t) => `${t}.ndjson`), 'truth.csv']);
  for (const file of await readdir(opts.outDir)) {
    if (ours.has(file)) await rm(join(opts.outDir, file));
  }

  const writer = new NdjsonWriter(opts.outDir);
  const network = buildNetwork(opts.seed, opts.patients);
  for (const resource of [...network.resources, ...questionnaireResources()]) writer.add(resource);
  writer.addText('truth.csv', TRUTH_HEADER);

  for (let i = 0; i < opts.patients; i++) {
    const person = buildPerson(opts.seed, i, window, network.index, effect);
    for (const resource of person.resources) writer.add(resource);
    writer.addText('truth.csv', truthRows(person.patientId, person.history));
    await writer.drain();
    if (opts.onProgress && ((i + 1) % 25 === 0 || i + 1 === opts.patients))
      opts.onProgress(i + 1, opts.patients);
  }
  const files = await writer.close();
  const byType = writer.byType();
  return {
    patients: opts.patients,
    resources: Object.values(byType).reduce((s, n) => s + n, 0),
    files,
    byType,
  };
}
