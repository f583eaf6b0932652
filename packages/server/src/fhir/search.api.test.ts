import type { Bundle, Location, OperationOutcome } from '@medplum/fhirtypes';
import { testDatabaseKinds } from '@careweave/store/testing';
import { Client, type FhirResource } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startLiveServer, type LiveServer } from '../testing/live-server.js';

/** Follows `next` links with the client until the last page; returns the pages in order. */
async function allPages(client: Client, first: FhirResource): Promise<Bundle[]> {
  const pages: Bundle[] = [];
  let page: FhirResource | undefined = first;
  while (page) {
    pages.push(page as unknown as Bundle);
    expect(pages.length).toBeLessThan(20); // a `next` loop would never end
    page = await client.nextPage({ bundle: page as Parameters<Client['nextPage']>[0]['bundle'] });
  }
  return pages;
}

const ids = (pages: Bundle[]): string[] =>
  pages.flatMap((p) =>
    (p.entry ?? [])
      .filter((e) => e.search?.mode !== 'outcome')
      .map((e) => e.resource?.id as string),
  );

describe.each(testDatabaseKinds())('search and paging through fhir-kit-client on %s', (kind) => {
  let server: LiveServer;
  let client: Client;
  const created: string[] = [];
  let createdAfter = '';

  beforeAll(async () => {
    server = await startLiveServer(kind);
    client = new Client({ baseUrl: server.baseUrl, bearerToken: server.token });
    // A regional network registers its 45 sites; the last five open later.
    for (let i = 0; i < 45; i++) {
      if (i === 40) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        createdAfter = new Date().toISOString();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const site = (await client.create({
        resourceType: 'Location',
        body: { resourceType: 'Location', name: `Site ${i + 1}`, status: 'active' },
      })) as Location;
      created.push(site.id as string);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('pages 45 resources ten at a time, following next links, seeing each exactly once', async () => {
    const first = await client.search({
      resourceType: 'Location',
      searchParams: { _count: 10, _total: 'accurate' },
    });
    const pages = await allPages(client, first);
    expect(pages.map((p) => p.entry?.length)).toEqual([10, 10, 10, 10, 5]);
    expect(pages[0]?.total).toBe(45);
    const seen = ids(pages);
    expect(new Set(seen).size).toBe(45);
    expect([...seen].sort()).toEqual([...created].sort());
    expect(pages.at(-1)?.link?.some((l) => l.relation === 'next')).toBe(false);
  });

  it('pages a POST _search the same way', async () => {
    const first = await client.search({
      resourceType: 'Location',
      searchParams: { _count: 20, status: 'active' },
      options: { postSearch: true },
    });
    const pages = await allPages(client, first);
    expect(pages.map((p) => p.entry?.length)).toEqual([20, 20, 5]);
    expect(new Set(ids(pages)).size).toBe(45);
  });

  it('pages type history with next links too', async () => {
    const first = await client.request('Location/_history?_count=10');
    const pages = await allPages(client, first);
    expect((pages[0] as Bundle).total).toBe(45);
    expect(new Set(ids(pages)).size).toBe(45);
    expect(ids(pages)).toHaveLength(45);
  });

  it('finds by _id and by _lastUpdated', async () => {
    const some = [created[3], created[17], created[44]] as string[];
    const byId = (await client.search({
      resourceType: 'Location',
      searchParams: { _id: some.join(',') },
    })) as unknown as Bundle;
    expect(ids([byId]).sort()).toEqual([...some].sort());

    const recent = (await client.search({
      resourceType: 'Location',
      searchParams: { _lastUpdated: `ge${createdAfter}`, _count: 50 },
    })) as unknown as Bundle;
    expect(ids([recent]).sort()).toEqual(created.slice(40).sort());
    const none = (await client.search({
      resourceType: 'Location',
      searchParams: { _lastUpdated: `gt${new Date(Date.now() + 60_000).toISOString()}` },
    })) as unknown as Bundle;
    expect(none.total).toBe(0);
  });

  it('refuses an unknown search parameter with 400, or ignores it with a warning when asked to be lenient', async () => {
    const refused = await rejection(
      client.search({ resourceType: 'Location', searchParams: { 'favourite-colour': 'blue' } }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.resourceType).toBe('OperationOutcome');
    expect(JSON.stringify(refused.body)).toContain('favourite-colour');

    const lenient = (await client.search({
      resourceType: 'Location',
      searchParams: { 'favourite-colour': 'blue', _count: 1, _total: 'accurate' },
      options: { headers: { Prefer: 'handling=lenient' } },
    })) as unknown as Bundle;
    expect(lenient.total).toBe(45);
    const warning = lenient.entry?.find((e) => e.search?.mode === 'outcome')?.resource as
      OperationOutcome | undefined;
    expect(warning?.issue[0]?.severity).toBe('warning');
  });
});
