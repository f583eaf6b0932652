import type { CorpusCase } from './case.js';

/**
 * (`.`/`..` and their `%2E` spellings are left out: the client resolves them before sending, as
 * every WHATWG URL parser does, so they never reach a server as ids.)
 *
 * Ids that are not FHIR ids (`[A-Za-z0-9\-.]{1,64}`): path traversal in its encodings, unicode
 * look-alikes and direction overrides, control characters, injection and over-long ids. Written
 * already percent-encoded where a raw character could not travel in a URL.
 */
const HOSTILE_IDS: readonly string[] = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2E%2E%2F%2E%2E%2Fadmin',
  '..%5C..%5Cwindows',
  '%252E%252E%252F',
  '....%2F%2F',
  '%2Fetc%2Fpasswd',
  'ana%2F_history',
  'ana%3F_id%3Dben',
  'ana%23frag',
  'ana%00',
  '%00',
  '%0D%0ASet-Cookie:%20x=1',
  '%E2%80%AEana',
  '%D0%B0na',
  '%EF%BC%A1NA',
  '%F0%9F%98%80',
  '%C0%AE%C0%AE',
  '%FF%FE',
  '%ED%A0%80',
  "ana'%20OR%20'1'='1",
  'ana%3BDROP%20TABLE%20resource',
  '%24everything',
  '%2A',
  '-',
  'a'.repeat(65),
  'a'.repeat(5_000),
  '%25',
  '%',
];

/** The routes that take an id in the path, with the caller who may use them. */
const ID_ROUTES: readonly {
  name: string;
  method: string;
  path: (id: string) => string;
  caller?: 'care-coordinator' | 'patient';
  body?: unknown;
}[] = [
  { name: 'read', method: 'GET', path: (id) => `/fhir/R4/Patient/${id}` },
  { name: 'history', method: 'GET', path: (id) => `/fhir/R4/Patient/${id}/_history` },
  { name: 'vread', method: 'GET', path: (id) => `/fhir/R4/Patient/ana/_history/${id}` },
  {
    name: 'update',
    method: 'PUT',
    path: (id) => `/fhir/R4/Patient/${id}`,
    body: { resourceType: 'Patient' },
  },
  { name: 'delete', method: 'DELETE', path: (id) => `/fhir/R4/Observation/${id}` },
  { name: 'everything', method: 'GET', path: (id) => `/fhir/R4/Patient/${id}/$everything` },
  { name: 'compartment', method: 'GET', path: (id) => `/fhir/R4/Patient/${id}/Observation` },
  { name: 'type', method: 'GET', path: (id) => `/fhir/R4/${id}` },
  {
    name: 'access-log',
    method: 'GET',
    path: (id) => `/fhir/R4/Patient/${id}/$access-log`,
    caller: 'patient',
  },
  { name: 'task', method: 'GET', path: (id) => `/api/tasks/${id}`, caller: 'care-coordinator' },
  { name: 'plan', method: 'GET', path: (id) => `/api/plans/${id}`, caller: 'care-coordinator' },
  {
    name: 'thread',
    method: 'GET',
    path: (id) => `/api/messages/threads/${id}`,
    caller: 'care-coordinator',
  },
];

/** Hostile ids on every route that takes one: each a 4xx (400 or 404), never a file or another row. */
export function idCases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const route of ID_ROUTES) {
    HOSTILE_IDS.forEach((id, i) =>
      out.push({
        id: `ids/${route.name}/${i}`,
        group: 'ids',
        method: route.method,
        path: route.path(id),
        ...(route.body ? { body: route.body } : {}),
        ...(route.caller ? { caller: route.caller } : {}),
        // A compartment no one has is searched like any other: an empty Bundle.
        ...(route.name === 'compartment'
          ? { expect: 'answered' as const, check: { kind: 'no-matches' as const } }
          : { expect: 'refused' as const }),
      }),
    );
  }
  return out;
}
