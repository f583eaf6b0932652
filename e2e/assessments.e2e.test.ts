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
const PSYCHOLOGIST = 'Practitioner/demo-psychologist';

/** Answers a PHQ-9 question (its radio group is labelled by the item text) with the option scored `score`. */
async function answer(page: Page, linkId: string, score: number): Promise<void> {
  await page
    .locator(`[data-item="${linkId}"] label`)
    .filter({ hasText: `(${score})` })
    .click();
}

const PHQ9 = [
  '44250-9',
  '44255-8',
  '44259-0',
  '44254-1',
  '44251-7',
  '44258-2',
  '44252-5',
  '44253-3',
  '44260-8',
];

describe.skipIf(!HAS_CHROMIUM)('standardized assessments in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([startWorkspace({ patients: 50 }), launchBrowser()]);
    // Rosa's team has a behavioural-health clinician: Dr. Omar Reyes (added if the data lacks him).
    const token = await tokenOf(workspace.url, 'coordinator@careweave.demo');
    const teams = (await (
      await fetch(`${workspace.url}/api/roster/patients/${ROSA}/care-teams`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { careTeams: { careTeam: { id: string }; members: { reference: string }[] }[] };
    const team = teams.careTeams[0];
    if (team && !team.members.some((m) => m.reference === PSYCHOLOGIST)) {
      const added = await fetch(
        `${workspace.url}/api/roster/care-teams/${team.careTeam.id}/members`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            member: PSYCHOLOGIST,
            role: 'psychologist',
            reason: 'Depression care',
          }),
        },
      );
      if (!added.ok)
        throw new Error(`adding the psychologist: ${added.status} ${await added.text()}`);
    }
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('a coordinator records a PHQ-9 with item 9 = 1; the urgent task and the flag appear for the behavioural-health clinician', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () =>
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'assessments-failure')}; errors: ${JSON.stringify(errors)}`,
      ),
    );
    await signIn(page, workspace.url, 'coordinator@careweave.demo');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.goto(`${workspace.url}/patients/${ROSA}`);
    await page.getByRole('link', { name: 'Record PHQ-9' }).click();
    await page.locator('[data-questionnaire="phq-9"]').waitFor();

    // Item-level validation: submitting with questions unanswered says so and changes nothing.
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('9 questions are still unanswered.').waitFor();

    // Keyboard use: the first answer by keyboard (Tab to the group, arrows to choose).
    await page.locator('[data-item="44250-9"] input').first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('[data-running-score]').getAttribute('data-running-score')).toBe('1');
    for (const [i, linkId] of PHQ9.entries()) {
      if (i > 0) await answer(page, linkId, i === 8 ? 1 : 0);
    }
    // A running score, then a draft saved before submitting.
    expect(await page.locator('[data-running-score]').getAttribute('data-running-score')).toBe('2');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    expect(new URL(page.url()).searchParams.get('response')).toBeTruthy();
    await screenshot(page, 'assessments-phq9-form');
    await page.getByRole('button', { name: 'Submit' }).click();

    // Back on the summary: the safety flag is at the top, the score with its band.
    await page.locator('[data-safety-flag]').waitFor({ timeout: 20_000 });
    await page.locator('[data-instrument="phq9"]').getByText('2 — minimal').waitFor();
    await signOut(page);

    // The behavioural-health clinician sees the urgent task on his worklist, and the flag.
    await signIn(page, workspace.url, 'psychologist@careweave.demo');
    await page.getByRole('heading', { level: 1, name: 'My worklist' }).waitFor();
    const row = page.locator('[data-testid="worklist-table"] tbody tr', {
      hasText: 'assess safety today',
    });
    await row.first().waitFor({ timeout: 20_000 });
    expect(await row.first().textContent()).toMatch(/Urgent/i);
    await screenshot(page, 'assessments-worklist-psychologist');
    await page.goto(`${workspace.url}/patients/${ROSA}`);
    await page.locator('[data-safety-flag]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-safety-flag]').textContent()).toMatch(
      /thoughts of self-harm/i,
    );
    await screenshot(page, 'assessments-summary-psychologist');
    expect(errors).toEqual([]);
  }, 180_000);
});
