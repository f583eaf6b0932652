import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Coding, Task } from '@medplum/fhirtypes';

/** The body of `POST /api/tasks`, its fields checked to be what the domain expects. */
export interface NewTaskBody {
  patient: string;
  description: string;
  owner: string;
  priority?: Task['priority'];
  due?: string;
  code?: Coding;
  note?: string;
}

const PRIORITIES: readonly string[] = ['routine', 'urgent', 'asap', 'stat'];

function refuse(field: string, what: string): never {
  throw new OperationOutcomeError(badRequest(`${field} must be ${what}`, field));
}

function text(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined || (value === null && !required)) {
    if (required) refuse(field, 'given');
    return undefined;
  }
  if (typeof value !== 'string') refuse(field, 'a string');
  return value;
}

function coding(value: unknown): Coding | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) refuse('code', 'a Coding object');
  const c = value as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!['system', 'code', 'display'].includes(key) || typeof c[key] !== 'string') {
      refuse('code', 'a Coding {system, code, display} of strings');
    }
  }
  if (typeof c['code'] !== 'string') refuse('code', 'a Coding with a code');
  return c;
}

/**
 * Reads a new task from an HTTP body that may be anything JSON can say: a number, an object or
 * an array where text belongs is a 400 naming the field, never an exception deeper down.
 */
export function parseNewTaskBody(body: unknown): NewTaskBody {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new OperationOutcomeError(badRequest('Body must be a JSON object'));
  }
  const b = body as Record<string, unknown>;
  const priority = text(b, 'priority', false);
  if (priority !== undefined && !PRIORITIES.includes(priority)) {
    refuse('priority', `one of ${PRIORITIES.join(', ')}`);
  }
  const due = text(b, 'due', false);
  const code = coding(b['code']);
  const note = text(b, 'note', false);
  return {
    patient: text(b, 'patient', true) as string,
    description: text(b, 'description', true) as string,
    owner: text(b, 'owner', true) as string,
    ...(priority !== undefined ? { priority: priority as Task['priority'] } : {}),
    ...(due !== undefined ? { due } : {}),
    ...(code ? { code } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}
