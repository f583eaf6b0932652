import type { CorpusCase, ForgedToken } from './case.js';

const FORGERIES: readonly ForgedToken[] = [
  'alg-none',
  'alg-none-uppercase',
  'hs256-public-jwk',
  'hs256-public-x',
  'expired',
  'not-yet-valid',
  'no-expiry',
  'wrong-audience',
  'wrong-issuer',
  'wrong-typ',
  'tampered-payload',
  'tampered-scope',
  'other-key',
  'signature-stripped',
  'not-careweave-kind',
  'jku-header',
  'embedded-jwk-header',
  'unknown-account',
];

/** Authorization headers that are not a bearer token at all. */
const BAD_HEADERS: readonly string[] = [
  'Bearer',
  'Bearer ',
  'Basic YWRtaW46YWRtaW4=',
  'bearer x.y.z',
  'Bearer a.b',
  'Bearer ....',
  'Bearer e30.e30.',
  `Bearer ${'a'.repeat(20_000)}`,
  `Bearer ${'a.'.repeat(5_000)}`,
  `Bearer ${'='.repeat(5_000)}x`,
  'Bearer <script>',
  'Bearer x y',
  'Token abc',
];

/** The doors forged tokens knock on: FHIR read and write, the web app's API, administration, the session. */
const DOORS: readonly [string, string][] = [
  ['GET', '/fhir/R4/Patient'],
  ['GET', '/fhir/R4/Patient/ana'],
  ['DELETE', '/fhir/R4/Organization/riverside-network'],
  ['GET', '/api/worklist'],
  ['GET', '/api/admin/users'],
  ['GET', '/auth/me'],
];

/** Forged and malformed bearer tokens: every one a 401 with an OperationOutcome. */
export function tokenCases(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const [method, path] of DOORS) {
    for (const forge of FORGERIES) {
      out.push({
        id: `tokens/${forge}/${method}${path}`,
        group: 'tokens',
        method,
        path,
        forge,
        expect: 'refused',
        check: { kind: 'status', status: 401 },
      });
    }
    BAD_HEADERS.forEach((authorization, i) =>
      out.push({
        id: `tokens/header-${i}/${method}${path}`,
        group: 'tokens',
        method,
        path,
        caller: 'anonymous',
        headers: { Authorization: authorization },
        expect: 'refused',
        // Over 16 KiB of headers, Node's parser answers 431 before any route runs.
        check: { kind: 'status', status: authorization.length > 16_000 ? 431 : 401 },
      }),
    );
  }
  return out;
}
