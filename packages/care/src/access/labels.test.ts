import type { Condition, MedicationRequest, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ACT_CODE, CONFIDENTIALITY, expandLabels, icd10Sensitivity } from './codes.js';
import { applySensitivityLabels, detectSensitivities } from './labels.js';

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const condition = (system: string, code: string): Condition => ({
  resourceType: 'Condition',
  subject: { reference: 'Patient/p' },
  code: { coding: [{ system, code }] },
});

describe('automatic sensitivity labels (HL7 DS4P, 42 CFR Part 2)', () => {
  it('labels ICD-10 chapter F by block: F10–F19 substance use, F20–F99 mental health, F01–F09 not at all', () => {
    expect(
      ['F10.20', 'F11.20', 'F19.99', 'F20.9', 'F32.9', 'F41.1', 'F99', 'F09', 'F03.90', 'I10'].map(
        icd10Sensitivity,
      ),
    ).toEqual(['ETH', 'ETH', 'ETH', 'PSY', 'PSY', 'PSY', 'PSY', undefined, undefined, undefined]);
  });

  it('labels HIV (B20, Z21) and violence (T74, T76, Y07, Z91.41x)', () => {
    expect(
      ['B20', 'Z21', 'T74.11XA', 'T76.12XA', 'Y07.01', 'Z91.410', 'Z91.419', 'Z91.89'].map(
        icd10Sensitivity,
      ),
    ).toEqual(['HIV', 'HIV', 'SDV', 'SDV', 'SDV', 'SDV', 'SDV', undefined]);
  });

  it('finds codes anywhere in the resource: SNOMED diagnoses, SUD medications, reason codes', () => {
    expect([...detectSensitivities(condition('http://snomed.info/sct', '7200002'))]).toEqual([
      'ETH',
    ]);
    const buprenorphine: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p' },
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1010600' }],
      },
    };
    expect([...detectSensitivities(buprenorphine)]).toEqual(['ETH']);
    const encounter = {
      resourceType: 'Encounter',
      status: 'finished',
      reasonCode: [{ coding: [{ system: ICD, code: 'F32.9' }] }],
    } as Resource;
    expect([...detectSensitivities(encounter)]).toEqual(['PSY']);
  });

  it('keeps the author’s labels and adds its own once', () => {
    const authored = {
      ...condition(ICD, 'F10.20'),
      meta: { security: [{ system: CONFIDENTIALITY, code: 'R' }] },
    };
    const labelled = applySensitivityLabels(authored);
    expect(labelled.meta?.security?.map((c) => c.code)).toEqual(['R', 'ETH']);
    expect(applySensitivityLabels(labelled)).toBe(labelled); // idempotent: nothing to add, same object
    const plain = condition(ICD, 'I10');
    expect(applySensitivityLabels(plain)).toBe(plain);
  });

  it('treats the labels of one category as one: naming ETH also names SUD and ETHUD', () => {
    expect([...expandLabels([`${ACT_CODE}|SUD`])].sort()).toEqual([
      `${ACT_CODE}|ETH`,
      `${ACT_CODE}|ETHUD`,
      `${ACT_CODE}|SUD`,
    ]);
    expect([...expandLabels(['PSY'])]).toEqual([`${ACT_CODE}|PSY`]);
    expect([...expandLabels([`${CONFIDENTIALITY}|R`])]).toEqual([`${CONFIDENTIALITY}|R`]);
  });
});
