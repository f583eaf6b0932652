import {
  evalFhirPathTyped,
  parseFhirPath,
  type FhirPathAtom,
  type TypedValue,
} from '@medplum/core';
import { IndexCollector } from './collector.js';
import { compileBranch, walkPath, type CompiledPath, type TypedNode } from './compile-path.js';
import { addValue, convertTarget, type ConvertTarget } from './convert-values.js';
import type { CompositeKey } from './index-values.js';
import {
  getSearchParams,
  splitUnion,
  type SearchParamInfo,
  type SearchParamType,
} from './registry.js';

/**
 * Composite search parameters (FHIR R4 §3.1.1.5.8), e.g. Observation `code-value-quantity`:
 * each value of the composite's expression (the Observation, or each `component`) pairs the values
 * of its two components. Stored so that one indexed lookup answers a composite search:
 * - second component token/reference/uri: tokens `${param}|${first}$${second}` in every token
 *   form of both sides (`sys|code`, `*|code`, `sys|*`);
 * - second component number/quantity/date/string: rows of that type under the composite's param,
 *   each carrying the first component's system and code (`CompositeKey`).
 * Composites of more than two components (MolecularSequence coordinates) are not indexed.
 */
export interface CompositePlan {
  readonly code: string;
  readonly roots: readonly CompiledPath[];
  readonly rootFallbacks: readonly FhirPathAtom[];
  readonly first: ComponentPlan;
  readonly second: ComponentPlan;
}

/** One component: how its values are converted, and its expression compiled per root type. */
interface ComponentPlan {
  readonly target: ConvertTarget;
  readonly branches: readonly FhirPathAtom[];
  readonly byRootType: Map<string, { paths: CompiledPath[]; fallbacks: FhirPathAtom[] }>;
}

/** The parameter types a composite's first component may have (what `CompositeKey` can hold). */
const FIRST_TYPES: ReadonlySet<SearchParamType> = new Set(['token', 'reference']);
/** Second components stored as tokens; the rest become typed rows carrying a CompositeKey. */
const TOKEN_LIKE: ReadonlySet<SearchParamType> = new Set(['token', 'reference', 'uri']);

/**
 * A component's expression as R4 meant it: `code-value-date` reads `value.as(DateTime)`, a type
 * name FHIRPath does not know (the primitive is `dateTime`), so as published it matches nothing.
 */
export function componentExpression(expression: string): string {
  return expression.replace(/\bas\(DateTime\)/g, 'as(dateTime)');
}

/** Whether a composite of this resource type is indexed, and so searchable. */
export function isIndexedComposite(resourceType: string, info: SearchParamInfo): boolean {
  return componentTypes(resourceType, info) !== undefined;
}

/** The types of a two-component composite's components, or undefined when it is not indexed. */
export function componentTypes(
  resourceType: string,
  info: SearchParamInfo,
): [SearchParamType, SearchParamType] | undefined {
  const registry = getSearchParams(resourceType);
  const types = (info.components ?? []).map((c) =>
    c.code === undefined ? undefined : registry.get(c.code)?.type,
  );
  const [first, second] = types;
  if (
    types.length !== 2 ||
    first === undefined ||
    second === undefined ||
    !FIRST_TYPES.has(first) ||
    second === 'composite' ||
    second === 'special'
  ) {
    return undefined;
  }
  return [first, second];
}

/** Builds the extraction plan of a composite, or undefined when it is not indexed. */
export function buildCompositePlan(
  resourceType: string,
  info: SearchParamInfo,
): CompositePlan | undefined {
  const types = componentTypes(resourceType, info);
  const components = info.components;
  if (!types || !components?.[0] || !components[1]) {
    return undefined;
  }
  const roots: CompiledPath[] = [];
  const rootFallbacks: FhirPathAtom[] = [];
  for (const branch of splitUnion(info.expression)) {
    const atom = parseFhirPath(branch);
    const compiled = compileBranch(atom.child, resourceType);
    if (compiled) roots.push(compiled);
    else rootFallbacks.push(atom);
  }
  const component = (index: 0 | 1): ComponentPlan => ({
    target: convertTarget('', types[index]),
    branches: splitUnion(componentExpression(components[index]?.expression ?? '')).map((b) =>
      parseFhirPath(b),
    ),
    byRootType: new Map(),
  });
  return { code: info.code, roots, rootFallbacks, first: component(0), second: component(1) };
}

/** The values of one component of one composite value: token pairs recorded besides the usual entries. */
export class ComponentCollector extends IndexCollector {
  readonly pairs: CompositeKey[] = [];

  override addToken(param: string, system: string, code: string): void {
    super.addToken(param, system, code);
    this.pairs.push({ system, code });
  }
}

function componentValues(plan: ComponentPlan, root: TypedNode): ComponentCollector {
  let compiled = plan.byRootType.get(root.type);
  if (!compiled) {
    compiled = { paths: [], fallbacks: [] };
    for (const atom of plan.branches) {
      const path = compileBranch(atom.child, root.type);
      if (path) compiled.paths.push(path);
      else compiled.fallbacks.push(atom);
    }
    plan.byRootType.set(root.type, compiled);
  }
  const out = new ComponentCollector();
  for (const path of compiled.paths) {
    for (const node of walkPath(root.value as object, path)) {
      addValue(out, plan.target, node.value, node.type);
    }
  }
  for (const atom of compiled.fallbacks) {
    for (const result of evalFhirPathTyped(atom, [{ type: root.type, value: root.value }])) {
      addValue(out, plan.target, result.value, result.type);
    }
  }
  return out;
}

/** Escapes a composite side's parts so that `$` separates components unambiguously. */
export function escapeCompositePart(value: string): string {
  return value.replace(/[\\$]/g, (c) => `\\${c}`);
}

/** The token forms of a component value (`sys|code`, `*|code`, `sys|*`), or the reference itself. */
function tokenForms(values: ComponentCollector, type: SearchParamType): string[] {
  if (type === 'reference') {
    return [...values.references].map((r) => escapeCompositePart(r.slice(1)));
  }
  const forms: string[] = [];
  for (const { system, code } of values.pairs) {
    const c = escapeCompositePart(code);
    const s = escapeCompositePart(system);
    forms.push(`${s}|${c}`, `*|${c}`);
    if (system !== '') {
      forms.push(`${s}|*`);
    }
  }
  return forms;
}

/** Adds the composite entries of one root value (the resource itself, or e.g. one component). */
function addCompositeValue(out: IndexCollector, plan: CompositePlan, root: TypedNode): void {
  const first = componentValues(plan.first, root);
  if (first.added > 0) {
    combineComponents(
      out,
      plan.code,
      plan.first.target.type,
      plan.second.target.type,
      first,
      componentValues(plan.second, root),
    );
  }
}

/**
 * Pairs the values of a composite value's two components into index entries of `code` (see
 * CompositePlan for the encodings). Exported for the FHIRPath oracle test.
 */
export function combineComponents(
  out: IndexCollector,
  code: string,
  firstType: SearchParamType,
  secondType: SearchParamType,
  first: ComponentCollector,
  second: ComponentCollector,
): void {
  if (TOKEN_LIKE.has(secondType)) {
    const lefts = tokenForms(first, firstType);
    const rights = tokenForms(second, secondType === 'reference' ? 'reference' : 'token');
    for (const left of lefts) {
      for (const right of rights) {
        out.tokens.add(`${code}|${left}$${right}`);
        out.added++;
      }
    }
    return;
  }
  // Typed rows carry the first component as (system, code); a reference first component is not
  // combined with typed values by any R4 composite.
  for (const comp of first.pairs) {
    for (const n of second.numbers) {
      out.addNumber({ ...n, param: code, comp });
    }
    for (const d of second.dates) {
      out.addDate(code, d.low, d.high, comp);
    }
    for (const s of second.strings) {
      out.addString(code, s.raw ?? s.value, comp);
    }
  }
}

/** Adds every value of a composite parameter of the resource, and its `!param` marker. */
export function addCompositeValues(
  out: IndexCollector,
  plan: CompositePlan,
  resource: object,
  typed: () => TypedValue[],
): void {
  const before = out.added;
  for (const path of plan.roots) {
    for (const node of walkPath(resource, path)) {
      addCompositeValue(out, plan, node);
    }
  }
  for (const atom of plan.rootFallbacks) {
    for (const result of evalFhirPathTyped(atom, typed())) {
      addCompositeValue(out, plan, { value: result.value, type: result.type });
    }
  }
  if (out.added > before) {
    out.addPresent(plan.code);
  }
}
