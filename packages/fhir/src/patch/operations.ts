import { OperationOutcomeError, badRequest } from '@medplum/core';
import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';

/** A value carried by a patch operation, with the FHIR type named by its `value[x]` key. */
export interface PatchValue {
  value: unknown;
  /** `Date` for `valueDate`; undefined for an anonymous (parts) value or a resource. */
  type?: string;
}

/** One FHIRPath Patch operation (FHIR R4 §3.1.0.7.2 "fhirpatch"), parsed from its Parameters part. */
export type FhirPathPatchOperation =
  | { type: 'add'; path: string; name: string; value: PatchValue }
  | { type: 'insert'; path: string; index: number; value: PatchValue }
  | { type: 'delete'; path: string }
  | { type: 'replace'; path: string; value: PatchValue }
  | { type: 'move'; path: string; source: number; destination: number };

function invalid(text: string): OperationOutcomeError {
  return new OperationOutcomeError(badRequest(`FHIRPath Patch: ${text}`));
}

/** The `value[x]` of a parameter or part, or its nested parts as an anonymous object. */
function valueOf(p: ParametersParameter): PatchValue | undefined {
  for (const [key, v] of Object.entries(p)) {
    if (key.startsWith('value') && key.length > 5 && v !== undefined) {
      return { value: v, type: key.slice(5) };
    }
  }
  if (p.resource) {
    return { value: p.resource };
  }
  if (p.part && p.part.length > 0) {
    // An anonymous type (a backbone element such as Patient.contact) is given as named parts.
    const object: Record<string, unknown> = {};
    for (const part of p.part) {
      const inner = part && typeof part === 'object' ? valueOf(part) : undefined;
      if (!part.name || inner === undefined) {
        throw invalid(`a part of an anonymous value has no name or no value`);
      }
      const existing = object[part.name];
      object[part.name] =
        existing === undefined
          ? inner.value
          : [...(Array.isArray(existing) ? (existing as unknown[]) : [existing]), inner.value];
    }
    return { value: object };
  }
  return undefined;
}

function partNamed(op: ParametersParameter, name: string): ParametersParameter | undefined {
  const found = (op.part ?? []).filter((p) => p.name === name);
  if (found.length > 1) {
    throw invalid(`operation has more than one "${name}" part`);
  }
  return found[0];
}

function stringPart(op: ParametersParameter, name: string): string {
  const part = partNamed(op, name);
  const v = part?.valueString ?? part?.valueCode;
  if (typeof v !== 'string' || v === '') {
    throw invalid(`operation needs a "${name}" part with a string value`);
  }
  return v;
}

function integerPart(op: ParametersParameter, name: string): number {
  const v = partNamed(op, name)?.valueInteger;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw invalid(`operation needs a "${name}" part with a non-negative valueInteger`);
  }
  return v;
}

function valuePart(op: ParametersParameter): PatchValue {
  const part = partNamed(op, 'value');
  const value = part ? valueOf(part) : undefined;
  if (value === undefined) {
    throw invalid('operation needs a "value" part');
  }
  return value;
}

/**
 * Reads a FHIRPath Patch `Parameters` body into operations; a malformed body is a 400 naming
 * what is missing. Every parameter must be named `operation`.
 */
export function parseFhirPathPatch(body: unknown): FhirPathPatchOperation[] {
  if (
    !body ||
    typeof body !== 'object' ||
    (body as { resourceType?: unknown }).resourceType !== 'Parameters'
  ) {
    throw invalid('body must be a Parameters resource');
  }
  const params = body as Parameters;
  if (params.parameter !== undefined && !Array.isArray(params.parameter)) {
    throw invalid('Parameters.parameter must be an array');
  }
  return (params.parameter ?? []).map((op) => {
    if (!op || typeof op !== 'object' || (op.part !== undefined && !Array.isArray(op.part))) {
      throw invalid('each parameter must be an object whose part is an array');
    }
    if (op.name !== 'operation') {
      throw invalid(`unexpected parameter ${JSON.stringify(op.name)}; expected "operation"`);
    }
    const type = stringPart(op, 'type');
    const path = stringPart(op, 'path');
    switch (type) {
      case 'add':
        return { type, path, name: stringPart(op, 'name'), value: valuePart(op) };
      case 'insert':
        return { type, path, index: integerPart(op, 'index'), value: valuePart(op) };
      case 'delete':
        return { type, path };
      case 'replace':
        return { type, path, value: valuePart(op) };
      case 'move':
        return {
          type,
          path,
          source: integerPart(op, 'source'),
          destination: integerPart(op, 'destination'),
        };
      default:
        throw invalid(
          `unknown operation type ${JSON.stringify(type)}; expected add, insert, delete, replace or move`,
        );
    }
  });
}
