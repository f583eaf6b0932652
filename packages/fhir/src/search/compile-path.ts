import {
  AsAtom,
  DotAtom,
  EqualsAtom,
  FunctionAtom,
  IsAtom,
  LiteralAtom,
  SymbolAtom,
  getElementDefinition,
  tryGetDataType,
  type Atom,
} from '@medplum/core';
import { referenceTargetType } from './references.js';

/** A value reached by a path, with its FHIR type (`CodeableConcept`, `dateTime`, `Period`…). */
export interface TypedNode {
  value: unknown;
  readonly type: string;
}

/** A JSON property a step may read, and the FHIR type of what it holds. */
interface Candidate {
  readonly key: string;
  readonly type: string;
}

/** Reads a property; per parent type, since after a choice element the parent type varies. */
interface PropStep {
  readonly kind: 'prop';
  readonly byType: Map<string, Candidate[]>;
}
/** `.where(resolve() is Type)`: keeps references whose target type is `type`. */
interface RefTypeStep {
  readonly kind: 'refType';
  readonly type: string;
}
/** `.where(key = 'literal')` on a single primitive element. */
interface WhereEqStep {
  readonly kind: 'whereEq';
  readonly key: string;
  readonly value: unknown;
}
type Step = PropStep | RefTypeStep | WhereEqStep;

/** A FHIRPath branch compiled into a direct walk over the resource's JSON. */
export interface CompiledPath {
  readonly rootType: string;
  readonly steps: readonly Step[];
}

/** One link of a linearised path expression, before types are attached. */
type Op =
  | { op: 'prop'; name: string }
  | { op: 'as'; type: string }
  | { op: 'refType'; type: string }
  | { op: 'whereEq'; key: string; value: unknown };

function symbolName(atom: Atom | undefined): string | undefined {
  return atom instanceof SymbolAtom ? atom.name : undefined;
}

/** Turns a function call on the right of a dot into ops, or undefined if it is not one we compile. */
function functionOps(fn: FunctionAtom): Op[] | undefined {
  const arg = fn.args[0];
  if ((fn.name === 'as' || fn.name === 'ofType') && fn.args.length === 1) {
    const type = symbolName(arg);
    return type === undefined ? undefined : [{ op: 'as', type }];
  }
  if (fn.name === 'where' && fn.args.length === 1) {
    // where(resolve() is Patient)
    if (arg instanceof IsAtom && arg.left instanceof FunctionAtom && arg.left.name === 'resolve') {
      const type = symbolName(arg.right);
      return type === undefined || arg.left.args.length > 0 ? undefined : [{ op: 'refType', type }];
    }
    // where(system = 'phone')
    if (arg instanceof EqualsAtom && arg.right instanceof LiteralAtom) {
      const key = symbolName(arg.left);
      return key === undefined ? undefined : [{ op: 'whereEq', key, value: arg.right.value.value }];
    }
    return undefined;
  }
  if (fn.name === 'extension' && fn.args.length === 1 && arg instanceof LiteralAtom) {
    return [
      { op: 'prop', name: 'extension' },
      { op: 'whereEq', key: 'url', value: arg.value.value },
    ];
  }
  return undefined;
}

/** Flattens `A.b.c as T` / `A.b.as(T).where(…)` into [root, ops]; undefined for anything else. */
function linearize(atom: Atom): [string, Op[]] | undefined {
  if (atom instanceof SymbolAtom) {
    return [atom.name, []];
  }
  if (atom instanceof AsAtom) {
    const left = linearize(atom.left);
    const type = symbolName(atom.right);
    return left && type !== undefined ? [left[0], [...left[1], { op: 'as', type }]] : undefined;
  }
  if (atom instanceof DotAtom) {
    const left = linearize(atom.left);
    if (!left) {
      return undefined;
    }
    const name = symbolName(atom.right);
    if (name !== undefined) {
      return [left[0], [...left[1], { op: 'prop', name }]];
    }
    const ops = atom.right instanceof FunctionAtom ? functionOps(atom.right) : undefined;
    return ops ? [left[0], [...left[1], ...ops]] : undefined;
  }
  return undefined;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The JSON properties `name` may appear as on `parentType`, with their types; undefined if unknown. */
function candidatesOf(parentType: string, name: string): Candidate[] | undefined {
  // Navigating into a resource of unknown type (contained, Bundle.entry.resource) needs its value.
  if (parentType === 'Resource' || parentType === 'DomainResource' || !tryGetDataType(parentType)) {
    return undefined;
  }
  const element = getElementDefinition(parentType, name);
  if (!element || element.type.length === 0) {
    return undefined;
  }
  if (element.path.endsWith('[x]')) {
    return element.type.map((t) => ({ key: name + capitalize(t.code), type: t.code }));
  }
  const type = element.type[0]?.code;
  return element.type.length === 1 && type !== undefined ? [{ key: name, type }] : undefined;
}

/** Attaches types to the ops of a branch; undefined when some step cannot be resolved statically. */
function typeSteps(rootType: string, ops: Op[]): Step[] | undefined {
  const steps: Step[] = [];
  let types = [rootType];
  let lastProp: PropStep | undefined;
  for (const op of ops) {
    if (op.op === 'prop') {
      const byType = new Map<string, Candidate[]>();
      for (const type of types) {
        const candidates = candidatesOf(type, op.name);
        if (!candidates) {
          return undefined;
        }
        byType.set(type, candidates);
      }
      lastProp = { kind: 'prop', byType };
      steps.push(lastProp);
      types = [...new Set([...byType.values()].flat().map((c) => c.type))];
    } else if (op.op === 'as') {
      // Filters since the last property do not change types, so narrowing that property's
      // candidates is the same as filtering the values by type, at no cost per resource.
      if (!lastProp) {
        return undefined;
      }
      for (const [parent, candidates] of lastProp.byType) {
        lastProp.byType.set(
          parent,
          candidates.filter((c) => c.type === op.type),
        );
      }
      types = types.filter((t) => t === op.type);
    } else if (op.op === 'refType') {
      if (types.some((t) => t !== 'Reference')) {
        return undefined;
      }
      steps.push({ kind: 'refType', type: op.type });
    } else {
      for (const type of types) {
        const element = getElementDefinition(type, op.key);
        if (!element || element.isArray || element.path.endsWith('[x]')) {
          return undefined;
        }
      }
      steps.push({ kind: 'whereEq', key: op.key, value: op.value });
    }
  }
  return steps;
}

/**
 * Compiles one branch of a search parameter expression (already parsed) into a direct walk, or
 * returns undefined when the branch uses FHIRPath beyond simple paths (the caller falls back to
 * FHIRPath evaluation). Compiled: `T.a.b`, choice elements (`effective` → `effectiveDateTime`,
 * `effectivePeriod`…), `as T` / `.as(T)` / `.ofType(T)`, `.where(resolve() is T)`,
 * `.where(key = 'literal')` and `.extension('url')`.
 */
export function compileBranch(atom: Atom, resourceType: string): CompiledPath | undefined {
  const linear = linearize(atom);
  if (!linear) {
    return undefined;
  }
  const [root, ops] = linear;
  // A path may start from the type (`Patient.name`) or be relative to the resource (`name`).
  if (root !== resourceType && !/^[a-z]/.test(root)) {
    return undefined;
  }
  const steps = typeSteps(
    resourceType,
    root === resourceType ? ops : [{ op: 'prop', name: root }, ...ops],
  );
  return steps && { rootType: resourceType, steps };
}

function push(out: TypedNode[], value: unknown, type: string): void {
  if (value === undefined || value === null) {
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      push(out, item, type);
    }
  } else if (type === 'Resource' && typeof value === 'object' && 'resourceType' in value) {
    out.push({ value, type: String(value.resourceType) });
  } else {
    out.push({ value, type });
  }
}

/** Walks a compiled path over a resource and returns the values it reaches, with their types. */
export function walkPath(resource: object, path: CompiledPath): TypedNode[] {
  let nodes: TypedNode[] = [{ value: resource, type: path.rootType }];
  for (const step of path.steps) {
    const next: TypedNode[] = [];
    for (const node of nodes) {
      const value = node.value as Record<string, unknown>;
      if (step.kind === 'prop') {
        for (const candidate of step.byType.get(node.type) ?? []) {
          push(next, value[candidate.key], candidate.type);
        }
      } else if (step.kind === 'refType') {
        const reference = value.reference;
        if (typeof reference === 'string' && referenceTargetType(reference) === step.type) {
          next.push(node);
        }
      } else if (value[step.key] === step.value) {
        next.push(node);
      }
    }
    if (next.length === 0) {
      return next;
    }
    nodes = next;
  }
  return nodes;
}
