import type { ClientUpdate, NewClient, NewUser, PasswordReset } from '@careweave/contract';
import { BodyFields, present, type Refusal } from '../api/body-fields.js';
import { adminError } from './errors.js';

/*
 * The request bodies of the administration write endpoints, read into their contract types
 * (declared once in @careweave/contract; the web app's Administration pages send the same).
 */

/** Administration's refusals: `required` for a missing field, `invalid` for a wrong one. */
const refuse: Refusal = (_field, text, missing) => {
  throw adminError(400, missing ? 'required' : 'invalid', text);
};

export function readNewUser(body: unknown): NewUser {
  const b = new BodyFields(body, refuse);
  const practitioner = b.object('newPractitioner');
  return {
    email: b.text('email', true),
    role: b.text('role', true),
    password: b.text('password', true),
    temporaryPassword: b.flag('temporaryPassword') ?? false,
    ...present({
      // An empty string is "not given", as the web form sends it.
      fhirUser: b.text('fhirUser') || undefined,
      organizationIds: b.texts('organizationIds'),
      displayName: b.text('displayName') || undefined,
    }),
    ...(practitioner
      ? {
          newPractitioner: {
            given: practitioner.text('given') ?? '',
            family: practitioner.text('family') ?? '',
          },
        }
      : {}),
  };
}

export function readPasswordReset(body: unknown): PasswordReset {
  return { password: new BodyFields(body, refuse).text('password', true) };
}

export function readNewClient(body: unknown): NewClient {
  const b = new BodyFields(body, refuse);
  return {
    name: b.text('name', true),
    redirectUris: b.texts('redirectUris') ?? [],
    confidential: b.flag('confidential') ?? false,
    ...present({ scopes: b.texts('scopes'), jwksUrl: b.text('jwksUrl'), jwks: jwksOf(body) }),
  };
}

/** `jwks`: a JWKS document as a JSON object (its keys are checked at registration). */
function jwksOf(body: unknown): NewClient['jwks'] {
  const jwks = (body as Record<string, unknown> | null)?.['jwks'];
  if (jwks === undefined || jwks === null) {
    return undefined;
  }
  const keys = (jwks as { keys?: unknown }).keys;
  if (typeof jwks !== 'object' || !Array.isArray(keys)) {
    throw adminError(400, 'invalid', 'jwks must be a JWKS document: {"keys": [...]}');
  }
  return { keys: keys as Record<string, unknown>[] };
}

export function readClientUpdate(body: unknown): ClientUpdate {
  const b = new BodyFields(body, refuse);
  return present({
    name: b.text('name'),
    redirectUris: b.texts('redirectUris'),
    scopes: b.texts('scopes'),
  });
}
