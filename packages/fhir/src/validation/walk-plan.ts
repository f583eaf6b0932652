import {
  getAllDataTypes,
  type InternalSchemaElement,
  type InternalTypeSchema,
} from '@medplum/core';
import { allowedTargetTypes } from './reference-targets.js';
import { requiredBindingFor, type RequiredBinding } from './required-bindings.js';
import { releaseTerminology } from './value-sets.js';

/** What to do with the value(s) found under one JSON property. */
export interface PropertyPlan {
  /** FHIRPath step for the location: `gender`, or `value.ofType(Quantity)` for a choice type. */
  readonly segment: string;
  /** A checkable required binding on this element. */
  readonly binding?: RequiredBinding;
  /** For Reference elements with restricted targets: the resource types allowed. */
  readonly targets?: ReadonlySet<string>;
  /** The value is itself a resource (`contained`, `Bundle.entry.resource`): dispatch on its type. */
  readonly resource?: boolean;
  /** Children to walk for complex values; absent for primitives. */
  readonly node?: NodePlan;
}

/** The plan for one type (datatype, resource or backbone element), keyed by JSON property name. */
export interface NodePlan {
  readonly properties: Map<string, PropertyPlan>;
}

/**
 * Walk plans compiled from the StructureDefinitions that `loadFhirDefinitions()` indexed into
 * @medplum/core (its parsed snapshots, so the 35 MB profiles bundle is not parsed twice). All
 * resource types are compiled together on first use (~100 ms) and kept for the life of the process:
 * the walk then does one Map lookup per JSON property and never evaluates FHIRPath.
 */
const plans = new Map<string, NodePlan>();
let resourcePlans: Map<string, NodePlan> | undefined;

function compileResourcePlans(): Map<string, NodePlan> {
  const compiled = new Map<string, NodePlan>();
  for (const [name, schema] of Object.entries(getAllDataTypes())) {
    const plan = schema.kind === 'resource' ? typePlan(name) : undefined;
    if (plan) {
      compiled.set(name, plan);
    }
  }
  // Every binding is expanded now; the parsed terminology bundles (~30 MB of heap) can go.
  releaseTerminology();
  return compiled;
}

/** Plan for a resource type, or undefined when `resourceType` is not an R4 resource. */
export function resourcePlan(resourceType: string): NodePlan | undefined {
  resourcePlans ??= compileResourcePlans();
  return resourcePlans.get(resourceType);
}

/** True when `name` is a resource type (abstract ones included) in the loaded definitions. */
export function isKnownResourceType(name: string): boolean {
  return resourcePlan(name) !== undefined;
}

function typePlan(typeName: string): NodePlan | undefined {
  const existing = plans.get(typeName);
  if (existing) {
    return existing;
  }
  const schema = getAllDataTypes()[typeName];
  if (!schema || schema.kind === 'primitive-type') {
    return undefined;
  }
  // Registered before the children are compiled: datatypes are recursive (Extension → Extension,
  // Identifier → Reference → Identifier, Questionnaire.item → item).
  const plan: NodePlan = { properties: new Map() };
  plans.set(typeName, plan);
  compileElements(schema, plan);
  return plan;
}

function compileElements(schema: InternalTypeSchema, plan: NodePlan): void {
  for (const [name, element] of Object.entries(schema.elements)) {
    if (name.endsWith('[x]')) {
      // JSON spells a choice as `valueQuantity`; FHIRPath as `value.ofType(Quantity)`.
      const base = name.slice(0, -3);
      for (const type of element.type) {
        const jsonName = base + type.code.charAt(0).toUpperCase() + type.code.slice(1);
        addProperty(plan, jsonName, `${base}.ofType(${type.code})`, type.code, element);
      }
    } else if (element.type.length === 1 && element.type[0]) {
      addProperty(plan, name, name, element.type[0].code, element);
    }
  }
}

function addProperty(
  plan: NodePlan,
  jsonName: string,
  segment: string,
  typeCode: string,
  element: InternalSchemaElement,
): void {
  const binding = requiredBindingFor(typeCode, element.binding);
  if (isPrimitive(typeCode)) {
    if (binding) {
      plan.properties.set(jsonName, { segment, binding });
    }
    // `_birthDate` carries the primitive's id/extensions; FHIRPath shows them under `birthDate`.
    plan.properties.set(`_${jsonName}`, { segment, node: typePlan('Element') });
    return;
  }
  if (typeCode === 'Resource') {
    plan.properties.set(jsonName, { segment, resource: true });
    return;
  }
  const targets =
    typeCode === 'Reference'
      ? allowedTargetTypes(element.type.find((t) => t.code === 'Reference')?.targetProfile)
      : undefined;
  const property: { -readonly [K in keyof PropertyPlan]: PropertyPlan[K] } = { segment };
  const node = typePlan(typeCode);
  if (node) {
    property.node = node;
  }
  if (binding) {
    property.binding = binding;
  }
  if (targets) {
    property.targets = targets;
  }
  plan.properties.set(jsonName, property);
}

function isPrimitive(typeCode: string): boolean {
  // FHIRPath system types (`http://hl7.org/fhirpath/System.String`) appear on `id`/`url` elements.
  return typeCode.startsWith('http://') || getAllDataTypes()[typeCode]?.kind === 'primitive-type';
}
