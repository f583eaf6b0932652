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
import { startWorkspace, type Workspace } from './support/workspace.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1400, height: 1000 };
const ROSA = 'demo-patient-1';
const GOAL = 'Rosa has enough to eat every week';
const REFERRAL = 'Weekly food parcels for Rosa';

async function signInAndWait(page: Page, url: string, email: string): Promise<void> {
  await signIn(page, url, email);
  // At phone width the name sits in the collapsed menu: present, not visible.
  await page.getByTestId('user-name').waitFor({ state: 'attached' });
}

/** The coordinator's "Loops closed" figure on the Referrals page. */
async function loopsClosed(page: Page, url: string): Promise<number> {
  await page.goto(`${url}/referrals`);
  const figure = page.locator('[data-figure="loops-closed"] [data-value]');
  await figure.waitFor();
  return Number(await figure.getAttribute('data-value'));
}

/**
 * The closed-loop referral's browser proof: the coordinator refers Rosa, who screened positive
 * for food insecurity, to the food bank from her care plan; the food-bank worker, on a 390 px
 * phone, accepts it and completes it with "need met"; the coordinator then sees the loop closed on
 * the plan, the goal achieved, and the loop-closure count one higher.
 */
describe.skipIf(!HAS_CHROMIUM)('closed-loop referrals in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([startWorkspace({ patients: 50 }), launchBrowser()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('refers Rosa to the food bank from her plan; the food bank accepts and completes it on a phone; the coordinator sees the loop closed', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'referrals-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });
    await page.setViewportSize(DESKTOP);

    // Nadia, Rosa's coordinator, notes the loop-closure count before.
    await signInAndWait(page, workspace.url, 'coordinator@careweave.demo');
    const before = await loopsClosed(page, workspace.url);

    // Rosa's plan (from the social-needs template if she has none yet) with her food goal.
    await page.goto(`${workspace.url}/patients/${ROSA}/plan`);
    const template = page.getByLabel('Template');
    const heading = page.getByRole('heading', { level: 1 });
    await Promise.race([
      template.waitFor(),
      page.getByRole('button', { name: 'Add goal' }).waitFor(),
    ]);
    if (await template.isVisible()) {
      const option = await template
        .locator('option', { hasText: 'Social needs: food and housing' })
        .textContent();
      await template.selectOption({ label: option ?? '' });
      await page.getByRole('button', { name: 'Create plan' }).click();
    }
    await heading.waitFor();
    await page.getByRole('button', { name: 'Add goal' }).click();
    const goalDialog = page.getByRole('dialog', { name: 'Add goal' });
    await goalDialog.getByLabel(/^Goal/).fill(GOAL);
    await goalDialog.getByLabel('Domain').selectOption('social');
    await goalDialog.getByRole('button', { name: 'Save goal' }).click();
    await goalDialog.waitFor({ state: 'hidden' });
    const social = page.getByRole('region', { name: 'Social', exact: true });
    const goal = social.locator('article', { hasText: GOAL });
    await goal.waitFor();

    // The referral is a plan activity to the food bank, for that goal.
    await page.getByRole('button', { name: 'Add activity' }).click();
    const activityDialog = page.getByRole('dialog', { name: 'Add activity' });
    await activityDialog.getByLabel('Kind').selectOption('service-request');
    await activityDialog.getByLabel(/^Activity/).fill(REFERRAL);
    const service = activityDialog.getByLabel(/^Service/);
    await service
      .locator('option', { hasText: 'Riverside Community Food Bank' })
      .waitFor({ state: 'attached' });
    await service.selectOption({ label: 'Riverside Community Food Bank' });
    await activityDialog.getByLabel('Domain').selectOption('social');
    await activityDialog
      .getByLabel(/^Owner/)
      .selectOption({ label: 'Nadia Haddad — Care coordinator' });
    await activityDialog.getByLabel('For goal').selectOption({ label: GOAL });
    await activityDialog.getByLabel('Why (reason)').fill('Food insecurity screen positive');
    await activityDialog.getByRole('button', { name: 'Save activity' }).click();
    await activityDialog.waitFor({ state: 'hidden' });
    const referrals = page.locator('section[aria-labelledby="plan-referrals-heading"]');
    const sent = referrals.locator('[data-referral][data-status="requested"]', {
      hasText: 'Food',
    });
    await sent.waitFor();
    const referralId = (await sent.getAttribute('data-referral')) ?? '';
    expect(referralId).not.toBe('');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await signOut(page);

    // The food-bank worker, on her phone: the referral is in New; she accepts it…
    await page.setViewportSize(PHONE);
    await signInAndWait(page, workspace.url, 'foodbank@careweave.demo');
    await page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
    const card = page.locator(`[data-referral="${referralId}"]`);
    await card.getByText('Need: Food').waitFor();
    expect(await card.textContent()).toContain('Rosa');
    // Nothing clinical travels with it: the reason stays with the care team.
    expect(await card.textContent()).not.toContain('Food insecurity screen positive');
    await card.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('tab', { name: /^Accepted/ }).click();
    const accepted = page.locator(`[data-referral="${referralId}"][data-status="accepted"]`);
    await accepted.waitFor();
    // …and completes it with the outcome and "Need met".
    await accepted.getByRole('button', { name: 'Complete' }).click();
    const complete = page.getByRole('dialog', { name: 'Complete the referral' });
    expect(await complete.getByLabel('Need met').isChecked()).toBe(true);
    await complete.getByLabel('Outcome').fill('Weekly parcels from Saturday, delivered to Rosa');
    await complete.getByRole('button', { name: 'Complete' }).click();
    await complete.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: /^Closed/ }).click();
    const closed = page.locator(`[data-referral="${referralId}"][data-status="completed"]`);
    await closed.getByText(/Need met/).waitFor();
    // The inbox fits the phone: nothing scrolls sideways.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    ).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'referrals-food-bank-phone');
    await signOut(page);

    // Nadia sees the loop closed on Rosa's plan, the goal achieved, and the count one higher.
    await page.setViewportSize(DESKTOP);
    await signInAndWait(page, workspace.url, 'coordinator@careweave.demo');
    await page.goto(`${workspace.url}/patients/${ROSA}/plan`);
    const done = referrals.locator(`[data-referral="${referralId}"][data-status="completed"]`);
    await done.getByText(/Need met — Weekly parcels from Saturday/).waitFor();
    await page.locator(`article[data-achievement="achieved"]`, { hasText: GOAL }).waitFor();
    await expect.poll(() => loopsClosed(page, workspace.url), { timeout: 20_000 }).toBe(before + 1);
    await page
      .locator(`[data-referral="${referralId}"][data-status="completed"]`)
      .getByText(/Need met/)
      .waitFor();
    await screenshot(page, 'referrals-loop-closed');
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
