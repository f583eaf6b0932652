import { USER_ROLES } from '@careweave/contract';

/**
 * Who calls in the route-guard walk and the hostile-input corpus: nobody, one account of every
 * role (`USER_ROLES`), a registered confidential client (client credentials: `system/*.rs`) and an
 * operator's token (`careweave token`: `system/*.cruds` plus the administration scope).
 */
export const CALLERS = ['anonymous', ...USER_ROLES, 'system-client', 'operator'] as const;
export type Caller = (typeof CALLERS)[number];

/**
 * How a token is forged for a case (the runner forges it against the server's own key, so the
 * signature, when there is one, is the attacker's best try rather than random bytes).
 */
export type ForgedToken =
  | 'alg-none'
  | 'alg-none-uppercase'
  | 'hs256-public-jwk'
  | 'hs256-public-x'
  | 'expired'
  | 'not-yet-valid'
  | 'no-expiry'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'wrong-typ'
  | 'tampered-payload'
  | 'tampered-scope'
  | 'other-key'
  | 'signature-stripped'
  | 'not-careweave-kind'
  | 'jku-header'
  | 'embedded-jwk-header'
  | 'unknown-account';

/**
 * What a case must get: `refused` is a 4xx with an OperationOutcome (the issue's rule for
 * hostile input); `answered` is any answer below 500, a 4xx again with an OperationOutcome
 * (hostile text in a search value is a harmless search; script in a free-text field is data).
 */
export type Expectation = 'refused' | 'answered';

/** Extra checks on the answer. */
export type Check =
  /** A search answered 200 must match nothing: the story has no such value, so a hit is an injection. */
  | { kind: 'no-matches' }
  /** The answer carries this text exactly as sent: stored and returned as data, not interpreted. */
  | { kind: 'echoes'; text: string }
  /** The answer is exactly this status. */
  | { kind: 'status'; status: number }
  /** The answer (whatever its status) is an OperationOutcome: `$validate`'s report. */
  | { kind: 'outcome' };

/** One hostile request and what it must get. */
export interface CorpusCase {
  /** Unique and stable: `group/…`. */
  id: string;
  group: string;
  method: string;
  path: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Who sends it (default: the operator, who sees every row, so a leak would show). */
  caller?: Caller;
  /** Send a forged bearer token instead of the caller's. */
  forge?: ForgedToken;
  expect: Expectation;
  check?: Check;
}
