// Issue 26, item 1: search at /search, from the header's box, drawn by the server (and so without
// JavaScript), with filters, paging, highlighted matches, and the articles on the device when offline.
import { expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, SEED, failOnPageErrors } from './helpers';
import { corpusPort } from '../playwright.config';

const Q = '文明城市';

async function expectSeedFound(page: Page) {
  const hit = page.getByTestId('search-hit').filter({ hasText: SEED.title });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark').first()).toHaveText(Q);
  await expect(page.getByTestId('search-summary')).toContainText(Q);
  return hit;
}

test('the header box finds the seed article by 文明城市, and its result opens it', async ({ page, isMobile }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/c/${SEED.channel}`);
  if (isMobile) {
    // A phone shows the box's button; the search page has the box.
    await expect(page.getByTestId('header-search-input')).toBeHidden();
    await page.getByTestId('header-search').click();
    await expect(page).toHaveURL(/\/search\?q=$/);
    await expect(page.getByTestId('search-input')).toBeFocused();
    await page.getByTestId('search-input').fill(Q);
    await page.getByTestId('search-input').press('Enter');
  } else {
    await page.getByTestId('header-search-input').fill(Q);
    await page.getByTestId('header-search-input').press('Enter');
  }
  await expect(page).toHaveURL(`/search?q=${encodeURIComponent(Q)}`);
  const hit = await expectSeedFound(page);
  // The title's match comes first: the seed's title holds the words.
  await expect(page.getByTestId('search-hit').first()).toContainText(SEED.title);
  await expect(page.getByTestId('search-input')).toHaveValue(Q);
  await hit.getByRole('link').click();
  await expect(page).toHaveURL(`/a/${SEED.id}`);
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  await page.goBack();
  await expectSeedFound(page);
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the server draws the results, and the form searches', async ({ page }) => {
    const response = await page.goto(`/search?q=${encodeURIComponent(Q)}`);
    expect(response?.status()).toBe(200);
    await expectSeedFound(page);
    await page.goto('/search');
    await expect(page.getByTestId('search-page')).toBeVisible();
    await page.getByTestId('search-input').fill(Q);
    await page.getByTestId('search-submit').click();
    await expect(page).toHaveURL(/\/search\?q=%E6%96%87/);
    await expectSeedFound(page);
  });
});

test('filters by channel and date narrow the results, and say when nothing is found', async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent(Q)}`);
  await expectSeedFound(page);
  const others = page.getByTestId('search-channel').locator('option');
  await expect(others).not.toHaveCount(1);
  // Another channel than the seed's: the seed is not in it.
  const channels = await others.evaluateAll((o) => (o as HTMLOptionElement[]).map((x) => x.value).filter(Boolean));
  const other = channels.find((c) => c !== SEED.channel)!;
  await page.getByTestId('search-channel').selectOption(other);
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(new RegExp(`channel=${other}`));
  await expect(page.getByTestId('search-hit').filter({ hasText: SEED.title })).toHaveCount(0);
  // The seed's channel and its day.
  await page.getByTestId('search-channel').selectOption(SEED.channel);
  await page.getByTestId('search-from').fill('2017-06-16');
  await page.getByTestId('search-to').fill('2017-06-16');
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(/from=2017-06-16&to=2017-06-16/);
  await expectSeedFound(page);
  // A day before it: nothing, and the page says so.
  await page.getByTestId('search-from').fill('2017-06-14');
  await page.getByTestId('search-to').fill('2017-06-15');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-summary')).toContainText('没有找到');
  await expect(page.getByTestId('search-hit')).toHaveCount(0);
});

test('a long list of results pages on, without repeats', async ({ page, request }) => {
  const base = `http://127.0.0.1:${corpusPort}`;
  const site = await (await request.get(`${base}/api/v1/site`)).json();
  const channel = site.regions[0].cities[0].channels[0];
  const list = await (await request.get(`${base}/api/v1/channels/${channel.slug}/articles`)).json();
  // The channel's short name starts every title of the channel: a query with many results.
  const q = (list.items[0].title as string).slice(0, 2);
  await page.goto(`${base}/search?q=${encodeURIComponent(q)}`);
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  const first = await page.getByTestId('search-hit').allTextContents();
  await page.getByTestId('search-next').click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId('search-first')).toBeVisible();
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  const second = await page.getByTestId('search-hit').allTextContents();
  expect(second.filter((t) => first.includes(t))).toEqual([]);
  await page.getByTestId('search-first').click();
  await expect(page).not.toHaveURL(/cursor=/);
  await expect(page.getByTestId('search-hit')).toHaveText(first);
});

test('offline, the articles read on this device are searched', async ({ page, context }) => {
  await page.goto(`/a/${SEED.id}`);
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  // Online to the search page (its code is then loaded: here no service worker keeps it), then offline.
  await page.getByTestId('header-search').click();
  await expect(page.getByTestId('search-input')).toBeVisible();
  await context.setOffline(true);
  await page.getByTestId('search-input').fill(Q);
  await page.getByTestId('search-input').press('Enter');
  await expect(page.getByTestId('search-offline')).toBeVisible();
  await expectSeedFound(page);
  // The date filters hold offline too (days of the site's time): the day before the seed's finds nothing.
  await page.getByTestId('search-to').fill('2017-06-15');
  await page.getByTestId('search-submit').click();
  await expect(page).toHaveURL(/to=2017-06-15/);
  await expect(page.getByTestId('search-summary')).toContainText('没有找到');
  await page.getByTestId('search-to').fill('2017-06-16');
  await page.getByTestId('search-submit').click();
  await expectSeedFound(page);
  await context.setOffline(false);
});

for (const [name, path] of [['search page', '/search'], ['search results', `/search?q=${encodeURIComponent(Q)}`]]) {
  test(`the ${name} has no serious a11y violations`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByTestId('search-page')).toBeVisible();
    await page.waitForLoadState('networkidle');
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  });
}
