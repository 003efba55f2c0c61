// Issue 2: the seed article reached from its channel page, and error states with retry instead of a blank page.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { SEED, expectSeedArticle, failOnPageErrors, servedAsStaticFiles } from './helpers';

test('a reader opens the seed article from the channel page', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/c/${SEED.channel}`);
  await expect(page.getByTestId('site-name')).toContainText('地方网');
  const bar = page.getByTestId('channel-bar');
  for (const name of ['资阳新闻', '安岳新闻', '乐至新闻']) {
    await expect(bar.getByRole('link', { name })).toBeVisible();
  }
  const list = page.getByTestId('article-list');
  let link = list.getByRole('link', { name: SEED.title });
  // The seed article is from 2017: page through the channel until it appears.
  for (let i = 0; i < 10 && (await link.count()) === 0; i++) {
    await page.getByTestId('load-more').click();
  }
  await link.first().click();
  await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}$`));
  await expectSeedArticle(page);
  expect(errors).toEqual([]);
});

for (const [name, fulfil] of [
  ['HTTP 500', { status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' }],
  ['malformed JSON', { status: 200, contentType: 'application/json', body: '{"id": 1001, "title": ' }],
  ['HTML instead of JSON', { status: 200, contentType: 'text/html', body: '<html><body>proxy error</body></html>' }],
] as const) {
  test(`the article page shows an error with retry on ${name}, then recovers`, async ({ page }) => {
    const errors = failOnPageErrors(page);
    const articleApi = `**/api/v1/articles/${SEED.id}`;
    // The app's own first load (the server's first screen would draw the article without asking).
    await servedAsStaticFiles(page);
    await page.route(articleApi, (route) => route.fulfill(fulfil));
    await page.goto(`/a/${SEED.id}`);
    const alert = page.getByTestId('error');
    await expect(alert).toBeVisible();
    await expect(alert).toHaveAttribute('role', 'alert');
    await page.unroute(articleApi);
    await alert.getByTestId('retry').click();
    await expectSeedArticle(page);
    expect(errors).toEqual([]);
  });
}

test('the channel page shows an error with retry when the network fails', async ({ page }) => {
  await servedAsStaticFiles(page);
  await page.route('**/api/v1/channels/**', (route) => route.abort('connectionrefused'));
  await page.goto(`/c/${SEED.channel}`);
  await expect(page.getByTestId('error')).toBeVisible();
  await page.unroute('**/api/v1/channels/**');
  await page.getByTestId('retry').click();
  await expect(page.getByTestId('article-list').getByTestId('article-item').first()).toBeVisible();
});
