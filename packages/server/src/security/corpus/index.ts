import type { CorpusCase } from './case.js';
import { fhirInvalidCases } from './fhir-invalid.js';
import { freeTextCases, nonStringFieldCases } from './free-text.js';
import { headerCases } from './headers.js';
import { idCases } from './ids.js';
import { jsonCases } from './json.js';
import { searchCases } from './search.js';
import { tokenCases } from './tokens.js';

/**
 * The hostile-input corpus: every case, in a fixed order. Generated from the compact definitions
 * beside this file, so the list is the same on every run; `corpus.test.ts` counts it and
 * `corpus.api.test.ts` sends it to a live server. The HL7 v2 / MLLP cases are `hl7Cases`.
 */
export function corpusCases(): CorpusCase[] {
  return [
    ...jsonCases(),
    ...fhirInvalidCases(),
    ...searchCases(),
    ...idCases(),
    ...tokenCases(),
    ...freeTextCases(),
    ...nonStringFieldCases(),
    ...headerCases(),
  ];
}

export { hl7Cases, type Hl7Case } from './hl7.js';

/**
 * How many cases the corpus holds: the HTTP cases (`corpusCases`) and the HL7 v2 / MLLP ones
 * (`hl7Cases`). Changing the corpus changes this number on purpose (the README and SECURITY.md
 * quote it); `corpus.test.ts` fails until it matches.
 */
export const CORPUS_SIZE = 2414;
