// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { EcqmPanel } from './components/EcqmPanel';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const POP = 'http://terminology.hl7.org/CodeSystem/measure-population';
const pop = (code: string, count: number, list?: string) => ({
  code: { coding: [{ system: POP, code }] },
  count,
  ...(list ? { subjectResults: { reference: `#${list}` } } : {}),
});
const list = (id: string, people: string[]) => ({
  resourceType: 'List',
  id,
  status: 'current',
  mode: 'snapshot',
  entry: people.map((p) => ({ item: { reference: `Patient/${p}` } })),
});

/** The server as the panel sees it: the stored Measures, $evaluate-measure, patient names. */
function server(): string[] {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      calls.push(url);
      if (url.startsWith('/fhir/R4/Measure?'))
        return jsonResponse({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            { resource: { resourceType: 'Measure', id: 'fuh-7', status: 'active', title: 'FUH' } },
            {
              resource: {
                resourceType: 'Measure',
                id: 'CMS2',
                status: 'active',
                title: 'Screening for Depression and Follow-Up Plan',
                version: '0.4.001',
                library: ['https://madie.cms.gov/Library/CMS2FHIRPCSDepressionScreenAndFollowUp'],
              },
            },
          ],
        });
      if (url.startsWith('/fhir/R4/Measure/CMS2/$evaluate-measure') && url.includes('population'))
        return jsonResponse({
          resourceType: 'MeasureReport',
          status: 'complete',
          type: 'summary',
          group: [
            {
              population: [
                pop('initial-population', 10),
                pop('denominator', 10),
                pop('denominator-exception', 2),
                pop('numerator', 6),
              ],
              measureScore: { value: 0.75 },
              stratifier: [
                {
                  code: [{ text: 'team' }],
                  stratum: [
                    {
                      value: { text: 'North team' },
                      population: [pop('denominator', 4), pop('numerator', 3)],
                      measureScore: { value: 0.75 },
                    },
                  ],
                },
              ],
            },
          ],
        });
      if (url.startsWith('/fhir/R4/Measure/CMS2/$evaluate-measure'))
        return jsonResponse({
          resourceType: 'MeasureReport',
          status: 'complete',
          type: 'subject-list',
          contained: [list('d', ['ana', 'bea', 'cy']), list('n', ['ana'])],
          group: [{ population: [pop('denominator', 3, 'd'), pop('numerator', 1, 'n')] }],
        });
      if (url.startsWith('/fhir/R4/Patient?'))
        return jsonResponse({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            {
              resource: {
                resourceType: 'Patient',
                id: 'bea',
                name: [{ given: ['Bea'], family: 'Brown' }],
              },
            },
            {
              resource: {
                resourceType: 'Patient',
                id: 'cy',
                name: [{ given: ['Cy'], family: 'Cole' }],
              },
            },
          ],
        });
      return jsonResponse({ resourceType: 'OperationOutcome', issue: [] }, 404);
    }),
  );
  return calls;
}

describe('the loaded eCQMs on the Dashboards screen', () => {
  it("shows each eCQM's engine rate with its interval and the view's strata, and drills to who missed it", async () => {
    const calls = server();
    render(
      <Providers>
        <EcqmPanel periodStart="2026-01-01" periodEnd="2026-12-31" stratum="team" />
      </Providers>,
    );
    await screen.findAllByText('75.0%');
    const row = screen.getByRole('row', { name: 'Screening for Depression and Follow-Up Plan' });
    expect(within(row).getByText('(0.4.001)', { exact: false })).toBeTruthy();
    expect(within(row).getByText('6 / 8 (2 excluded)')).toBeTruthy();
    expect(within(row).getByText('75.0%')).toBeTruthy();
    expect(within(row).getByText(/^4\d\.\d%–9\d\.\d%$/)).toBeTruthy();
    const team = screen.getByRole('row', {
      name: 'Screening for Depression and Follow-Up Plan — North team',
    });
    expect(within(team).getByText('3 / 4')).toBeTruthy();
    // Only the eCQM was evaluated (the SQL measure has no CQL library), for the period.
    expect(calls.filter((c) => c.includes('$evaluate-measure'))).toEqual([
      '/fhir/R4/Measure/CMS2/$evaluate-measure?periodStart=2026-01-01&periodEnd=2026-12-31&reportType=population',
    ]);

    fireEvent.click(
      screen.getByRole('button', {
        name: 'People who missed: Screening for Depression and Follow-Up Plan',
      }),
    );
    const people = await screen.findByRole('table', {
      name: 'People who missed: Screening for Depression and Follow-Up Plan',
    });
    expect(await within(people).findByText('Bea Brown')).toBeTruthy();
    expect(within(people).getByText('Cy Cole')).toBeTruthy();
    expect(within(people).queryByText(/ana/i)).toBeNull();
  });

  it('says how to load a package when none is loaded', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] })),
    );
    render(
      <Providers>
        <EcqmPanel periodStart="2026-01-01" periodEnd="2026-12-31" stratum="organization" />
      </Providers>,
    );
    expect(await screen.findByText(/No eCQM package is loaded/)).toBeTruthy();
  });
});
