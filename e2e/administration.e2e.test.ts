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

const NEW_EMAIL = 'maya.lindgren@careweave.demo';
const HER_PASSWORD = 'harbour lights over the bay';

/** CSS transitions have finished (axe must not judge colours halfway through a fade). */
async function settled(page: Page): Promise<void> {
  // A hovered (or just pressed) button is drawn in its lighter hover shade.
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running'),
  );
}

/** Picks an option of a Mantine Select / MultiSelect by its label. */
async function choose(page: Page, label: string, option: string, type?: string): Promise<void> {
  // Mantine marks a required field's label with " *" (hidden from screen readers, not from labels).
  const input = page
    .getByLabel(new RegExp(`^${label}( \\*)?$`))
    .filter({ visible: true })
    .first();
  await input.click();
  if (type) {
    await input.fill(type);
  }
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!HAS_CHROMIUM)('administration in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([startWorkspace({ patients: 50 }), launchBrowser()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('the administrator creates a social worker with a temporary password; she must change it and lands on her worklist; both sign-ins are in the audit log', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(`screenshot: ${await screenshot(page, 'administration-failure')}`);
    });

    // The administrator signs in; only she has Administration in the navigation.
    await signIn(page, workspace.url, 'admin@careweave.demo');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByText('socialworker@careweave.demo').waitFor();
    await settled(page);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // A new colleague: Maya Lindgren, social worker at the network, with a generated temporary password.
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Email (sign-in name)').fill(NEW_EMAIL);
    await choose(page, 'Role', 'Social worker');
    await dialog.getByLabel('Given name(s)').fill('Maya');
    await dialog.getByLabel('Family name').fill('Lindgren');
    await choose(page, 'Organisations', 'Riverside Integrated Care Network', 'Riverside Integ');
    await page.keyboard.press('Escape'); // close the option list, not the dialog
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await expect
      .poll(() => dialog.getByLabel('Temporary password').inputValue())
      .toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{2}$/);
    expect(
      await dialog.getByRole('checkbox', { name: /Temporary: they must choose/ }).isChecked(),
    ).toBe(true);
    await settled(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await dialog.getByText('Account created').waitFor();
    const temporary = (await dialog.getByTestId('temporary-password').textContent()) ?? '';
    expect(temporary).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{2}$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row', { name: /Maya Lindgren/ });
    await row.getByText('Temporary password').waitFor();
    await expect
      .poll(() => row.textContent())
      .toMatch(/Social worker.*Riverside Integrated Care Network/);
    await signOut(page);

    // Maya signs in with the temporary password and has to choose her own first.
    await page.getByLabel('Email').fill(NEW_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(temporary);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await settled(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByLabel('Temporary password').fill(temporary);
    await page.getByLabel(/^New password( \*)?$/).fill('password1234');
    await page.getByLabel('New password again').fill('password1234');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page
      .getByRole('alert')
      .getByText(/commonly used/)
      .waitFor();
    await page.getByLabel(/^New password( \*)?$/).fill(HER_PASSWORD);
    await page.getByLabel('New password again').fill(HER_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();

    // She lands on her worklist, and Administration is not offered to her.
    await page.getByRole('heading', { name: 'My worklist', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/worklist');
    expect(await page.getByTestId('user-name').textContent()).toBe('Maya Lindgren');
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await page.goto(`${workspace.url}/admin/users`);
    await page.getByText('This page is not part of your workspace.').waitFor();
    await signOut(page);

    // The administrator finds both sign-ins — Maya's and her own — in the audit log.
    await signIn(page, workspace.url, 'admin@careweave.demo');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('tab', { name: 'Audit log' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/audit');
    await choose(page, 'Action', 'Sign-in');
    await choose(page, 'Outcome', 'Success');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const signIns = page.getByTestId('audit-row');
    await expect
      .poll(async () => (await signIns.allTextContents()).join('\n'))
      .toMatch(/Sign-in\s*Success\s*Maya Lindgren/);
    const texts = (await signIns.allTextContents()).join('\n');
    expect(texts).toMatch(/Sign-in\s*Success\s*Sam Patel/);
    expect(texts).not.toMatch(/Failure/);

    // Her own story: signed in, changed the temporary password; the account was created by Sam.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page
      .getByRole('form', { name: 'Audit log filters' })
      .getByLabel('User (email)')
      .filter({ visible: true })
      .fill(NEW_EMAIL);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect
      .poll(async () => (await signIns.allTextContents()).join('\n'))
      .toMatch(/Password changed/);
    await settled(page);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // The common password refused on purpose above is the only failed request.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    expect(errors.filter((e) => /status of 400/.test(e))).toHaveLength(1);
    await page.close();
  });

  it('keeps Administration from everyone else, in the app and on the server', async () => {
    const page = await browser.context.newPage();
    await signIn(page, workspace.url, 'coordinator@careweave.demo');
    await page.getByRole('heading', { name: 'My worklist', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    const status = await page.evaluate(async () => {
      const tokens = JSON.parse(sessionStorage.getItem('careweave.session') ?? '{}') as {
        accessToken?: string;
      };
      const response = await fetch('/api/admin/users', {
        headers: { Authorization: `Bearer ${tokens.accessToken ?? ''}` },
      });
      return response.status;
    });
    expect(status).toBe(403);
    await page.close();
  });
});
