import { OperationOutcomeError, badRequest } from '@medplum/core';
import { getPatientCompartmentParams, isResourceType } from '@careweave/fhir';

/** Which `$export` was asked for (Bulk Data Access 2.0 §"Kick-off request"). */
export type ExportLevel =
  { kind: 'system' } | { kind: 'patient' } | { kind: 'group'; groupId: string };

/** A kick-off's parameters, as stored in the job row and read back by the worker. */
export interface ExportParams {
  level: ExportLevel;
  /** `_type`: only these types; absent: every type the caller may read. */
  types?: string[];
  /** `_since`: only resources changed at or after this instant. */
  since?: string;
  /** `_typeFilter`: per type, search queries whose union is exported (other types unfiltered). */
  typeFilters: Record<string, string[]>;
}

/** `_outputFormat` values Bulk Data servers accept for NDJSON (the spec's abbreviations included). */
const NDJSON_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];

/** An instant with a time zone (FHIR `instant`), as `_since` must be. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const refuse = (text: string): OperationOutcomeError => new OperationOutcomeError(badRequest(text));

/** Types of the Patient compartment (R4 CompartmentDefinition Patient), which Patient and Group exports cover. */
export function inPatientCompartment(type: string): boolean {
  return type === 'Patient' || getPatientCompartmentParams(type).length > 0;
}

/**
 * Reads the kick-off's query parameters. Unknown or unsupported parameters (`patient`,
 * `_elements`, `includeAssociatedData`…) answer 400, so a client never gets less than it asked
 * for without knowing; so do an `_outputFormat` other than NDJSON, a malformed `_since`, a type
 * that is not a resource type and a `_typeFilter` that is not `Type?query`.
 */
export function parseExportParams(
  level: ExportLevel,
  pairs: readonly (readonly [string, string])[],
): ExportParams {
  const params: ExportParams = { level, typeFilters: {} };
  for (const [name, value] of pairs) {
    switch (name) {
      case '_outputFormat':
        if (!NDJSON_FORMATS.includes(value)) {
          throw refuse(
            `_outputFormat ${JSON.stringify(value.slice(0, 100))} is not supported: only application/fhir+ndjson`,
          );
        }
        break;
      case '_type': {
        const types = value.split(',').map((t) => t.trim());
        const unknown = types.find((t) => !isResourceType(t));
        if (unknown !== undefined) {
          throw refuse(`_type: ${JSON.stringify(unknown.slice(0, 100))} is not a resource type`);
        }
        params.types = [...new Set([...(params.types ?? []), ...types])];
        break;
      }
      case '_since':
        if (!INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
          throw refuse('_since must be a FHIR instant such as 2026-01-31T12:00:00Z');
        }
        params.since = new Date(value).toISOString();
        break;
      case '_typeFilter':
        // Comma-delimited queries; a comma inside a query (code=a,b) is not followed by `Type?`.
        for (const filter of value.split(/,(?=[A-Z][A-Za-z]+\?)/)) {
          const i = filter.indexOf('?');
          const type = i > 0 ? filter.slice(0, i) : '';
          if (!isResourceType(type) || i === filter.length - 1) {
            throw refuse(
              `_typeFilter must be Type?search-parameters, got ${JSON.stringify(filter.slice(0, 100))}`,
            );
          }
          (params.typeFilters[type] ??= []).push(filter.slice(i + 1));
        }
        break;
      case '_format':
      case '_pretty':
        break;
      default:
        throw refuse(
          `$export does not support the parameter ${JSON.stringify(name.slice(0, 100))} (supported: _outputFormat, _type, _since, _typeFilter)`,
        );
    }
  }
  if (params.types && level.kind !== 'system') {
    const outside = params.types.find((t) => !inPatientCompartment(t));
    if (outside) {
      throw refuse(`_type: ${outside} is not in the Patient compartment, which this export covers`);
    }
  }
  const filtered = Object.keys(params.typeFilters).find(
    (t) => params.types && !params.types.includes(t),
  );
  if (filtered) {
    throw refuse(`_typeFilter names ${filtered}, which _type does not list`);
  }
  return params;
}
