// Shared facts about the demo content and small helpers for the reader-journey tests.
import { test as base, expect, Page } from '@playwright/test';

/**
 * Playwright's `test`, with `page.goto` waiting until the app runs the page (`<html data-app="live">`):
 * the server's first screen looks the same before that, but its controls and links are the app's only
 * then. Not with JavaScript off, nor for a goto that asks to return early (`waitUntil: 'domcontentloaded'`
 * or `'commit'`: the test watches the page before the app).
 */
export const test = base.extend({
  page: async ({ page, javaScriptEnabled }, use) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      const early = options?.waitUntil === 'domcontentloaded' || options?.waitUntil === 'commit';
      if (javaScriptEnabled !== false && !early) await appLive(page);
      return response;
    };
    await use(page);
  },
});

export const SEED = {
  id: 1001,
  channel: 'ziyang-news',
  title: '坚决打好文明城市创建总体仗中共资阳市雁江区委、雁江区人民政府',
  source: '资阳日报',
  time: '2017-06-16 07:32',
  origin: 'https://www.yybnet.net/',
  headings: ['一、高度负责,压实创建责任', '二、全员参与,营造创建氛围', '三、突出重点,夯实创建基础', '四、全力以赴,强化创建保障'],
  breadcrumb: ['地方网', '四川', '资阳市', '资阳新闻', '正文'],
};

/** Counts API requests by path, to prove that going back re-renders from the cache. */
export function countApiRequests(page: Page): Map<string, number> {
  const counts = new Map<string, number>();
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) {
      const key = url.pathname + url.search;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return counts;
}

/** Fails the test on any uncaught error in the page (a wasm panic shows up as one). */
export function failOnPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

export async function expectSeedArticle(page: Page) {
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  await expect(page.getByTestId('article-source')).toContainText(SEED.source);
  await expect(page.getByTestId('article-time')).toContainText(SEED.time);
  await expect(page.getByTestId('article-origin')).toHaveAttribute('href', SEED.origin);
  const body = page.getByTestId('article-body');
  for (const h of SEED.headings) {
    await expect(body.getByRole('heading', { name: h })).toBeVisible();
  }
}

/** Scrolls through the page until every on-demand part (src/lazy.rs) has loaded, then back to the top. */
export async function loadAllParts(page: Page) {
  await expect.poll(() => page.evaluate(() => {
    const pending = [...document.querySelectorAll('.part:not([data-state="ready"])')];
    if (pending.length > 0) pending[0].scrollIntoView();
    return pending.length;
  }), { timeout: 20000, message: 'every part loads' }).toBe(0);
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Waits until the app has taken over the page the server drew (or drawn it itself): `<html data-app="live">`. */
export async function appLive(page: Page) {
  await page.locator('html[data-app="live"]').waitFor({ state: 'attached', timeout: 20000 });
}

/**
 * Serves every page as the built index.html alone, as plain static hosting would (no first screen, no
 * inlined answers): the app draws the page itself from the API. For tests of what the app does with the
 * API's answers on a first load (errors, timeouts), which the server's first screen would otherwise hide.
 */
export async function servedAsStaticFiles(page: Page) {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const shell = readFileSync(join(__dirname, '..', '..', 'dist', 'index.html'), 'utf8');
  await page.route((url) => !url.pathname.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(url.pathname), (route) =>
    route.request().resourceType() === 'document'
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shell })
      : route.fallback());
}
