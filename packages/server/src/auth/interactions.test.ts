import { loadFhirDefinitions } from '@careweave/fhir';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleNeeds, interactionNeeds, searchNeeds } from './interactions.js';

const req = (
  resourceType: string | undefined,
  extra: Partial<Parameters<typeof interactionNeeds>[1]> = {},
): Parameters<typeof interactionNeeds>[1] => ({
  resourceType,
  query: [],
  headers: {},
  body: undefined,
  ...extra,
});

describe('the permissions each FHIR interaction needs', () => {
  beforeAll(() => {
    loadFhirDefinitions();
  });

  it('maps REST interactions to SMART letters', () => {
    expect(interactionNeeds('create', req('Observation'))).toEqual([
      { resourceType: 'Observation', letter: 'c' },
    ]);
    expect(interactionNeeds('read', req('Patient'))).toEqual([
      { resourceType: 'Patient', letter: 'r' },
    ]);
    expect(interactionNeeds('vread', req('Patient'))).toEqual([
      { resourceType: 'Patient', letter: 'r' },
    ]);
    expect(interactionNeeds('history-type', req('Patient'))).toEqual([
      { resourceType: 'Patient', letter: 'r' },
    ]);
    expect(interactionNeeds('history-system', req(undefined))).toEqual([
      { resourceType: '*', letter: 'r' },
    ]);
    expect(interactionNeeds('update', req('Patient'))).toEqual([
      { resourceType: 'Patient', letter: 'u' },
    ]);
    expect(interactionNeeds('patch', req('Patient'))).toEqual([
      { resourceType: 'Patient', letter: 'u' },
    ]);
    expect(interactionNeeds('delete', req('Patient'))).toEqual([
      { resourceType: 'Patient', letter: 'd' },
    ]);
    expect(interactionNeeds('search-type', req('Patient'))).toEqual([
      { resourceType: 'Patient', letter: 's' },
    ]);
    expect(interactionNeeds('operation', req('Patient'))).toEqual([]);
  });

  it('makes conditional writes also search', () => {
    expect(
      interactionNeeds(
        'create',
        req('Patient', { headers: { 'if-none-exist': 'identifier=x|1' } }),
      ),
    ).toEqual([
      { resourceType: 'Patient', letter: 'c' },
      { resourceType: 'Patient', letter: 's' },
    ]);
    expect(
      interactionNeeds('update-conditional', req('Patient', { query: [['identifier', 'x|1']] })),
    ).toEqual([
      { resourceType: 'Patient', letter: 'u' },
      { resourceType: 'Patient', letter: 's' },
    ]);
  });

  it('makes _include, _revinclude, _has and chains need search on the other types', () => {
    expect(
      searchNeeds('Observation', [['_include', 'Observation:subject:Patient']]).map(
        (n) => n.resourceType,
      ),
    ).toEqual(['Observation', 'Patient']);
    expect(
      searchNeeds('Patient', [['_revinclude', 'Observation:subject']]).map((n) => n.resourceType),
    ).toEqual(['Patient', 'Observation']);
    expect(
      searchNeeds('Patient', [['_has:Observation:subject:code', '1234']]).map(
        (n) => n.resourceType,
      ),
    ).toEqual(['Patient', 'Observation']);
    expect(
      searchNeeds('Observation', [['subject:Patient.name', 'Ana']]).map((n) => n.resourceType),
    ).toEqual(['Observation', 'Patient']);
    // Without a type, every target the parameter allows.
    expect(
      searchNeeds('Observation', [['_include', 'Observation:performer']]).map(
        (n) => n.resourceType,
      ),
    ).toContain('Practitioner');
  });

  it('checks every entry of a transaction by its method and URL', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { request: { method: 'POST', url: 'Patient' } },
        { request: { method: 'POST', url: 'Observation', ifNoneExist: 'identifier=a|1' } },
        { request: { method: 'PUT', url: 'Condition/1' } },
        { request: { method: 'PUT', url: 'Goal?identifier=a|2' } },
        { request: { method: 'DELETE', url: 'Task/9' } },
        { request: { method: 'GET', url: 'Encounter/3' } },
        { request: { method: 'GET', url: 'CarePlan?patient=Patient/1' } },
        { request: { method: 'PATCH', url: 'Flag/2' } },
      ],
    };
    expect(bundleNeeds(bundle).map((n) => `${n.resourceType}.${n.letter}`)).toEqual([
      'Patient.c',
      'Observation.c',
      'Observation.s',
      'Condition.u',
      'Goal.u',
      'Goal.s',
      'Task.d',
      'Encounter.r',
      'CarePlan.s',
      'Flag.u',
    ]);
    expect(bundleNeeds({ resourceType: 'Bundle' })).toEqual([]);
    expect(bundleNeeds({ entry: [{ request: { method: 'POST', url: 'NotAType' } }] })).toEqual([
      { resourceType: '*', letter: 'c' },
    ]);
  });
});
