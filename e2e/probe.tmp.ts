import { startServer } from '@careweave/server';
import { launchBrowser } from './support/browser.ts';
const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: 'bench/out/web-demo-200/db', version: 'x', logLevel: 'warn' });
const b = await launchBrowser();
const page = await b.context.newPage();
await page.goto(server.url);
await page.getByLabel('Email').fill('coordinator@careweave.demo');
await page.getByLabel('Password', { exact: true }).fill('careweave-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByLabel('Search patients').waitFor();
for (const id of ['demo-patient-1', 'demo-patient-2', 'demo-patient-1']) {
  await page.goto(`${server.url}/patients/${id}`);
  const t = await page.waitForFunction(() => {
    const s = document.querySelector('[data-summary]');
    if (!s || s.querySelector('[data-state="loading"]') || document.querySelectorAll('[data-panel]').length < 11) return false;
    return [...s.querySelectorAll('[data-trend]')].every((x) => x.querySelector('.recharts-surface')) ? performance.now() : false;
  }, undefined, { polling: 'raf', timeout: 30000 });
  const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => { const r = e as PerformanceResourceTiming; return `${r.name.replace(location.origin, '').slice(0, 70).padEnd(70)} start ${r.startTime.toFixed(0).padStart(5)} dur ${r.duration.toFixed(0).padStart(5)} wait ${(r.responseStart - r.requestStart).toFixed(0).padStart(5)} size ${r.encodedBodySize}`; }));
  const nav = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming; return `domContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)} load ${n.loadEventEnd.toFixed(0)}`; });
  console.log(id, 'rendered at', await t.jsonValue(), nav);
  console.log(entries.join('\n'));
}
console.log((await import('node:os')).loadavg());
await b.close(); await server.close();
