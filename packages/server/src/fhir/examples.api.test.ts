import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { Client, type FhirResource } from 'fhir-kit-client';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startLiveServer, type LiveServer } from '../testing/live-server.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const examplesDir = resolve(repoRoot, '../shared/data/fhir-examples/r4-spec');
const present = existsSync(examplesDir);
if (!present) {
  console.warn(
    `examples.api.test: ${examplesDir} is absent; skipping the official R4 example round-trips`,
  );
}

/**
 * Two official examples break R4 rules the server enforces; they must be rejected, with issues
 * that point at the offending elements.
 */
const INVALID: Record<string, string[]> = {
  // Questionnaire items of type display still need a linkId (Questionnaire.item.linkId 1..1).
  'bundle-questionnaire.json': ['Questionnaire.item[0].item[0].linkId'],
  // dispenseRequest.performer may only reference an Organization, not a Practitioner.
  'medicationrequest0301.json': ['MedicationRequest.dispenseRequest.performer.reference'],
};

const files = present
  ? readdirSync(examplesDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
const load = (file: string): Resource =>
  JSON.parse(readFileSync(join(examplesDir, file), 'utf8')) as Resource;
/** The example as the client library's loosely typed JSON. */
const wire = (resource: Resource): FhirResource => resource as unknown as FhirResource;
const withoutMetaAndId = ({
  meta: _meta,
  id: _id,
  ...rest
}: Resource): Omit<Resource, 'meta' | 'id'> => rest;

describe.skipIf(!present).each(testDatabaseKinds())(
  'official FHIR R4 examples round-trip on %s',
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

    it('has the examples to test', () => {
      expect(files.length).toBeGreaterThanOrEqual(20);
      expect(files).toEqual(expect.arrayContaining(Object.keys(INVALID)));
    });

    it.each(files.filter((f) => !(f in INVALID)))(
      '%s: create, then read back exactly what was sent (but for meta and id)',
      async (file) => {
        const example = load(file);
        const created = (await client.create({
          resourceType: example.resourceType,
          body: wire(example),
        })) as Resource;
        expect(created.id).toBeTruthy();
        expect(created.meta?.versionId).toBe('1');

        const read = (await client.read({
          resourceType: example.resourceType,
          id: created.id as string,
        })) as Resource;
        expect(withoutMetaAndId(read)).toEqual(withoutMetaAndId(example));
        expect(read.meta).toEqual({
          ...example.meta,
          versionId: '1',
          lastUpdated: created.meta?.lastUpdated,
        });

        // Stored under the example's own id too (update-as-create), it reads back under that id.
        const put = (await client.update({
          resourceType: example.resourceType,
          id: example.id,
          body: wire(example),
        })) as Resource;
        expect(put.id).toBe(example.id);
        const again = (await client.read({
          resourceType: example.resourceType,
          id: example.id as string,
        })) as Resource;
        expect(withoutMetaAndId(again)).toEqual(withoutMetaAndId(example));
      },
    );

    it.each(Object.entries(INVALID))(
      '%s: rejected with 400 and issues that locate the problem; nothing stored',
      async (file, locations) => {
        const example = load(file);
        const before = (
          (await client.search({
            resourceType: example.resourceType,
            searchParams: { _count: 0, _total: 'accurate' },
          })) as { total?: number }
        ).total;

        const failed = await rejection(
          client.create({ resourceType: example.resourceType, body: wire(example) }),
        );
        expect(failed.status).toBe(400);
        const outcome: OperationOutcome = failed.body;
        expect(outcome.resourceType).toBe('OperationOutcome');
        expect(outcome.issue.every((i) => (i.expression?.length ?? 0) > 0)).toBe(true);
        expect(outcome.issue.flatMap((i) => i.expression ?? [])).toEqual(
          expect.arrayContaining(locations),
        );

        const after = (
          (await client.search({
            resourceType: example.resourceType,
            searchParams: { _count: 0, _total: 'accurate' },
          })) as { total?: number }
        ).total;
        expect(after).toBe(before);
      },
    );
  },
);
