import type { Bundle, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  HAS_CHROMIUM,
  launchBrowser,
  screenshot,
  type Browser,
} from './support/browser.js';
import { signIn, tokenOf } from './support/session.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

const ROSA = 'demo-patient-1';
const COORDINATOR = 'coordinator@careweave.demo';

describe.skipIf(!HAS_CHROMIUM)('decision support (CDS Hooks) in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([startWorkspace({ patients: 50 }), launchBrowser()]);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('the summary shows the critical PHQ-9 item 9 card; dismissing needs a reason; the plan page shows it too; accepting creates the task and the card goes', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () =>
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'decision-support-failure')}; errors: ${JSON.stringify(errors)}`,
      ),
    );
    // Rosa answers PHQ-9 item 9 with "several days" (1) today.
    const token = await tokenOf(workspace.url, COORDINATOR);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${workspace.url}${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/fhir+json',
          ...init.headers,
        },
      });
    const written = await api('/fhir/R4/Observation', {
      method: 'POST',
      body: JSON.stringify({
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '44260-8' }] },
        subject: { reference: `Patient/${ROSA}` },
        effectiveDateTime: new Date().toISOString(),
        valueInteger: 1,
      }),
    });
    expect(written.status).toBe(201);

    await signIn(page, workspace.url, COORDINATOR);
    await page.getByRole('heading', { level: 1, name: 'My worklist' }).waitFor();
    await page.goto(`${workspace.url}/patients/${ROSA}`);
    const card = page.locator('[data-cds-card="phq9-item9"]');
    await card.waitFor({ timeout: 30_000 });
    expect(await card.getAttribute('data-indicator')).toBe('critical');
    expect(await card.textContent()).toContain('Critical');
    expect(await card.textContent()).toContain('Source:');
    await screenshot(page, 'decision-support-card');

    // Dismissing cannot be sent without a reason.
    await card.getByRole('button', { name: 'Dismiss', exact: true }).click();
    expect(await card.getByRole('button', { name: 'Dismiss card' }).isDisabled()).toBe(true);
    await card.getByRole('button', { name: 'Cancel' }).click();

    // The plan page shows the same cards; accepting there performs the suggestion (a Task
    // through the FHIR API) and the card goes.
    await page.goto(`${workspace.url}/patients/${ROSA}/plan`);
    const onPlan = page.locator('[data-plan-page] [data-cds-card="phq9-item9"]');
    await onPlan.waitFor({ timeout: 30_000 });
    await onPlan.getByRole('button', { name: /^Accept: / }).click();
    await onPlan.waitFor({ state: 'detached', timeout: 30_000 });
    const tasks = (await (
      await api(
        `/fhir/R4/Task?patient=${ROSA}&code=https://careweave.org/fhir/CodeSystem/decision-support-work|safety-assessment`,
      )
    ).json()) as Bundle<Task>;
    expect(tasks.entry?.map((e) => e.resource?.priority)).toEqual(['stat']);

    expect(errors).toEqual([]);
  }, 600_000);
});
