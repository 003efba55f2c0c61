// Issue 3: crawlers get the article's title, description, Open Graph and JSON-LD without running WASM.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { SEED, appLive } from './helpers';

test('raw HTML of /a/{id} carries the app\'s head tags, as the server renders them', async ({ request }) => {
  const res = await request.get(`/a/${SEED.id}`);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain(`<title>${SEED.title}`);
  expect(html.match(/<title>/g)).toHaveLength(1);
  expect(html).toMatch(/<meta[^>]+property="og:title"[^>]+content="坚决打好文明城市创建总体仗/);
  expect(html).toMatch(/<meta[^>]+property="og:type"[^>]+content="article"/);
  expect(html).toMatch(/<meta[^>]+name="description"[^>]+content="雁江作为全市唯一的市辖区/);
  // Attributes in any order (leptos_meta writes `href` before `rel`).
  expect(html).toMatch(/<link(?=[^>]*\srel="canonical")(?=[^>]*\shref="http[^"]+\/a\/1001")[^>]*>/);
  const ld = html.match(/<script type="application\/ld\+json" data-ssr-meta>([\s\S]*?)<\/script>/);
  expect(ld).not.toBeNull();
  const json = JSON.parse(ld![1]);
  expect(json['@type']).toBe('NewsArticle');
  expect(json.headline).toBe(SEED.title);
  expect(json.datePublished).toBe('2017-06-16T07:32:00+08:00');
});

test('unknown article answers 404 with the app shell', async ({ request }) => {
  const res = await request.get('/a/999999');
  expect(res.status()).toBe(404);
  expect(await res.text()).toContain('<html');
});

test('the page taken over keeps the server\'s head tags; the next page brings its own, without duplicates', async ({ page }) => {
  // Every head tag the server wrote that leaves the document, from the first byte on.
  await page.addInitScript(() => {
    const w = window as unknown as { removedServerTags: number; serverTags: number };
    w.removedServerTags = 0;
    document.addEventListener('DOMContentLoaded', () => {
      w.serverTags = document.querySelectorAll('head [data-ssr-meta]').length;
    });
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.removedNodes)
        if (n instanceof Element && n.hasAttribute('data-ssr-meta')) w.removedServerTags++;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`/a/${SEED.id}`);
  await appLive(page);
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  await expect(page).toHaveTitle(new RegExp(SEED.title));
  const removed = () => page.evaluate(() => (window as unknown as { removedServerTags: number }).removedServerTags);
  const written = await page.evaluate(() => (window as unknown as { serverTags: number }).serverTags);
  expect(written).toBeGreaterThan(5);
  expect(await removed()).toBe(0);
  await expect(page.locator('head title')).toHaveCount(1);
  for (const sel of ['link[rel="canonical"]', 'meta[property="og:title"]', 'script[type="application/ld+json"]']) {
    await expect(page.locator(`head ${sel}`)).toHaveCount(1);
    await expect(page.locator(`head ${sel}[data-ssr-meta]`)).toHaveCount(1);
  }
  // The next page: the server's tags go as its own come in.
  await page.getByTestId('channel-bar').getByRole('link', { name: '资阳新闻' }).click();
  await expect(page).toHaveTitle(/^资阳新闻/);
  await expect(page.locator('head [data-ssr-meta]')).toHaveCount(0);
  expect(await removed()).toBe(written);
  await expect(page.locator('head title')).toHaveCount(1);
  await expect(page.locator('head link[rel="canonical"]')).toHaveCount(1);
  await expect(page.locator('head link[rel="canonical"]')).toHaveAttribute('href', /\/c\/ziyang-news$/);
  await expect(page.locator('head meta[property="og:title"]')).toHaveCount(1);
  await expect(page.locator('head script[type="application/ld+json"]')).toHaveCount(0);
});
