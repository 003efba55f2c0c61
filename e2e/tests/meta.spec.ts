// Issue 3: crawlers get the article's title, description, Open Graph and JSON-LD without running WASM.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { SEED } from './helpers';

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

test('the app replaces the server meta with its own, without duplicates', async ({ page }) => {
  await page.goto(`/a/${SEED.id}`);
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  await expect(page).toHaveTitle(new RegExp(SEED.title));
  await expect(page.locator('head [data-ssr-meta]')).toHaveCount(0);
  await expect(page.locator('head title')).toHaveCount(1);
  await expect(page.locator('head meta[property="og:title"]')).toHaveCount(1);
  await expect(page.locator('head script[type="application/ld+json"]')).toHaveCount(1);
});
