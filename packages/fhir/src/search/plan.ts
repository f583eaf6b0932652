import { parseFhirPath, type FhirPathAtom } from '@medplum/core';
import { compileBranch, type CompiledPath } from './compile-path.js';
import { buildCompositePlan, type CompositePlan } from './composite.js';
import { convertTarget, type ConvertTarget } from './convert-values.js';
import {
  getPatientCompartmentParams,
  getSearchParams,
  listResourceTypes,
  splitUnion,
} from './registry.js';

/** How one parameter of one resource type is extracted. */
export interface ParamPlan {
  readonly target: ConvertTarget;
  /** Branches compiled into direct walks. */
  readonly paths: readonly CompiledPath[];
  /** Branches evaluated with FHIRPath because they could not be compiled. */
  readonly fallbacks: readonly FhirPathAtom[];
}

/** How a resource type is extracted: its parameters and its Patient-compartment parameters. */
export interface TypePlan {
  readonly params: readonly ParamPlan[];
  /** Two-component composites (see composite.ts). */
  readonly composites: readonly CompositePlan[];
  readonly compartmentParams: readonly string[];
}

/** One branch that is evaluated with FHIRPath on every write (see `getFallbackBranches`). */
export interface FallbackBranch {
  resourceType: string;
  code: string;
  branch: string;
}

/** Stored in columns of their own by `store`, so not extracted. */
const NOT_EXTRACTED = new Set(['_id', '_lastUpdated']);

const plans = new Map<string, TypePlan>();

function buildPlan(resourceType: string): TypePlan {
  const params: ParamPlan[] = [];
  const composites: CompositePlan[] = [];
  for (const info of getSearchParams(resourceType).values()) {
    if (info.type === 'composite') {
      const composite = buildCompositePlan(resourceType, info);
      if (composite) {
        composites.push(composite);
      }
      continue;
    }
    // Special parameters (e.g. Location `near`) would need an index of their own.
    if (NOT_EXTRACTED.has(info.code) || info.type === 'special') {
      continue;
    }
    const paths: CompiledPath[] = [];
    const fallbacks: FhirPathAtom[] = [];
    for (const branch of splitUnion(info.expression)) {
      const atom = parseFhirPath(branch);
      const compiled = compileBranch(atom.child, resourceType);
      if (compiled) {
        paths.push(compiled);
      } else {
        fallbacks.push(atom);
      }
    }
    params.push({ target: convertTarget(info.code, info.type), paths, fallbacks });
  }
  return { params, composites, compartmentParams: getPatientCompartmentParams(resourceType) };
}

/** The extraction plan of a resource type, built once per process on first use. */
export function getTypePlan(resourceType: string): TypePlan {
  let plan = plans.get(resourceType);
  if (!plan) {
    plan = buildPlan(resourceType);
    plans.set(resourceType, plan);
  }
  return plan;
}

/**
 * Every branch, over all R4 resource types, that extraction evaluates with FHIRPath instead of a
 * compiled walk. Builds every plan, so meant for tests and diagnostics, not the write path.
 */
export function getFallbackBranches(): FallbackBranch[] {
  const result: FallbackBranch[] = [];
  for (const resourceType of listResourceTypes()) {
    for (const param of getTypePlan(resourceType).params) {
      for (const atom of param.fallbacks) {
        result.push({ resourceType, code: param.target.code, branch: atom.original });
      }
    }
  }
  return result;
}
