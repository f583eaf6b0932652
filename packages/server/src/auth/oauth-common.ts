import type { RelatedPerson } from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, type Account, type Repository } from '@careweave/store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_BASE, fhirBase } from '../fhir/http.js';
import { AuthErrorCode } from '@careweave/contract';
import { AuthError } from './errors.js';

/** An OAuth error (RFC 6749 §5.2 codes). */
export class OAuthError extends AuthError {
  constructor(
    readonly error:
      | 'invalid_request'
      | 'invalid_client'
      | 'invalid_grant'
      | 'unauthorized_client'
      | 'unsupported_grant_type'
      | 'invalid_scope'
      | 'access_denied'
      | 'unsupported_response_type'
      | 'server_error',
    readonly description: string,
  ) {
    super(AuthErrorCode.OAUTH, description);
    this.name = 'OAuthError';
  }
}

/** Sends an OAuth error as the spec wants it: JSON `{error, error_description}`, 401 for client authentication, else 400. */
export function sendOAuthError(
  reply: FastifyReply,
  err: OAuthError,
  basicChallenge = false,
): FastifyReply {
  const status = err.error === 'invalid_client' ? 401 : 400;
  if (status === 401 && basicChallenge) {
    void reply.header('WWW-Authenticate', 'Basic realm="careweave"');
  }
  return reply
    .code(status)
    .header('Cache-Control', 'no-store')
    .header('Pragma', 'no-cache')
    .type('application/json; charset=utf-8')
    .send({ error: err.error, error_description: err.description });
}

/**
 * An `application/x-www-form-urlencoded` body (parsed by the app into ordered pairs) or a query
 * as a map. A parameter sent twice is refused (RFC 6749 §3.1).
 */
export function formOf(pairs: unknown): Map<string, string> {
  if (!Array.isArray(pairs)) {
    throw new OAuthError(
      'invalid_request',
      'Send the parameters as application/x-www-form-urlencoded',
    );
  }
  const form = new Map<string, string>();
  for (const pair of pairs as [string, string][]) {
    const [key, value] = pair;
    if (form.has(key)) {
      throw new OAuthError('invalid_request', `Parameter ${key} was sent more than once`);
    }
    form.set(key, value);
  }
  return form;
}

/** The server's origin as the client sees it (e.g. `https://care.example.org`). */
export function originOf(request: FastifyRequest, publicBase?: string): string {
  return fhirBase(request, publicBase).slice(0, -FHIR_BASE.length);
}

/**
 * The patient a token of this account is about (SMART `patient` launch context): a patient's own
 * record; a caregiver's RelatedPerson.patient. Staff have none (Careweave has no patient picker).
 */
export async function patientContextOf(
  repo: Repository,
  account: Account,
): Promise<string | undefined> {
  const [type, id] = account.fhirUser.split('/');
  if (type === 'Patient' && id) {
    return id;
  }
  if (type === 'RelatedPerson' && id) {
    const person = await repo
      .read<RelatedPerson>(SYSTEM_CONTEXT, 'RelatedPerson', id)
      .catch(() => undefined);
    const ref = person?.patient?.reference;
    return ref?.startsWith('Patient/') ? ref.slice('Patient/'.length) : undefined;
  }
  return undefined;
}
