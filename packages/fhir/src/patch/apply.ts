import {
  DotAtom,
  FhirPathAtom,
  FunctionAtom,
  IndexerAtom,
  OperationOutcomeError,
  SymbolAtom,
  badRequest,
  evalFhirPathTyped,
  parseFhirPath,
  toTypedValue,
  tryGetDataType,
  type TypedValue,
} from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../definitions.js';
import { parseFhirPathPatch, type FhirPathPatchOperation, type PatchValue } from './operations.js';

type Atom = FhirPathAtom['child'];
type JsonObject = Record<string, unknown>;

/**
 * A patch that is well formed but cannot be applied to this resource (nothing or several
 * elements at a path that must name one, an index out of range): 422, as FHIR R4 §3.1.0.7.2 says
 * for a patch that "cannot be applied".
 */
function unprocessable(text: string): OperationOutcomeError {
  return new OperationOutcomeError({
    resourceType: 'OperationOutcome',
    id: 'business-rule', // Medplum's getStatus maps this id to 422
    issue: [{ severity: 'error', code: 'processing', details: { text } }],
  });
}

/** Where an element lives: `parent[key]`, or `parent[key][index]` when the property repeats. */
interface Slot {
  parent: JsonObject;
  key: string;
  index?: number;
}

/** The path's last step split off: the parent expression, the property, and any filter on it. */
interface Step {
  parent?: Atom; // undefined: the path is the resource itself (`Patient`)
  name: string;
  index?: Atom; // `name[i]`
  filtered: boolean; // `name.where(…)`, `name.first()`, …: match the full path's results
}

function compile(path: string): FhirPathAtom {
  try {
    return parseFhirPath(path);
  } catch (err) {
    throw new OperationOutcomeError(
      badRequest(`FHIRPath Patch: invalid path ${JSON.stringify(path)}: ${(err as Error).message}`),
    );
  }
}

function lastStep(path: string, atom: FhirPathAtom): Step {
  let node = atom.child;
  let index: Atom | undefined;
  let filtered = false;
  if (node instanceof IndexerAtom) {
    index = node.expr;
    node = node.left;
  } else if (node instanceof DotAtom && node.right instanceof FunctionAtom) {
    filtered = true;
    node = node.left;
  }
  if (node instanceof SymbolAtom) {
    return { name: node.name, filtered, ...(index ? { index } : {}) };
  }
  if (node instanceof DotAtom && node.right instanceof SymbolAtom) {
    return { parent: node.left, name: node.right.name, filtered, ...(index ? { index } : {}) };
  }
  throw new OperationOutcomeError(
    badRequest(`FHIRPath Patch: path ${JSON.stringify(path)} does not end in an element name`),
  );
}

/** The JSON key of element `name` on an object: `value` may be stored as `valueQuantity`. */
function keyOf(object: JsonObject, name: string): string {
  if (name in object) return name;
  return (
    Object.keys(object).find((k) => k.startsWith(name) && /^[A-Z]/.test(k.slice(name.length))) ??
    name
  );
}

function objects(values: TypedValue[]): { object: JsonObject; type: string }[] {
  return values
    .filter((v) => v.value !== null && typeof v.value === 'object' && !Array.isArray(v.value))
    .map((v) => ({ object: v.value as JsonObject, type: v.type }));
}

function evalFrom(root: Resource, original: string, atom: Atom): TypedValue[] {
  return evalFhirPathTyped(new FhirPathAtom(original, atom), [toTypedValue(root)]);
}

/** Every element the path selects, as the place it is stored. */
function slots(root: Resource, path: string): Slot[] {
  const atom = compile(path);
  const step = lastStep(path, atom);
  if (!step.parent) {
    throw unprocessable(`FHIRPath Patch: ${path} selects the resource itself, not an element`);
  }
  const parents = objects(evalFrom(root, path, step.parent));
  const wanted = step.filtered ? evalFhirPathTyped(atom, [toTypedValue(root)]) : undefined;
  const position: unknown = step.index ? evalFrom(root, path, step.index)[0]?.value : undefined;
  if (step.index && (typeof position !== 'number' || !Number.isInteger(position))) {
    throw new OperationOutcomeError(badRequest(`FHIRPath Patch: ${path} has a non-integer index`));
  }
  const found: Slot[] = [];
  for (const { object } of parents) {
    const key = keyOf(object, step.name);
    const raw = object[key];
    if (raw === undefined) continue;
    const items = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    items.forEach((item, i) => {
      if (step.index && i !== position) return;
      if (wanted && !wanted.some((w) => w.value === item)) return;
      found.push({ parent: object, key, ...(Array.isArray(raw) ? { index: i } : {}) });
    });
  }
  if (step.index && parents.length > 1) {
    throw unprocessable(
      `FHIRPath Patch: ${path} is ambiguous (its parent matches several elements)`,
    );
  }
  return found;
}

function single(root: Resource, path: string, verb: string): Slot {
  const found = slots(root, path);
  if (found.length !== 1) {
    throw unprocessable(
      found.length === 0
        ? `No content found at ${path} when ${verb}`
        : `${path} matches ${found.length} elements; ${verb} needs exactly one`,
    );
  }
  return found[0]!;
}

/** The list a path names (for insert and move), created empty when absent. */
function list(root: Resource, path: string, verb: string): unknown[] {
  const atom = compile(path);
  const step = lastStep(path, atom);
  if (!step.parent || step.index || step.filtered) {
    throw new OperationOutcomeError(
      badRequest(`FHIRPath Patch: ${verb} needs a path to a repeating element, not ${path}`),
    );
  }
  const parents = objects(evalFrom(root, path, step.parent));
  if (parents.length !== 1) {
    throw unprocessable(`No content found at ${path} when ${verb}`);
  }
  const { object, type } = parents[0]!;
  const element = tryGetDataType(type)?.elements[step.name];
  if (element && !element.isArray) {
    throw unprocessable(`FHIRPath Patch: ${path} is not a repeating element`);
  }
  const raw = object[step.name] ?? [];
  if (!Array.isArray(raw)) {
    throw unprocessable(`FHIRPath Patch: ${path} is not a list`);
  }
  object[step.name] = raw;
  return raw as unknown[];
}

function checkIndex(path: string, index: number, length: number, what: string): void {
  if (index > length) {
    throw unprocessable(`FHIRPath Patch: ${what} ${index} is outside ${path} (${length} items)`);
  }
}

function add(root: Resource, op: Extract<FhirPathPatchOperation, { type: 'add' }>): void {
  const targets = objects(evalFhirPathTyped(compile(op.path), [toTypedValue(root)]));
  if (targets.length !== 1) {
    throw unprocessable(
      targets.length === 0
        ? `No content found at ${op.path} when adding`
        : `${op.path} matches ${targets.length} elements; add needs exactly one`,
    );
  }
  const { object, type } = targets[0]!;
  const schema = tryGetDataType(type);
  const element = schema?.elements[op.name] ?? schema?.elements[`${op.name}[x]`];
  if (schema && !element) {
    throw unprocessable(`FHIRPath Patch: ${type} has no element ${JSON.stringify(op.name)}`);
  }
  const isChoice = schema !== undefined && !schema.elements[op.name];
  const key = isChoice && op.value.type ? op.name + op.value.type : op.name;
  if (element?.isArray) {
    const existing = object[key];
    object[key] = [...(Array.isArray(existing) ? (existing as unknown[]) : []), op.value.value];
  } else if (object[key] !== undefined) {
    throw unprocessable(`FHIRPath Patch: ${op.path}.${op.name} already has a value; use replace`);
  } else {
    object[key] = op.value.value;
  }
}

function write(slot: Slot, value: PatchValue): void {
  const current = slot.parent[slot.key];
  if (slot.index === undefined) {
    slot.parent[slot.key] = value.value;
  } else {
    (current as unknown[])[slot.index] = value.value;
  }
}

function remove(slot: Slot): void {
  if (slot.index === undefined) {
    delete slot.parent[slot.key];
  } else {
    (slot.parent[slot.key] as unknown[]).splice(slot.index, 1);
  }
}

/** Removes the empty objects and arrays a delete leaves behind; FHIR JSON may not hold them. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const kept = value.map(prune).filter((v) => v !== undefined);
    return kept.length > 0 ? kept : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as JsonObject;
    for (const key of Object.keys(object)) {
      const kept = prune(object[key]);
      if (kept === undefined) delete object[key];
      else object[key] = kept;
    }
    return Object.keys(object).length > 0 ? object : undefined;
  }
  return value;
}

function applyOne(root: Resource, op: FhirPathPatchOperation): void {
  switch (op.type) {
    case 'add':
      add(root, op);
      return;
    case 'insert': {
      const items = list(root, op.path, 'inserting');
      checkIndex(op.path, op.index, items.length, 'index');
      items.splice(op.index, 0, op.value.value);
      return;
    }
    case 'delete': {
      const found = slots(root, op.path);
      if (found.length > 1) {
        throw unprocessable(`${op.path} matches ${found.length} elements; delete needs one`);
      }
      // FHIR R4 §2.9: a delete whose path selects nothing succeeds without change.
      if (found[0]) remove(found[0]);
      return;
    }
    case 'replace':
      write(single(root, op.path, 'replacing'), op.value);
      return;
    case 'move': {
      const items = list(root, op.path, 'moving');
      checkIndex(op.path, op.source, items.length - 1, 'source');
      checkIndex(op.path, op.destination, items.length - 1, 'destination');
      const [moved] = items.splice(op.source, 1);
      items.splice(op.destination, 0, moved);
      return;
    }
  }
}

/**
 * Applies a FHIRPath Patch (a `Parameters` resource of `operation` parameters, FHIR R4 §2.9)
 * to a copy of `resource`, locating elements with `@medplum/core`'s FHIRPath engine. A malformed
 * patch is a 400; one that cannot be applied to this resource is a 422. The caller validates the
 * result like any other write.
 */
export function applyFhirPathPatch<T extends Resource>(resource: T, patch: unknown): T {
  loadFhirDefinitions();
  const operations = parseFhirPathPatch(patch);
  const copy = structuredClone(resource);
  for (const op of operations) {
    try {
      applyOne(copy, op);
    } catch (err) {
      if (err instanceof OperationOutcomeError) throw err;
      // The FHIRPath engine throws plain errors (unknown function, bad operand): the client's path.
      throw new OperationOutcomeError(
        badRequest(`FHIRPath Patch: cannot evaluate ${op.path}: ${(err as Error).message}`),
      );
    }
    prune(copy);
  }
  return copy;
}
