import type { Consent, Patient, Resource } from '@medplum/fhirtypes';
import * as server from '@careweave/server';
import { SYSTEM_CONTEXT, type Database, type Repository } from '@careweave/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  HAS_CHROMIUM,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  type Browser,
} from './support/browser.js';
import { DEMO_PASSWORD, signIn } from './support/session.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

const PM_EMAIL = 'payment.manager@careweave.e2e';
const CPT = 'http://www.ama-assn.org/go/cpt';
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';

/** A paid claim of a visit to Dr Quinn at the Harbour Lane Clinic (CPT code, paid amount). */
function claim(id: string, patient: string, day: string, cpt: string, paid: number): Resource[] {
  return [
    {
      resourceType: 'Encounter',
      id: `${id}-enc`,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: `Patient/${patient}` },
      participant: [{ individual: { reference: 'Practitioner/e2e-quinn' } }],
      period: { start: `${day}T10:00:00Z`, end: `${day}T10:30:00Z` },
      serviceProvider: { reference: 'Organization/e2e-harbour-lane' },
    },
    {
      resourceType: 'ExplanationOfBenefit',
      id: `${id}-eob`,
      status: 'active',
      type: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' },
        ],
      },
      use: 'claim',
      patient: { reference: `Patient/${patient}` },
      billablePeriod: { start: day, end: day },
      created: day,
      insurer: { reference: 'Organization/e2e-harbour-lane' },
      provider: { reference: 'Organization/e2e-harbour-lane' },
      outcome: 'complete',
      insurance: [{ focal: true, coverage: { reference: `Coverage/${patient}-coverage` } }],
      item: [
        {
          sequence: 1,
          productOrService: { coding: [{ system: CPT, code: cpt }] },
          encounter: [{ reference: `Encounter/${id}-enc` }],
        },
      ],
      total: [
        {
          category: { coding: [{ system: ADJUDICATION, code: 'benefit' }] },
          amount: { value: paid, currency: 'USD' },
        },
      ],
    },
  ];
}

/**
 * Two people (with a cloned opt-in consent, so the programme manager may see them) see Dr Quinn
 * at the Harbour Lane Clinic: Mia once in March ($100), Finn in May ($200) and then the ED in
 * June ($1,000). From January to October Mia is attributed March–October (8 member-months) and
 * Finn May–October (6): 14 member-months, $1,300, $92.86 PMPM.
 */
async function addStory(db: Database, repo: Repository): Promise<void> {
  const consents = await repo.search(SYSTEM_CONTEXT, 'Consent', [
    ['status', 'active'],
    ['_count', '200'],
  ]);
  const optIn = consents.resources.find((c) =>
    (c as Consent).policyRule?.coding?.some((x) => x.code === 'OPTIN'),
  ) as Consent | undefined;
  if (!optIn) throw new Error('the generated population has no opt-in consent');
  const donor = await repo.read<Patient>(
    SYSTEM_CONTEXT,
    'Patient',
    optIn.patient?.reference?.split('/')[1] ?? '',
  );
  const network = optIn.organization?.[0]?.reference?.split('/')[1] ?? '';
  const records: Resource[] = [
    { resourceType: 'Organization', id: 'e2e-harbour-lane', name: 'Harbour Lane Clinic' },
    { resourceType: 'Practitioner', id: 'e2e-quinn', name: [{ given: ['Quinn'], family: 'Doe' }] },
    { resourceType: 'Practitioner', id: 'e2e-pay-pm', name: [{ given: ['Pia'], family: 'Payer' }] },
  ];
  for (const [id, given] of [
    ['e2e-pay-mia', 'Mia'],
    ['e2e-pay-finn', 'Finn'],
  ] as const) {
    const ref = { reference: `Patient/${id}` };
    records.push(
      {
        resourceType: 'Patient',
        id,
        name: [{ given: [given], family: 'Payment' }],
        birthDate: '1958-04-04',
        gender: 'female',
        ...(donor.managingOrganization ? { managingOrganization: donor.managingOrganization } : {}),
      },
      { ...optIn, id: `${id}-consent`, patient: ref, performer: [ref] },
    );
  }
  records.push(
    ...claim('e2e-pay-mia-1', 'e2e-pay-mia', '2026-03-10', '99213', 100),
    ...claim('e2e-pay-finn-1', 'e2e-pay-finn', '2026-05-10', '99214', 200),
    ...claim('e2e-pay-finn-ed', 'e2e-pay-finn', '2026-06-01', '99284', 1000),
  );
  await repo.inTransaction(SYSTEM_CONTEXT, (w) => w.upsertMany(records, { skipUnchanged: false }));
  await server.provisionUser(db, repo, {
    email: PM_EMAIL,
    password: DEMO_PASSWORD,
    fhirUser: 'Practitioner/e2e-pay-pm',
    role: 'programme-manager',
    organizationIds: [network],
  });
}

describe.skipIf(!HAS_CHROMIUM)('the Payment screen in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([
      startWorkspace({ patients: 40, afterImport: addStory }),
      launchBrowser(),
    ]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('a programme manager reads an organisation’s cost per member-month and drills down to its members', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'payment-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });
    await signIn(page, workspace.url, PM_EMAIL);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('Payment', { exact: true }).click();
    await page.getByRole('heading', { name: 'Payment', level: 1 }).waitFor();

    // The months January to October.
    await page.getByRole('textbox', { name: 'Months' }).fill('2026-01..2026-10');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect
      .poll(async () => page.getByText('2026-01 to 2026-10', { exact: false }).count())
      .toBeGreaterThan(0);

    const organizations = page.getByRole('table', { name: 'Organisations' });
    const row = organizations.getByRole('row', { name: /Harbour Lane Clinic/ });
    await row.waitFor();
    // 2 members, 14 member-months, $1,300 over 14 months = $92.86 PMPM.
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 4)).toEqual(['Harbour Lane Clinic', '2', '14', '$92.86']);

    // The organisation opens its members, most expensive first.
    await row.getByRole('button', { name: 'Harbour Lane Clinic: show the members' }).click();
    const members = page.getByRole('table', { name: 'Attributed members' });
    await members.waitFor();
    const memberRows = members.getByRole('row');
    await expect.poll(async () => memberRows.count()).toBe(3); // header + Finn + Mia
    expect((await memberRows.nth(1).getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
      'Finn Payment',
      'Quinn Doe',
      '6',
      '$1,200.00',
    ]);
    expect((await memberRows.nth(2).getByRole('cell').allTextContents()).slice(0, 4)).toEqual([
      'Mia Payment',
      'Quinn Doe',
      '8',
      '$100.00',
    ]);
    expect(await members.getByRole('link', { name: 'Mia Payment' }).getAttribute('href')).toBe(
      '/patients/e2e-pay-mia',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);
});
