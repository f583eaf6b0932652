import type { Bundle, Meta, Patient } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { Client, type FhirResource } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startLiveServer, type LiveServer } from '../testing/live-server.js';

/** The HTTP response the client received for a result (status and headers). */
function responseOf(result: object): Response {
  const { response } = Client.httpFor(result as FhirResource);
  if (!response) {
    throw new Error('fhir-kit-client attached no response');
  }
  return response;
}

const meta: Meta = {
  tag: [{ system: 'https://careweave.example/tags', code: 'pilot-cohort' }],
  security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }],
  profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient'],
};

describe.each(testDatabaseKinds())(
  'FHIR CRUD and history through fhir-kit-client on %s',
  (kind) => {
    let server: LiveServer;
    let client: Client;

    beforeAll(async () => {
      server = await startLiveServer(kind);
      client = new Client({ baseUrl: server.baseUrl, bearerToken: server.token });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('follows one patient from registration to deletion, keeping every version', async () => {
      const startedAt = new Date(Date.now() - 1000).toISOString();

      // First, the coordinator registers Ana. The server answers 201 with Location and ETag, and
      // keeps the tags, security labels and profiles the client sent.
      const created = (await client.create({
        resourceType: 'Patient',
        body: {
          resourceType: 'Patient',
          meta,
          name: [{ family: 'Álvarez', given: ['Ana'] }],
          gender: 'female',
        },
      })) as Patient;
      const id = created.id as string;
      const createdResponse = responseOf(created);
      expect(createdResponse.status).toBe(201);
      expect(createdResponse.headers.get('location')).toBe(
        `${server.baseUrl}/Patient/${id}/_history/1`,
      );
      expect(createdResponse.headers.get('etag')).toBe('W/"1"');
      expect(created.meta).toMatchObject({ ...meta, versionId: '1' });

      // Reading it back gives the same resource, with ETag and Last-Modified from its meta.
      const read = (await client.read({ resourceType: 'Patient', id })) as Patient;
      expect(read).toEqual(created);
      expect(responseOf(read).headers.get('etag')).toBe('W/"1"');
      expect(new Date(responseOf(read).headers.get('last-modified') ?? '').getTime()).toBe(
        Math.floor(Date.parse(created.meta?.lastUpdated ?? '') / 1000) * 1000,
      );

      // Then her birth date is recorded: a new version, and version 1 is still readable as it was.
      const updated = (await client.update({
        resourceType: 'Patient',
        id,
        body: { ...read, birthDate: '1950-02-03' },
      })) as Patient;
      expect(responseOf(updated).status).toBe(200);
      expect(updated.meta?.versionId).toBe('2');
      expect(updated.meta?.tag).toEqual(meta.tag);
      const v1 = (await client.vread({ resourceType: 'Patient', id, version: '1' })) as Patient;
      expect(v1.birthDate).toBeUndefined();
      expect(v1.meta?.versionId).toBe('1');

      // A JSON Patch adds a phone number as version 3.
      const patched = (await client.patch({
        resourceType: 'Patient',
        id,
        jsonPatch: [
          { op: 'add', path: '/telecom', value: [{ system: 'phone', value: '+34 600 000 000' }] },
        ],
      })) as Patient;
      expect(patched.meta?.versionId).toBe('3');
      expect(patched.telecom?.[0]?.value).toBe('+34 600 000 000');
      expect(patched.birthDate).toBe('1950-02-03');

      // She leaves the programme: the record is deleted logically. Read now answers 410 Gone ...
      const deleted = await client.delete({ resourceType: 'Patient', id });
      expect(responseOf(deleted).status).toBe(204);
      const gone = await rejection(client.read({ resourceType: 'Patient', id }));
      expect(gone.status).toBe(410);
      expect(gone.body.resourceType).toBe('OperationOutcome');

      // ... but her history still shows every version, newest first, the deletion without a body.
      const history = (await client.history({
        resourceType: 'Patient',
        id,
      })) as unknown as Bundle<Patient>;
      expect(history.type).toBe('history');
      expect(history.total).toBe(4);
      expect(
        history.entry?.map((e) => [
          e.request?.method,
          e.response?.etag,
          e.resource?.meta?.versionId,
        ]),
      ).toEqual([
        ['DELETE', 'W/"4"', undefined],
        ['PUT', 'W/"3"', '3'],
        ['PUT', 'W/"2"', '2'],
        ['POST', 'W/"1"', '1'],
      ]);

      const lastKnown = (await client.vread({
        resourceType: 'Patient',
        id,
        version: '3',
      })) as Patient;
      expect(lastKnown.telecom?.[0]?.value).toBe('+34 600 000 000');

      // Type-level and system-level history (`_since`) list the same changes.
      const typeHistory = (await client.history({
        resourceType: 'Patient',
      })) as unknown as Bundle<Patient>;
      expect(typeHistory.entry?.filter((e) => e.fullUrl?.endsWith(`/Patient/${id}`))).toHaveLength(
        4,
      );
      const systemHistory = (await client.request(
        `_history?_since=${encodeURIComponent(startedAt)}`,
      )) as unknown as Bundle;
      expect(
        systemHistory.entry
          ?.filter((e) => e.fullUrl === `${server.baseUrl}/Patient/${id}`)
          .map((e) => e.response?.etag),
      ).toEqual(['W/"4"', 'W/"3"', 'W/"2"', 'W/"1"']);
      const later = (await client.request(
        `_history?_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      )) as unknown as Bundle;
      expect(later.entry ?? []).toEqual([]);
    });

    it('refuses an update from a stale copy with 412 and changes nothing', async () => {
      // Two workers open the same record; the first saves, the second saves from its stale copy.
      const patient = (await client.create({
        resourceType: 'Patient',
        body: { resourceType: 'Patient', gender: 'male' },
      })) as Patient;
      const id = patient.id as string;
      await client.update({
        resourceType: 'Patient',
        id,
        body: { ...patient, gender: 'other' },
        options: { headers: { 'If-Match': 'W/"1"' } },
      });

      const stale = await rejection(
        client.update({
          resourceType: 'Patient',
          id,
          body: { ...patient, gender: 'unknown' },
          options: { headers: { 'If-Match': 'W/"1"' } },
        }),
      );
      expect(stale.status).toBe(412);
      expect(stale.body.resourceType).toBe('OperationOutcome');
      const staleDelete = await rejection(
        client.delete({
          resourceType: 'Patient',
          id,
          options: { headers: { 'If-Match': 'W/"1"' } },
        }),
      );
      expect(staleDelete.status).toBe(412);
      const stalePatch = await rejection(
        client.patch({
          resourceType: 'Patient',
          id,
          jsonPatch: [{ op: 'remove', path: '/gender' }],
          options: { headers: { 'If-Match': 'W/"1"' } },
        }),
      );
      expect(stalePatch.status).toBe(412);

      const now = (await client.read({ resourceType: 'Patient', id })) as Patient;
      expect(now.gender).toBe('other');
      expect(now.meta?.versionId).toBe('2');
      const history = (await client.history({ resourceType: 'Patient', id })) as unknown as Bundle;
      expect(history.total).toBe(2);
    });

    it('creates conditionally with If-None-Exist and updates conditionally by identifier', async () => {
      const identifier = [{ system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: '999911120' }];
      const body = {
        resourceType: 'Patient',
        identifier,
        name: [{ family: 'de Vries' }],
      } satisfies Patient;
      const first = (await client.create({
        resourceType: 'Patient',
        body,
        options: { headers: { 'If-None-Exist': `identifier=${identifier[0]?.system}|999911120` } },
      })) as Patient;
      expect(responseOf(first).status).toBe(201);

      // The same registration arrives again from another system: the existing patient is returned.
      const again = (await client.create({
        resourceType: 'Patient',
        body,
        options: { headers: { 'If-None-Exist': `identifier=${identifier[0]?.system}|999911120` } },
      })) as Patient;
      expect(responseOf(again).status).toBe(200);
      expect(again.id).toBe(first.id);

      // A conditional update by identifier updates that same patient ...
      const searchParams = { identifier: `${identifier[0]?.system}|999911120` };
      const updated = (await client.update({
        resourceType: 'Patient',
        searchParams,
        body: { ...body, gender: 'female' },
      })) as Patient;
      expect(updated.id).toBe(first.id);
      expect(updated.meta?.versionId).toBe('2');
      expect(updated.gender).toBe('female');

      // ... and one whose criteria match nobody creates a new patient.
      const fresh = (await client.update({
        resourceType: 'Patient',
        searchParams: { identifier: 'urn:test:mrn|new-1' },
        body: { resourceType: 'Patient', identifier: [{ system: 'urn:test:mrn', value: 'new-1' }] },
      })) as Patient;
      expect(responseOf(fresh).status).toBe(201);
      expect(fresh.id).not.toBe(first.id);

      const matches = (await client.search({
        resourceType: 'Patient',
        searchParams,
      })) as unknown as Bundle<Patient>;
      expect(matches.entry?.map((e) => e.resource?.id)).toEqual([first.id]);
    });

    it('answers with the representation, nothing, or an OperationOutcome as the client prefers', async () => {
      const body = { resourceType: 'Patient', gender: 'female' } satisfies Patient;
      const minimal = await client.create({
        resourceType: 'Patient',
        body,
        options: { headers: { Prefer: 'return=minimal' } },
      });
      expect(minimal).toEqual({});
      expect(responseOf(minimal).status).toBe(201);
      const location = responseOf(minimal).headers.get('location') ?? '';
      expect(location).toMatch(new RegExp(`^${server.baseUrl}/Patient/[^/]+/_history/1$`));

      const outcome = await client.create({
        resourceType: 'Patient',
        body,
        options: { headers: { Prefer: 'return=OperationOutcome' } },
      });
      expect(outcome.resourceType).toBe('OperationOutcome');
      expect(responseOf(outcome).status).toBe(201);

      // The minimal answer still pointed at a real resource.
      const id = location.split('/').at(-3) as string;
      const read = (await client.read({ resourceType: 'Patient', id })) as Patient;
      expect(read.gender).toBe('female');
    });
  },
);
