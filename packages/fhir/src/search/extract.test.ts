import type {
  Condition,
  Encounter,
  MedicationRequest,
  Observation,
  Patient,
  QuestionnaireResponse,
} from '@medplum/fhirtypes';
import { describe, expect, test } from 'vitest';
import { extractIndexValues } from './extract.js';
import type { IndexValues } from './index-values.js';

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

function stringsOf(values: IndexValues, param: string): string[] {
  return values.strings.filter((s) => s.param === param).map((s) => s.value);
}

describe('extractIndexValues', () => {
  test('a Patient: accented names, identifiers with a type, telecom, birth date, compartment', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      id: 'p1',
      meta: {
        tag: [{ system: 'urn:careweave:programme', code: 'complex-care' }],
        security: [
          { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' },
        ],
        profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'],
      },
      identifier: [
        {
          system: 'urn:oid:2.16.840.1.113883.4.1',
          value: '999-12-3456',
          type: { coding: [{ system: V2_0203, code: 'SS' }] },
        },
      ],
      name: [{ family: 'Muñoz-García', given: ['José', 'Ana María'], prefix: ['Dr.'] }],
      telecom: [
        { system: 'phone', value: '+34 600 000 000' },
        { system: 'email', value: 'jose@example.org' },
      ],
      gender: 'male',
      birthDate: '1970-02',
    };
    const values = extractIndexValues(patient);
    expect(values.patientIds).toEqual(['p1']);
    expect(stringsOf(values, 'name')).toEqual(
      expect.arrayContaining([
        'dr.',
        'jose',
        'ana maria',
        'munoz-garcia',
        'dr. jose ana maria munoz-garcia',
      ]),
    );
    expect(stringsOf(values, 'family')).toEqual(['munoz-garcia']);
    expect(values.tokens).toEqual(
      expect.arrayContaining([
        'identifier|urn:oid:2.16.840.1.113883.4.1|999-12-3456',
        `identifier:of-type|${V2_0203}|SS|999-12-3456`,
        'phone||+34 600 000 000',
        'email|*|jose@example.org',
        'telecom|*|jose@example.org',
        'gender||male',
        '_tag|urn:careweave:programme|complex-care',
        '_security|http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R',
        '!name',
        '!birthdate',
        '!_tag',
      ]),
    );
    expect(values.tokens).not.toContain('phone|*|jose@example.org');
    expect(values.tokens).not.toContain('!death-date');
    expect(
      values.tokens.some(
        (t) => t.startsWith('_id') || t.startsWith('!_id') || t.startsWith('!_lastUpdated'),
      ),
    ).toBe(false);
    expect(values.references).toEqual([
      '_profile|http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient',
    ]);
    expect(values.dates).toEqual([
      { param: 'birthdate', low: '1970-02-01T00:00:00.000Z', high: '1970-02-28T23:59:59.999Z' },
    ]);
  });

  test('an Observation: LOINC code, quantity with precision, effective time with offset, compartment order', () => {
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: {
        coding: [{ system: LOINC, code: '2339-0', display: 'Glucose [Mass/volume] in Blood' }],
      },
      subject: { reference: 'Patient/p1' },
      performer: [{ reference: 'Practitioner/dr1' }, { reference: 'Patient/p2' }],
      effectiveDateTime: '2025-03-04T10:15:00+02:00',
      valueQuantity: {
        value: 100,
        unit: 'mg/dL',
        system: 'http://unitsofmeasure.org',
        code: 'mg/dL',
      },
    };
    const values = extractIndexValues(observation);
    expect(values.patientIds).toEqual(['p1', 'p2']);
    expect(values.tokens).toEqual(
      expect.arrayContaining([
        `code|${LOINC}|2339-0`,
        'code|*|2339-0',
        `code|${LOINC}|*`,
        'status||final',
      ]),
    );
    expect(stringsOf(values, 'code:text')).toEqual(['glucose [mass/volume] in blood']);
    expect(values.references).toEqual(
      expect.arrayContaining([
        'subject|Patient/p1',
        'patient|Patient/p1',
        'performer|Practitioner/dr1',
        'performer|Patient/p2',
      ]),
    );
    expect(values.dates).toEqual([
      { param: 'date', low: '2025-03-04T08:15:00.000Z', high: '2025-03-04T08:15:00.999Z' },
    ]);
    expect(values.numbers.find((n) => n.param === 'value-quantity')).toEqual({
      param: 'value-quantity',
      value: 100,
      low: 99.5,
      high: 100.5,
      system: 'http://unitsofmeasure.org',
      code: 'mg/dL',
      unit: 'mg/dL',
    });
  });

  test('an Encounter: class Coding and an open period', () => {
    const encounter: Encounter = {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: {
        system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
        code: 'IMP',
        display: 'inpatient encounter',
      },
      subject: { reference: 'Patient/p1' },
      period: { start: '2025-03-04T22:00:00-05:00' },
      length: { value: 2, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
    };
    const values = extractIndexValues(encounter);
    expect(values.patientIds).toEqual(['p1']);
    expect(values.tokens).toContain('class|http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP');
    expect(values.dates).toEqual([
      { param: 'date', low: '2025-03-05T03:00:00.000Z', high: '9999-12-31T23:59:59.999Z' },
    ]);
    expect(values.numbers).toEqual([
      {
        param: 'length',
        value: 2,
        low: 1.5,
        high: 2.5,
        system: 'http://unitsofmeasure.org',
        code: 'd',
        unit: 'days',
      },
    ]);
  });

  test('a Condition coded in ICD-10 and SNOMED; a string onset is not a date', () => {
    const condition: Condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/p1' },
      code: {
        coding: [
          { system: ICD10, code: 'E11.9' },
          { system: SNOMED, code: '44054006' },
        ],
        text: 'Type 2 diabetes',
      },
      onsetString: 'in her fifties',
      abatementDateTime: '2024',
    };
    const values = extractIndexValues(condition);
    expect(values.tokens).toEqual(
      expect.arrayContaining([`code|${ICD10}|E11.9`, `code|${SNOMED}|44054006`, 'code|*|E11.9']),
    );
    expect(stringsOf(values, 'onset-info')).toEqual(['in her fifties']);
    expect(values.dates).toEqual([
      {
        param: 'abatement-date',
        low: '2024-01-01T00:00:00.000Z',
        high: '2024-12-31T23:59:59.999Z',
      },
    ]);
    expect(values.tokens).not.toContain('!onset-date');
  });

  test('a MedicationRequest with medicationCodeableConcept indexes a code, not a reference', () => {
    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '860975' }],
      },
      authoredOn: '2025-01-15',
    };
    const values = extractIndexValues(request);
    expect(values.tokens).toContain('code|http://www.nlm.nih.gov/research/umls/rxnorm|860975');
    expect(values.references.some((r) => r.startsWith('medication|'))).toBe(false);
    expect(values.tokens).not.toContain('!medication');
    const withReference = extractIndexValues({
      ...request,
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/m1' },
    });
    expect(withReference.references).toContain('medication|Medication/m1');
    expect(withReference.tokens).not.toContain('!code');
  });

  test('references: absolute URLs normalised, contained and urn:uuid skipped, compartment by target type', () => {
    const response: QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      questionnaire: 'http://example.org/Questionnaire/phq-9|1.0',
      subject: { reference: 'https://fhir.example.org/R4/Patient/p9/_history/3' },
      author: { reference: '#author1' },
      source: { reference: 'urn:uuid:2b9e5bb1-56c4-4a9c-8d7c-44e57ec8a46f' },
    };
    const values = extractIndexValues(response);
    expect(values.references.sort()).toEqual(
      [
        'patient|Patient/p9',
        'questionnaire|http://example.org/Questionnaire/phq-9|1.0',
        'subject|Patient/p9',
      ].sort(),
    );
    expect(values.patientIds).toEqual(['p9']);
    expect(values.tokens).not.toContain('!author');
  });

  test('a Patient without an id has no compartment yet; empty elements give no values', () => {
    expect(extractIndexValues({ resourceType: 'Patient' }).patientIds).toEqual([]);
    const none = extractIndexValues({ resourceType: 'Basic', code: {} });
    expect(none).toEqual({
      patientIds: [],
      tokens: [],
      references: [],
      strings: [],
      dates: [],
      numbers: [],
    });
  });
});
