import { launchBrowser, screenshot, collectPageErrors } from './support/browser.ts';
const url = process.argv[2] ?? '';
const b = await launchBrowser();
const page = await b.context.newPage();
const errors = collectPageErrors(page);
await page.goto(url);
await page.getByLabel('Email').fill(process.argv[3] ?? 'coordinator@careweave.demo');
await page.getByLabel('Password', { exact: true }).fill('careweave-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForTimeout(1500);
const t0 = Date.now();
await page.goto(url + '/patients/' + (process.argv[4] ?? 'demo-patient-1'));
try {
  await page.waitForSelector('[data-panel="Problems"]', { timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-panel][data-state="loading"]').length === 0, undefined, { timeout: 20_000 });
  console.log('rendered in', Date.now() - t0);
  await page.waitForTimeout(800);
} catch (e) { console.log('ERR', (e as Error).message.slice(0, 200)); }
console.log(await screenshot(page, process.argv[5] ?? 'dbg'));
await page.screenshot({ path: 'e2e/artifacts/dbg-top.png' });
await page.evaluate(() => document.querySelector('[data-panel="Results"]')?.scrollIntoView());
await page.screenshot({ path: 'e2e/artifacts/dbg-results.png' });
console.log(JSON.stringify(errors, null, 1).slice(0, 3000));
await b.close();
