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
import { signIn } from './support/session.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

/**
 * The status of `GET /fhir/R4/Patient/{id}` with the signed-in user's token (the FHIR door, not
 * the queue), asked from outside the page so an expected 404 is not a console error.
 */
async function fhirPatientStatus(page: Page, url: string, id: string): Promise<number> {
  const token = await page.evaluate(
    () =>
      (JSON.parse(sessionStorage.getItem('careweave.session') ?? '{}') as { accessToken?: string })
        .accessToken ?? '',
  );
  const response = await page.request.get(`${url}/fhir/R4/Patient/${id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return response.status();
}

describe.skipIf(!HAS_CHROMIUM)('the Population screen in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([
      startWorkspace({ patients: 60, stratify: true }),
      launchBrowser(),
    ]);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('lets the coordinator find high-risk people not yet enrolled, read why, and enrol one', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'population-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });

    // First, the coordinator signs in and opens Population from the navigation.
    await signIn(page, workspace.url, 'coordinator@careweave.demo');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByText('Population', { exact: true }).click();
    // Leave the pointer off the navigation: axe below checks the page at rest, not a hover state.
    await page.mouse.move(0, 0);
    await page.getByRole('heading', { level: 1, name: 'Population' }).waitFor();

    // The tier counts: four tiers, stratified just now, and a chart comparing them.
    await page.locator('[data-panel="Tiers"][data-state="ready"]').waitFor();
    for (const tier of ['Very high', 'High', 'Rising', 'Low']) {
      await page.getByRole('region', { name: `${tier} risk`, exact: true }).waitFor();
    }
    const total = await page.locator('[data-tier] [data-count="total"]').allTextContents();
    expect(
      total.map((t) => Number(t.replace(/,/g, ''))).reduce((a, b) => a + b, 0),
    ).toBeGreaterThan(0);
    expect(await page.getByTestId('last-run').textContent()).toMatch(/^Last stratified/);
    await page.locator('[data-chart="tiers"] svg').first().waitFor();

    // The queue: high-risk people she does not yet care for (her outreach view), each with the
    // reasons in words in the row.
    const rows = page.locator('[data-testid="candidates"] tbody tr');
    await rows.first().waitFor({ timeout: 20_000 });
    const first = rows.first();
    const factors = await first.locator('[data-factor]').allTextContents();
    expect(factors.length).toBeGreaterThan(0);
    expect(factors.join(' | ')).toMatch(
      /admission|ED visit|condition|HbA1c|heart failure|COPD|aged|insecurity|eGFR|discharge|dementia|cancer|kidney/i,
    );
    await first.locator('[data-factor]').first().waitFor({ state: 'visible' });
    expect(await page.getByTestId('candidate-count').textContent()).toMatch(
      /people shown|person shown/,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'population-queue');

    // She may see the queue's fields, not yet the record.
    const patientId = (await first.getAttribute('data-patient')) ?? '';
    expect(patientId).not.toBe('');
    expect(await fhirPatientStatus(page, workspace.url, patientId)).toBe(404);

    // She enrols the first person: the dialog, the confirm button, and the person leaves the list.
    const name =
      (await first.locator('td').first().locator('p').first().textContent())?.trim() ?? '';
    expect(name).not.toBe('');
    await page.getByRole('button', { name: `Enrol ${name}`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Enrol in integrated care' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Reason').inputValue()).toContain(
      'Identified by risk stratification',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Enrol', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const plan = page.getByRole('link', { name: 'Open care plan' });
    await plan.waitFor();
    expect(await plan.getAttribute('href')).toBe(`/patients/${patientId}/plan`);
    await page
      .locator(`[data-testid="candidates"] tr[data-patient="${patientId}"]`)
      .waitFor({ state: 'detached' });
    // After a refetch too (not only hidden locally): the queue no longer has them.
    await page.reload();
    await page
      .locator('[data-testid="candidates"] tbody tr')
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(() => undefined);
    expect(
      await page.locator(`[data-testid="candidates"] tr[data-patient="${patientId}"]`).count(),
    ).toBe(0);

    // As their care manager she now reads the record through the FHIR API.
    expect(await fhirPatientStatus(page, workspace.url, patientId)).toBe(200);
    await screenshot(page, 'population-enrolled');
    expect(errors).toEqual([]);
    await page.close();
  });
});
