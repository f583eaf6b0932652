import type { Resource } from '@medplum/fhirtypes';
import type { AccessScope } from '../context.js';
import type { Queryable } from '../db/database.js';
import { scopeSql } from '../scope.js';
import { SqlParams } from '../sql-params.js';

/**
 * Every current resource of a type that belongs to no patient (measure content: Measure,
 * Library, ValueSet). Read as the system: measure logic is not patient data.
 */
export async function sharedResourcesOfType<T extends Resource = Resource>(
  q: Queryable,
  resourceType: string,
): Promise<T[]> {
  const { rows } = await q.query<{ content: T | string }>(
    `SELECT content FROM resource WHERE resource_type = $1 AND NOT deleted AND patient_id IS NULL ORDER BY id`,
    [resourceType],
  );
  return rows.map((r) =>
    typeof r.content === 'string' ? (JSON.parse(r.content) as T) : r.content,
  );
}

/** The ids of the Patients the scope admits, in id order. */
export async function visiblePatientIds(q: Queryable, scope: AccessScope): Promise<string[]> {
  const params = new SqlParams();
  const { rows } = await q.query<{ id: string }>(
    `SELECT p.id FROM resource p WHERE p.resource_type = 'Patient' AND NOT p.deleted AND ${scopeSql(scope, 'p', params)} ORDER BY p.id`,
    params.values,
  );
  return rows.map((r) => r.id);
}

/**
 * The Patient compartment of each of these people (every current resource whose owner is the
 * patient, the Patient itself included), within the scope: one statement for the whole set, as
 * a CQL engine reads a person's record.
 */
export async function patientRecords(
  q: Queryable,
  scope: AccessScope,
  patientIds: readonly string[],
): Promise<Map<string, Resource[]>> {
  const params = new SqlParams();
  const ids = params.add([...patientIds]);
  const { rows } = await q.query<{ patient_id: string; content: Resource | string }>(
    `SELECT r.patient_id, r.content FROM resource r
      WHERE r.patient_id = ANY(${ids}::text[]) AND NOT r.deleted AND ${scopeSql(scope, 'r', params)}`,
    params.values,
  );
  const out = new Map<string, Resource[]>(patientIds.map((id) => [id, []]));
  // Medications are shared resources (no patient): a MedicationRequest's `medicationReference`
  // must travel with the record, as CQL reads the code through it.
  const medications = new Map<string, Set<string>>();
  for (const r of rows) {
    const content = typeof r.content === 'string' ? (JSON.parse(r.content) as Resource) : r.content;
    out.get(r.patient_id)?.push(content);
    const ref = (content as { medicationReference?: { reference?: string } }).medicationReference
      ?.reference;
    if (ref?.startsWith('Medication/')) {
      const id = ref.slice('Medication/'.length);
      medications.set(id, (medications.get(id) ?? new Set()).add(r.patient_id));
    }
  }
  if (medications.size > 0) {
    const more = new SqlParams();
    const medIds = more.add([...medications.keys()]);
    const { rows: meds } = await q.query<{ id: string; content: Resource | string }>(
      `SELECT m.id, m.content FROM resource m
        WHERE m.resource_type = 'Medication' AND m.id = ANY(${medIds}::text[]) AND NOT m.deleted
          AND ${scopeSql(scope, 'm', more)}`,
      more.values,
    );
    for (const m of meds) {
      const content =
        typeof m.content === 'string' ? (JSON.parse(m.content) as Resource) : m.content;
      for (const patient of medications.get(m.id) ?? []) out.get(patient)?.push(content);
    }
  }
  return out;
}
