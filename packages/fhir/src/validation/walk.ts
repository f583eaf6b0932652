import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { IssuePath } from './issue-path.js';
import { checkReferenceTarget } from './reference-targets.js';
import { checkRequiredBinding, isObject } from './required-bindings.js';
import { resourcePlan, type NodePlan, type PropertyPlan } from './walk-plan.js';

/**
 * Checks required bindings and reference targets everywhere in `resource`, including datatypes,
 * backbone elements, extensions and nested resources (`contained`, `Bundle.entry.resource`).
 * Unknown properties and values of the wrong shape are skipped: the structural validator reports
 * them, and this walk must never throw on bad input.
 */
export function checkCodesAndReferences(
  resource: Record<string, unknown>,
  issues: OperationOutcomeIssue[],
): void {
  const resourceType = resource.resourceType;
  if (typeof resourceType !== 'string') {
    return;
  }
  const plan = resourcePlan(resourceType);
  if (plan) {
    walkObject(plan, resource, new IssuePath(resourceType), issues);
  }
}

function walkObject(
  plan: NodePlan,
  object: Record<string, unknown>,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
): void {
  for (const key of Object.keys(object)) {
    const property = plan.properties.get(key);
    if (!property) {
      continue;
    }
    const value = object[key];
    path.push(property.segment);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.pushIndex(i);
        visit(property, value[i], path, issues);
        path.pop();
      }
    } else {
      visit(property, value, path, issues);
    }
    path.pop();
  }
}

function visit(
  property: PropertyPlan,
  value: unknown,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
): void {
  if (value === null || value === undefined) {
    return;
  }
  if (property.binding) {
    checkRequiredBinding(value, property.binding, path, issues);
  }
  if (property.targets) {
    checkReferenceTarget(value, property.targets, path, issues);
  }
  if (!isObject(value)) {
    return;
  }
  if (property.resource) {
    // Nested resources keep the container's path (`Bundle.entry[0].resource.gender`), as medplum does.
    const nested =
      typeof value.resourceType === 'string' ? resourcePlan(value.resourceType) : undefined;
    if (nested) {
      walkObject(nested, value, path, issues);
    }
  } else if (property.node) {
    walkObject(property.node, value, path, issues);
  }
}
