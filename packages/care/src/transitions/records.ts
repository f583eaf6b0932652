/**
 * Reads the protocol needs inside the write's transaction (system context: rules see the whole
 * record, as the assessments' rules do).
 */
import type { Condition, Encounter, Task } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, searchInTransaction, type Queryable } from '@careweave/store';
import { transitionCodeOf } from './codes.js';

async function search<T>(tx: Queryable, type: string, pairs: [string, string][]): Promise<T[]> {
  const found = await searchInTransaction(tx, SYSTEM_CONTEXT, type, [...pairs, ['_total', 'none']]);
  return found.resources as T[];
}

/** The protocol's Tasks of one Encounter (every status). */
export async function transitionTasksOf(tx: Queryable, encounterId: string): Promise<Task[]> {
  const tasks = await search<Task>(tx, 'Task', [
    ['focus', `Encounter/${encounterId}`],
    ['_count', '200'],
  ]);
  return tasks.filter((t) => transitionCodeOf(t) !== undefined);
}

/** The patient's hospital Encounters of some classes whose period reaches `since` or later. */
export async function staysSince(
  tx: Queryable,
  patientId: string,
  classes: readonly string[],
  since: string,
): Promise<Encounter[]> {
  if (classes.length === 0) return [];
  return search<Encounter>(tx, 'Encounter', [
    ['patient', `Patient/${patientId}`],
    ['class', classes.join(',')],
    ['date', `ge${since}`],
    ['_count', '200'],
  ]);
}

/** The patient's Conditions (for Charlson at discharge). */
export async function conditionsOf(tx: Queryable, patientId: string): Promise<Condition[]> {
  return search<Condition>(tx, 'Condition', [
    ['patient', `Patient/${patientId}`],
    ['_count', '1000'],
  ]);
}

/** Resources by id. */
export async function byIds<T>(tx: Queryable, type: string, ids: readonly string[]): Promise<T[]> {
  if (ids.length === 0) return [];
  return search<T>(tx, type, [
    ['_id', ids.join(',')],
    ['_count', String(ids.length)],
  ]);
}
