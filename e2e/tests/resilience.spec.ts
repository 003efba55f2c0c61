// Issue 9: async work never outlives its page, requests time out into a retry, parts' loads and failures
// stay with their page, and a link moves focus to the new page's heading.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { corpusPort } from '../playwright.config';
import { SEED, expectSeedArticle, failOnPageErrors, servedAsStaticFiles } from './helpers';

test('infinite scroll on a 2,400-article corpus: leaving while the next page loads, coming back, going on', async ({ page, viewport }) => {
  test.skip((viewport?.width ?? 0) > 500, 'one size is enough for this journey');
  test.setTimeout(60_000);
  const errors = failOnPageErrors(page);
  const corpus = `http://127.0.0.1:${corpusPort}`;
  await page.goto(`${corpus}/c/ziyang-news`);
  const items = page.getByTestId('article-list').getByTestId('article-item');
  await expect(items.first()).toBeVisible();
  // Infinite scroll: reaching the end of the list loads the next page, twice.
  for (const atLeast of [40, 60]) {
    await page.getByTestId('load-more').scrollIntoViewIfNeeded();
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(atLeast);
  }
  const loaded = await items.count();
  // The next page is held in flight while the reader follows a link away.
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let held = 0;
  await page.route(/\/api\/v1\/channels\/ziyang-news\/articles\?.*cursor=/, async (route) => {
    held++;
    await released;
    await route.continue().catch(() => {});
  });
  await page.getByTestId('load-more').scrollIntoViewIfNeeded();
  await expect.poll(() => held).toBe(1);
  await items.first().getByRole('link').first().click();
  await expect(page.getByTestId('article-title')).toBeVisible();
  release();
  await page.waitForTimeout(500);
  await page.unroute(/\/api\/v1\/channels\/ziyang-news\/articles\?.*cursor=/);
  // Back: the list as it was (pages kept), and paging goes on.
  await page.goBack();
  await expect(items.nth(loaded - 1)).toBeAttached();
  await expect(items).toHaveCount(loaded);
  await page.getByTestId('load-more').scrollIntoViewIfNeeded();
  await expect.poll(() => items.count()).toBeGreaterThan(loaded);
  // And the app still navigates.
  await page.getByTestId('channel-bar').getByRole('link').nth(1).click();
  await expect(page).toHaveURL(/\/c\/ziyang-life$/);
  await expect(items.first()).toBeVisible();
  await items.first().getByRole('link').first().click();
  await expect(page.getByTestId('article-title')).toBeVisible();
  expect(errors).toEqual([]);
});

test('an API that never answers shows a timeout with a retry within 20 s; the retry draws the page', async ({ page, viewport }) => {
  test.skip((viewport?.width ?? 0) > 500, 'timing: once is enough');
  test.setTimeout(60_000);
  const errors = failOnPageErrors(page);
  const api = `**/api/v1/articles/${SEED.id}`;
  await servedAsStaticFiles(page);
  await page.route(api, () => {
    /* never answered */
  });
  const started = Date.now();
  await page.goto(`/a/${SEED.id}`);
  const alert = page.getByTestId('error');
  await expect(alert).toBeVisible({ timeout: 20_000 });
  expect(Date.now() - started).toBeLessThan(20_000);
  await expect(alert).toContainText('超时');
  await page.unroute(api);
  await alert.getByTestId('retry').click();
  await expectSeedArticle(page);
  expect(errors).toEqual([]);
});

test('a 429 with Retry-After holds the retry button for that long', async ({ page, viewport }) => {
  test.skip((viewport?.width ?? 0) > 500, 'one size is enough');
  const errors = failOnPageErrors(page);
  const api = `**/api/v1/articles/${SEED.id}`;
  await servedAsStaticFiles(page);
  await page.route(api, (route) =>
    route.fulfill({ status: 429, headers: { 'Retry-After': '3' }, contentType: 'application/json', body: '{"error":{"code":"rate_limited","message":"slow down"}}' }),
  );
  await page.goto(`/a/${SEED.id}`);
  const retry = page.getByTestId('error').getByTestId('retry');
  await expect(retry).toBeDisabled();
  await expect(retry).toContainText(/\d 秒后可重试/);
  await page.unroute(api);
  await expect(retry).toBeEnabled({ timeout: 6_000 });
  await retry.click();
  await expectSeedArticle(page);
  expect(errors).toEqual([]);
});

test("a second article's parts load only when the reader comes near them", async ({ page }) => {
  const errors = failOnPageErrors(page);
  // A first article whose comments are drawn in this page load (its address names them).
  await page.goto('/');
  const first = await page.evaluate(async (seed) => {
    const list = await (await fetch('/api/v1/channels/ziyang-news/articles')).json();
    return list.items.map((i: { id: number }) => i.id).find((id: number) => id !== seed);
  }, SEED.id);
  await page.goto(`/a/${first}#comments`);
  await expect(page.locator('.part-comments')).toHaveAttribute('data-state', 'ready');
  const commentRequests: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/\/api\/v1\/articles\/\d+\/comments$/.test(path)) commentRequests.push(path);
  });
  // Then, in the app, the seed article, which is long: its comments are far below the first screen.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate((id) => {
    const a = document.createElement('a');
    a.href = `/a/${id}`;
    a.textContent = 'seed';
    a.dataset.testid = 'to-seed';
    document.querySelector('main')!.prepend(a);
  }, SEED.id);
  await page.getByTestId('to-seed').click();
  await expectSeedArticle(page);
  await page.waitForTimeout(500);
  await expect(page.locator('.part-comments')).toHaveAttribute('data-state', 'waiting');
  expect(commentRequests.filter((p) => p.includes(`/articles/${SEED.id}/`))).toEqual([]);
  // The reader scrolls down to it (the parts above it load on the way and push it further down).
  const slot = page.locator('.part-comments');
  await expect
    .poll(async () => {
      await slot.scrollIntoViewIfNeeded();
      return slot.getAttribute('data-state');
    })
    .toBe('ready');
  expect(errors).toEqual([]);
});

test("a missing channel in a home widget leaves the home page's title and indexing alone", async ({ page }) => {
  const errors = failOnPageErrors(page);
  const missing = '**/api/v1/channels/anyue-news/articles*';
  await servedAsStaticFiles(page);
  await page.route(missing, (route) =>
    route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"no such channel"}}' }),
  );
  await page.goto('/');
  await expect(page.getByTestId('part-missing')).toHaveCount(1);
  await expect(page).toHaveTitle(/地方网/);
  await expect(page).not.toHaveTitle(/页面不存在/);
  await expect(page.locator('meta[name="robots"]')).toHaveCount(0);
  await expect(page.getByTestId('not-found')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("after following a link, focus is on the new page's heading", async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/c/${SEED.channel}`);
  await expect(page.getByTestId('article-list')).toBeVisible();
  await page.getByTestId('article-list').getByRole('link').first().click();
  await expect(page.getByTestId('article-title')).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  await page.getByTestId('breadcrumb').getByRole('link', { name: '资阳新闻' }).click();
  await expect(page.getByTestId('channel-tagline')).toBeVisible();
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('资阳新闻');
  expect(errors).toEqual([]);
});

test("the channel bar shows the drawn page's city and marks its channel", async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/c/${SEED.channel}`);
  const bar = page.getByTestId('channel-bar');
  // The router marks the channel page shown.
  await expect(bar.getByRole('link', { name: '资阳新闻' })).toHaveAttribute('aria-current', 'page');
  await expect(bar.getByRole('link', { name: '安岳新闻' })).not.toHaveAttribute('aria-current', 'page');
  // An article's channel is marked as the current section, from the article the page was drawn from.
  await page.getByTestId('article-list').getByRole('link').first().click();
  await expect(page.getByTestId('article-title')).toBeVisible();
  await expect(bar.getByRole('link', { name: '资阳新闻' })).toHaveClass(/current/);
  await expect(bar.getByRole('link', { name: '资阳新闻' })).not.toHaveAttribute('aria-current', 'page');
  // Another city's channel page shows that city's channels.
  await page.goto('/p/sichuan');
  await expect(page.locator('main h1')).toBeVisible();
  expect(errors).toEqual([]);
});
