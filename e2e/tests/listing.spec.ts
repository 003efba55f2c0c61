// Issue 26, item 2: a tag's and an author's page, linked from the article, listed and paged as a channel,
// drawn by the server (so without JavaScript too), with the page's feed.
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, SEED, failOnPageErrors } from './helpers';

const TAG = '文明城市';
const TAGGED = ['坚决打好文明城市创建总体仗', '文明交通劝导志愿者走上街头', '资阳启动“除陋习·树新风”系列宣传教育活动'];

test("the article's tag leads to the tag's page, which lists its articles newest first", async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/a/${SEED.id}`);
  const tags = page.getByTestId('article-tags');
  await tags.scrollIntoViewIfNeeded();
  await tags.getByRole('link', { name: TAG }).click();
  await expect(page).toHaveURL(`/t/${encodeURIComponent(TAG)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`标签：${TAG}`);
  await expect(page.getByTestId('listing-total')).toHaveText('共 3 篇文章');
  const items = page.getByTestId('article-item');
  await expect(items).toHaveCount(3);
  // Newest first: 1005 (06-12), 1007 (06-10)… and the seed among them.
  const titles = await items.locator('.card-title').allTextContents();
  for (const t of TAGGED) expect(titles.some((x) => x.includes(t))).toBe(true);
  await expect(page).toHaveTitle(new RegExp(`^标签：${TAG}`));
  await expect(page.getByTestId('listing-feed')).toHaveAttribute('href', `/t/${encodeURIComponent(TAG)}/feed.xml`);
  await page.goBack();
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  expect(errors).toEqual([]);
});

test("an author's page lists what they wrote, and the article links to it", async ({ page }) => {
  await page.goto('/a/1005');
  await page.getByTestId('article-author').getByRole('link').click();
  await expect(page).toHaveURL(`/u/${encodeURIComponent('刘晓燕')}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('作者：刘晓燕');
  await expect(page.getByTestId('article-item')).toHaveCount(2);
});

test('a tag no article carries is the 404 page', async ({ page }) => {
  const response = await page.goto(`/t/${encodeURIComponent('没有这个标签')}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test("the tag's page arrives drawn", async ({ page }) => {
    const response = await page.goto(`/t/${encodeURIComponent(TAG)}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`标签：${TAG}`);
    await expect(page.getByTestId('article-item')).toHaveCount(3);
  });
});

test("the tag's page has no serious a11y violations", async ({ page }) => {
  await page.goto(`/t/${encodeURIComponent(TAG)}`);
  await expect(page.getByTestId('listing-page')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
});
