import type { Page } from 'playwright-core';

/** A YYYY-MM-DD date `days` from today (negative: in the past). */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The plan page's activity progress, "0 of 6 activities done" → [0, 6]. */
export async function activitiesProgress(page: Page): Promise<[number, number]> {
  const text = (await page.getByText(/^\d+ of \d+ activities done$/).textContent()) ?? '';
  const [, done, all] = /^(\d+) of (\d+)/.exec(text) ?? [];
  return [Number(done), Number(all)];
}
