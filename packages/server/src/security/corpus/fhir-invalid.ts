import type { CorpusCase } from './case.js';

/** Valid resources whose every element is then replaced by values of the wrong kind. */
const SAMPLES: readonly Record<string, unknown>[] = [
  {
    resourceType: 'Patient',
    active: true,
    name: [{ family: 'Corpus', given: ['Case'] }],
    gender: 'female',
    birthDate: '1960-04-05',
    telecom: [{ system: 'phone', value: '555-0100' }],
    address: [{ city: 'Riverside' }],
    identifier: [{ system: 'urn:example:mrn', value: '42' }],
  },
  {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '44261-6' }] },
    subject: { reference: 'Patient/ana' },
    effectiveDateTime: '2025-01-02T03:04:05Z',
    valueQuantity: {
      value: 12,
      unit: '{score}',
      system: 'http://unitsofmeasure.org',
      code: '{score}',
    },
  },
  {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    for: { reference: 'Patient/ana' },
    description: 'Call after discharge',
    authoredOn: '2025-01-02',
    priority: 'routine',
  },
  {
    resourceType: 'Condition',
    subject: { reference: 'Patient/ana' },
    code: { text: 'Diabetes' },
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' },
      ],
    },
    onsetDateTime: '2020-01-01',
  },
  {
    resourceType: 'CarePlan',
    status: 'active',
    intent: 'plan',
    subject: { reference: 'Patient/ana' },
    title: 'Plan',
    period: { start: '2025-01-01' },
  },
];

/** Values of the wrong kind for an element whose valid value has this JSON type. */
function wrongKinds(value: unknown): unknown[] {
  if (Array.isArray(value)) return ['x', 7, {}, [], [null], null, [[]]];
  switch (typeof value) {
    case 'string':
      return [7, true, {}, [], null, ['x']];
    case 'number':
      return ['7', true, null, {}];
    case 'boolean':
      return ['true', 1, null, []];
    default:
      return ['x', 7, [], null, {}];
  }
}

/** Whole resources that are wrong as a whole. */
const WHOLE: readonly unknown[] = [
  {},
  { resourceType: 'Bogus' },
  { resourceType: 'Resource' },
  { resourceType: 'DomainResource' },
  { resourceType: '__proto__' },
  { resourceType: 'patient' },
  { resourceType: ['Patient'] },
  { resourceType: 'Patient', unknownElement: 1 },
  { resourceType: 'Patient', gender: 'robot' },
  { resourceType: 'Patient', birthDate: '1960-02-30' },
  { resourceType: 'Patient', birthDate: '1960-13-01' },
  { resourceType: 'Patient', birthDate: '<script>' },
  { resourceType: 'Patient', meta: { lastUpdated: 'yesterday' } },
  { resourceType: 'Patient', extension: [{ valueString: 'no url' }] },
  { resourceType: 'Patient', extension: [{ url: 'http://x' }] },
  { resourceType: 'Patient', managingOrganization: { reference: 'Observation/x' } },
  { resourceType: 'Patient', contained: [{ resourceType: 'Bogus' }] },
  { resourceType: 'Patient', contained: [{ resourceType: 'Patient', contained: [] }] },
  { resourceType: 'Patient', text: { status: 'generated', div: 'not xhtml' } },
  {
    resourceType: 'Patient',
    text: {
      status: 'generated',
      div: '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>',
    },
  },
  { resourceType: 'Patient', name: [{ family: 'x', _family: { extension: 'x' } }] },
  { resourceType: 'Patient', name: [{ given: ['x', null] }] },
  {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'x' },
    valueQuantity: { value: 'abc' },
  },
  {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'x' },
    valueQuantity: { value: Number.POSITIVE_INFINITY },
  },
  {
    resourceType: 'Observation',
    status: 'final',
    code: { text: 'x' },
    valueString: 'a',
    valueBoolean: true,
  },
  { resourceType: 'Observation', status: 'final' },
  { resourceType: 'Observation', status: 'bogus', code: { text: 'x' } },
  { resourceType: 'Task', status: 'done', intent: 'order' },
  { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Bogus' } }] },
];

/** Structurally invalid FHIR at create, update and `$validate`. */
export function fhirInvalidCases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const sample of SAMPLES) {
    const type = sample['resourceType'] as string;
    for (const [element, value] of Object.entries(sample)) {
      if (element === 'resourceType') continue;
      wrongKinds(value).forEach((wrong, i) =>
        out.push({
          id: `fhir-invalid/${type}/${element}/${i}`,
          group: 'fhir-invalid',
          method: 'POST',
          path: `/fhir/R4/${type}`,
          body: { ...sample, [element]: wrong },
          expect: 'refused',
        }),
      );
    }
  }
  WHOLE.forEach((body, i) => {
    out.push({
      id: `fhir-invalid/whole/create/${i}`,
      group: 'fhir-invalid',
      method: 'POST',
      path: '/fhir/R4/Patient',
      body,
      expect: 'refused',
    });
    out.push({
      id: `fhir-invalid/whole/update/${i}`,
      group: 'fhir-invalid',
      method: 'PUT',
      path: '/fhir/R4/Patient/invalid-target',
      body,
      expect: 'refused',
    });
  });
  // Update whose body disagrees with the URL; transaction entries that are wrong in themselves.
  const mismatches: [string, string, unknown][] = [
    ['PUT', '/fhir/R4/Patient/ana', { resourceType: 'Patient', id: 'ben' }],
    ['PUT', '/fhir/R4/Patient/ana', { resourceType: 'Observation', id: 'ana' }],
    ['POST', '/fhir/R4/Observation', { resourceType: 'Patient' }],
    ['POST', '/fhir/R4', { resourceType: 'Bundle', type: 'document' }],
    ['POST', '/fhir/R4', { resourceType: 'Bundle', type: 'transaction', entry: [{}] }],
    [
      'POST',
      '/fhir/R4',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ request: { method: 'TRACE', url: 'Patient' } }],
      },
    ],
    [
      'POST',
      '/fhir/R4',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [{ request: { method: 'GET', url: '../../admin' } }],
      },
    ],
    [
      'POST',
      '/fhir/R4',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: "urn:uuid:' OR 1=1",
            resource: { resourceType: 'Patient' },
            request: { method: 'POST', url: 'Patient' },
          },
        ],
      },
    ],
    [
      'POST',
      '/fhir/R4',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Bundle', type: 'transaction', entry: [] },
            request: { method: 'POST', url: 'Bundle' },
          },
          { request: { method: 'DELETE', url: 'Patient?name=%' } },
        ],
      },
    ],
    [
      'POST',
      '/fhir/R4',
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            resource: { resourceType: 'Patient' },
            request: { method: 'PUT', url: 'Patient/../x' },
          },
        ],
      },
    ],
  ];
  // Ids a client may not choose: create ignores a body's id, so only update can be refused.
  for (const [i, id] of ['../../etc/passwd', 'a'.repeat(65), 'x\u0000y', ''].entries()) {
    out.push({
      id: `fhir-invalid/id/${i}`,
      group: 'fhir-invalid',
      method: 'PUT',
      path: `/fhir/R4/Patient/${encodeURIComponent(id)}`,
      body: { resourceType: 'Patient', id },
      expect: 'refused',
    });
  }
  mismatches.forEach(([method, path, body], i) =>
    out.push({
      id: `fhir-invalid/mismatch/${i}`,
      group: 'fhir-invalid',
      method,
      path,
      body,
      // A `urn:uuid:` that is no UUID and a conditional delete matching nothing are harmless.
      expect: i === 7 || i === 8 ? 'answered' : 'refused',
    }),
  );
  // JSON Patch that breaks the resource or reaches outside it.
  const patches: unknown[] = [
    [{ op: 'replace', path: '/id', value: 'ben' }],
    [{ op: 'replace', path: '/resourceType', value: 'Observation' }],
    [{ op: 'add', path: '/__proto__/isAdmin', value: true }],
    [{ op: 'add', path: '/constructor/prototype/isAdmin', value: true }],
    [{ op: 'remove', path: '/' }],
    [{ op: 'copy', from: '/name', path: '/name/0/name' }],
    [{ op: 'move', from: '/name', path: '/name/0' }],
    [{ op: 'test', path: '/gender', value: 'robot' }],
    [{ op: 'bogus', path: '/gender' }],
    [{ op: 'add', path: 'gender', value: 'female' }],
    [{ op: 'add', path: '/gender', value: 'robot' }],
    [{ op: 'add', path: '/name/999999999', value: {} }],
    [{ op: 'add', path: '/name/-1', value: {} }],
    [{ op: 'add', path: `/${'a/'.repeat(5000)}b`, value: 1 }],
    [{ path: '/gender' }],
    { op: 'add', path: '/gender', value: 'female' },
  ];
  patches.forEach((body, i) =>
    out.push({
      id: `fhir-invalid/patch/${i}`,
      group: 'fhir-invalid',
      method: 'PATCH',
      path: '/fhir/R4/Patient/ana',
      body,
      headers: { 'Content-Type': 'application/json-patch+json' },
      expect: 'refused',
    }),
  );
  return out;
}
