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
import { activitiesProgress, inDays } from './support/plan.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

const SOCIAL_WORKER = 'Practitioner/demo-social-worker';

describe.skipIf(!HAS_CHROMIUM)('the shared care plan in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([startWorkspace({ patients: 50 }), launchBrowser()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it("lets the coordinator create Rosa's plan from a template, add her own goal and the social worker's activity, and see progress move", async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'care-plan-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });

    // Nadia coordinates Rosa. Rosa has no plan yet: the summary says so and leads to the plan page.
    await signIn(page, workspace.url, 'coordinator@careweave.demo');
    await page.getByLabel('Search patients').waitFor();
    await page.goto(`${workspace.url}/patients/demo-patient-1`);
    const panel = page.locator('section[data-panel="Care plan"]');
    await panel.getByText('No active care plan yet.').waitFor();
    await panel.getByRole('link', { name: 'Create a care plan' }).click();
    await page.getByRole('heading', { level: 2, name: 'Create plan' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);

    // She starts from the diabetes + depression template (its counts are in the option).
    const template = page.getByLabel('Template');
    const option = await template
      .locator('option', { hasText: 'Diabetes + depression' })
      .textContent();
    expect(option).toMatch(/Diabetes \+ depression — \d+ goals, \d+ activities/);
    await template.selectOption({ label: option ?? '' });
    await page.getByRole('button', { name: 'Create plan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Diabetes + depression' }).waitFor();
    await page.getByRole('link', { name: 'Rosa Delgado' }).waitFor();
    for (const domain of ['Physical', 'Mental', 'Social', 'Self-care']) {
      await page.getByRole('heading', { level: 3, name: domain, exact: true }).waitFor();
    }
    const [done0, activities0] = await activitiesProgress(page);
    expect(done0).toBe(0);
    expect(activities0).toBeGreaterThan(0);
    await page.getByText(/^0 of \d+ goals achieved$/).waitFor();

    // What matters to Rosa, in her own words, ranked first.
    await page.getByRole('button', { name: 'Add goal' }).click();
    const goalDialog = page.getByRole('dialog', { name: 'Add goal' });
    await goalDialog
      .getByLabel(/^Goal/)
      .fill('I want to cook for my grandchildren on Sundays again');
    await goalDialog.getByLabel('Domain').selectOption('social');
    await goalDialog.getByLabel("In the person's own words").check();
    await goalDialog.getByLabel('What matters most (rank)').fill('1');
    await goalDialog.getByLabel('Priority').selectOption('high-priority');
    await goalDialog.getByLabel('Target date').fill(inDays(90));
    await goalDialog.getByLabel('Why (reason)').fill('Rosa said this at the team meeting');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await goalDialog.getByRole('button', { name: 'Save goal' }).click();
    await goalDialog.waitFor({ state: 'hidden' });
    const social = page.getByRole('region', { name: 'Social', exact: true });
    const ownGoal = social.locator('article', { hasText: 'cook for my grandchildren' });
    await ownGoal.getByText('In their words').waitFor();
    await ownGoal.getByText('matters most #1').waitFor();

    // The social worker is on the team (the roster put her there for Rosa's food need); if not, Nadia adds her.
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
    await team.locator(`[data-member="${SOCIAL_WORKER}"]`).getByText('Social worker').waitFor();

    // Adding someone already on the team is refused, and the dialog says why in words.
    await team.getByRole('button', { name: 'Add team member' }).click();
    const memberDialog = page.getByRole('dialog', { name: 'Add team member' });
    await memberDialog.getByLabel('Find a practitioner').fill('Mensah');
    await memberDialog.getByLabel(/Grace Mensah/).check();
    expect(await memberDialog.getByLabel(/^Role/).inputValue()).toBe('social-worker'); // suggested from her job
    await memberDialog.getByRole('button', { name: 'Add to team' }).click();
    await memberDialog
      .getByRole('alert')
      .getByText(/already on the team/)
      .waitFor();
    await memberDialog.getByRole('button', { name: 'Cancel' }).click();

    // Grace will ring the food bank for Rosa within a week, for Rosa's own goal.
    await page.getByRole('button', { name: 'Add activity' }).click();
    const activityDialog = page.getByRole('dialog', { name: 'Add activity' });
    await activityDialog.getByLabel(/^Activity/).fill('Arrange a weekly food bank delivery');
    await activityDialog.getByLabel('Domain').selectOption('social');
    await activityDialog
      .getByLabel(/^Owner/)
      .selectOption({ label: 'Grace Mensah — Social worker' });
    await activityDialog.getByLabel('Due date').fill(inDays(7));
    await activityDialog.getByLabel('Priority').selectOption('urgent');
    await activityDialog
      .getByLabel('For goal')
      .selectOption({ label: 'I want to cook for my grandchildren on Sundays again' });
    await activityDialog.getByLabel('Why (reason)').fill('Food insecurity screen positive');
    await activityDialog.getByRole('button', { name: 'Save activity' }).click();
    await activityDialog.waitFor({ state: 'hidden' });
    const activity = social.locator('li', { hasText: 'Arrange a weekly food bank delivery' });
    await activity.getByText(/Grace Mensah · due/).waitFor();
    await page.getByText(`0 of ${activities0 + 1} activities done`).waitFor();

    // Grace completes it from her own login; when the plan is next opened, progress has moved.
    const taskRef = (await activity.getAttribute('data-activity')) ?? '';
    expect(taskRef).toMatch(/^Task\//);
    const graceToken = await tokenOf(workspace.url, 'socialworker@careweave.demo');
    const completed = await fetch(
      `${workspace.url}/api/${taskRef.replace('Task/', 'tasks/')}/complete`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${graceToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          outcome: 'Weekly delivery from Riverside Community Food Bank starts Monday',
        }),
      },
    );
    expect(completed.status, await completed.clone().text()).toBe(200);
    await page.reload();
    await page.getByText(`1 of ${activities0 + 1} activities done`).waitFor();
    await social
      .locator('li', { hasText: 'Arrange a weekly food bank delivery' })
      .getByText('completed')
      .waitFor();

    // The team marks Rosa's goal as improving; its history shows the step.
    await ownGoal.getByLabel('Achievement status').selectOption('improving');
    await ownGoal.getByText(/History: .*Improving/).waitFor();

    // Every change is attributed: who, for which organisation, why.
    const changes = page.locator('section[data-plan-changes]');
    await changes.getByText('Food insecurity screen positive').first().waitFor();
    await changes
      .getByText(/Nadia Haddad, Riverside Integrated Care Network/)
      .first()
      .waitFor();

    // The team agrees the plan with Rosa and sets the next review.
    await page.getByRole('button', { name: 'Record review' }).click();
    const reviewDialog = page.getByRole('dialog', { name: 'Record review' });
    await reviewDialog.getByLabel(/^Rosa Delgado/).check();
    await reviewDialog.getByLabel(/^Nadia Haddad/).check();
    await reviewDialog.getByLabel(/^Grace Mensah/).check();
    await reviewDialog.getByLabel(/^Next review/).fill(inDays(84));
    await reviewDialog.getByLabel('Note').fill('Agreed at the multidisciplinary meeting');
    await reviewDialog.getByRole('button', { name: 'Save review' }).click();
    await reviewDialog.waitFor({ state: 'hidden' });
    await page.getByText(/Last review: \d/).waitFor();
    const agreed = (await page.locator('[data-agreed-by]').textContent()) ?? '';
    for (const person of ['Rosa Delgado', 'Nadia Haddad', 'Grace Mensah'])
      expect(agreed).toContain(person);

    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'care-plan-rosa-delgado');

    // Back on the summary, the panel shows the plan's progress and leads to it.
    await page.getByRole('link', { name: 'Rosa Delgado' }).click();
    await panel.getByText(`1 of ${activities0 + 1} activities done`).waitFor();
    await panel.getByRole('link', { name: 'Open care plan' }).waitFor();
    // The one refusal above (409, already on the team) is expected; nothing else may go wrong.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    await page.close();
  });

  it('tells the second of two coordinators editing the plan that hers was not saved, keeps her input, and saves it on the next try', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () => {
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'care-plan-conflict-failure')}; page errors: ${JSON.stringify(errors)}`,
      );
    });
    await signIn(page, workspace.url, 'coordinator@careweave.demo');
    await page.getByLabel('Search patients').waitFor();
    await page.goto(`${workspace.url}/patients/demo-patient-1/plan`);
    await page.getByRole('heading', { level: 1, name: 'Diabetes + depression' }).waitFor();
    const [, activities] = await activitiesProgress(page);

    // Nadia opens "Apply template" to add the food-and-housing template…
    await page.getByRole('button', { name: 'Apply template' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply template' });
    const template = dialog.getByLabel('Template', { exact: true });
    const option =
      (await template.locator('option', { hasText: 'Social needs' }).textContent()) ?? '';
    await template.selectOption({ label: option });
    const added = Number(/(\d+) activit/.exec(option)?.[1]);
    await dialog.getByLabel('Why (reason)').fill('Housing worry raised by Rosa');

    // …while, elsewhere, a colleague adds a goal to the same plan (through the API, with the current version).
    const token = await tokenOf(workspace.url, 'coordinator@careweave.demo');
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const plans = (await (
      await fetch(`${workspace.url}/api/plans?patient=demo-patient-1`, { headers })
    ).json()) as { plans: { id: string; status: string; version: string }[] };
    const plan = plans.plans.find((p) => p.status === 'active');
    const other = await fetch(`${workspace.url}/api/plans/${plan?.id}/goals`, {
      method: 'POST',
      headers: { ...headers, 'If-Match': `W/"${plan?.version}"` },
      body: JSON.stringify({
        description: 'Sleep through the night',
        domain: 'self-care',
        reason: 'Raised by the GP',
      }),
    });
    expect(other.status).toBe(201);

    // Nadia's change meets the newer version: it is not saved, she is told so, her choice is kept.
    await dialog.getByRole('button', { name: 'Add to plan' }).click();
    await dialog
      .getByText(
        'Someone else changed this plan — it has been reloaded; your change was not saved, please apply it again',
      )
      .waitFor();
    expect(await template.inputValue()).not.toBe('');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page
      .getByRole('region', { name: 'Self-care', exact: true })
      .getByText('Sleep through the night')
      .waitFor();

    // She applies it again: both changes are in the plan.
    await dialog.getByRole('button', { name: 'Add to plan' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText(new RegExp(`^\\d+ of ${activities + added} activities done$`)).waitFor();
    await page
      .getByRole('region', { name: 'Self-care', exact: true })
      .getByText('Sleep through the night')
      .waitFor();
    expect(errors.filter((e) => !/status of 412/.test(e))).toEqual([]);
    await page.close();
  });
});
