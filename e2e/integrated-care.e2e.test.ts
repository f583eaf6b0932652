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
import { signIn, signOut } from './support/session.js';
import { activitiesProgress, inDays } from './support/plan.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

const SOCIAL_WORKER = 'Practitioner/demo-social-worker';
const ACTIVITY = 'Arrange a weekly food parcel delivery';

async function signInAndWait(page: Page, url: string, email: string): Promise<void> {
  await signIn(page, url, email);
  await page.getByTestId('user-name').waitFor();
}

/**
 * The care-plan brief's browser proof, end to end across two logins: the coordinator enrols a high-need person
 * found by risk stratification, creates their plan from a template, adds a goal in the person's
 * own words and gives an activity to the social worker; the social worker signs in, finds it on
 * her worklist and completes it; the coordinator's plan shows the progress.
 */
describe.skipIf(!HAS_CHROMIUM)('the integrated-care loop in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([
      startWorkspace({ patients: 50, stratify: true }),
      launchBrowser(),
    ]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('enrols a high-need person, plans with them, and closes the loop through the social worker’s worklist', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'integrated-care-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });

    // The coordinator opens Population and enrols the highest-risk person not yet enrolled.
    await signInAndWait(page, workspace.url, 'coordinator@careweave.demo');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByText('Population', { exact: true })
      .click();
    const first = page.locator('[data-testid="candidates"] tbody tr').first();
    await first.waitFor({ timeout: 20_000 });
    const patientId = (await first.getAttribute('data-patient')) ?? '';
    const name =
      (await first.locator('td').first().locator('p').first().textContent())?.trim() ?? '';
    expect(patientId).not.toBe('');
    expect(await first.locator('[data-factor]').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: `Enrol ${name}`, exact: true }).click();
    const enrolDialog = page.getByRole('dialog', { name: 'Enrol in integrated care' });
    await enrolDialog.getByRole('button', { name: 'Enrol', exact: true }).click();
    await enrolDialog.waitFor({ state: 'hidden' });

    // From the confirmation she opens their (empty) care plan and starts it from a template.
    await page.getByRole('link', { name: 'Open care plan' }).click();
    await page.waitForURL(`**/patients/${patientId}/plan`);
    const template = page.getByLabel('Template');
    const option = await template
      .locator('option', { hasText: 'Social needs: food and housing' })
      .textContent();
    await template.selectOption({ label: option ?? '' });
    await page.getByRole('button', { name: 'Create plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Social needs: food and housing' }).waitFor();
    await page.getByRole('link', { name }).waitFor();
    const [, activitiesAtStart] = await activitiesProgress(page);

    // What matters to the person, in their own words.
    await page.getByRole('button', { name: 'Add goal' }).click();
    const goalDialog = page.getByRole('dialog', { name: 'Add goal' });
    await goalDialog.getByLabel(/^Goal/).fill('I want to stay in my own flat and eat properly');
    await goalDialog.getByLabel('Domain').selectOption('social');
    await goalDialog.getByLabel("In the person's own words").check();
    await goalDialog.getByLabel('What matters most (rank)').fill('1');
    await goalDialog.getByRole('button', { name: 'Save goal' }).click();
    await goalDialog.waitFor({ state: 'hidden' });
    const social = page.getByRole('region', { name: 'Social', exact: true });
    await social
      .locator('article', { hasText: 'stay in my own flat' })
      .getByText('In their words')
      .waitFor();

    // The social worker joins the team (a new enrolment's team is the person and the coordinator).
    const team = page.locator('section[data-plan-team]');
    await team.getByRole('table').waitFor();
    if ((await team.locator(`[data-member="${SOCIAL_WORKER}"]`).count()) === 0) {
      await team.getByRole('button', { name: 'Add team member' }).click();
      const memberDialog = page.getByRole('dialog', { name: 'Add team member' });
      await memberDialog.getByLabel('Find a practitioner').fill('Mensah');
      await memberDialog.getByLabel(/Grace Mensah/).check();
      await memberDialog.getByLabel(/^Role/).selectOption('social-worker');
      await memberDialog.getByRole('button', { name: 'Add to team' }).click();
      await memberDialog.waitFor({ state: 'hidden' });
    }
    await team.locator(`[data-member="${SOCIAL_WORKER}"]`).waitFor();

    // …and gets an activity for that goal, due within a week.
    await page.getByRole('button', { name: 'Add activity' }).click();
    const activityDialog = page.getByRole('dialog', { name: 'Add activity' });
    await activityDialog.getByLabel(/^Activity/).fill(ACTIVITY);
    await activityDialog.getByLabel('Domain').selectOption('social');
    await activityDialog
      .getByLabel(/^Owner/)
      .selectOption({ label: 'Grace Mensah — Social worker' });
    await activityDialog.getByLabel('Due date').fill(inDays(7));
    await activityDialog
      .getByLabel('For goal')
      .selectOption({ label: 'I want to stay in my own flat and eat properly' });
    await activityDialog.getByRole('button', { name: 'Save activity' }).click();
    await activityDialog.waitFor({ state: 'hidden' });
    await page.getByText(`0 of ${activitiesAtStart + 1} activities done`).waitFor();

    // A referral to a community service is an activity too, with the coordinator responsible.
    await page.getByRole('button', { name: 'Add activity' }).click();
    await activityDialog.getByLabel('Kind').selectOption('service-request');
    await activityDialog.getByLabel(/^Activity/).fill('Benefits advice appointment');
    const service = activityDialog.getByLabel(/^Service/);
    await service.locator('option', { hasText: /\w/ }).nth(1).waitFor({ state: 'attached' });
    const serviceName = (await service.locator('option').nth(1).textContent()) ?? '';
    await service.selectOption({ index: 1 });
    await activityDialog.getByLabel('Domain').selectOption('social');
    await activityDialog
      .getByLabel(/^Owner/)
      .selectOption({ label: 'Nadia Haddad — Care coordinator' });
    await activityDialog.getByRole('button', { name: 'Save activity' }).click();
    await activityDialog.waitFor({ state: 'hidden' });
    await social
      .locator('li', { hasText: 'Benefits advice appointment' })
      .getByText(`Referral to ${serviceName}`)
      .waitFor();
    await page.getByText(`0 of ${activitiesAtStart + 2} activities done`).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await signOut(page);

    // The social worker signs in, lands on her worklist, finds the activity and completes it.
    await signInAndWait(page, workspace.url, 'socialworker@careweave.demo');
    await page.getByRole('heading', { level: 1, name: 'My worklist' }).waitFor();
    const row = page.locator('[data-testid="worklist-table"] tbody tr', { hasText: ACTIVITY });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain(name);
    await page.getByRole('button', { name: `Complete ${ACTIVITY}`, exact: true }).click();
    const completeDialog = page.getByRole('dialog');
    await completeDialog
      .getByLabel('Outcome')
      .fill('Weekly parcel from the community food bank starts Monday.');
    await completeDialog.getByRole('button', { name: 'Complete task' }).click();
    await completeDialog.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    await signOut(page);

    // The coordinator's plan shows the progress and the completed activity.
    await signInAndWait(page, workspace.url, 'coordinator@careweave.demo');
    await page.goto(`${workspace.url}/patients/${patientId}/plan`);
    await page.getByText(`1 of ${activitiesAtStart + 2} activities done`).waitFor();
    await social.locator('li', { hasText: ACTIVITY }).getByText('completed').waitFor();
    await screenshot(page, 'integrated-care-loop');
    expect(errors).toEqual([]);
    await page.close();
  });
});
