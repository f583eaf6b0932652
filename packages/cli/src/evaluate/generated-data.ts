/**
 * Reads a population written by `careweave generate` (NDJSON per resource type) into the same
 * input rows the database read models return, so `careweave evaluate --data-dir` works on a
 * generated directory without importing it first. Only what the evaluation reads is kept:
 * Patient, Condition, the hospital and ED Encounters, EpisodeOfCare and ExplanationOfBenefit.
 */
import type {
  Condition,
  Encounter,
  EpisodeOfCare,
  ExplanationOfBenefit,
  Patient,
} from '@medplum/fhirtypes';
import type { ClaimCostRow, RiskInputs } from '@careweave/store';
import { RISK_ENCOUNTER_CLASSES } from '@careweave/store';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';

/** Is `dir` the output of `careweave generate` (NDJSON files, no database)? */
export function isGeneratedDirectory(dir: string): boolean {
  return (
    existsSync(join(dir, 'Patient.ndjson')) &&
    !existsSync(join(dir, 'pgdata')) &&
    !existsSync(join(dir, 'db'))
  );
}

async function* lines<T>(file: string): AsyncGenerator<T> {
  if (!existsSync(file)) return;
  const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim() !== '') yield JSON.parse(line) as T;
}

const patientOf = (ref: string | undefined): string | undefined =>
  ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
const codings = (c: { coding?: { system?: string; code?: string }[] }[] | undefined): string[] =>
  (c ?? []).flatMap((cc) =>
    (cc.coding ?? []).filter((x) => x.code).map((x) => `${x.system ?? ''}|${x.code}`),
  );

/** The inputs of an evaluation, from a generated directory. */
export async function readGeneratedData(
  dir: string,
): Promise<{ inputs: RiskInputs; claims: ClaimCostRow[] }> {
  if (!readdirSync(dir).some((f) => f.endsWith('.ndjson')))
    throw new Error(`no NDJSON files in ${dir}`);
  const inputs: RiskInputs = {
    patients: [],
    conditions: [],
    encounters: [],
    observations: [],
    episodes: [],
    procedures: [],
    assessments: [],
  };
  for await (const p of lines<Patient>(join(dir, 'Patient.ndjson'))) {
    if (!p.id) continue;
    inputs.patients.push({
      id: p.id,
      birthDate: p.birthDate ?? null,
      gender: p.gender ?? null,
      organization: p.managingOrganization?.reference ?? null,
      deceased: p.deceasedDateTime !== undefined || p.deceasedBoolean === true,
    });
  }
  for await (const c of lines<Condition>(join(dir, 'Condition.ndjson'))) {
    const patientId = patientOf(c.subject?.reference);
    if (!patientId || !c.id) continue;
    inputs.conditions.push({
      patientId,
      id: c.id,
      codes: codings(c.code ? [c.code] : []),
      categories: codings(c.category),
      clinicalStatus: c.clinicalStatus?.coding?.[0]?.code ?? null,
      verificationStatus: c.verificationStatus?.coding?.[0]?.code ?? null,
      recorded: c.recordedDate ?? c.onsetDateTime ?? c.onsetPeriod?.start ?? null,
      abated: c.abatementDateTime ?? c.abatementPeriod?.end ?? null,
      text: c.code?.text ?? null,
    });
  }
  const classes: readonly string[] = RISK_ENCOUNTER_CLASSES;
  for await (const e of lines<Encounter>(join(dir, 'Encounter.ndjson'))) {
    const patientId = patientOf(e.subject?.reference);
    if (!patientId || !e.id || !classes.includes(e.class.code ?? '')) continue;
    inputs.encounters.push({
      patientId,
      id: e.id,
      class: e.class.code ?? '',
      start: e.period?.start ?? null,
      end: e.period?.end ?? null,
      admitSource: e.hospitalization?.admitSource?.coding?.[0]?.code ?? null,
      priority: e.priority?.coding?.[0]?.code ?? null,
      types: [...codings(e.type), ...codings(e.serviceType ? [e.serviceType] : [])],
      serviceProvider: e.serviceProvider?.reference ?? null,
    });
  }
  for await (const ep of lines<EpisodeOfCare>(join(dir, 'EpisodeOfCare.ndjson'))) {
    const patientId = patientOf(ep.patient.reference);
    if (!patientId || !ep.id) continue;
    inputs.episodes.push({
      patientId,
      id: ep.id,
      status: ep.status,
      types: codings(ep.type),
      start: ep.period?.start ?? null,
      end: ep.period?.end ?? null,
    });
  }
  const claims: ClaimCostRow[] = [];
  const total = (eob: ExplanationOfBenefit, code: string): number | null =>
    eob.total?.find((t) =>
      t.category.coding?.some((c) => c.system === ADJUDICATION && c.code === code),
    )?.amount.value ?? null;
  for await (const eob of lines<ExplanationOfBenefit>(join(dir, 'ExplanationOfBenefit.ndjson'))) {
    const patientId = patientOf(eob.patient.reference);
    if (!patientId || !eob.id || ['entered-in-error', 'cancelled'].includes(eob.status)) continue;
    claims.push({
      patientId,
      id: eob.id,
      service:
        eob.billablePeriod?.start ??
        eob.item?.[0]?.servicedPeriod?.start ??
        eob.item?.[0]?.servicedDate ??
        eob.created,
      paid: total(eob, 'benefit') ?? eob.payment?.amount?.value ?? null,
      submitted: total(eob, 'submitted'),
      provider: eob.provider.reference ?? null,
      claimType: eob.type.coding?.[0]?.code ?? null,
    });
  }
  return { inputs, claims };
}
