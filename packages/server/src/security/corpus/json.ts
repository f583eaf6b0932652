import type { Caller, CorpusCase } from './case.js';

/** The doors that read a JSON body, each with the caller who may use it. */
const JSON_DOORS: readonly {
  name: string;
  method: string;
  path: string;
  caller: Caller;
  type?: string;
}[] = [
  { name: 'fhir-create', method: 'POST', path: '/fhir/R4/Patient', caller: 'operator' },
  { name: 'fhir-update', method: 'PUT', path: '/fhir/R4/Patient/ana', caller: 'operator' },
  { name: 'fhir-bundle', method: 'POST', path: '/fhir/R4', caller: 'operator' },
  {
    name: 'fhir-patch',
    method: 'PATCH',
    path: '/fhir/R4/Patient/ana',
    caller: 'operator',
    type: 'application/json-patch+json',
  },
  { name: 'fhir-validate', method: 'POST', path: '/fhir/R4/Patient/$validate', caller: 'operator' },
  {
    name: 'login',
    method: 'POST',
    path: '/auth/login',
    caller: 'anonymous',
    type: 'application/json',
  },
  {
    name: 'tasks',
    method: 'POST',
    path: '/api/tasks',
    caller: 'care-coordinator',
    type: 'application/json',
  },
  {
    name: 'threads',
    method: 'POST',
    path: '/api/messages/threads',
    caller: 'care-coordinator',
    type: 'application/json',
  },
  {
    name: 'plans',
    method: 'POST',
    path: '/api/plans',
    caller: 'care-coordinator',
    type: 'application/json',
  },
  {
    name: 'break-glass',
    method: 'POST',
    path: '/api/break-glass',
    caller: 'physician',
    type: 'application/json',
  },
];

/** Bodies that are not JSON at all, or JSON of a shape no door accepts. */
const MALFORMED: readonly string[] = [
  '{',
  '}',
  '[',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a" 1}',
  '{"a":01}',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '"unterminated',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '\uFEFF{"a":1}',
  'undefined',
  '\u0000',
  '\uD800',
  'null',
  'true',
  '42',
  '"a string"',
  '[]',
  '[{}]',
];

/** Deep nesting: arrays, objects and FHIR extensions inside extensions. */
function deep(shape: 'array' | 'object' | 'extension', depth: number): string {
  switch (shape) {
    case 'array':
      return `{"resourceType":"Patient","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    case 'object':
      return `{"resourceType":"Patient","x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    case 'extension':
      return `{"resourceType":"Patient","extension":${'[{"url":"http://x","extension":'.repeat(depth)}[]${'}]'.repeat(depth)}}`;
  }
}

/** Bodies smuggling prototype keys into the objects the server builds from them. */
const PROTO_FHIR: readonly unknown[] = [
  '{"resourceType":"Patient","__proto__":{"isAdmin":true}}',
  '{"resourceType":"Patient","constructor":{"prototype":{"isAdmin":true}}}',
  '{"resourceType":"Patient","prototype":{"isAdmin":true}}',
  '{"resourceType":"Patient","name":[{"family":"x","__proto__":{"isAdmin":true}}]}',
  '{"resourceType":"Patient","meta":{"__proto__":{"security":[{"code":"R"}]}}}',
  '{"resourceType":"Patient","extension":[{"url":"http://x","valueString":"x","constructor":{"prototype":{}}}]}',
  '{"resourceType":"Patient","__proto__":null}',
  '{"__proto__":{"resourceType":"Patient"}}',
];

const PROTO_API: readonly string[] = [
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '{"__proto__":{"role":"administrator"},"email":"x@example.org","password":"x"}',
];

/**
 * `$validate` answers 200 with an OperationOutcome of the problems for any JSON it can read (FHIR
 * R4 Resource/$validate); every other door refuses.
 */
function expectation(door: string): Pick<CorpusCase, 'expect' | 'check'> {
  return door === 'fhir-validate'
    ? { expect: 'answered', check: { kind: 'outcome' } }
    : { expect: 'refused' };
}

/** Malformed, deeply nested, prototype-polluting and oversized JSON at every JSON door. */
export function jsonCases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const door of JSON_DOORS) {
    const headers = { 'Content-Type': door.type ?? 'application/fhir+json' };
    MALFORMED.forEach((body, i) => {
      if (door.name === 'fhir-patch' && body === '[]') return; // an empty patch is a valid no-op
      out.push({
        id: `json-malformed/${door.name}/${i}`,
        group: 'json-malformed',
        method: door.method,
        path: door.path,
        body,
        headers,
        caller: door.caller,
        ...expectation(door.name),
      });
    });
    PROTO_API.forEach((body, i) =>
      out.push({
        id: `json-proto/${door.name}/${i}`,
        group: 'json-proto',
        method: door.method,
        path: door.path,
        body,
        headers,
        caller: door.caller,
        ...expectation(door.name),
      }),
    );
  }
  for (const door of JSON_DOORS.filter((d) =>
    ['fhir-create', 'fhir-bundle', 'fhir-validate', 'login', 'tasks', 'threads'].includes(d.name),
  )) {
    for (const shape of ['array', 'object', 'extension'] as const) {
      for (const depth of [1_000, 10_000, 100_000]) {
        out.push({
          id: `json-deep/${door.name}/${shape}/${depth}`,
          group: 'json-deep',
          method: door.method,
          path: door.path,
          body: deep(shape, depth),
          headers: { 'Content-Type': door.type ?? 'application/fhir+json' },
          caller: door.caller,
          ...expectation(door.name),
        });
      }
    }
  }
  PROTO_FHIR.forEach((body, i) => {
    out.push({
      id: `json-proto/fhir-create/resource-${i}`,
      group: 'json-proto',
      method: 'POST',
      path: '/fhir/R4/Patient',
      body,
      expect: 'refused',
    });
    out.push({
      id: `json-proto/fhir-update/resource-${i}`,
      group: 'json-proto',
      method: 'PUT',
      path: '/fhir/R4/Patient/proto-target',
      body: (body as string).replace(
        '"resourceType":"Patient"',
        '"resourceType":"Patient","id":"proto-target"',
      ),
      expect: 'refused',
    });
  });
  // Bodies far larger than any legitimate login or token request, sent without a token.
  for (const path of ['/auth/login', '/auth/refresh', '/oauth2/token', '/oauth2/authorize']) {
    out.push({
      id: `json-oversized/anonymous${path}`,
      group: 'json-oversized',
      method: 'POST',
      path,
      body: JSON.stringify({ email: 'x@example.org', password: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'Content-Type': 'application/json' },
      caller: 'anonymous',
      expect: 'refused',
      check: { kind: 'status', status: 413 },
    });
  }
  return out;
}
