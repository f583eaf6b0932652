import type { CareTeam, Consent, EpisodeOfCare, Patient, Resource } from '@medplum/fhirtypes';
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

const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const PM_EMAIL = 'programme.manager@careweave.e2e';
/** The name of the care team the story's people belong to (set while the workspace starts). */
let teamName = '';
const day = (offset: number): string => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
};

/**
 * Two people of one care team (cloned from a generated enrolment and an opt-in consent, so the
 * programme manager may see them) are discharged 60 days ago after a depression admission: Finn
 * is seen on day 5, Mia is not seen within 7 days. A programme manager is added to the network.
 */
async function addStory(db: Database, repo: Repository): Promise<void> {
  const consents = await repo.search(SYSTEM_CONTEXT, 'Consent', [
    ['status', 'active'],
    ['_count', '200'],
  ]);
  const optIn = consents.resources.find((c) =>
    (c as Consent).policyRule?.coding?.some((x) => x.code === 'OPTIN'),
  ) as Consent | undefined;
  const episodes = await repo.search(SYSTEM_CONTEXT, 'EpisodeOfCare', [
    ['status', 'active'],
    ['_count', '200'],
  ]);
  const enrolled = episodes.resources.find((e) => (e as EpisodeOfCare).team?.[0]?.reference) as
    EpisodeOfCare | undefined;
  if (!optIn || !enrolled)
    throw new Error('the generated population has no opt-in consent or team');
  const team = await repo.read<CareTeam>(
    SYSTEM_CONTEXT,
    'CareTeam',
    enrolled.team?.[0]?.reference?.split('/')[1] ?? '',
  );
  teamName = team.name ?? '';
  const donor = await repo.read<Patient>(
    SYSTEM_CONTEXT,
    'Patient',
    optIn.patient?.reference?.split('/')[1] ?? '',
  );
  const network = optIn.organization?.[0]?.reference?.split('/')[1] ?? '';
  const records: Resource[] = [
    { resourceType: 'Practitioner', id: 'e2e-pm', name: [{ given: ['Priya'], family: 'Manager' }] },
  ];
  for (const [id, given, seen] of [
    ['e2e-mia', 'Mia', false],
    ['e2e-finn', 'Finn', true],
  ] as const) {
    const ref = { reference: `Patient/${id}` };
    records.push(
      {
        resourceType: 'Patient',
        id,
        name: [{ given: [given], family: 'Dashboard' }],
        birthDate: '1970-05-05',
        ...(donor.managingOrganization ? { managingOrganization: donor.managingOrganization } : {}),
      },
      { ...optIn, id: `${id}-consent`, patient: ref, performer: [ref] },
      { ...enrolled, id: `${id}-episode`, patient: ref, period: { start: day(-300) } },
      {
        resourceType: 'Condition',
        id: `${id}-depression`,
        subject: ref,
        code: { coding: [{ system: ICD, code: 'F32.2' }] },
        onsetDateTime: day(-400),
      },
      {
        resourceType: 'Encounter',
        id: `${id}-stay`,
        status: 'finished',
        class: { system: ACT, code: 'IMP' },
        subject: ref,
        period: { start: `${day(-66)}T09:00:00Z`, end: `${day(-60)}T15:00:00Z` },
        diagnosis: [{ condition: { reference: `Condition/${id}-depression` }, rank: 1 }],
      },
    );
    if (seen) {
      records.push({
        resourceType: 'Encounter',
        id: `${id}-follow-up`,
        status: 'finished',
        class: { system: ACT, code: 'AMB' },
        subject: ref,
        period: { start: `${day(-55)}T10:00:00Z`, end: `${day(-55)}T10:30:00Z` },
      });
    }
  }
  await repo.inTransaction(SYSTEM_CONTEXT, (w) => w.upsertMany(records, { skipUnchanged: false }));
  await server.provisionUser(db, repo, {
    email: PM_EMAIL,
    password: DEMO_PASSWORD,
    fhirUser: 'Practitioner/e2e-pm',
    role: 'programme-manager',
    organizationIds: [network],
  });
}

describe.skipIf(!HAS_CHROMIUM)('the Dashboards screen in a real browser', () => {
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

  it('a programme manager filters to one team and drills from the 7-day follow-up rate to the people who missed it', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'dashboards-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });
    await signIn(page, workspace.url, PM_EMAIL);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('Dashboards', { exact: true }).click();
    await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
    const measures = page.getByRole('table', { name: 'Measures' });
    await measures.waitFor();

    // Filter to the team both people belong to.
    const filters = page.getByRole('region', { name: 'Filters' });
    const team = filters.getByRole('combobox', { name: 'Team' });
    await team.click();
    await team.fill(teamName);
    await page.getByRole('option', { name: teamName, exact: true }).click();
    await expect.poll(async () => team.inputValue()).toBe(teamName);

    // The follow-up-within-7-days row: Finn met it, Mia missed it.
    const row = measures.getByRole('row', {
      name: /Follow-up after hospitalisation for mental illness: 7 days/,
    });
    await expect.poll(async () => row.textContent()).toMatch(/1 \/ 2/);
    await row.getByRole('button', { name: /People who missed/ }).click();
    const people = page.getByRole('table', {
      name: /People: Follow-up after hospitalisation for mental illness: 7 days/,
    });
    await people.waitFor();
    await expect.poll(async () => people.getByRole('row').count()).toBe(2); // header + Mia
    expect(await people.textContent()).toContain('Mia Dashboard');
    expect(await people.textContent()).not.toContain('Finn Dashboard');

    // A person opens from the list.
    expect(await people.getByRole('link', { name: 'Mia Dashboard' }).getAttribute('href')).toBe(
      '/patients/e2e-mia',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 240_000);
});
