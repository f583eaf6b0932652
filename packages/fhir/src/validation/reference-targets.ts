import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { IssuePath } from './issue-path.js';
import { isObject } from './required-bindings.js';

/**
 * The resource types a Reference element may point to, from its `targetProfile`s, or undefined
 * when any type is allowed (`Resource`, no target profiles) or a target is a profile whose base type
 * we cannot tell from its URL (then we cannot decide, so we do not check).
 */
export function allowedTargetTypes(
  targetProfiles: readonly string[] | undefined,
): ReadonlySet<string> | undefined {
  if (!targetProfiles?.length) {
    return undefined;
  }
  const types = new Set<string>();
  for (const profile of targetProfiles) {
    const type = profile.slice(profile.lastIndexOf('/') + 1);
    // Base definitions end in the type name (…/StructureDefinition/Patient); constraint profiles
    // such as …/StructureDefinition/vitalsigns do not.
    if (type === 'Resource' || !/^[A-Z][A-Za-z]+$/.test(type)) {
      return undefined;
    }
    types.add(type);
  }
  return types;
}

/**
 * `Type/id`, `Type/id/_history/vid` or a conditional `Type?query`: the relative forms whose target
 * type is spelled out. Absolute URLs, `urn:uuid:`/`urn:oid:` (bundle-internal) and `#contained`
 * references do not match and are left alone: their type is unknown without resolving them.
 */
const RELATIVE_REFERENCE =
  /^([A-Z][A-Za-z]+)(?:\/[A-Za-z0-9\-.]{1,64}(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$|\?)/;

/**
 * Checks that a literal relative reference points to one of `allowed`; appends an `invalid` error at
 * `<element>.reference` otherwise. medplum's validator only warns about this (and also warns,
 * wrongly, on `urn:uuid:` and absolute references), so Careweave checks it itself.
 */
export function checkReferenceTarget(
  value: unknown,
  allowed: ReadonlySet<string>,
  path: IssuePath,
  issues: OperationOutcomeIssue[],
): void {
  if (!isObject(value) || typeof value.reference !== 'string') {
    return;
  }
  const type = RELATIVE_REFERENCE.exec(value.reference)?.[1];
  if (type === undefined || allowed.has(type)) {
    return;
  }
  issues.push({
    severity: 'error',
    code: 'invalid',
    details: {
      text: `Reference to ${type} is not allowed here; expected ${[...allowed].join(' | ')}`,
    },
    expression: [path.toString('reference')],
  });
}
