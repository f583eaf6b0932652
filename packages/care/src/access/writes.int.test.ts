import type { Condition, Observation, Patient, Task } from '@medplum/fhirtypes';
import { OWNING_ORGANIZATION_URL, SYSTEM_CONTEXT, processTransaction } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACT_CODE, CONFIDENTIALITY } from './codes.js';
import { ownerOf } from './ownership.js';
import { found, openStory, statusOf, type StoryWorld } from './testing/setup.js';

const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const labels = (r: { meta?: { security?: { system?: string; code?: string }[] } }): string[] =>
  (r.meta?.security ?? []).map((c) => `${c.system}|${c.code}`).sort();
const weight = (patient: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'weight' },
  subject: { reference: `Patient/${patient}` },
});
const condition = (patient: string, code: string): Condition => ({
  resourceType: 'Condition',
  subject: { reference: `Patient/${patient}` },
  code: { coding: [{ system: ICD10, code }] },
});

describe.each(testDatabaseKinds())('the one write path on %s', (kind) => {
  let world: StoryWorld;
  beforeAll(async () => {
    world = await openStory(kind);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  it('the coordinator records a weight for Ana: her network owns it, and the write leaves one AuditEvent naming her and Ana', async () => {
    const before = (await world.auditEvents()).length;
    const { resource } = await world.repo.create(await world.as('coordinator'), weight('ana'));
    expect(ownerOf(resource)).toBe('riverside-network');
    const audits = (await world.auditEvents()).slice(before);
    expect(audits).toHaveLength(1);
    const [audit] = audits;
    expect(audit?.subtype?.[0]?.code).toBe('create');
    expect(audit?.agent[0]?.who).toEqual({
      reference: 'Practitioner/coord',
      display: 'Nora Coordinator',
    });
    expect(audit?.agent[1]?.who).toEqual({
      reference: 'Organization/riverside-network',
      display: 'Org network',
    });
    expect(audit?.entity?.map((e) => e.what?.reference)).toEqual([
      `Observation/${resource.id}/_history/1`,
      'Patient/ana',
    ]);
  });

  it('a write that fails leaves no audit record: the record rolls back with it', async () => {
    const before = (await world.auditEvents()).length;
    const coordinator = await world.as('coordinator');
    expect(
      await statusOf(() =>
        world.repo.create(coordinator, {
          resourceType: 'Observation',
          subject: { reference: 'Patient/ana' },
        } as Observation),
      ),
    ).toBe(400);
    expect(await statusOf(() => world.repo.create(coordinator, weight('dan')))).toBe(403); // Dan is not hers
    expect(await world.auditEvents()).toHaveLength(before);
  });

  it('labels sensitive data on every path, keeping the author’s own labels', async () => {
    const coordinator = await world.as('coordinator');
    const authored = {
      ...condition('ana', 'F11.20'),
      meta: { security: [{ system: CONFIDENTIALITY, code: 'R' }] },
    };
    const rest = (await world.repo.create(coordinator, authored)).resource;
    expect(labels(rest)).toEqual([`${ACT_CODE}|ETH`, `${CONFIDENTIALITY}|R`]);

    const bundle = await processTransaction(world.repo, coordinator, {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { resource: condition('ana', 'F20.9'), request: { method: 'POST', url: 'Condition' } },
      ],
    });
    const viaBundle = await world.repo.read<Condition>(
      SYSTEM_CONTEXT,
      'Condition',
      bundle.entry?.[0]?.response?.location?.split('/')[1] ?? '',
    );
    expect(labels(viaBundle)).toEqual([`${ACT_CODE}|PSY`]);

    await world.repo.inTransaction(SYSTEM_CONTEXT, (w) =>
      w.upsertMany(
        [
          { ...condition('ana', 'B20'), id: 'ana-hiv' },
          { ...condition('ana', 'Z91.410'), id: 'ana-safety' },
          { ...condition('ana', 'I10'), id: 'ana-htn' },
        ],
        { skipUnchanged: false },
      ),
    );
    const imported = await Promise.all(
      ['ana-hiv', 'ana-safety', 'ana-htn'].map((id) =>
        world.repo.read<Condition>(SYSTEM_CONTEXT, 'Condition', id),
      ),
    );
    expect(imported.map(labels)).toEqual([[`${ACT_CODE}|HIV`], [`${ACT_CODE}|SDV`], []]);

    // The coordinator's network wrote the SUD diagnosis, so she sees it; the team GP does not (ETH is not named in Ana's consent).
    expect(await found(() => world.repo.read(coordinator, 'Condition', rest.id ?? ''))).toBe(true);
    expect(
      await found(async () =>
        world.repo.read(await world.as('gpOnTeam'), 'Condition', rest.id ?? ''),
      ),
    ).toBe(false);
  });

  it('ownership is fixed when a resource is created and cannot be forged by a user', async () => {
    const forged = {
      ...weight('ana'),
      meta: {
        extension: [
          {
            url: OWNING_ORGANIZATION_URL,
            valueReference: { reference: 'Organization/riverside-bh' },
          },
        ],
      },
    };
    const created = (await world.repo.create(await world.as('coordinator'), forged)).resource;
    expect(ownerOf(created)).toBe('riverside-network');
    const updated = (
      await world.repo.update(await world.as('gpOnTeam'), { ...created, valueString: 'checked' })
    ).resource;
    expect(ownerOf(updated)).toBe('riverside-network');
  });

  it('AuditEvents are append-only: no one may change or delete them, and users may not write them', async () => {
    const [audit] = await world.auditEvents();
    expect(audit).toBeDefined();
    if (!audit?.id) return;
    expect(
      await statusOf(() => world.repo.update(SYSTEM_CONTEXT, { ...audit, outcome: '8' })),
    ).toBe(403);
    expect(
      await statusOf(() => world.repo.delete(SYSTEM_CONTEXT, 'AuditEvent', audit.id ?? '')),
    ).toBe(403);
    expect(
      await statusOf(async () =>
        world.repo.create(await world.as('coordinator'), { ...audit, id: undefined }),
      ),
    ).toBe(403);
    expect(
      await statusOf(async () =>
        world.repo.update(await world.as('coordinator'), { ...audit, outcome: '8' }),
      ),
    ).toBe(404); // not even visible
  });

  it('a user cannot write into a record they cannot see, nor change what they cannot see', async () => {
    const gp = await world.as('gpNotOnTeam');
    expect(await statusOf(() => world.repo.create(gp, weight('ana')))).toBe(403);
    const hidden = await world.repo.read<Observation>(
      SYSTEM_CONTEXT,
      'Observation',
      'ana-obs-network',
    );
    expect(await statusOf(() => world.repo.update(gp, { ...hidden, status: 'amended' }))).toBe(404);
    expect(await statusOf(() => world.repo.delete(gp, 'Observation', 'ana-obs-network'))).toBe(404);
    expect(
      await statusOf(async () => world.repo.create(await world.as('patient'), weight('ben'))),
    ).toBe(403);
  });

  it('nor through a transaction Bundle: the coordinator cannot overwrite or delete Ana’s hidden substance-use diagnosis', async () => {
    const coordinator = await world.as('coordinator');
    const hidden = await world.repo.read<Condition>(SYSTEM_CONTEXT, 'Condition', 'ana-cond-sud');
    const put = {
      resource: { ...hidden, note: [{ text: 'overwritten' }] },
      request: { method: 'PUT' as const, url: 'Condition/ana-cond-sud' },
    };
    const del = { request: { method: 'DELETE' as const, url: 'Condition/ana-cond-sud' } };
    for (const entry of [put, del]) {
      expect(
        await statusOf(() =>
          processTransaction(world.repo, coordinator, {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [entry],
          }),
        ),
      ).toBe(404);
    }
    expect(
      await statusOf(() =>
        world.repo.conditionalUpdate(coordinator, '_id=nothing-matches', {
          ...hidden,
          note: [{ text: 'overwritten' }],
        }),
      ),
    ).toBe(404);
    expect(
      (await world.repo.read<Condition>(SYSTEM_CONTEXT, 'Condition', 'ana-cond-sud')).meta
        ?.versionId,
    ).toBe(hidden.meta?.versionId);
  });

  it('the food bank sees its referral inbox and only the minimum about the referred person', async () => {
    const worker = await world.as('foodBankWorker');
    expect(await found(() => world.repo.read(worker, 'ServiceRequest', 'ana-referral'))).toBe(true);
    const inbox = await world.repo.search(worker, 'Task', [['owner', 'Organization/food-bank']]);
    expect(inbox.resources.map((t) => t.id)).toEqual(['ana-referral-task']);
    const ana = await world.repo.read<Patient>(worker, 'Patient', 'ana');
    expect(Object.keys(ana).sort()).toEqual([
      'birthDate',
      'id',
      'meta',
      'name',
      'resourceType',
      'telecom',
    ]);
    expect(ana.meta?.tag?.map((t) => t.code)).toContain('SUBSETTED');
    expect(await found(() => world.repo.read(worker, 'Patient', 'ben'))).toBe(false);
    const withPatient = await world.repo.search(worker, 'ServiceRequest', [
      ['_include', 'ServiceRequest:subject'],
    ]);
    expect(withPatient.included?.map((p) => Object.keys(p).sort())).toEqual([
      ['birthDate', 'id', 'meta', 'name', 'resourceType', 'telecom'],
    ]);
    const byName = await world.repo.search(worker, 'Patient', [['birthdate', '1950-02-03']]);
    expect(byName.resources.map((p) => [p.id, (p as Patient).address])).toEqual([
      ['ana', undefined],
    ]);
    expect(await found(() => world.repo.read(worker, 'Observation', 'ana-obs-network'))).toBe(
      false,
    );
    expect(
      (await world.repo.history(worker, { resourceType: 'Patient', id: 'ana', count: 5 })).entries,
    ).toEqual([]); // history cannot project, so it hides

    const task = await world.repo.read<Task>(worker, 'Task', 'ana-referral-task');
    const accepted = (await world.repo.update(worker, { ...task, status: 'accepted' })).resource;
    expect(accepted.status).toBe('accepted');
    expect(await statusOf(() => world.repo.create(worker, weight('ana')))).toBe(403);
  });
});
