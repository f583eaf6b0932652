import { evalFhirPathTyped, toTypedValue, type TypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { IndexCollector } from './collector.js';
import { walkPath } from './compile-path.js';
import { addCompositeValues } from './composite.js';
import { addValue } from './convert-values.js';
import type { IndexValues } from './index-values.js';
import { getTypePlan, type TypePlan } from './plan.js';

/** Compartment patients: the references of the compartment parameters that point to a Patient. */
function compartmentPatients(resource: Resource, plan: TypePlan, out: IndexCollector): string[] {
  const ids: string[] = [];
  // A Group (a registry, a panel) lists many people; it is not one person's record, so it is not
  // owned by its first member — access to it must not hinge on seeing that one person.
  if (resource.resourceType === 'Group') {
    return ids;
  }
  if (resource.resourceType === 'Patient' && resource.id) {
    ids.push(resource.id);
  }
  for (const code of plan.compartmentParams) {
    const prefix = `${code}|Patient/`;
    for (const reference of out.references) {
      if (reference.startsWith(prefix)) {
        const id = reference.slice(prefix.length);
        if (!ids.includes(id)) {
          ids.push(id);
        }
      }
    }
  }
  return ids;
}

/**
 * Extracts every search parameter value of the resource, per the R4 SearchParameter definitions
 * (plus Careweave's custom ones), in the encodings documented on IndexValues. Runs on every write,
 * so expressions are compiled once per type into direct walks; the few branches that cannot be
 * compiled are evaluated with FHIRPath. `_id` and `_lastUpdated` are not extracted (the store has
 * columns for them), nor are special parameters; two-component composites are (composite.ts).
 */
export function extractIndexValues(resource: Resource): IndexValues {
  const plan = getTypePlan(resource.resourceType);
  const out = new IndexCollector();
  let typed: TypedValue[] | undefined;
  for (const param of plan.params) {
    const before = out.added;
    for (const path of param.paths) {
      for (const node of walkPath(resource, path)) {
        addValue(out, param.target, node.value, node.type);
      }
    }
    for (const atom of param.fallbacks) {
      typed ??= [toTypedValue(resource)];
      for (const result of evalFhirPathTyped(atom, typed)) {
        addValue(out, param.target, result.value, result.type);
      }
    }
    if (out.added > before) {
      out.addPresent(param.target.code);
    }
  }
  for (const composite of plan.composites) {
    addCompositeValues(out, composite, resource, () => (typed ??= [toTypedValue(resource)]));
  }
  return out.toIndexValues(compartmentPatients(resource, plan, out));
}
