import type { ElementDefinitionBinding, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { IssuePath } from './issue-path.js';
import { expandValueSet, type ExpandedValueSet } from './value-sets.js';

/** The coded datatypes a required binding can be checked on. */
export type BoundKind = 'code' | 'Coding' | 'CodeableConcept';

/** A required binding whose value set is fully known offline, ready to check values against. */
export interface RequiredBinding {
  readonly kind: BoundKind;
  readonly valueSet: ExpandedValueSet;
}

/**
 * Returns the checkable required binding of an element of type `typeCode`, or undefined when
 * there is none: not `required`, not a coded type, or a value set we cannot expand completely.
 */
export function requiredBindingFor(
  typeCode: string,
  binding: ElementDefinitionBinding | undefined,
): RequiredBinding | undefined {
  if (binding?.strength !== 'required' || !binding.valueSet) {
    return undefined;
  }
  if (typeCode !== 'code' && typeCode !== 'Coding' && typeCode !== 'CodeableConcept') {
    return undefined;
  }
  const valueSet = expandValueSet(binding.valueSet);
  return valueSet ? { kind: typeCode, valueSet } : undefined;
}

/**
 * Checks one value of a bound element and appends an error per non-conforming value.
 * Values of the wrong JSON shape are ignored: the structural validator reports those.
 */
export function checkRequiredBinding(
  value: unknown,
  binding: RequiredBinding,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
): void {
  switch (binding.kind) {
    case 'code':
      if (typeof value === 'string' && !binding.valueSet.allCodes.has(value)) {
        issues.push(codeInvalid(path.toString(), `Value "${value}"`, binding.valueSet));
      }
      return;
    case 'Coding':
      if (isObject(value)) {
        checkCoding(value, binding.valueSet, path, issues);
      }
      return;
    case 'CodeableConcept':
      if (isObject(value)) {
        checkCodeableConcept(value, binding.valueSet, path, issues);
      }
      return;
  }
}

function checkCoding(
  coding: Record<string, unknown>,
  valueSet: ExpandedValueSet,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
): void {
  const { code, system } = coding;
  if (typeof code !== 'string') {
    issues.push(codeInvalid(path.toString(), 'A Coding without a code', valueSet));
  } else if (!codingMatches(system, code, valueSet)) {
    issues.push(codeInvalid(path.toString('code'), describe(system, code), valueSet));
  }
}

/**
 * A CodeableConcept satisfies a required binding when at least one of its codings is in the value
 * set: other codings are translations, which FHIR allows beside the bound code. When none matches,
 * each coded coding gets its own issue so the location points at a concrete value.
 */
function checkCodeableConcept(
  concept: Record<string, unknown>,
  valueSet: ExpandedValueSet,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
): void {
  const codings = Array.isArray(concept.coding) ? concept.coding : [];
  const coded: number[] = [];
  for (let i = 0; i < codings.length; i++) {
    const coding: unknown = codings[i];
    if (isObject(coding) && typeof coding.code === 'string') {
      if (codingMatches(coding.system, coding.code, valueSet)) {
        return;
      }
      coded.push(i);
    }
  }
  if (coded.length === 0) {
    // Text alone does not satisfy a required binding (R4 terminologies.html#required).
    issues.push(codeInvalid(path.toString(), 'A CodeableConcept without a coded value', valueSet));
    return;
  }
  for (const i of coded) {
    const coding = codings[i] as Record<string, unknown>;
    path.push('coding');
    path.pushIndex(i);
    issues.push(
      codeInvalid(path.toString('code'), describe(coding.system, coding.code as string), valueSet),
    );
    path.pop();
    path.pop();
  }
}

/** A coding without a system has no defined meaning (R4 datatypes.html#Coding), so it cannot match. */
function codingMatches(system: unknown, code: string, valueSet: ExpandedValueSet): boolean {
  return typeof system === 'string' && valueSet.bySystem.get(system)?.has(code) === true;
}

function describe(system: unknown, code: string): string {
  return typeof system === 'string' ? `Value "${system}|${code}"` : `Value "${code}" (no system)`;
}

function codeInvalid(
  expression: string,
  subject: string,
  valueSet: ExpandedValueSet,
): OperationOutcomeIssue {
  return {
    severity: 'error',
    code: 'code-invalid',
    details: { text: `${subject} is not in required value set ${valueSet.url}` },
    expression: [expression],
  };
}

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
