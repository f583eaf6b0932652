import { exportResources, type RequestContext } from '@careweave/store';
import { testDatabaseKinds } from '@careweave/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { found, openStory, type StoryWorld } from './testing/setup.js';
import {
  DATA,
  PATIENTS,
  USERS,
  type DataKind,
  type StoryPatient,
  type StoryUser,
} from './testing/story.js';

/**
 * The access matrix of the access-control brief: role × kind of data × path → visible or hidden. Read it as the
 * story in testing/story.ts: Ana shares with the network and names mental health; Ben opted out
 * except for the behavioural-health clinic; Cleo has no consent; Dan opted in but is not enrolled.
 * Every path that returns resources is here: read, vread, search, chained search, `_include`,
 * `_revinclude`, `$everything`, history and export; a new path joins this list.
 */
type Row = Record<DataKind, boolean>;
const ALL: Row = { ordinary: true, psy: true, sud: true, otherOrg: true };
const NONE: Row = { ordinary: false, psy: false, sud: false, otherOrg: false };
/** Shared across organisations, mental health named in the consent, substance use not. */
const NETWORK_WITH_PSY: Row = { ordinary: true, psy: true, sud: false, otherOrg: true };

const EXPECTED: Record<StoryPatient, Partial<Record<StoryUser, Row>>> = {
  ana: {
    coordinator: NETWORK_WITH_PSY,
    gpOnTeam: NETWORK_WITH_PSY, // on the team through their PractitionerRole
    psychologist: ALL, // the clinic wrote the sensitive rows: an organisation sees what it wrote
    programmeManager: NETWORK_WITH_PSY, // organisation-wide role, and Ana's consent allows the network
    patient: ALL,
    caregiverWithConsent: { ordinary: true, psy: false, sud: false, otherOrg: true }, // Observations and Conditions, no sensitive category
    // gpNotOnTeam, foodBankWorker, erDoctor, caregiverWithoutConsent: nothing
  },
  ben: {
    coordinator: { ordinary: true, psy: false, sud: false, otherOrg: false }, // opted out: only the network's own rows
    psychologist: ALL, // the clinic is Ben's exception
  },
  cleo: {
    coordinator: { ordinary: true, psy: false, sud: false, otherOrg: false }, // no consent: own organisation's rows only
    psychologist: { ordinary: false, psy: true, sud: true, otherOrg: false },
  },
  dan: {
    programmeManager: { ordinary: true, psy: false, sud: false, otherOrg: true }, // not enrolled, but consent allows the network
  },
};

type Path =
  | 'read'
  | 'vread'
  | 'search'
  | 'chained'
  | 'include'
  | 'revinclude'
  | 'everything'
  | 'history'
  | 'export';
const PATHS: Path[] = [
  'read',
  'vread',
  'search',
  'chained',
  'include',
  'revinclude',
  'everything',
  'history',
  'export',
];
const has = (resources: readonly { id?: string }[], id: string): boolean =>
  resources.some((r) => r.id === id);

async function sees(
  world: StoryWorld,
  ctx: RequestContext,
  path: Path,
  patient: StoryPatient,
  kind: DataKind,
): Promise<boolean> {
  const { type, id } = DATA[kind](patient);
  switch (path) {
    case 'read':
      return found(() => world.repo.read(ctx, type, id));
    case 'vread':
      return found(() => world.repo.vread(ctx, type, id, '1'));
    case 'search':
      return has(
        (
          await world.repo.search(ctx, type, [
            ['patient', `Patient/${patient}`],
            ['_count', '100'],
          ])
        ).resources,
        id,
      );
    case 'chained':
      return has(
        (
          await world.repo.search(ctx, type, [
            ['patient.birthdate', '1950-02-03'],
            ['_count', '100'],
          ])
        ).resources,
        id,
      );
    case 'include': {
      const result = await world.repo.search(ctx, 'Condition', [
        ['_id', `${patient}-summary`],
        ['_include', 'Condition:evidence-detail'],
      ]);
      return has([...result.resources, ...(result.included ?? [])], id);
    }
    case 'revinclude': {
      const result = await world.repo.search(ctx, 'Patient', [
        ['_id', patient],
        ['_revinclude', `${type}:subject`],
      ]);
      return has([...result.resources, ...(result.included ?? [])], id);
    }
    case 'everything': {
      // A patient the user may not see answers 404, like a read.
      const result = await world.repo
        .everything(ctx, patient, [['_count', '1000']])
        .catch(async (err: unknown) =>
          (await found(async () => {
            throw err;
          }))
            ? undefined
            : { resources: [] },
        );
      return has(result?.resources ?? [], id);
    }
    case 'history': {
      const page = await world.repo.history(ctx, { resourceType: type, id, count: 10 });
      return page.entries.length > 0;
    }
    case 'export': {
      for await (const row of exportResources(world.repo.db, ctx.scope, { types: [type] })) {
        if ((JSON.parse(row.json) as { id: string }).id === id) return true;
      }
      return false;
    }
  }
}

describe.each(testDatabaseKinds())('access matrix on %s', (kind) => {
  let world: StoryWorld;
  beforeAll(async () => {
    world = await openStory(kind);
  });
  afterAll(async () => {
    await world?.dispose();
  });

  const users = Object.keys(USERS) as StoryUser[];
  for (const user of users) {
    it(`${user}: every path shows exactly the rows the policy allows`, async () => {
      const ctx = await world.as(user);
      const seen: string[] = [];
      const expected: string[] = [];
      for (const patient of PATIENTS) {
        const row = EXPECTED[patient][user] ?? NONE;
        for (const kindOfData of Object.keys(DATA) as DataKind[]) {
          for (const path of PATHS) {
            const label = `${patient}/${kindOfData}/${path}`;
            if (await sees(world, ctx, path, patient, kindOfData)) seen.push(label);
            if (row[kindOfData]) expected.push(label);
          }
        }
      }
      expect(seen).toEqual(expected);
    });
  }

  it('everyone sees the directory, and no user sees AuditEvents through the API', async () => {
    for (const user of users) {
      const ctx = await world.as(user);
      expect(await found(() => world.repo.read(ctx, 'Organization', 'riverside-network'))).toBe(
        true,
      );
      const audits = await world.repo.search(ctx, 'AuditEvent', []);
      expect(audits.resources).toEqual([]);
    }
    expect((await world.auditEvents()).length).toBeGreaterThan(0); // the import left its audit record
  });

  it('the patient and those who may see her see the Patient resource and her care team', async () => {
    for (const user of [
      'coordinator',
      'gpOnTeam',
      'psychologist',
      'programmeManager',
      'patient',
      'caregiverWithConsent',
    ] as const) {
      const ctx = await world.as(user);
      expect(await found(() => world.repo.read(ctx, 'Patient', 'ana')), user).toBe(true);
    }
    expect(
      await found(async () =>
        world.repo.read(await world.as('caregiverWithConsent'), 'CareTeam', 'ana-team'),
      ),
    ).toBe(false); // not in her grant's types
    expect(
      await found(async () =>
        world.repo.read(await world.as('coordinator'), 'CareTeam', 'ana-team'),
      ),
    ).toBe(true);
    expect(
      await found(async () => world.repo.read(await world.as('gpNotOnTeam'), 'Patient', 'ana')),
    ).toBe(false);
  });

  it('hidden rows cannot be inferred through reverse chaining: _has sees only what the user may see', async () => {
    const hasSud: [string, string][] = [
      ['_has:Condition:subject:code', 'http://hl7.org/fhir/sid/icd-10-cm|F10.20'],
    ];
    const coordinator = await world.as('coordinator');
    expect(
      (await world.repo.search(coordinator, 'Patient', hasSud)).resources.map((p) => p.id),
    ).toEqual([]);
    const psychologist = await world.as('psychologist');
    expect(
      (await world.repo.search(psychologist, 'Patient', hasSud)).resources.map((p) => p.id).sort(),
    ).toEqual(['ana', 'ben', 'cleo']);
  });

  it('guessing ids reveals nothing: a hidden row and an absent one both answer 404', async () => {
    const gp = await world.as('gpNotOnTeam');
    for (const id of [
      'ana-obs-network',
      'ana-cond-sud',
      'no-such-row',
      'ana-obs-network%27--',
      '../ana',
    ]) {
      expect(await found(() => world.repo.read(gp, 'Observation', id))).toBe(false);
    }
    const byId = await world.repo.search(gp, 'Observation', [
      ['_id', 'ana-obs-network,ben-obs-network'],
    ]);
    expect(byId.resources).toEqual([]);
  });
});
