import type { CorpusCase } from './case.js';

const PATIENT = JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Header' }] });

/** Content types no write accepts. */
const BAD_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'text/html',
  'application/xml',
  'application/fhir+xml',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'image/svg+xml',
  'application/x-www-form-urlencoded',
];

/** Header values that must be read as data or refused, never trusted or crashed on. */
const HEADER_VALUES: readonly [string, string, string, string][] = [
  ['If-Match', 'PUT', '/fhir/R4/Patient/ana', 'W/"abc"'],
  ['If-Match', 'PUT', '/fhir/R4/Patient/ana', '"1" OR 1=1'],
  ['If-Match', 'PUT', '/fhir/R4/Patient/ana', 'W/"99999999999999999999999"'],
  ['If-Match', 'PUT', '/fhir/R4/Patient/ana', 'W/"-1"'],
  ['If-Match', 'PUT', '/fhir/R4/Patient/ana', `W/"${'9'.repeat(5000)}"`],
  ['If-None-Exist', 'POST', '/fhir/R4/Patient', '_bogus=x'],
  ['If-None-Exist', 'POST', '/fhir/R4/Patient', 'birthdate=gt2020-99-99'],
  ['X-Provenance', 'POST', '/fhir/R4/Patient', '{not json'],
  ['X-Provenance', 'POST', '/fhir/R4/Patient', '{"resourceType":"Patient"}'],
  [
    'X-Provenance',
    'POST',
    '/fhir/R4/Patient',
    `{"resourceType":"Provenance","reason":${'['.repeat(2000)}${']'.repeat(2000)}}`,
  ],
];

/** Headers answered loosely by some servers: none may crash this one. */
const LOOSE: readonly [string, string, string, string][] = [
  ['Prefer', 'POST', '/fhir/R4/Patient', 'return=bogus'],
  ['If-None-Exist', 'POST', '/fhir/R4/Patient', '_has:Observation:subject:code=x&'.repeat(50)],
  ['If-None-Exist', 'POST', '/fhir/R4/Patient', '%%%'],
  [
    'X-Provenance',
    'POST',
    '/fhir/R4/Patient',
    '{"resourceType":"Provenance","target":[{"reference":"Patient/ben"}]}',
  ],
  ['X-Provenance', 'POST', '/fhir/R4/Patient', '{"resourceType":"Provenance","__proto__":{"x":1}}'],
  ['If-None-Exist', 'POST', '/fhir/R4/Patient', "name=' OR 1=1 --"],
  ['Prefer', 'POST', '/fhir/R4/Patient', `return=${'x'.repeat(10_000)}`],
  ['Prefer', 'GET', '/fhir/R4/Patient', 'handling=strict, handling=lenient'],
  ['Accept', 'GET', '/fhir/R4/Patient/ana', 'application/fhir+xml'],
  ['Accept', 'GET', '/fhir/R4/Patient/ana', 'text/html;q=x'],
  ['Accept-Encoding', 'GET', '/fhir/R4/Patient', 'gzip;q=bogus, br;q=-1, *'],
  ['X-Forwarded-For', 'GET', '/fhir/R4/Patient', "' OR 1=1 --"],
  ['If-Modified-Since', 'GET', '/fhir/R4/Patient/ana', 'not a date'],
  ['If-None-Match', 'GET', '/fhir/R4/Patient/ana', 'W/"\' OR 1=1"'],
  ['Content-Encoding', 'POST', '/fhir/R4/Patient', 'gzip'],
];

/** Wrong content types on writes, and hostile values in the headers the FHIR API reads. */
export function headerCases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  BAD_CONTENT_TYPES.forEach((type, i) =>
    out.push({
      id: `headers/content-type/${i}`,
      group: 'headers',
      method: 'POST',
      path: '/fhir/R4/Patient',
      body: PATIENT,
      headers: { 'Content-Type': type },
      expect: 'refused',
    }),
  );
  HEADER_VALUES.forEach(([name, method, path, value], i) =>
    out.push({
      id: `headers/${name}/${i}`,
      group: 'headers',
      method,
      path,
      body:
        method === 'GET'
          ? undefined
          : JSON.stringify({
              resourceType: 'Patient',
              id: path.endsWith('/ana') ? 'ana' : undefined,
            }),
      headers: { [name]: value },
      expect: 'refused',
    }),
  );
  LOOSE.forEach(([name, method, path, value], i) =>
    out.push({
      id: `headers/loose-${name}/${i}`,
      group: 'headers',
      method,
      path,
      ...(method === 'GET' ? {} : { body: PATIENT }),
      headers: { [name]: value },
      expect: 'answered',
    }),
  );
  return out;
}
