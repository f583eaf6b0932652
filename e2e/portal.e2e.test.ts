import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  HAS_CHROMIUM,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  type Browser,
} from './support/browser.js';
import { signIn, signOut, tokenOf } from './support/session.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

const ROSA = 'demo-patient-1';
const HOSPITAL = 'riverside-general-hospital';
const HOSPITAL_DOCTOR = 'hospital.doctor@careweave.demo';
const PSY = 'http://terminology.hl7.org/CodeSystem/v3-ActCode|PSY';
/** A phone screen (iPhone 12–15): the portal is built for it first. */
const PHONE = { width: 390, height: 844 };

/** PHQ-9 items (LOINC) and the answer given to each: 8 points, "mild", nothing on item 9. */
const PHQ9_ANSWERS: [string, string][] = [
  ['44250-9', 'Several days'],
  ['44255-8', 'Several days'],
  ['44259-0', 'Several days'],
  ['44254-1', 'Several days'],
  ['44251-7', 'Several days'],
  ['44258-2', 'Several days'],
  ['44252-5', 'Several days'],
  ['44253-3', 'Several days'],
  ['44260-8', 'Not at all'],
];

async function api<T>(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Rosa's mental-health rows the hospital doctor can see (labelled PSY, written elsewhere). */
async function psyRowsSeenByHospital(url: string): Promise<number> {
  const token = await tokenOf(url, HOSPITAL_DOCTOR);
  const bundle = await api<{ entry?: unknown[] }>(
    url,
    token,
    'GET',
    `/fhir/R4/Condition?patient=${ROSA}&_security=${encodeURIComponent(PSY)}&_count=100`,
  );
  return bundle.entry?.length ?? 0;
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

describe.skipIf(!HAS_CHROMIUM)('the person’s portal on a phone (390 px) in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;
  let planTitle = '';

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([startWorkspace({ patients: 50 }), launchBrowser()]);
    const url = workspace.url;
    const coordinator = await tokenOf(url, 'coordinator@careweave.demo');
    // Rosa's care plan (a tour patient: the demo leaves her plan to be made by hand) and a PHQ-9
    // her coordinator asks her to fill in.
    const plan = await api<{ plan: { title?: string } }>(url, coordinator, 'POST', '/api/plans', {
      patient: ROSA,
      template: 'heart-failure-discharge',
      reason: 'Agreed with Rosa after her admission',
    });
    planTitle = plan.plan.title ?? '';
    await api(url, coordinator, 'POST', '/api/assessments/assignments', {
      patient: `Patient/${ROSA}`,
      instrument: 'phq9',
    });
    // A doctor at Riverside General Hospital joins Rosa's team after her admission.
    const admin = await tokenOf(url, 'admin@careweave.demo');
    const doctor = await api<{ fhirUser: string }>(url, admin, 'POST', '/api/admin/users', {
      email: HOSPITAL_DOCTOR,
      role: 'physician',
      password: 'careweave-demo',
      temporaryPassword: false,
      newPractitioner: { given: 'Ines', family: 'Hospitalist' },
      organizationIds: [HOSPITAL],
    });
    const teams = await api<{ careTeams: { careTeam: { id: string } }[] }>(
      url,
      coordinator,
      'GET',
      `/api/roster/patients/${ROSA}/care-teams`,
    );
    await api(
      url,
      coordinator,
      'POST',
      `/api/roster/care-teams/${teams.careTeams[0]?.careTeam.id}/members`,
      { member: doctor.fhirUser, role: 'gp', reason: 'Inpatient care after admission' },
    );
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('Rosa adds a priority, completes a PHQ-9, writes to her team and stops sharing mental health with the hospital; her caregiver sees the plan but not what was withheld', async ({
    onTestFailed,
  }) => {
    const url = workspace.url;
    const page = await browser.context.newPage();
    await page.setViewportSize(PHONE);
    const errors = collectPageErrors(page);
    onTestFailed(async () =>
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'portal-failure')}; errors: ${JSON.stringify(errors)}`,
      ),
    );

    // Rosa signs in and lands on her portal, which says whose record it is.
    await signIn(page, url, 'rosa.delgado@careweave.demo');
    await page.getByText("Rosa Delgado's record").waitFor();
    expect(new URL(page.url()).pathname).toBe('/me');
    await page.getByRole('heading', { name: 'My portal' }).waitFor();
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PHONE.width,
    );
    await expectAccessible(page);

    // My plan: she adds what matters to her; the plan is in plain words.
    await page.getByRole('link', { name: 'My plan' }).click();
    await page.getByText(planTitle).waitFor();
    await page.getByLabel('What matters to me').fill('Dance at my granddaughter’s wedding in June');
    await page.getByRole('button', { name: 'Add my priority' }).click();
    await page.getByText('Added. Your care team can see it now.').waitFor();
    await page.getByText('Dance at my granddaughter’s wedding in June').waitFor();
    await page.getByText('Matters to me #1').waitFor();
    await page.getByRole('heading', { name: 'What I will do' }).waitFor();
    await page.getByText('Record morning weight').waitFor();
    await expectAccessible(page);
    // The team sees it at once, as hers.
    const coordinator = await tokenOf(url, 'coordinator@careweave.demo');
    const plans = await api<{ plans: { id: string }[] }>(
      url,
      coordinator,
      'GET',
      `/api/plans?patient=${ROSA}`,
    );
    const changes = await api<{ changes: { title: string; by?: string }[] }>(
      url,
      coordinator,
      'GET',
      `/api/plans/${plans.plans[0]?.id}/changes`,
    );
    expect(changes.changes).toContainEqual(
      expect.objectContaining({
        title: 'Dance at my granddaughter’s wedding in June',
        by: `Patient/${ROSA}`,
      }),
    );

    // My questionnaires: the PHQ-9 her coordinator asked for.
    await page.getByRole('link', { name: '← Back to my portal' }).click();
    await page.getByRole('link', { name: 'My questionnaires' }).click();
    await page.getByText('Asked by Nadia Haddad').waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Mood questionnaire (PHQ-9)' }).first().click();
    for (const [item, label] of PHQ9_ANSWERS) {
      await page
        .locator(`[data-item="${item}"]`)
        .getByRole('radio', { name: label, exact: true })
        .check();
    }
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.getByText('Thank you — your answers were sent').waitFor();
    await page.getByRole('link', { name: 'My questionnaires' }).click();
    await page.getByText('Your answers suggest mild symptoms of depression.').first().waitFor();
    await page.getByText('Nothing to fill in right now.').waitFor();

    // Messages: she writes to her team; the coordinator reads it in the team's thread.
    await page.getByRole('link', { name: '← Back to my portal' }).click();
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByLabel('Subject').fill('Swollen ankles');
    await page
      .getByLabel('Message')
      .fill('My ankles are more swollen since Sunday. Should I worry?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('Not read yet').waitFor();
    await expectAccessible(page);
    const threads = await api<{ threads: { id: string; topic: string; unread: number }[] }>(
      url,
      coordinator,
      'GET',
      `/api/messages/threads?patient=${ROSA}`,
    );
    const thread = threads.threads.find((t) => t.topic === 'Swollen ankles');
    expect(thread?.unread).toBe(1);
    await api(url, coordinator, 'POST', `/api/messages/threads/${thread?.id}/read`);
    await page.reload();
    await page.getByText('Read by Nadia Haddad').waitFor();

    // My consent: the hospital's doctor sees her mental-health diagnosis today…
    expect(await psyRowsSeenByHospital(url)).toBeGreaterThan(0);
    await page.goto(`${url}/me/consent`);
    const hospital = page.getByRole('group', { name: 'Riverside General Hospital' });
    await hospital.getByRole('checkbox', { name: 'Mental health' }).uncheck();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Review my changes' }).click();
    // …the consequence is explained before she confirms…
    await page
      .getByText(
        'Staff at Riverside General Hospital will no longer see your mental health information written by other organisations',
        { exact: false },
      )
      .waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirm my changes' }).click();
    await page.getByText('Your choices are saved').waitFor();
    // …and from the next request on, the hospital no longer sees it.
    expect(await psyRowsSeenByHospital(url)).toBe(0);
    await page.getByText('Version 2').waitFor();

    // Who looked at my record: the hospital doctor, by name and organisation.
    await page.goto(`${url}/me/access-log`);
    await page.getByText('Ines Hospitalist').first().waitFor();
    await page.getByText('Riverside General Hospital', { exact: false }).first().waitFor();
    await expectAccessible(page);

    // The larger-text setting grows the whole page and stays within the phone's width.
    await page.locator('label[for$="-larger"]').click();
    expect(await page.evaluate(() => document.documentElement.style.fontSize)).toBe('150%');
    await page.locator('label[for$="-normal"]').click();
    await signOut(page);

    // Her daughter Elena, with a proxy grant, sees Rosa's plan — and is told whose record it is —
    // but not what Rosa did not share with her.
    await signIn(page, url, 'caregiver@careweave.demo');
    await page.getByText("You are looking at Rosa Delgado's record").waitFor();
    await page.getByText(/Not shared with you: .*Messages.*My questionnaires/).waitFor();
    expect(await page.getByRole('link', { name: 'My consent' }).count()).toBe(0);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'My plan' }).click();
    await page.getByText('Dance at my granddaughter’s wedding in June').waitFor();
    expect(await page.getByLabel('What matters to me').count()).toBe(0);
    await page.goto(`${url}/me/messages`);
    await page.getByText('Not shared with you').waitFor();
    expect(await page.getByText('Swollen ankles').count()).toBe(0);
    await page.goto(`${url}/me/questionnaires`);
    await page.getByText('Not shared with you').waitFor();
    expect(await page.getByText('mild symptoms of depression').count()).toBe(0);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);
});
