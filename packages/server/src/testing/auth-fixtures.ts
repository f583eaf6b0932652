import type { Identity } from '@careweave/care';
import {
  SYSTEM_CONTEXT,
  type Account,
  type Database,
  type Repository,
  type RequestContext,
} from '@careweave/store';
import type { AccessService } from '../auth/config.js';
import { provisionUser } from '../auth/provision.js';

/** The password of every fixture account. */
export const FIXTURE_PASSWORD = 'correct horse battery staple';

/** A small care network with three login accounts: a coordinator, a patient and her caregiver. */
export interface AuthFixture {
  coordinator: Account;
  patient: Account;
  caregiver: Account;
}

/**
 * Writes an organisation, a care coordinator (with her PractitionerRole there), a patient and
 * the patient's daughter as caregiver, and creates their accounts.
 */
export async function seedAuthFixture(
  db: Database,
  repo: Repository,
  prefix = 'fx',
): Promise<AuthFixture> {
  await repo.update(SYSTEM_CONTEXT, {
    resourceType: 'Organization',
    id: `${prefix}-org`,
    name: 'Northside Family Practice',
  });
  await repo.update(SYSTEM_CONTEXT, {
    resourceType: 'Practitioner',
    id: `${prefix}-nadia`,
    name: [{ given: ['Nadia'], family: 'Haddad' }],
  });
  await repo.update(SYSTEM_CONTEXT, {
    resourceType: 'PractitionerRole',
    id: `${prefix}-nadia-role`,
    practitioner: { reference: `Practitioner/${prefix}-nadia` },
    organization: { reference: `Organization/${prefix}-org` },
  });
  await repo.update(SYSTEM_CONTEXT, {
    resourceType: 'Patient',
    id: `${prefix}-ana`,
    name: [{ given: ['Ana'], family: 'Álvarez' }],
  });
  await repo.update(SYSTEM_CONTEXT, {
    resourceType: 'RelatedPerson',
    id: `${prefix}-lucia`,
    patient: { reference: `Patient/${prefix}-ana` },
    name: [{ given: ['Lucía'], family: 'Álvarez' }],
  });
  const coordinator = await provisionUser(db, repo, {
    email: `nadia.${prefix}@example.org`,
    password: FIXTURE_PASSWORD,
    fhirUser: `Practitioner/${prefix}-nadia`,
    role: 'care-coordinator',
  });
  const patient = await provisionUser(db, repo, {
    email: `ana.${prefix}@example.org`,
    password: FIXTURE_PASSWORD,
    fhirUser: `Patient/${prefix}-ana`,
  });
  const caregiver = await provisionUser(db, repo, {
    email: `lucia.${prefix}@example.org`,
    password: FIXTURE_PASSWORD,
    fhirUser: `RelatedPerson/${prefix}-lucia`,
  });
  return { coordinator, patient, caregiver };
}

/**
 * An access service for authentication tests: records the Identity of every request and answers
 * a plain context (system for system clients; otherwise the user's own Patient compartment plus
 * directory data). Who-sees-what is care/access's to test; these tests check who is calling.
 */
export function recordingAccess(): AccessService & { identities: Identity[] } {
  const identities: Identity[] = [];
  return {
    identities,
    contextFor(identity: Identity): RequestContext {
      identities.push(identity);
      if (identity.kind === 'system') {
        return SYSTEM_CONTEXT;
      }
      const [type, id] = identity.fhirUser.split('/');
      return {
        actor: identity.fhirUser,
        scope: { kind: 'patients', patientIds: type === 'Patient' && id ? [id] : [], shared: true },
      };
    },
  };
}
