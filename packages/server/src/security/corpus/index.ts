import type { CorpusCase } from './case.js';
import { fhirInvalidCases } from './fhir-invalid.js';
import { freeTextCases, nonStringFieldCases } from './free-text.js';
import { headerCases } from './headers.js';
import { hl7Cases } from './hl7.js';
import { idCases } from './ids.js';
import { jsonCases } from './json.js';
import { KNOWN_GAPS } from './known-gaps.js';
import { searchCases } from './search.js';
import { tokenCases } from './tokens.js';

/**
 * The hostile-input corpus: every case, in a fixed order. Generated from the compact definitions
 * beside this file, so the list is the same on every run; `corpus.test.ts` counts it and
 * `corpus.api.test.ts` sends it to a live server.
 */
export function corpusCases(): CorpusCase[] {
  const cases = [
    ...jsonCases(),
    ...fhirInvalidCases(),
    ...searchCases(),
    ...idCases(),
    ...tokenCases(),
    ...freeTextCases(),
    ...nonStringFieldCases(),
    ...headerCases(),
    ...hl7Cases(),
  ];
  return cases.map((c) => {
    const gap = KNOWN_GAPS[c.id];
    return gap && !c.pending ? { ...c, pending: gap } : c;
  });
}

/**
 * How many cases the corpus holds. Changing the corpus changes this number on purpose (the
 * README and SECURITY.md quote it); `corpus.test.ts` fails until it matches.
 */
export const CORPUS_SIZE = 2189;
