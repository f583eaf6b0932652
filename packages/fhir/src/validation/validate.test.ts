import { validateResource } from '@medplum/core';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateResourceStrict } from './validate.js';

/** One `severity code expression: text` line per issue: compact to compare, and a failure shows them all. */
function summary(issues: OperationOutcomeIssue[]): string[] {
  return issues.map(
    (i) => `${i.severity} ${i.code} ${i.expression?.[0] ?? '-'}: ${i.details?.text ?? ''}`,
  );
}

function errors(issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
}

const GENDER = 'http://hl7.org/fhir/ValueSet/administrative-gender';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';

describe('validateResourceStrict: input that is not a resource', () => {
  it.each([null, undefined, 42, 'Patient', [], [{ resourceType: 'Patient' }]])(
    'reports %j instead of throwing',
    (v) => {
      expect(summary(validateResourceStrict(v))).toEqual([
        'error structure -: A resource must be a JSON object',
      ]);
    },
  );

  it('reports a missing, unknown or abstract resourceType as invalid', () => {
    expect(summary(validateResourceStrict({}))).toEqual([
      'error invalid -: Unknown resource type null',
    ]);
    expect(summary(validateResourceStrict({ resourceType: 'Foo' }))).toEqual([
      'error invalid -: Unknown resource type "Foo"',
    ]);
    expect(validateResourceStrict({ resourceType: 'DomainResource' })[0]?.code).toBe('invalid');
  });

  it('survives values of the wrong shape and leaves them to the structural check', () => {
    const issues = validateResourceStrict({
      resourceType: 'Patient',
      gender: 5,
      name: 'x',
      telecom: [null, 3],
    });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.code === 'structure')).toBe(true);
  });
});

describe('validateResourceStrict: structure (medplum)', () => {
  it('passes a valid patient with no issues', () => {
    const patient = {
      resourceType: 'Patient',
      gender: 'female',
      birthDate: '1970-01-01',
      name: [{ use: 'official', family: 'Chalmers', given: ['Peter'] }],
      telecom: [{ system: 'phone', value: '555', use: 'home' }],
      address: [{ use: 'home', type: 'both', city: 'Leeds' }],
    };
    expect(validateResourceStrict(patient)).toEqual([]);
  });

  it('keeps medplum structural errors with their locations', () => {
    expect(
      summary(validateResourceStrict({ resourceType: 'Patient', birthDate: '1-2-3' })),
    ).toEqual(['error structure Patient.birthDate: Invalid date format']);
  });
});

describe('validateResourceStrict: required bindings', () => {
  it('rejects gender "robot", which medplum alone accepts', () => {
    const robot = { resourceType: 'Patient', gender: 'robot' } as unknown as Resource;
    expect(() => validateResource(robot)).not.toThrow();
    expect(validateResourceStrict(robot)).toEqual([
      {
        severity: 'error',
        code: 'code-invalid',
        details: { text: `Value "robot" is not in required value set ${GENDER}` },
        expression: ['Patient.gender'],
      },
    ]);
  });

  it('rejects an Observation.status outside observation-status', () => {
    const obs = { resourceType: 'Observation', status: 'done', code: { text: 'weight' } };
    expect(summary(validateResourceStrict(obs))).toEqual([
      'error code-invalid Observation.status: Value "done" is not in required value set http://hl7.org/fhir/ValueSet/observation-status',
    ]);
  });

  it('checks bindings inside datatypes, backbone elements, choice types and extensions', () => {
    const patient = {
      resourceType: 'Patient',
      name: [{ use: 'official' }, { use: 'bogus', family: 'X' }],
      telecom: [{ system: 'pigeon', value: 'coo' }],
      identifier: [{ use: 'forever', value: '1' }],
      address: [{ use: 'holiday' }],
      extension: [
        { url: 'http://example.org/weight', valueQuantity: { value: 1, comparator: '~' } },
      ],
    };
    expect(validateResourceStrict(patient).map((i) => i.expression?.[0])).toEqual([
      'Patient.name[1].use',
      'Patient.telecom[0].system',
      'Patient.identifier[0].use',
      'Patient.address[0].use',
      'Patient.extension[0].value.ofType(Quantity).comparator',
    ]);

    const encounter = {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      statusHistory: [{ status: 'paused', period: { start: '2020-01-01' } }],
    };
    expect(summary(validateResourceStrict(encounter))).toEqual([
      'error code-invalid Encounter.statusHistory[0].status: Value "paused" is not in required value set http://hl7.org/fhir/ValueSet/encounter-status',
    ]);

    const obs = {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'bp' },
      component: [
        { code: { text: 'sys' } },
        { code: { text: 'dia' }, valueQuantity: { value: 80, comparator: '=' } },
      ],
    };
    expect(validateResourceStrict(obs).map((i) => i.expression?.[0])).toEqual([
      'Observation.component[1].value.ofType(Quantity).comparator',
    ]);
  });

  it('accepts a CodeableConcept when one coding is in the value set, whatever the others are', () => {
    const condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/1' },
      clinicalStatus: {
        coding: [
          { system: 'http://snomed.info/sct', code: '55561003' },
          { system: CLINICAL, code: 'active' },
        ],
      },
    };
    expect(validateResourceStrict(condition)).toEqual([]);
  });

  it('rejects a CodeableConcept with no coding in the value set, at each offending code', () => {
    const condition = {
      resourceType: 'Condition',
      subject: { reference: 'Patient/1' },
      clinicalStatus: {
        coding: [{ system: 'http://snomed.info/sct', code: '55561003' }, { code: 'active' }],
      },
      verificationStatus: { text: 'confirmed' },
    };
    // con-4 (abated ⇒ inactive/resolved/remission) fires too; the binding issue is ours.
    const issues = validateResourceStrict(condition).filter((i) => i.code === 'code-invalid');
    expect(summary(issues)).toEqual([
      'error code-invalid Condition.clinicalStatus.coding[0].code: Value "http://snomed.info/sct|55561003" is not in required value set http://hl7.org/fhir/ValueSet/condition-clinical',
      // Without a system a code has no meaning, even one spelled like a valid code.
      'error code-invalid Condition.clinicalStatus.coding[1].code: Value "active" (no system) is not in required value set http://hl7.org/fhir/ValueSet/condition-clinical',
      // Text alone never satisfies a required binding.
      'error code-invalid Condition.verificationStatus: A CodeableConcept without a coded value is not in required value set http://hl7.org/fhir/ValueSet/condition-ver-status',
    ]);
  });

  it('does not accept abstract (notSelectable) codes such as item-type "question"', () => {
    const q = {
      resourceType: 'Questionnaire',
      status: 'draft',
      item: [{ linkId: '1', type: 'question' }],
    };
    expect(validateResourceStrict(q).map((i) => i.expression?.[0])).toEqual([
      'Questionnaire.item[0].type',
    ]);
  });

  it('checks resources nested in a Bundle and in contained', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            contained: [{ resourceType: 'Patient', gender: 'x' }],
          },
        },
      ],
    };
    expect(validateResourceStrict(bundle).map((i) => i.expression?.[0])).toEqual([
      'Bundle.entry[0].resource.contained[0].gender',
    ]);
  });
});

describe('validateResourceStrict: reference targets', () => {
  const observation = (reference: string): Resource => ({
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'x' },
    subject: { reference },
  });

  it('medplum only warns about a wrong target type, so the strict validator reports it as an error', () => {
    expect(validateResource(observation('Organization/1'))[0]?.severity).toBe('warning');
    expect(validateResourceStrict(observation('Organization/1'))).toEqual([
      {
        severity: 'error',
        code: 'invalid',
        details: {
          text: 'Reference to Organization is not allowed here; expected Patient | Group | Device | Location',
        },
        expression: ['Observation.subject.reference'],
      },
    ]);
    expect(errors(validateResourceStrict(observation('Organization?identifier=x|1')))).toHaveLength(
      1,
    );
    expect(errors(validateResourceStrict(observation('Organization/1/_history/2')))).toHaveLength(
      1,
    );
  });

  it('accepts allowed types and leaves references it cannot type alone (medplum warned on these)', () => {
    for (const ref of [
      'Patient/1',
      'Group/g.1',
      'urn:uuid:4bfb3b79-6c2a-4d8b-9b0e-d0d9a1a1f1a1',
      'http://example.org/fhir/Organization/1',
      '#p1',
    ]) {
      expect(validateResourceStrict(observation(ref)), ref).toEqual([]);
    }
  });

  it('checks references inside datatypes and choice types, and ignores Reference(Any)', () => {
    const patient = {
      resourceType: 'Patient',
      identifier: [{ value: '1', assigner: { reference: 'Patient/2' } }],
    };
    expect(validateResourceStrict(patient).map((i) => i.expression?.[0])).toEqual([
      'Patient.identifier[0].assigner.reference',
    ]);
    const request = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/1' },
      medicationReference: { reference: 'Substance/1' },
    };
    expect(validateResourceStrict(request).map((i) => i.expression?.[0])).toEqual([
      'MedicationRequest.medication.ofType(Reference).reference',
    ]);
    // Provenance.target is Reference(Any).
    const provenance = {
      resourceType: 'Provenance',
      target: [{ reference: 'Organization/1' }],
      recorded: '2020-01-01T00:00:00Z',
      agent: [{ who: { reference: 'Practitioner/1' } }],
    };
    expect(validateResourceStrict(provenance)).toEqual([]);
  });
});

describe('validateResourceStrict: size limits', () => {
  const big = 'A'.repeat(1024 * 1024 + 4);
  it('accepts base64Binary over 1 MB (a Library with compiled ELM), refuses a string over 1 MB', () => {
    const library: Resource = {
      resourceType: 'Library',
      status: 'active',
      type: { coding: [{ code: 'logic-library' }] },
      content: [{ contentType: 'application/elm+json', data: big }],
    };
    expect(validateResourceStrict(library)).toEqual([]);
    const note: Resource = { ...library, description: big };
    expect(validateResourceStrict(note).some((i) => i.severity === 'error')).toBe(true);
  });
});
