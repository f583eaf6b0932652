import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { Client, type FhirResource } from 'fhir-kit-client';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '@careweave/server/testing';
import { importFiles } from './importer.js';
import { listSources } from './sources.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const syntheaDir = resolve(repoRoot, '../shared/data/synthea');
const present = existsSync(syntheaDir);
if (!present) {
  console.warn(`synthea.api.test: ${syntheaDir} is absent; skipping the Synthea import checks`);
}

interface SyntheaPatient {
  file: string;
  bundle: Bundle;
  patientId: string;
  /** The ids the bundle's entries carry (their `urn:uuid:` full URLs), by resource type. */
  idsByType: Map<string, string[]>;
}

function load(file: string): SyntheaPatient {
  const bundle = JSON.parse(readFileSync(join(syntheaDir, file), 'utf8')) as unknown as Bundle;
  const idsByType = new Map<string, string[]>();
  for (const entry of bundle.entry ?? []) {
    const type = entry.resource?.resourceType as string;
    idsByType.set(type, [
      ...(idsByType.get(type) ?? []),
      (entry.fullUrl ?? '').replace(/^urn:uuid:/, ''),
    ]);
  }
  return { file, bundle, patientId: idsByType.get('Patient')?.[0] as string, idsByType };
}

const files = present
  ? readdirSync(syntheaDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

describe.skipIf(!present).each(testDatabaseKinds())(
  'Synthea patients imported and served on %s',
  (kind) => {
    let server: LiveServer;
    let client: Client;
    let patients: SyntheaPatient[];
    /** Types whose resources belong to a patient through a `patient` search parameter. */
    let patientLinked: Set<string>;

    const total = async (type: string, params: Record<string, string> = {}): Promise<number> =>
      (
        (await client.search({
          resourceType: type,
          searchParams: { ...params, _count: '0', _total: 'accurate' },
        })) as unknown as Bundle
      ).total ?? -1;
    const versionsWritten = async (): Promise<number> =>
      ((await client.request('_history?_count=1')) as unknown as Bundle).total ?? -1;

    beforeAll(async () => {
      server = await startLiveServer(kind);
      client = new Client({ baseUrl: server.baseUrl, bearerToken: server.token });
      patients = files.map(load);
      const capability = (await client.capabilityStatement()) as unknown as CapabilityStatement;
      patientLinked = new Set(
        capability.rest?.[0]?.resource
          ?.filter((r) => r.searchParam?.some((p) => p.name === 'patient'))
          .map((r) => r.type),
      );
    });
    afterAll(async () => {
      await server?.close();
    });

    it('imports the eight bundles the way `careweave import DIR` does, without failures', async () => {
      expect(files).toHaveLength(8);
      const report = await importFiles(server.repo, listSources([syntheaDir]));
      expect(report.failures).toEqual([]);
      expect(report.files).toBe(8);
      expect(report.resources).toBe(
        patients.reduce((n, p) => n + (p.bundle.entry?.length ?? 0), 0),
      );
      expect(await total('Patient')).toBe(8);
    });

    it.each(files)(
      '%s: every resource of every type is found again, by id and through the patient',
      async (file) => {
        const { patientId, idsByType } = patients.find((p) => p.file === file) as SyntheaPatient;
        for (const [type, ids] of idsByType) {
          // By id, in chunks so that the URL stays short.
          let found = 0;
          for (let i = 0; i < ids.length; i += 80) {
            found += await total(type, { _id: ids.slice(i, i + 80).join(',') });
          }
          expect([type, found]).toEqual([type, ids.length]);
          // The Patient/$everything equivalent: each clinical type searched by the patient.
          if (patientLinked.has(type) && type !== 'Patient') {
            expect([type, await total(type, { patient: `Patient/${patientId}` })]).toEqual([
              type,
              ids.length,
            ]);
          }
        }
        const patient = (await client.read({ resourceType: 'Patient', id: patientId })) as Resource;
        expect(patient.resourceType).toBe('Patient');
      },
    );

    it('does not duplicate anyone (or write new versions) when the same bundles are imported again', async () => {
      const countsBefore = await Promise.all(
        ['Patient', 'Observation', 'Encounter', 'Claim'].map((t) => total(t)),
      );
      const versionsBefore = await versionsWritten();

      const report = await importFiles(server.repo, listSources([syntheaDir]));
      expect(report.failures).toEqual([]);

      expect(await total('Patient')).toBe(8);
      expect(
        await Promise.all(['Patient', 'Observation', 'Encounter', 'Claim'].map((t) => total(t))),
      ).toEqual(countsBefore);
      expect(await versionsWritten()).toBe(versionsBefore);
    });

    it('accepts a whole Synthea patient POSTed to the base as a transaction', async () => {
      const smallest = [...patients].sort(
        (a, b) => (a.bundle.entry?.length ?? 0) - (b.bundle.entry?.length ?? 0),
      )[0] as SyntheaPatient;
      const response = (await client.transaction({
        body: smallest.bundle as unknown as FhirResource,
      })) as unknown as Bundle;
      expect(response.type).toBe('transaction-response');
      expect(response.entry).toHaveLength(smallest.bundle.entry?.length ?? 0);
      expect(new Set(response.entry?.map((e) => e.response?.status))).toEqual(
        new Set(['201 Created']),
      );

      // Over REST the server assigns new ids, so this is a ninth patient, and every urn:uuid
      // reference now points at the new resources.
      const newPatientId = response.entry
        ?.find((e) => e.response?.location?.startsWith('Patient/'))
        ?.response?.location?.split('/')[1] as string;
      expect(newPatientId).not.toBe(smallest.patientId);
      expect(await total('Patient')).toBe(9);
      for (const [type, ids] of smallest.idsByType) {
        if (patientLinked.has(type) && type !== 'Patient') {
          expect([type, await total(type, { patient: `Patient/${newPatientId}` })]).toEqual([
            type,
            ids.length,
          ]);
        }
      }
      const stored = await Promise.all(
        (response.entry ?? []).map((e) =>
          client.request(e.response?.location?.split('/_history')[0] as string),
        ),
      );
      expect(stored).toHaveLength(smallest.bundle.entry?.length ?? 0);
      expect(
        stored
          .filter((r) => JSON.stringify(r).includes('"reference":"urn:uuid:'))
          .map((r) => r.resourceType),
      ).toEqual([]);
    });
  },
);
