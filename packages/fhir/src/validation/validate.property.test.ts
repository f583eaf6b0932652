import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateResourceStrict } from './validate.js';

const SEVERITIES = new Set(['fatal', 'error', 'warning', 'information']);
const errors = (issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] =>
  issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');

/** Every issue is coded: a severity, a code and a text a client can show. */
function expectCoded(issues: OperationOutcomeIssue[]): void {
  for (const issue of issues) {
    expect(SEVERITIES.has(issue.severity)).toBe(true);
    expect(typeof issue.code).toBe('string');
    expect(issue.code.length).toBeGreaterThan(0);
  }
}

const TYPES = [
  'Patient',
  'Observation',
  'Task',
  'Condition',
  'CarePlan',
  'Bundle',
  'Questionnaire',
];

/** A resource of a real type whose elements are real names (and some not) holding any JSON. */
const resourceLike = fc
  .tuple(
    fc.constantFrom(...TYPES),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          'id',
          'meta',
          'text',
          'extension',
          'name',
          'status',
          'code',
          'subject',
          'entry',
          'item',
          'gender',
          'birthDate',
          'contained',
          '_birthDate',
        ),
        fc.string({ maxLength: 8 }),
      ),
      fc.jsonValue({ maxDepth: 4 }),
      { maxKeys: 6 },
    ),
  )
  .map(([resourceType, body]) => ({ ...body, resourceType }));

/** A valid Patient from independently chosen parts, all of them allowed by the R4 definitions. */
const validPatient = fc.record(
  {
    resourceType: fc.constant('Patient'),
    active: fc.boolean(),
    gender: fc.constantFrom('male', 'female', 'other', 'unknown'),
    birthDate: fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10)),
    name: fc.array(
      fc.record({
        family: fc.stringMatching(/^[A-Za-z][A-Za-z' -]{0,20}$/),
        given: fc.array(fc.stringMatching(/^[A-Za-z]{1,12}$/), { minLength: 1, maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  },
  { requiredKeys: ['resourceType'] },
);

describe('the validator under arbitrary input (fast-check)', () => {
  it('never throws, for any JSON value at all, and reports a non-object as one coded issue', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const issues = validateResourceStrict(value);
        expectCoded(issues);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          expect(errors(issues).length).toBe(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws for resources of real types holding arbitrary JSON in real and made-up elements', () => {
    fc.assert(
      fc.property(resourceLike, (resource) => {
        expectCoded(validateResourceStrict(resource));
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every valid Patient, and the same Patient after a JSON round trip', () => {
    fc.assert(
      fc.property(validPatient, (patient) => {
        expect(errors(validateResourceStrict(patient))).toEqual([]);
        expect(errors(validateResourceStrict(JSON.parse(JSON.stringify(patient))))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a valid Patient with an element no definition has, or a gender outside the required value set', () => {
    fc.assert(
      fc.property(
        validPatient,
        fc.stringMatching(/^zz[A-Za-z]{1,10}$/),
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((g) => !['male', 'female', 'other', 'unknown'].includes(g)),
        (patient, element, gender) => {
          expect(
            errors(validateResourceStrict({ ...patient, [element]: 'x' })).length,
          ).toBeGreaterThan(0);
          expect(errors(validateResourceStrict({ ...patient, gender })).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
