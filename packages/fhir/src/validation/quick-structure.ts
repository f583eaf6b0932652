import {
  evalFhirPathTyped,
  fhirTypeToJsType,
  getAllDataTypes,
  parseFhirPath,
  validationRegexes,
  type InternalSchemaElement,
  type InternalTypeSchema,
  type TypedValue,
} from '@medplum/core';
import { narrativeProblem } from './narrative.js';
import { isCalendarDate } from './shape.js';

/**
 * A fast, conservative stand-in for @medplum/core `validateResource` on the common case.
 *
 * medplum's validator crawls every element of every schema with generic helpers, which costs
 * ~0.25 ms per Synthea resource — most of an import's CPU. `quickStructureOk` walks only the keys
 * present, with plans compiled once per type, and makes the same checks medplum makes for an error
 * or warning (required elements, cardinality, arrays vs single values, unknown properties, choice
 * types, primitive JSON types, formats and ranges, empty and null values, and every `error`
 * invariant, evaluated with medplum's own FHIRPath engine and variables). It answers true only
 * when it is certain medplum would report nothing; on anything it does not model — primitive
 * extensions (`_x`), slicing, fixed/pattern values — or any doubt, it answers
 * false and the caller runs medplum's validator, whose issues are the ones reported. So a resource
 * is never accepted that medplum would refuse, and every issue still comes from medplum.
 */
export function quickStructureOk(resource: Record<string, unknown>): boolean {
  const plan = typePlan(resource.resourceType as string);
  if (!plan) {
    return false;
  }
  const rootValue: TypedValue = { type: plan.name, value: resource };
  const variables: Record<string, TypedValue> = {
    '%ucum': UCUM,
    '%resource': rootValue,
    '%rootResource': rootValue,
  };
  try {
    return (
      constraintsHold(plan.constraints, rootValue, variables) && objectOk(resource, plan, variables)
    );
  } catch {
    return false; // an invariant that cannot be evaluated is a processing issue in medplum
  }
}

/** Invariants medplum never evaluates (see `skippedConstraintKeys` in its validator). */
const SKIPPED = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);
const UCUM: TypedValue = { type: 'string', value: 'http://unitsofmeasure.org' };
const INTEGER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt']);
const DATE_TYPES = new Set(['date', 'dateTime', 'instant']);
const JS_TYPES: Record<string, string> = fhirTypeToJsType;

interface Invariant {
  atom: ReturnType<typeof parseFhirPath>;
}

interface PropertyPlan {
  /** The FHIR type of the value under this JSON key (a choice key names one type). */
  type: string;
  primitive: boolean;
  element: InternalSchemaElement;
  invariants: Invariant[];
  /** For choice types: the element name (`value[x]`), so two keys of one choice are caught. */
  choice?: string;
  /** What this plan cannot judge when the key is present (slicing, fixed or pattern values). */
  unsupported: boolean;
}

interface TypePlan {
  name: string;
  constraints: Invariant[];
  properties: Map<string, PropertyPlan>;
  /** Elements with min > 0, with every JSON key that can carry them. */
  required: string[][];
  /** The type has schema features this walk does not model at all. */
  unsupported: boolean;
}

const plans = new Map<string, TypePlan | undefined>();
const atoms = new Map<string, Invariant['atom']>();

function invariantsOf(constraints: InternalTypeSchema['constraints']): Invariant[] {
  const out: Invariant[] = [];
  for (const c of constraints ?? []) {
    if (c.severity === 'error' && !SKIPPED.has(c.key)) {
      let atom = atoms.get(c.expression);
      if (!atom) {
        atom = parseFhirPath(c.expression);
        atoms.set(c.expression, atom);
      }
      out.push({ atom });
    }
  }
  return out;
}

function typePlan(name: string): TypePlan | undefined {
  if (plans.has(name)) {
    return plans.get(name);
  }
  const schema = getAllDataTypes()[name];
  if (!schema || schema.kind === 'primitive-type') {
    plans.set(name, undefined);
    return undefined;
  }
  const plan: TypePlan = {
    name,
    constraints: invariantsOf(schema.constraints),
    properties: new Map(),
    required: [],
    unsupported: false,
  };
  plans.set(name, plan);
  for (const [key, element] of Object.entries(schema.elements)) {
    const types = element.type ?? [];
    if (key.includes('.') || types.length === 0) {
      plan.unsupported = true;
      continue;
    }
    const invariants = invariantsOf(element.constraints);
    const unsupported =
      !!element.slicing || element.fixed !== undefined || element.pattern !== undefined;
    const keys: string[] = [];
    const choice = key.endsWith('[x]') ? key : undefined;
    for (const t of types) {
      const jsonKey = choice
        ? choice.slice(0, -3) + t.code.charAt(0).toUpperCase() + t.code.slice(1)
        : key;
      const property: PropertyPlan = {
        type: t.code,
        primitive: t.code in JS_TYPES,
        element,
        invariants,
        unsupported,
      };
      if (choice) {
        property.choice = choice;
      }
      plan.properties.set(jsonKey, property);
      keys.push(jsonKey);
      if (!choice) {
        break;
      }
    }
    if (element.min > 0) {
      plan.required.push(keys);
    }
  }
  return plan;
}

function constraintsHold(
  invariants: readonly Invariant[],
  value: TypedValue,
  variables: Record<string, TypedValue>,
): boolean {
  for (const { atom } of invariants) {
    variables['%context'] = value;
    const result = evalFhirPathTyped(atom, [value], variables);
    if (result.length !== 1 || result[0]?.value !== true) {
      return false;
    }
  }
  return true;
}

function objectOk(
  object: Record<string, unknown>,
  plan: TypePlan,
  variables: Record<string, TypedValue>,
): boolean {
  if (plan.unsupported) {
    return false;
  }
  for (const keys of plan.required) {
    if (!keys.some((k) => object[k] !== undefined)) {
      return false;
    }
  }
  let choices: string[] | undefined;
  for (const key of Object.keys(object)) {
    if (key === 'resourceType') {
      continue;
    }
    const property = plan.properties.get(key);
    if (!property || property.unsupported) {
      return false;
    }
    if (property.choice) {
      if (choices?.includes(property.choice)) {
        return false;
      }
      (choices ??= []).push(property.choice);
    }
    if (!valuesOk(object[key], property, variables)) {
      return false;
    }
  }
  return true;
}

function valuesOk(
  value: unknown,
  property: PropertyPlan,
  variables: Record<string, TypedValue>,
): boolean {
  const { element } = property;
  if (!element.isArray) {
    return !Array.isArray(value) && element.max >= 1 && valueOk(value, property, variables);
  }
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length < element.min ||
    value.length > element.max
  ) {
    return false;
  }
  for (const item of value) {
    if (!valueOk(item, property, variables)) {
      return false;
    }
  }
  return true;
}

function valueOk(
  value: unknown,
  property: PropertyPlan,
  variables: Record<string, TypedValue>,
): boolean {
  if (value === null || value === undefined) {
    return false;
  }
  if (property.type === 'Resource') {
    return nestedResourceOk(value, property, variables);
  }
  if (
    property.invariants.length > 0 &&
    !constraintsHold(property.invariants, { type: property.type, value }, variables)
  ) {
    return false;
  }
  if (property.primitive) {
    return primitiveOk(value, property.type);
  }
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.keys(value).length === 0 ||
    'resourceType' in value
  ) {
    return false; // medplum would treat an object with a resourceType as a resource here
  }
  const plan = typePlan(property.type);
  return plan !== undefined && objectOk(value as Record<string, unknown>, plan, variables);
}

/**
 * A contained resource (or `Bundle.entry.resource`): typed as its own resourceType, walked with
 * `%resource` bound to it, and — as in medplum — without its type's resource-level invariants.
 */
function nestedResourceOk(
  value: unknown,
  property: PropertyPlan,
  variables: Record<string, TypedValue>,
): boolean {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    return false;
  }
  const resourceType = (value as Record<string, unknown>).resourceType;
  const plan = typeof resourceType === 'string' ? typePlan(resourceType) : undefined;
  if (!plan || Object.keys(value).length === 0) {
    return false;
  }
  const typed: TypedValue = { type: resourceType as string, value };
  if (property.invariants.length > 0 && !constraintsHold(property.invariants, typed, variables)) {
    return false;
  }
  const outer = variables['%resource'] as TypedValue;
  variables['%resource'] = typed;
  try {
    return objectOk(value as Record<string, unknown>, plan, variables);
  } finally {
    variables['%resource'] = outer;
  }
}

function primitiveOk(value: unknown, type: string): boolean {
  const expected = JS_TYPES[type];
  if (typeof value !== expected) {
    return false;
  }
  if (typeof value === 'string') {
    const format = validationRegexes[type];
    // Impossible days and narrative FHIR forbids pass medplum: `shape.ts` reports them.
    return (
      value.trim() !== '' &&
      value.length <= 1024 * 1024 &&
      (!format || format.test(value)) &&
      (!DATE_TYPES.has(type) || isCalendarDate(value)) &&
      (type !== 'xhtml' || narrativeProblem(value) === undefined)
    );
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || (INTEGER_TYPES.has(type) && !Number.isInteger(value))) {
      return false;
    }
    return !((type === 'positiveInt' && value <= 0) || (type === 'unsignedInt' && value < 0));
  }
  return true;
}
