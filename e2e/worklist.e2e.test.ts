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
import { DEMO_PASSWORD, signIn } from './support/session.js';
import { inDays } from './support/plan.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

const ROSA = 'demo-patient-1';
const SOCIAL_WORKER = 'Practitioner/demo-social-worker';
const COORDINATOR = 'Practitioner/demo-coordinator-1';

/** CSS transitions have finished (axe must not judge a nav link's colours halfway through its fade). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running'),
  );
}

/** The worklist has loaded (not pending) — rows or the empty text are on screen. */
async function worklistReady(page: Page): Promise<void> {
  await page.waitForSelector('[data-page="worklist"][data-state="ready"]', { timeout: 20_000 });
}

describe.skipIf(!HAS_CHROMIUM)(
  'the worklist, caseload, messages and notifications in a real browser',
  () => {
    let workspace: Workspace;
    let browser: Browser;

    /** Calls the API as the coordinator (the setup a colleague would have done in the app). */
    async function api<T>(path: string, json?: unknown): Promise<T> {
      const login = await fetch(`${workspace.url}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'coordinator@careweave.demo', password: DEMO_PASSWORD }),
      });
      const { access_token } = (await login.json()) as { access_token: string };
      const res = await fetch(`${workspace.url}${path}`, {
        method: json === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    }

    beforeAll(async () => {
      [workspace, browser] = await Promise.all([startWorkspace({ patients: 50 }), launchBrowser()]);
      // The demo data has no tasks yet: Nadia (coordinator) gives Grace (social worker) two of
      // Rosa's tasks, one already overdue, and keeps two for herself.
      await api('/api/tasks', {
        patient: ROSA,
        description: 'Arrange food bank referral',
        owner: SOCIAL_WORKER,
        priority: 'urgent',
        due: inDays(-2),
      });
      await api('/api/tasks', {
        patient: ROSA,
        description: 'Check housing benefit claim',
        owner: SOCIAL_WORKER,
        due: inDays(10),
      });
      await api('/api/tasks', {
        patient: ROSA,
        description: 'Phone Rosa about transport',
        owner: COORDINATOR,
        due: inDays(3),
      });
      await api('/api/tasks', {
        patient: ROSA,
        description: 'Book a benefits advice slot',
        owner: COORDINATOR,
        priority: 'asap',
        due: inDays(5),
      });
    }, 240_000);
    afterAll(async () => {
      await browser?.close();
      await workspace?.close();
    });

    it('lands the social worker on her worklist, overdue first, and lets her complete a task with an outcome', async ({
      onTestFailed,
    }) => {
      const page = await browser.context.newPage();
      const errors = collectPageErrors(page);
      onTestFailed(async () =>
        console.log(
          `[e2e] screenshot: ${await screenshot(page, 'worklist-social-worker-failure')}; errors: ${JSON.stringify(errors)}`,
        ),
      );

      await signIn(page, workspace.url, 'socialworker@careweave.demo');
      await page.getByRole('heading', { level: 1, name: 'My worklist' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/worklist');
      await worklistReady(page);

      // The overdue, urgent task comes first and says it is overdue.
      const rows = page.locator('[data-testid="worklist-table"] tbody tr');
      await rows.first().waitFor();
      expect(await rows.first().textContent()).toContain('Arrange food bank referral');
      await rows.first().getByText('Overdue', { exact: true }).waitFor();
      expect(await rows.allTextContents()).toEqual([
        expect.stringContaining('Arrange food bank referral'),
        expect.stringContaining('Check housing benefit claim'),
      ]);
      expect(await page.getByRole('tab', { name: /Open/ }).textContent()).toContain('2');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'worklist-social-worker');

      // The Due filter narrows the list to what is overdue, then clears.
      await page.getByPlaceholder('Any time').click();
      await page.getByRole('option', { name: 'Overdue' }).click();
      await expect
        .poll(() => rows.allTextContents())
        .toEqual([expect.stringContaining('Arrange food bank referral')]);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect.poll(() => rows.count()).toBe(2);

      // She completes the food bank task, saying what happened.
      await page
        .getByRole('button', { name: 'Complete Arrange food bank referral', exact: true })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByLabel('Outcome')
        .fill('Referred to Riverside Food Bank; first parcel on Friday.');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: 'Complete task' }).click();
      await dialog.waitFor({ state: 'detached' });

      // It leaves Open and appears under Done.
      await expect
        .poll(() => rows.allTextContents())
        .toEqual([expect.stringContaining('Check housing benefit claim')]);
      await page.getByRole('tab', { name: /Done/ }).click();
      await worklistReady(page);
      await page
        .locator('[data-testid="worklist-table"] tbody tr', {
          hasText: 'Arrange food bank referral',
        })
        .getByText('Completed')
        .waitFor();

      // Its details keep who asked for it and the outcome she wrote.
      await page
        .getByRole('button', { name: 'More actions for Arrange food bank referral' })
        .click();
      await page.getByRole('menuitem', { name: 'Details and notes' }).click();
      const details = page.getByRole('dialog');
      await details
        .getByText('Referred to Riverside Food Bank; first parcel on Friday.')
        .first()
        .waitFor();
      await details.getByRole('row', { name: /Requester Nadia Haddad/ }).waitFor();
      await details.getByRole('button', { name: 'Close' }).first().click();

      // She puts the housing task on hold with a reason, then resumes it.
      await page.getByRole('tab', { name: /Open/ }).click();
      await page
        .getByRole('button', { name: 'More actions for Check housing benefit claim' })
        .click();
      await page.getByRole('menuitem', { name: 'Put on hold' }).click();
      await page.getByRole('dialog').getByLabel('Reason').fill('Waiting for the council to reply');
      await page.getByRole('dialog').getByRole('button', { name: 'Put on hold' }).click();
      await expect
        .poll(() => page.getByRole('tab', { name: /On hold/ }).textContent())
        .toContain('1');
      await page.getByRole('tab', { name: /On hold/ }).click();
      await page
        .getByRole('button', { name: 'More actions for Check housing benefit claim' })
        .click();
      await page.getByRole('menuitem', { name: 'Resume' }).click();
      await expect
        .poll(() => page.getByRole('tab', { name: /On hold/ }).textContent())
        .toContain('0');
      expect(errors).toEqual([]);
      await page.close();
    });

    it('lets the coordinator reassign two tasks at once and see her caseload', async ({
      onTestFailed,
    }) => {
      const page = await browser.context.newPage();
      const errors = collectPageErrors(page);
      onTestFailed(async () =>
        console.log(
          `[e2e] screenshot: ${await screenshot(page, 'worklist-coordinator-failure')}; errors: ${JSON.stringify(errors)}`,
        ),
      );

      await signIn(page, workspace.url, 'coordinator@careweave.demo');
      await page.getByRole('heading', { level: 1, name: 'My worklist' }).waitFor();
      await worklistReady(page);
      await page.getByRole('checkbox', { name: 'Select Phone Rosa about transport' }).check();
      await page.getByRole('checkbox', { name: 'Select Book a benefits advice slot' }).check();
      await page.getByRole('button', { name: 'Reassign selected' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('New owner').click();
      await page.getByRole('option', { name: /Grace Mensah/ }).click();
      await dialog.getByLabel('Reason').fill('Grace is seeing Rosa this week');
      await dialog.getByRole('button', { name: 'Reassign tasks' }).click();
      await dialog.waitFor({ state: 'detached' });

      // Both left her own list; under "My team" they are Grace's now.
      await expect
        .poll(() =>
          page
            .locator('[data-testid="worklist-table"] tbody tr', {
              hasText: 'Phone Rosa about transport',
            })
            .count(),
        )
        .toBe(0);
      await page.getByText('My team', { exact: true }).click();
      await worklistReady(page);
      for (const title of ['Phone Rosa about transport', 'Book a benefits advice slot']) {
        await page
          .locator('[data-testid="worklist-table"] tbody tr', { hasText: title })
          .getByText('Grace Mensah')
          .waitFor();
      }
      const worklist = await api<{ items: { description: string; owner?: string }[] }>(
        `/api/worklist?scope=team&patient=${ROSA}`,
      );
      expect(
        worklist.items
          .filter((i) => i.owner === SOCIAL_WORKER)
          .map((i) => i.description)
          .sort(),
      ).toEqual([
        'Book a benefits advice slot',
        'Check housing benefit claim',
        'Phone Rosa about transport',
      ]);

      // Her caseload lists Rosa with her open tasks.
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByText('My patients', { exact: true })
        .click();
      await page.getByRole('heading', { level: 1, name: 'My patients' }).waitFor();
      await page
        .locator('[data-patient="demo-patient-1"]')
        .getByRole('link', { name: 'Rosa Delgado', exact: true })
        .waitFor();
      // The pointer still rests on the active "My patients" link: its hover colour must keep contrast too.
      await settled(page);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'caseload-coordinator');

      // She hands two other patients to Marcus, with the reason; they leave her caseload.
      const others = page.locator('[data-patient]:not([data-patient="demo-patient-1"])');
      const names = (await others.getByRole('link').allTextContents())
        .filter((t) => t !== 'Plan')
        .slice(0, 2);
      expect(names).toHaveLength(2);
      for (const name of names)
        await page.getByRole('checkbox', { name: `Select ${name}` }).check();
      await page.getByRole('button', { name: 'Reassign selected' }).click();
      const handover = page.getByRole('dialog');
      await handover.getByPlaceholder('Choose a coordinator').click();
      await page.getByRole('option', { name: 'Marcus Green' }).click();
      await handover.getByLabel('Reason').fill('Balancing caseloads after Marcus joined');
      await handover.getByRole('button', { name: 'Reassign patients' }).click();
      await handover.waitFor({ state: 'detached' });
      for (const name of names)
        await expect.poll(() => page.getByRole('link', { name, exact: true }).count()).toBe(0);
      await page.locator('[data-patient="demo-patient-1"]').waitFor();
      expect(errors).toEqual([]);
      await page.close();
    });

    it('notifies the social worker when the coordinator mentions her in a team message', async ({
      onTestFailed,
    }) => {
      const page = await browser.context.newPage();
      const errors = collectPageErrors(page);
      onTestFailed(async () =>
        console.log(
          `[e2e] screenshot: ${await screenshot(page, 'messages-failure')}; errors: ${JSON.stringify(errors)}`,
        ),
      );

      // Nadia starts a thread on Rosa's summary and mentions Grace with the @ picker.
      await signIn(page, workspace.url, 'coordinator@careweave.demo');
      await page.getByRole('heading', { level: 1, name: 'My worklist' }).waitFor();
      await page.goto(`${workspace.url}/patients/${ROSA}`);
      const panel = page.locator('section[data-panel="Team messages"]');
      await panel.getByRole('button', { name: 'New thread' }).click();
      await panel.getByLabel('Topic').fill('Food parcel delivery');
      const message = panel.getByRole('textbox', { name: 'Message' });
      await message.fill('@gra');
      await panel.getByRole('button', { name: /Mention Grace Mensah/ }).click();
      await message.press('End');
      await message.pressSequentially('can you confirm Friday?');
      expect(await message.inputValue()).toBe(
        '@Practitioner/demo-social-worker can you confirm Friday?',
      );
      await panel.getByRole('button', { name: 'Start thread' }).click();
      await panel.locator('[data-mention="Practitioner/demo-social-worker"]').waitFor();
      expect(await panel.locator('[data-message]').first().textContent()).toContain(
        '@Grace Mensah',
      );
      await panel.scrollIntoViewIfNeeded();
      await screenshot(page, 'messages-thread');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('Email').waitFor();

      // Grace sees it under the bell.
      await signIn(page, workspace.url, 'socialworker@careweave.demo');
      const bell = page.getByRole('link', { name: /^Notifications, [1-9]\d* unread/ });
      await bell.waitFor({ timeout: 20_000 });
      await bell.click();
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      const mention = page.locator('[data-kind="mention"][data-unread="true"]').first();
      await mention
        .getByText('Nadia Haddad mentioned you: @Grace Mensah can you confirm Friday?')
        .waitFor();
      await mention.getByText('You were mentioned').waitFor();
      await page.locator('[data-kind="task-assigned"]').first().waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await screenshot(page, 'notifications-social-worker');

      // Mark all read empties the count.
      await page.getByRole('button', { name: 'Mark all read' }).click();
      await page.getByRole('link', { name: /^Notifications, 0 unread/ }).waitFor();
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
