import { readFileSync } from 'node:fs';
import type { AllergyIntolerance, Composition, Condition, Observation } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '@medplum/core';
import { describe, expect, it } from 'vitest';
import { ccdaTransaction } from './import.js';

const DISCHARGE = readFileSync(
  new URL('./fixtures/discharge-summary.xml', import.meta.url),
  'utf8',
);

describe('a C-CDA discharge summary becomes a transaction for the chosen patient', () => {
  const bundle = ccdaTransaction(DISCHARGE, 'p-42');
  const ofType = <T>(type: string): T[] =>
    (bundle.entry ?? [])
      .filter((e) => e.resource?.resourceType === type)
      .map((e) => e.resource as T);

  it('carries the document, its problems, allergy, medication and vital sign, and no Patient', () => {
    expect(bundle.type).toBe('transaction');
    expect(ofType('Patient')).toEqual([]);
    expect(
      ofType<Condition>('Condition')
        .map((c) => c.code?.coding?.[0]?.code)
        .sort(),
    ).toEqual(['44054006', '84114007']);
    expect(ofType<AllergyIntolerance>('AllergyIntolerance')).toHaveLength(1);
    expect(
      ofType<Observation>('Observation')
        .filter((o) => o.valueQuantity)
        .map((o) => o.valueQuantity?.value),
    ).toEqual([71.2]);
    const composition = ofType<Composition>('Composition')[0];
    expect(composition?.subject?.reference).toBe('Patient/p-42');
    expect(ofType<Composition>('Composition')[0]?.type.coding?.[0]?.code).toBe('18842-5');
  });

  it('links the entries by urn:uuid full URLs, so the transaction assigns the ids', () => {
    const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
    const sectionRefs = ofType<Composition>('Composition')[0]?.section?.flatMap((s) =>
      (s.entry ?? []).map((r) => r.reference),
    );
    expect(sectionRefs).toHaveLength(5);
    for (const ref of sectionRefs ?? []) expect(fullUrls.has(ref)).toBe(true);
  });

  it('points every patient reference at the chosen patient', () => {
    const refs = JSON.stringify(bundle).match(/"reference":"Patient\/[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(4);
    expect(new Set(refs)).toEqual(new Set(['"reference":"Patient/p-42"']));
  });

  it('refuses a body that is not a C-CDA document', () => {
    expect(() => ccdaTransaction('<html><body>hi</body></html>', 'p-42')).toThrow(
      OperationOutcomeError,
    );
  });
});
