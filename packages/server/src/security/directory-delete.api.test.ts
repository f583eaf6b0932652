import { accessStory } from '@careweave/care/testing';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStoryServer, type StoryServer } from '../access/testing.js';

const F = '/fhir/R4';
const { ORG } = accessStory;

/**
 * Finding (high): any signed-in user could DELETE shared directory resources — 204, then 410 for
 * everyone — because the delete path skipped the write rule that refuses their PUT. Over HTTP with
 * real tokens, every door of a delete (instance, transaction, batch) now gets 403 and
 * the resource still reads 200.
 */
describe.each(testDatabaseKinds())('deleting directory resources over HTTP on %s', (kind) => {
  let server: StoryServer;
  beforeAll(async () => {
    server = await startStoryServer(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('a patient’s DELETE of an Organization is refused like her PUT, and the Organization is still there', async () => {
    const org = await server.call('patient', 'GET', `${F}/Organization/${ORG.network}`);
    expect(org.status).toBe(200);
    const put = await server.call('patient', 'PUT', `${F}/Organization/${ORG.network}`, org.body);
    expect(put.status).toBe(403);
    const del = await server.call('patient', 'DELETE', `${F}/Organization/${ORG.network}`);
    expect(del.status).toBe(403);
    expect(del.body['resourceType']).toBe('OperationOutcome');
    expect(
      (await server.call('coordinator', 'GET', `${F}/Organization/${ORG.network}`)).status,
    ).toBe(200);
  });

  it('a community-organisation user cannot delete a Practitioner, a PractitionerRole or an Organization by any door', async () => {
    const attempts: [string, string, unknown?][] = [
      ['DELETE', `${F}/Practitioner/coord`],
      ['DELETE', `${F}/PractitionerRole/coord-role`],
      [
        'POST',
        F,
        {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [{ request: { method: 'DELETE', url: `Organization/${ORG.hospital}` } }],
        },
      ],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await server.call('foodBankWorker', method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
    }
    const batch = await server.call('foodBankWorker', 'POST', F, {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ request: { method: 'DELETE', url: `Organization/${ORG.hospital}` } }],
    });
    expect(batch.status).toBe(200);
    expect(JSON.stringify(batch.body)).toContain('403');
    for (const path of [
      'Practitioner/coord',
      'PractitionerRole/coord-role',
      `Organization/${ORG.hospital}`,
    ]) {
      expect((await server.call('coordinator', 'GET', `${F}/${path}`)).status, path).toBe(200);
    }
  });

  it('a GP cannot delete another organisation’s entry, link herself to it, or register an Organization', async () => {
    expect(
      (await server.call('gpOnTeam', 'DELETE', `${F}/Organization/${ORG.hospital}`)).status,
    ).toBe(403);
    const link = await server.call('gpOnTeam', 'POST', `${F}/PractitionerRole`, {
      resourceType: 'PractitionerRole',
      practitioner: { reference: 'Practitioner/gp-team' },
      organization: { reference: `Organization/${ORG.hospital}` },
    });
    expect(link.status).toBe(403);
    const org = await server.call('gpOnTeam', 'POST', `${F}/Organization`, {
      resourceType: 'Organization',
      name: 'Shadow clinic',
    });
    expect(org.status).toBe(403);
  });

  it('the system (an operator’s token) may still delete directory data', async () => {
    const made = await server.call('system', 'POST', `${F}/Location`, {
      resourceType: 'Location',
      name: 'Temporary site',
    });
    expect(made.status).toBe(201);
    const id = made.body['id'] as string;
    expect((await server.call('system', 'DELETE', `${F}/Location/${id}`)).status).toBe(204);
    expect((await server.call('patient', 'GET', `${F}/Location/${id}`)).status).toBe(410);
  });
});
