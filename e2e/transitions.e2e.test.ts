import type { Patient } from '@medplum/fhirtypes';
import { addBusinessDays, addCalendarDays } from '@careweave/care';
import { MllpClient, ackCodeOf } from '@careweave/server';
import type { Page } from 'playwright-core';
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
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
/** A YYYY-MM-DD date as the app shows it ("9 Dec 2026"). */
const shown = (day: string): string => DATE.format(new Date(`${day}T00:00:00Z`));
const hl7 = (day: string, time: string): string => `${day.replaceAll('-', '')}${time}`;

/** An HL7 v2.5 A03 (discharge) for a person, with the hospital's own MRN and visit number. */
function a03(p: Patient, admitted: string, discharged: string): string {
  const name = p.name?.[0];
  const address = p.address?.[0];
  const sex = p.gender === 'female' ? 'F' : p.gender === 'male' ? 'M' : 'U';
  return [
    `MSH|^~\\&|RIVERSIDE_ADT|RIVERSIDE_HOSP|CAREWEAVE|NETWORK|${hl7(discharged, '1200')}||ADT^A03^ADT_A03|E2E-A03-0001|P|2.5`,
    `EVN|A03|${hl7(discharged, '1200')}`,
    `PID|1||RH-778899^^^RIVERSIDE_HOSP^MR||${name?.family ?? ''}^${name?.given?.[0] ?? ''}||${(p.birthDate ?? '').replaceAll('-', '')}|${sex}|||${address?.line?.[0] ?? ''}^^${address?.city ?? ''}^${address?.state ?? ''}^${address?.postalCode ?? ''}`,
    `PV1|1|I|WARD4^12^1^RIVERSIDE_HOSP||||||||||||||||V-E2E-1|||||||||||||||||||||||||${hl7(admitted, '0900')}|${hl7(discharged, '1200')}`,
  ].join('\r');
}

async function ready(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector, { timeout: 30_000 });
}

describe.skipIf(!HAS_CHROMIUM)('transitions of care in a real browser', () => {
  let workspace: Workspace;
  let browser: Browser;
  const today = new Date().toISOString().slice(0, 10);
  const admitted = addCalendarDays(today, -3);

  beforeAll(async () => {
    [workspace, browser] = await Promise.all([
      startWorkspace({ patients: 50, mllpPort: 0 }),
      launchBrowser(),
    ]);
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await workspace?.close();
  });

  it('an A03 over MLLP puts the discharge tasks on the coordinator’s worklist with their due dates; the summary shows the stay; the reconciliation is done on screen', async ({
    onTestFailed,
  }) => {
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    onTestFailed(async () =>
      console.log(
        `[e2e] screenshot: ${await screenshot(page, 'transitions-failure')}; errors: ${JSON.stringify(errors)}`,
      ),
    );
    // The hospital sends the discharge of Rosa (enrolled; coordinator Nadia) over MLLP.
    const token = await tokenOf(workspace.url, COORDINATOR);
    const rosa = (await (
      await fetch(`${workspace.url}/fhir/R4/Patient/${ROSA}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as Patient;
    const client = await MllpClient.connect('127.0.0.1', workspace.mllpPort ?? 0);
    const ack = await client.send(a03(rosa, admitted, today));
    await client.close();
    expect(ackCodeOf(ack)).toBe('AA');

    // Her worklist: the discharge tasks, due in 2 business days, by day 7 and by day 30.
    await signIn(page, workspace.url, COORDINATOR);
    await page.getByRole('heading', { level: 1, name: 'My worklist' }).waitFor();
    await ready(page, '[data-page="worklist"][data-state="ready"]');
    const row = (text: string) =>
      page.locator('[data-testid="worklist-table"] tbody tr', { hasText: text });
    const week = { weekend: [0, 6], holidays: new Set<string>() };
    const expected = {
      'within 2 business days of discharge': addBusinessDays(today, 2, week),
      'Follow-up visit for': addCalendarDays(today, 7),
      'medicines: the list before admission against the discharge list': addCalendarDays(today, 30),
    };
    for (const [text, due] of Object.entries(expected)) {
      await row(text).first().waitFor({ timeout: 30_000 });
      expect(await row(text).first().textContent()).toContain(shown(due));
    }
    await screenshot(page, 'transitions-worklist');

    // The summary shows the stay and its steps.
    await page.goto(`${workspace.url}/patients/${ROSA}`);
    const stays = page.locator('[data-panel="Hospital stays"][data-state="ready"]');
    await stays.waitFor({ timeout: 30_000 });
    await stays.getByText(/Last discharge: Hospital stay/).waitFor();
    expect(await stays.textContent()).toContain(`discharged ${shown(today)}`);
    expect(await stays.textContent()).toContain('Contact within 2 business days');

    // The reconciliation, on screen: a decision for every medicine, then recorded.
    await stays.getByRole('link', { name: 'Reconcile medicines' }).click();
    await page.getByRole('heading', { level: 1, name: 'Medication reconciliation' }).waitFor();
    await ready(page, '[data-reconciliation="open"]');
    const lines = page.locator('tr[data-line]');
    const count = await lines.count();
    for (let i = 0; i < count; i++) {
      await lines.nth(i).getByText('Continue', { exact: true }).click();
    }
    await page.getByRole('button', { name: 'Record reconciliation' }).click();
    await ready(page, '[data-reconciliation="done"]');
    await page.getByText(/Recorded by/).waitFor();
    await screenshot(page, 'transitions-reconciled');

    // The worklist no longer lists the reconciliation as open work.
    await page.goto(`${workspace.url}/worklist`);
    await ready(page, '[data-page="worklist"][data-state="ready"]');
    await row('within 2 business days of discharge').first().waitFor();
    expect(await row('medicines: the list before admission').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 600_000);
});
