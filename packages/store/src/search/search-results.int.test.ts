import { OperationOutcomeError, getStatus } from '@medplum/core';
import type { Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../context.js';
import { Repository, queryPairs } from '../repository/repository.js';
import { seedClinic } from '../testing/clinic.js';
import { openTestDatabase, testDatabaseKinds, type TestDatabase } from '../testing/databases.js';
import type { SearchResult } from './execute.js';

const ctx = SYSTEM_CONTEXT;
const keyOf = (r: Resource): string => `${r.resourceType}/${r.id}`;

// Chains, _has, includes, compartments, sorting, paging and result parameters (FHIR R4
// §3.1.1.4.13–3.1.1.5.x, §3.1.1.6) on the clinic of testing/clinic.ts, on PGlite and PostgreSQL.
describe.each(testDatabaseKinds())('search relations and results on %s', (kind) => {
  let t: TestDatabase;
  let repo: Repository;
  const search = (type: string, query: string, compartment?: string): Promise<SearchResult> =>
    repo.search(
      ctx,
      type,
      queryPairs(query),
      compartment ? { compartment: { type: 'Patient', id: compartment } } : {},
    );
  const ids = async (type: string, query: string, compartment?: string): Promise<string[]> =>
    (await search(type, query, compartment)).resources.map((r) => r.id as string).sort();
  const status = async (promise: Promise<unknown>): Promise<number> => {
    try {
      await promise;
      return 200;
    } catch (err) {
      if (err instanceof OperationOutcomeError) {
        return getStatus(err.outcome);
      }
      throw err;
    }
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    repo = new Repository(t.db);
    await seedClinic(repo);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it.each([
    // chaining, typed and untyped, multi-level; a deleted target never links
    ['Observation', 'subject:Patient.name=jose', ['o1', 'o5']],
    ['Observation', 'subject.gender=female', ['o2', 'o3', 'o4']],
    ['Observation', 'subject.name=smith&code=2339-0', ['o3']],
    ['Observation', 'subject.general-practitioner.name=cho', ['o1', 'o4', 'o5']],
    [
      'Observation',
      'subject:Patient.general-practitioner:Practitioner.family=cho&status=amended',
      ['o4'],
    ],
    ['Observation', 'subject.name=deleted', []],
    ['Patient', 'general-practitioner.name=nobody', []],
    // reverse chaining, nested
    ['Patient', '_has:Observation:subject:code=8480-6', ['p1']],
    ['Patient', '_has:Observation:patient:code=http://loinc.org|', ['p1', 'p2', 'p3']],
    [
      'Patient',
      '_has:Observation:subject:code=2339-0&_has:Observation:subject:code=85354-9',
      ['p2'],
    ],
    [
      'Practitioner',
      '_has:Patient:general-practitioner:_has:Observation:subject:code=72166-2',
      ['gp'],
    ],
    ['Patient', '_has:Observation:subject:subject.name=jose', ['p1']],
    ['Patient', '_has:Observation:subject:value-quantity=200', []],
  ])('%s?%s', async (type, query, expected) => {
    expect(await ids(type, query)).toEqual(expected);
  });

  it('refuses chains from non-references, _has with a wrong reference, and too deep nesting', async () => {
    expect(await status(search('Observation', 'status.name=x'))).toBe(400);
    expect(await status(search('Patient', '_has:Observation:code:status=final'))).toBe(400);
    expect(await status(search('Observation', 'subject.a.b.c.d.e.f=x'))).toBe(400);
    expect(await status(search('Observation', 'subject.nonsense=x'))).toBe(400);
  });

  it('_include and _include:iterate add the referenced resources once, as includes', async () => {
    const result = await search(
      'Observation',
      'code=8480-6&_include=Observation:subject&_include:iterate=Patient:general-practitioner',
    );
    expect(result.resources.map(keyOf)).toEqual(['Observation/o1']);
    expect(result.included?.map(keyOf).sort()).toEqual(['Patient/p1', 'Practitioner/gp']);
    const all = await search('Observation', 'subject=Patient/p1&_include=*');
    expect(all.included?.map(keyOf).sort()).toEqual(['Patient/p1', 'Practitioner/gp']);
    const typed = await search('Observation', '_id=o1&_include=Observation:performer:Organization');
    expect(typed.included).toEqual([]);
  });

  it('_revinclude (also * and :iterate) adds referring resources; deleted ones never', async () => {
    const result = await search('Patient', '_id=p2,gone&_revinclude=Observation:subject');
    expect(result.resources.map(keyOf)).toEqual(['Patient/p2']);
    expect(result.included?.map(keyOf).sort()).toEqual(['Observation/o2', 'Observation/o3']);
    const star = await search('Patient', '_id=p1&_revinclude=*');
    expect(star.included?.map(keyOf).sort()).toEqual([
      'Observation/o1',
      'Observation/o5',
      'RiskAssessment/r1',
    ]);
    const iterate = await search(
      'Practitioner',
      '_id=gp&_revinclude=Patient:general-practitioner&_revinclude:iterate=Observation:subject',
    );
    expect(iterate.included?.map(keyOf).sort()).toEqual([
      'Observation/o1',
      'Observation/o4',
      'Observation/o5',
      'Patient/p1',
      'Patient/p3',
    ]);
    expect(await status(search('Patient', '_revinclude=Observation:code'))).toBe(400);
    expect(await status(search('Patient', '_include=Observation:subject'))).toBe(400);
  });

  it('compartment search and $everything see the patient compartment only', async () => {
    expect(await ids('Observation', '', 'p2')).toEqual(['o2', 'o3']);
    expect(await ids('Observation', 'code=2339-0', 'p2')).toEqual(['o3']);
    expect(await ids('Patient', '', 'p1')).toEqual(['p1']);
    expect(await ids('Practitioner', '', 'p1')).toEqual([]);
    const everything = await repo.everything(ctx, 'p1', []);
    expect(everything.resources.map(keyOf)).toEqual([
      'Observation/o1',
      'Observation/o5',
      'Patient/p1',
      'RiskAssessment/r1',
    ]);
    expect(everything.included?.map(keyOf).sort()).toEqual(['Organization/org', 'Practitioner/gp']);
    const typed = await repo.everything(ctx, 'p1', [
      ['_type', 'Observation'],
      ['_count', '1'],
    ]);
    expect(typed.resources.map(keyOf)).toEqual(['Observation/o1']);
    const next = await repo.everything(ctx, 'p1', [
      ['_type', 'Observation'],
      ['_count', '1'],
      ['_cursor', typed.nextCursor ?? ''],
    ]);
    expect(next.resources.map(keyOf)).toEqual(['Observation/o5']);
    expect((await repo.everything(ctx, 'p1', [['_since', '2999-01-01']])).resources).toEqual([]);
    expect(await status(repo.everything(ctx, 'gone', []))).toBe(404);
  });

  it('_sort by several keys, missing values last, id as the stable tie-break', async () => {
    expect((await search('Patient', '_sort=birthdate')).resources.map((r) => r.id)).toEqual([
      'p1',
      'p2',
      'p3',
      'p4',
      'renamed',
    ]);
    expect((await search('Patient', '_sort=-birthdate')).resources.map((r) => r.id)).toEqual([
      'p3',
      'p2',
      'p1',
      'p4',
      'renamed',
    ]);
    expect((await search('Patient', '_sort=gender,-family')).resources.map((r) => r.id)).toEqual([
      'p3',
      'p2',
      'p1',
      'renamed',
      'p4',
    ]);
    expect(
      (await search('Observation', '_sort=-date&subject=Patient/p2&_count=1')).resources.map(
        (r) => r.id,
      ),
    ).toEqual(['o2']);
    expect(await status(search('Patient', '_sort=nonsense'))).toBe(400);
  });

  it('pages forward with next and back with previous, seeing each resource once', async () => {
    const seen: string[] = [];
    const pages: SearchResult[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(
        'Observation',
        `_count=2&_sort=status,-date${cursor ? `&_cursor=${cursor}` : ''}`,
      );
      pages.push(page);
      seen.push(...page.resources.map((r) => r.id as string));
      cursor = page.nextCursor;
    } while (cursor);
    // amended before final; then the latest date first (o2's period ends last); no date last
    expect(seen).toEqual(['o4', 'o2', 'o3', 'o1', 'o5']);
    expect(pages[0]?.prevCursor).toBeUndefined();
    const back = await search(
      'Observation',
      `_count=2&_sort=status,-date&_cursor=${pages[2]?.prevCursor}`,
    );
    expect(back.resources.map((r) => r.id)).toEqual(['o3', 'o1']);
    const first = await search(
      'Observation',
      `_count=2&_sort=status,-date&_cursor=${back.prevCursor}`,
    );
    expect(first.resources.map((r) => r.id)).toEqual(['o4', 'o2']);
    expect(first.prevCursor).toBeUndefined();
    expect(first.nextCursor).toBeDefined();
    expect(await status(search('Observation', '_cursor=garbage'))).toBe(400);
  });

  it('_total, _summary and _elements', async () => {
    expect((await search('Patient', '_count=2')).total).toBeUndefined();
    expect((await search('Patient', '_count=2&_total=accurate')).total).toBe(5);
    expect((await search('Patient', 'gender=female')).total).toBe(2);
    expect((await search('Patient', 'gender=female&_total=none')).total).toBeUndefined();
    const count = await search('Patient', '_summary=count');
    expect([count.total, count.resources.length]).toEqual([5, 0]);
    const summary = (await search('Patient', '_id=p2&_summary=true')).resources[0] as Patient;
    expect(summary.name?.[0]?.family).toBe('Smith');
    expect(summary.photo).toBeUndefined();
    expect(summary.meta?.tag?.some((tag) => tag.code === 'SUBSETTED')).toBe(true);
    const elements = (await search('Patient', '_id=p2&_elements=birthDate'))
      .resources[0] as Patient;
    expect(Object.keys(elements).sort()).toEqual(['birthDate', 'id', 'meta', 'resourceType']);
    expect((await search('Observation', '_id=o4&_summary=data')).resources[0]).not.toHaveProperty(
      'text',
    );
    expect(await status(search('Patient', '_summary=maybe'))).toBe(400);
    expect(await status(search('Patient', '_count=-1'))).toBe(400);
  });

  it.each([
    ["name=' OR 1=1 --", []],
    ['name=%', []],
    ['name=_', []],
    ['name=\\', []],
    ['name=Robert"); DROP TABLE resource;--', []],
    ['family=smi%25', []],
    [`name=${'x'.repeat(10_000)}`, []],
    ['name=日本語', []],
    ['name=\u{1F600}', []],
    ["identifier='|'", []],
    ["_id=' OR '1'='1", []],
  ])('hostile value %#: correct (empty) result, no SQL executed', async (query, expected) => {
    expect(await ids('Patient', query)).toEqual(expected);
    expect(await ids('Patient', 'family=smith')).toEqual(['p2', 'p3']);
  });

  it('hostile parameter names answer 400, never 500', async () => {
    for (const name of [
      "name'--",
      'name;DROP',
      'na%me',
      '_has:Observation',
      '_has:X:y:z',
      'subject:Evil.name',
      '\\',
      'name:exact:contains',
    ]) {
      expect(await status(search('Patient', `${encodeURIComponent(name)}=x`))).toBe(400);
    }
  });
});
