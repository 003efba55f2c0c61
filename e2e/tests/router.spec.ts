// Issues 3 and 9: navigation in the app (leptos_router with src/routing/). The old page stays drawn under a
// progress bar until the new page's code and data are there, and the address changes with the page drawn;
// a newer navigation cancels the older one's request; a link to a fragment of the page leaves the page as
// it is.
import { expect, Route } from '@playwright/test';
import { test } from './helpers';
import { SEED, expectSeedArticle, failOnPageErrors } from './helpers';

/** Holds the requests matching `url` until the returned function is called. */
async function hold(page: import('@playwright/test').Page, url: RegExp) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const held: Route[] = [];
  await page.route(url, async (route) => {
    held.push(route);
    await released;
    // The page may have cancelled it meanwhile.
    await route.continue().catch(() => {});
  });
  return { release, held };
}

/** Records how each request to `url` ended: 'finished' (its whole answer arrived) or 'failed' (the page
 * cancelled it, or the network did), in the order they ended. */
function endings(page: import('@playwright/test').Page, url: RegExp): string[] {
  const ended: string[] = [];
  page.on('requestfinished', (r) => { if (url.test(r.url())) ended.push('finished'); });
  page.on('requestfailed', (r) => { if (url.test(r.url())) ended.push('failed'); });
  return ended;
}

/** Resolves after the page's next two animation frames: what the app does with an answer that has
 * arrived (decoding, effects, drawing, the address) is done by then. */
async function frames(page: import('@playwright/test').Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** From the channel page, follows the link to the seed article while its API request is held. */
async function openSeedArticleHeld(page: import('@playwright/test').Page) {
  await page.goto(`/c/${SEED.channel}`);
  const tagline = page.getByTestId('channel-tagline');
  await expect(tagline).toBeVisible();
  const article = await hold(page, new RegExp(`/api/v1/articles/${SEED.id}$`));
  await page.getByTestId('article-list').getByRole('link', { name: SEED.title }).first().click();
  return { article, tagline };
}

test('the old page stays drawn with a progress bar until the new page is ready', async ({ page }) => {
  const errors = failOnPageErrors(page);
  const { article, tagline } = await openSeedArticleHeld(page);
  await expect(page.getByTestId('progress')).toBeVisible();
  // No empty page and no skeleton while the article is on its way: the channel is still there, and so
  // is its address.
  await expect.poll(() => article.held.length).toBe(1);
  await expect(tagline).toBeVisible();
  await expect(page.getByTestId('article-title')).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/c/${SEED.channel}$`));
  article.release();
  await expectSeedArticle(page);
  await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}$`));
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect(tagline).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a newer navigation cancels the request of the older one', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/c/${SEED.channel}`);
  const links = page.getByTestId('article-list').getByRole('link');
  await expect(links.first()).toBeVisible();
  const first = (await links.nth(0).getAttribute('href'))!;
  const second = (await links.nth(2).getAttribute('href'))!;
  expect(first).not.toEqual(second);
  const aborted: string[] = [];
  page.on('requestfailed', (r) => aborted.push(new URL(r.url()).pathname));
  const olderUrl = new RegExp(`/api/v1/articles/${first.split('/').pop()}$`);
  const older = endings(page, olderUrl);
  const held = await hold(page, olderUrl);
  await links.nth(0).click();
  await expect.poll(() => held.held.length).toBe(1);
  await links.nth(2).click();
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  await expect(page.getByTestId('article-title')).toBeVisible();
  await expect.poll(() => aborted).toContain(`/api/v1/articles/${first.split('/').pop()}`);
  const shown = await page.getByTestId('article-title').textContent();
  held.release();
  // The cancelled page never replaces the one the reader asked for last: its request ended (without
  // an answer), and whatever the app does with how it ended is done two frames later.
  await expect.poll(() => older.length).toBeGreaterThan(0);
  expect(older).toEqual(['failed']);
  await frames(page);
  expect(page.url()).toMatch(new RegExp(`${second}$`));
  expect(await page.getByTestId('article-title').textContent()).toBe(shown);
  expect(errors).toEqual([]);
});

test('a link to a fragment of the page keeps the page; a link out of the site is left to the browser', async ({ page }) => {
  const errors = failOnPageErrors(page);
  const articleRequests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === `/api/v1/articles/${SEED.id}`) articleRequests.push(r.url());
  });
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  const marker = await page.evaluate(() => {
    (document.querySelector('[data-testid="article-title"]') as any).__kept = true;
    return true;
  });
  expect(marker).toBe(true);
  await page.getByTestId('article-comment-count').click();
  await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}#comments$`));
  await expect(page.locator('.part-comments')).toHaveAttribute('data-state', 'ready');
  // The same element: the page was not drawn again.
  expect(await page.evaluate(() => (document.querySelector('[data-testid="article-title"]') as any).__kept)).toBe(true);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}$`));
  expect(await page.evaluate(() => (document.querySelector('[data-testid="article-title"]') as any).__kept)).toBe(true);
  // The article came with the page (the server's first screen) and was never asked for again.
  expect(articleRequests).toHaveLength(0);
  // The origin link opens a new tab (target=_blank); the app does not take it over.
  const [popup] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByTestId('article-origin').click(),
  ]);
  await popup.close();
  await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}$`));
  expect(errors).toEqual([]);
});

test('a slow page is drawn with its own loading state after a few seconds, then fills in', async ({ page, viewport }) => {
  test.skip((viewport?.width ?? 0) > 500, 'timing only: once is enough');
  const errors = failOnPageErrors(page);
  const { article, tagline } = await openSeedArticleHeld(page);
  await expect(page.getByTestId('progress')).toBeVisible();
  await expect(tagline).toBeVisible();
  // src/routing/ waits 8 s at most (PATIENCE_MS); then the article page shows its placeholder.
  await expect(tagline).toHaveCount(0, { timeout: 12_000 });
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect(page.locator('main .skeleton').first()).toBeVisible();
  article.release();
  await expectSeedArticle(page);
  // The page joined the request its preparation had sent (src/api/inflight.rs): one request, not two.
  expect(article.held).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('back to a page whose address names a fragment returns to where the reader was, not to the fragment', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/a/${SEED.id}#comments`);
  await expect(page.locator('.part-comments')).toHaveAttribute('data-state', 'ready');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('breadcrumb').getByRole('link', { name: '资阳新闻' }).click();
  await expect(page.getByTestId('article-title')).toHaveCount(0);
  await expect(page.getByTestId('channel-tagline')).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}#comments$`));
  await expectSeedArticle(page);
  // The comments' part is drawn again (a part shown before on the page shows at once); a slot named by
  // the fragment would land on it in the frame after it is ready.
  await expect(page.locator('.part-comments')).toHaveAttribute('data-state', 'ready');
  await frames(page);
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(200);
  expect(errors).toEqual([]);
});

test('back while a navigation is still under way draws the page the address names, never the cancelled one', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/c/${SEED.channel}`);
  const tagline = page.getByTestId('channel-tagline');
  await expect(tagline).toBeVisible();
  const ziyangTagline = await tagline.textContent();
  await page.getByTestId('article-list').getByRole('link').first().click();
  await expect(page.getByTestId('article-title')).toBeVisible();
  const anyueUrl = /\/api\/v1\/channels\/anyue-news\/articles/;
  const anyueEnded = endings(page, anyueUrl);
  const anyue = await hold(page, anyueUrl);
  await page.getByTestId('channel-bar').getByRole('link', { name: '安岳新闻' }).click();
  await expect.poll(() => anyue.held.length).toBeGreaterThan(0);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/c/${SEED.channel}$`));
  await expect(tagline).toHaveText(ziyangTagline!);
  anyue.release();
  // Its request ended (answered, or cancelled by the app): what the app does with it is done two frames
  // later.
  await expect.poll(() => anyueEnded.length).toBeGreaterThan(0);
  await frames(page);
  // The 安岳新闻 page, whose data came after the reader went back, is never drawn.
  await expect(page).toHaveURL(new RegExp(`/c/${SEED.channel}$`));
  await expect(tagline).toHaveText(ziyangTagline!);
  await expect(page.getByTestId('progress')).toHaveCount(0);
  expect(errors).toEqual([]);
});
