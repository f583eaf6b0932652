import type {
  HealthcareService,
  Location,
  PlanDefinition,
  PractitionerRole,
  Questionnaire,
  Resource,
} from '@medplum/fhirtypes';
import { SYSTEM_CONTEXT, processTransaction } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from './identity.js';
import { ownerOf } from './ownership.js';
import { ORG, type USERS } from './testing/story.js';
import { openStory, statusOf, type StoryWorld } from './testing/setup.js';

/** A network administrator (the story's users have none). */
const ADMIN: Identity = {
  kind: 'user',
  accountId: 'acct-admin',
  email: 'admin@example.org',
  fhirUser: 'Practitioner/admin',
  role: 'administrator',
  organizationIds: [ORG.network],
  scopes: ['user/*.cruds'],
  displayName: 'Ada Admin',
};

const hospitalWard: Location = {
  resourceType: 'Location',
  id: 'hospital-ward',
  name: 'Ward 3',
  managingOrganization: { reference: `Organization/${ORG.hospital}` },
};
const practiceRoom: Location = {
  resourceType: 'Location',
  id: 'practice-room',
  name: 'Room 1',
  managingOrganization: { reference: `Organization/${ORG.practice}` },
};
const template: PlanDefinition = {
  resourceType: 'PlanDefinition',
  id: 'network-template',
  status: 'active',
  title: 'Heart failure pathway',
};

/**
 * Directory and template resources (the service directory, the workforce, templates, registries)
 * are everybody's tool and nobody's record: only administrators and the owning organisation may
 * create, change or delete them — and a DELETE is held to the same rule as a PUT, on every path.
 */
describe.each(testDatabaseKinds())('directory and template writes on %s', (kind) => {
  let world: StoryWorld;
  const as = (user: keyof typeof USERS | 'admin') =>
    user === 'admin' ? world.access.contextFor(ADMIN) : world.as(user);
  const exists = async (type: string, id: string): Promise<boolean> =>
    (await statusOf(() => world.repo.read(SYSTEM_CONTEXT, type, id))) === 200;

  beforeAll(async () => {
    world = await openStory(kind);
    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany([hospitalWard, practiceRoom, template], { skipUnchanged: false }),
    );
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('a patient, a caregiver and a community-organisation worker cannot delete an Organization, a Practitioner or a template (403), and nothing is gone', async () => {
    for (const user of ['patient', 'caregiverWithConsent', 'foodBankWorker'] as const) {
      const ctx = await as(user);
      expect(await statusOf(() => world.repo.delete(ctx, 'Organization', ORG.hospital))).toBe(403);
      expect(await statusOf(() => world.repo.delete(ctx, 'Practitioner', 'er-doc'))).toBe(403);
      expect(
        await statusOf(() => world.repo.delete(ctx, 'PlanDefinition', template.id as string)),
      ).toBe(403);
      expect(await statusOf(() => world.repo.delete(ctx, 'Organization', ORG.foodBank))).toBe(403);
    }
    expect(await exists('Organization', ORG.hospital)).toBe(true);
    expect(await exists('Organization', ORG.foodBank)).toBe(true);
    expect(await exists('Practitioner', 'er-doc')).toBe(true);
    expect(await exists('PlanDefinition', template.id as string)).toBe(true);
  });

  it('a GP cannot delete or change another organisation’s directory entries, nor a network template, on any path', async () => {
    const gp = await as('gpOnTeam'); // Northside practice
    expect(await statusOf(() => world.repo.delete(gp, 'Organization', ORG.hospital))).toBe(403);
    expect(await statusOf(() => world.repo.delete(gp, 'Location', 'hospital-ward'))).toBe(403);
    expect(await statusOf(() => world.repo.delete(gp, 'Practitioner', 'er-doc'))).toBe(403);
    expect(await statusOf(() => world.repo.delete(gp, 'PractitionerRole', 'er-doc-role'))).toBe(
      403,
    );
    expect(
      await statusOf(() => world.repo.delete(gp, 'PlanDefinition', template.id as string)),
    ).toBe(403);
    expect(await statusOf(() => world.repo.update(gp, { ...hospitalWard, name: 'Renamed' }))).toBe(
      403,
    );
    expect(await statusOf(() => world.repo.update(gp, { ...template, title: 'Mine now' }))).toBe(
      403,
    );
    // Conditional delete and a transaction Bundle take the same path.
    expect(
      await statusOf(() =>
        processTransaction(world.repo, gp, {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [{ request: { method: 'DELETE', url: `Organization/${ORG.hospital}` } }],
        }),
      ),
    ).toBe(403);
    expect(await exists('Organization', ORG.hospital)).toBe(true);
    expect(await exists('Location', 'hospital-ward')).toBe(true);
  });

  it('a practitioner cannot link herself to another organisation nor register an Organization', async () => {
    const gp = await as('gpOnTeam');
    const elsewhere: PractitionerRole = {
      resourceType: 'PractitionerRole',
      practitioner: { reference: 'Practitioner/gp-team' },
      organization: { reference: `Organization/${ORG.hospital}` },
    };
    expect(await statusOf(() => world.repo.create(gp, elsewhere))).toBe(403);
    expect(
      await statusOf(() =>
        world.repo.create(gp, { resourceType: 'Organization', name: 'My own clinic' }),
      ),
    ).toBe(403);
    expect(
      await statusOf(() =>
        world.repo.update(gp, {
          resourceType: 'Organization',
          id: 'brand-new-org',
          name: 'Update as create',
        }),
      ),
    ).toBe(403);
    // Moving her own role to the hospital is the same link.
    const own = await world.repo.read<PractitionerRole>(
      SYSTEM_CONTEXT,
      'PractitionerRole',
      'gp-team-role',
    );
    expect(
      await statusOf(() =>
        world.repo.update(gp, {
          ...own,
          organization: { reference: `Organization/${ORG.hospital}` },
        }),
      ),
    ).toBe(403);
  });

  it('the owning organisation keeps its own entries: the practice edits its Organization and deletes its room; its new questionnaire is recorded as its own', async () => {
    const gp = await as('gpOnTeam');
    const practice = await world.repo.read(SYSTEM_CONTEXT, 'Organization', ORG.practice);
    expect(
      await statusOf(() =>
        world.repo.update(gp, { ...practice, alias: ['Northside'] } as Resource),
      ),
    ).toBe(200);
    expect(await statusOf(() => world.repo.delete(gp, 'Location', 'practice-room'))).toBe(200);
    const { resource: form } = await world.repo.create<Questionnaire>(gp, {
      resourceType: 'Questionnaire',
      status: 'draft',
      title: 'Falls check',
    });
    expect(ownerOf(form)).toBe(ORG.practice);
    // The hospital's doctor may neither change nor delete it; the practice may.
    const er = await as('erDoctor');
    expect(await statusOf(() => world.repo.update(er, { ...form, title: 'Hijacked' }))).toBe(403);
    expect(await statusOf(() => world.repo.delete(er, 'Questionnaire', form.id as string))).toBe(
      403,
    );
    // A user cannot hand the questionnaire to another organisation through meta either.
    const moved = await world.repo.update(gp, {
      ...form,
      meta: {
        extension: [
          {
            url: 'https://careweave.org/fhir/StructureDefinition/owning-organization',
            valueReference: { reference: `Organization/${ORG.hospital}` },
          },
        ],
      },
    });
    expect(ownerOf(moved.resource)).toBe(ORG.practice);
    expect(await statusOf(() => world.repo.delete(gp, 'Questionnaire', form.id as string))).toBe(
      200,
    );
  });

  it('a community organisation maintains its own directory entries and no one else’s', async () => {
    const fred = await as('foodBankWorker');
    const { resource: pantry } = await world.repo.create<HealthcareService>(fred, {
      resourceType: 'HealthcareService',
      active: true,
      name: 'Saturday pantry',
      providedBy: { reference: `Organization/${ORG.foodBank}` },
      communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }],
    });
    expect(
      await statusOf(() => world.repo.update(fred, { ...pantry, name: 'Saturday food pantry' })),
    ).toBe(200);
    const { resource: depot } = await world.repo.create<Location>(fred, {
      resourceType: 'Location',
      name: 'Depot',
      managingOrganization: { reference: `Organization/${ORG.foodBank}` },
      position: { latitude: 38.05, longitude: -84.5 },
    });
    const bank = await world.repo.read(SYSTEM_CONTEXT, 'Organization', ORG.foodBank);
    expect(
      await statusOf(() => world.repo.update(fred, { ...bank, alias: ['The pantry'] } as Resource)),
    ).toBe(200);
    // Not another organisation's entries, not a service in another's name, not a new organisation.
    expect(await statusOf(() => world.repo.update(fred, { ...hospitalWard, name: 'Mine' }))).toBe(
      403,
    );
    expect(
      await statusOf(() =>
        world.repo.create<HealthcareService>(fred, {
          resourceType: 'HealthcareService',
          name: 'Fake clinic',
          providedBy: { reference: `Organization/${ORG.hospital}` },
        }),
      ),
    ).toBe(403);
    expect(
      await statusOf(() =>
        world.repo.create(fred, { resourceType: 'Organization', name: 'Second food bank' }),
      ),
    ).toBe(403);
    expect(
      await statusOf(() =>
        world.repo.create<PractitionerRole>(fred, {
          resourceType: 'PractitionerRole',
          practitioner: { reference: 'Practitioner/foodbank' },
          organization: { reference: `Organization/${ORG.foodBank}` },
        }),
      ),
    ).toBe(403);
    // A GP of another organisation may not change the food bank's service.
    const gp = await as('gpOnTeam');
    expect(await statusOf(() => world.repo.update(gp, { ...pantry, active: false }))).toBe(403);
    expect(await statusOf(() => world.repo.delete(fred, 'Location', depot.id as string))).toBe(200);
    expect(
      await statusOf(() => world.repo.delete(fred, 'HealthcareService', pantry.id as string)),
    ).toBe(200);
  });

  it('an administrator may delete any directory entry; afterwards it reads 410 for everyone', async () => {
    const admin = await as('admin');
    expect(await statusOf(() => world.repo.delete(admin, 'Location', 'hospital-ward'))).toBe(200);
    expect(
      await statusOf(() => world.repo.delete(admin, 'PlanDefinition', template.id as string)),
    ).toBe(200);
    expect(await statusOf(() => world.repo.read(SYSTEM_CONTEXT, 'Location', 'hospital-ward'))).toBe(
      410,
    );
    expect(
      await statusOf(() =>
        world.repo.create(admin, { resourceType: 'Organization', name: 'Westside Clinic' }),
      ),
    ).toBe(200);
  });

  it('deleting patient data is held to the write rules too: the food bank may update its referral but not delete it', async () => {
    const foodBank = await as('foodBankWorker');
    expect(
      await statusOf(() => world.repo.delete(foodBank, 'ServiceRequest', 'ana-referral')),
    ).toBe(403);
    expect(await exists('ServiceRequest', 'ana-referral')).toBe(true);
    // A GP not on Dan's team cannot see Dan's data, so deleting it is 404 (nothing disclosed).
    const gp = await as('gpNotOnTeam');
    expect(await statusOf(() => world.repo.delete(gp, 'Observation', 'dan-obs-network'))).toBe(404);
  });
});
