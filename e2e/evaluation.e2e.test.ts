import type { ProgrammeEvaluation } from '@careweave/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  HAS_CHROMIUM,
  launchBrowser,
  screenshot,
  seriousAxeViolations,
  type Browser,
} from './support/browser.js';
import { signIn, tokenOf } from './support/session.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

const MANAGER = 'manager@careweave.demo';

describe.skipIf(!HAS_CHROMIUM)('the Evaluation page in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    // Enough people for a few dozen enrolments and a comparison group to match them to.
    [workspace, browser] = await Promise.all([startWorkspace({ patients: 400 }), launchBrowser()]);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('shows the programme manager the estimate, its interval, the arms, the balance table and the plots', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'evaluation-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });
    // What the API says, to compare the page with (the same computation, seeded: same numbers).
    const token = await tokenOf(workspace.url, MANAGER);
    const api = (await (
      await fetch(`${workspace.url}/api/evaluation?outcome=admissions`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as ProgrammeEvaluation;
    expect(api.nTreated).toBeGreaterThan(1);
    expect(api.balance).toHaveLength(10);

    // First, the programme manager signs in and opens Evaluation from the navigation.
    await signIn(page, workspace.url, MANAGER);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('Evaluation', { exact: true }).click();
    await page.mouse.move(0, 0);
    await page.getByRole('heading', { level: 1, name: 'Programme evaluation' }).waitFor();

    // The headline: the effect on admissions in words and its 95% interval.
    const estimate = page.getByTestId('estimate');
    await estimate.waitFor({ timeout: 120_000 });
    expect(await estimate.textContent()).toMatch(/fewer|more|no change/);
    expect(await page.getByTestId('interval').textContent()).toMatch(
      /^95% confidence interval: .+ to .+$/,
    );
    // The people in each arm, as the API counted them.
    const arms = page.getByLabel('People in each arm');
    expect(await arms.textContent()).toContain(`Enrolled (matched)${api.nTreated}`);
    expect(await arms.textContent()).toContain(`Comparison${api.nControl}`);

    // The balance table: one row per covariate with SMDs before and after.
    const balance = page.getByRole('table', { name: 'Balance table' });
    await expect(balance.locator('tbody tr').count()).resolves.toBe(10);
    expect(await balance.textContent()).toContain('Admissions, 12 months before');

    // The plots: the event study, the rates by quarter and the balance, drawn as SVG.
    for (const chart of ['event-study', 'rates', 'balance']) {
      await page.locator(`[data-chart="${chart}"] svg`).first().waitFor();
    }

    // Another outcome: cost per member-month, in dollars.
    await page.getByText('Total cost (paid claims)', { exact: true }).click();
    await page
      .getByRole('table', { name: 'Rates before and after enrolment' })
      .getByText(/^\$\d+/)
      .first()
      .waitFor({ timeout: 120_000 });

    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 400_000);

  it('is not offered to a care coordinator, and the API refuses her', async () => {
    const token = await tokenOf(workspace.url, 'coordinator@careweave.demo');
    const response = await fetch(`${workspace.url}/api/evaluation`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    const page = await browser.context.newPage();
    await signIn(page, workspace.url, 'coordinator@careweave.demo');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('My worklist', { exact: true }).waitFor();
    expect(await nav.getByText('Evaluation', { exact: true }).count()).toBe(0);
    await page.close();
  }, 120_000);
});
