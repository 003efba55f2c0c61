// Issue 3: a reader's journey through home, channel and article, with instant back/forward from the cache.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { SEED, countApiRequests, expectSeedArticle, failOnPageErrors, loadAllParts } from './helpers';

const WIDGETS = ['recommended', 'related', 'guess-you-like', 'channel-picks', 'hot-reading', 'picture-highlights', 'neighbourhood', 'hot-ranking'];

test('home → channel → article → breadcrumb → back (cached, scroll kept) → related article', async ({ page }) => {
  const errors = failOnPageErrors(page);
  const requests = countApiRequests(page);
  await page.goto('/');
  await expect(page.getByTestId('article-list').first()).toBeVisible();
  await page.getByTestId('channel-bar').getByRole('link', { name: '资阳新闻' }).click();
  await expect(page).toHaveURL(/\/c\/ziyang-news$/);
  await expect(page.getByTestId('channel-tagline')).toContainText('资阳新闻,讲述家乡的故事');

  // Scroll the list so the seed article is in view, and remember where we were.
  const link = page.getByTestId('article-list').getByRole('link', { name: SEED.title }).first();
  for (let i = 0; i < 10 && (await link.count()) === 0; i++) await page.getByTestId('load-more').click();
  await link.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 1));
  const listScroll = await page.evaluate(() => window.scrollY);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}$`));
  await expectSeedArticle(page);

  // Breadcrumb back to the channel: every step links where it says.
  const crumbs = page.getByTestId('breadcrumb');
  for (const name of SEED.breadcrumb) await expect(crumbs).toContainText(name);
  await expect(crumbs.getByRole('link', { name: '四川' })).toHaveAttribute('href', /\/p\/sichuan$/);
  await expect(crumbs.getByRole('link', { name: '资阳市' })).toHaveAttribute('href', /\/p\/ziyang$/);
  await crumbs.getByRole('link', { name: '资阳新闻' }).click();
  await expect(page).toHaveURL(/\/c\/ziyang-news$/);
  await expect(page.getByTestId('article-item').first()).toBeVisible();

  // Back to the article: rendered from the cache, no second request for it.
  const articleKey = `/api/v1/articles/${SEED.id}`;
  expect(requests.get(articleKey)).toBe(1);
  await page.goBack();
  await expectSeedArticle(page);
  expect(requests.get(articleKey)).toBe(1);

  // Back to the scrolled list: no refetch, scroll position restored.
  const listRequests = [...requests.entries()].filter(([k]) => k.startsWith('/api/v1/channels/')).reduce((a, [, n]) => a + n, 0);
  await page.goBack();
  await expect(page).toHaveURL(/\/c\/ziyang-news$/);
  await expect(link).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(listScroll - 60);
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(listScroll + 60);
  const listRequestsAfter = [...requests.entries()].filter(([k]) => k.startsWith('/api/v1/channels/')).reduce((a, [, n]) => a + n, 0);
  expect(listRequestsAfter).toBe(listRequests);

  // Forward to the article, then on to a related article.
  await page.goForward();
  await expectSeedArticle(page);
  await loadAllParts(page);
  const related = page.locator('section[data-widget="related"]').getByRole('link').first();
  const relatedTitle = (await related.innerText()).trim();
  await related.click();
  await expect(page).not.toHaveURL(new RegExp(`/a/${SEED.id}$`));
  await expect(page.getByTestId('article-title')).toContainText(relatedTitle.split('\n')[0].slice(0, 4));
  expect(errors).toEqual([]);
});

test('the article page has every part of the seed page, with demo entries', async ({ page }) => {
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  await loadAllParts(page);
  const bar = page.getByTestId('channel-bar');
  for (const name of ['资阳新闻', '安岳新闻', '乐至新闻']) await expect(bar.getByRole('link', { name })).toBeVisible();
  for (const name of SEED.breadcrumb) await expect(page.getByTestId('breadcrumb')).toContainText(name);
  await expect(page.getByTestId('channel-tagline')).toContainText('资阳新闻,讲述家乡的故事');
  for (const kind of WIDGETS) {
    const section = page.locator(`section[data-widget="${kind}"]`);
    await expect(section, kind).toHaveCount(1);
    await expect(section.getByRole('heading').first(), kind).toBeVisible();
    await expect(section.getByRole('link').first(), `${kind} has entries`).toBeVisible();
  }
  await expect(page.locator('section[data-widget="recommended"]')).toContainText('新场地 新起点 新希望');
  await expect(page.locator('section[data-widget="recommended"] img').first()).toBeVisible();
  await expect(page.locator('section[data-widget="related"]')).toContainText('缤纷夏日');
  await expect(page.locator('section[data-widget="picture-highlights"] img').first()).toBeVisible();
  const ranking = page.locator('section[data-widget="hot-ranking"] ol > li');
  expect(await ranking.count()).toBeGreaterThan(2);
  await expect(page.locator('section[data-widget="comments"]')).toBeVisible();
  // The seed's order on a phone: body, then the widgets in the seed's order.
  const order = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="article-body"], [data-testid="channel-tagline"], section[data-widget]')]
      .map((e) => e.getAttribute('data-widget') ?? e.getAttribute('data-testid')));
  expect(order).toEqual(['article-body', 'recommended', 'channel-tagline', 'related', 'guess-you-like', 'comments',
    'channel-picks', 'hot-reading', 'picture-highlights', 'neighbourhood', 'hot-ranking']);
});

test('images are lazy and sized, and the page does not shift', async ({ page }) => {
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  // Shifts of the first screen, before the reader scrolls.
  const cls = await page.evaluate(() => new Promise<number>((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) total += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 1500);
  }));
  expect(cls).toBeLessThan(0.1);
  await loadAllParts(page);
  const imgs = page.locator('main img');
  const n = await imgs.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const img = imgs.nth(i);
    await expect(img).toHaveAttribute('width', /\d+/);
    await expect(img).toHaveAttribute('height', /\d+/);
    await expect(img).toHaveAttribute('alt');
  }
  const lazy = await page.locator('main img[loading="lazy"]').count();
  expect(lazy).toBeGreaterThan(0);
});

test('unknown routes, channels and articles show the 404 page', async ({ page }) => {
  for (const path of ['/no/such/page', '/c/no-such-channel', '/a/999999']) {
    await page.goto(path);
    await expect(page.getByTestId('not-found'), path).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
  }
});

test('preferences persist: theme, font size, language', async ({ page }) => {
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.getByTestId('theme-toggle').click();
  const after = await html.getAttribute('data-theme');
  expect(after).not.toBe(before);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('[data-testid="article-body"] p')!).fontSize));
  const s0 = await size();
  await page.getByTestId('font-inc').click();
  await expect.poll(size).toBeGreaterThan(s0);
  await page.getByTestId('lang-toggle').click();
  await expect(html).toHaveAttribute('lang', 'en');
  await page.reload();
  await expectSeedArticle(page);
  await expect(html).toHaveAttribute('data-theme', after!);
  await expect(html).toHaveAttribute('lang', 'en');
  expect(await size()).toBeGreaterThan(s0);
});

test('share falls back to copying the link, with a toast', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.addInitScript(() => { (navigator as any).share = undefined; });
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('toast')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`/a/${SEED.id}`);
});

test('guess-you-like is ranked on the device from local history and never sent', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (r) => sent.push(r.url() + (r.postData() ?? '')));
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  const history = await page.evaluate(() => Object.keys(localStorage).filter((k) => /history/i.test(k)).map((k) => localStorage.getItem(k)).join(''));
  expect(history).toContain(String(SEED.id));
  expect(sent.some((u) => /history/i.test(u))).toBe(false);
  await loadAllParts(page);
  await expect(page.locator('section[data-widget="guess-you-like"]').getByRole('link').first()).toBeVisible();
  await expect(page.locator('section[data-widget="guess-you-like"]').getByRole('link', { name: SEED.title })).toHaveCount(0);
});
