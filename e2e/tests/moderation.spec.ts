// Issue 4: pre-moderation (held comments visible only to their author's browser) and the rate limit's
// "try again in N s", against a second real server started with --moderation and 5 posts a minute.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { moderatedPort } from '../playwright.config';
import { SEED } from './helpers';

test.skip(({ viewport }) => (viewport?.width ?? 0) > 500, 'comment journeys run at the phone size');
test.use({ baseURL: `http://127.0.0.1:${moderatedPort}` });

test('a held comment shows as awaiting review to its author only; the sixth post in a minute waits', async ({ page, browser }) => {
  const publicCount = async (p: import('@playwright/test').Page) =>
    p.evaluate(async (id) => (await (await fetch(`/api/v1/articles/${id}`, { cache: 'no-store' })).json()).comment_count, SEED.id);
  await page.goto(`/a/${SEED.id}#comments`);
  const before = await publicCount(page);
  const section = page.locator('section[data-widget="comments"]');
  const text = `请审核这条评论 ${Date.now()}`;
  await section.getByTestId('comment-author').fill('待审读者');
  await section.getByTestId('comment-text').fill(text);
  await section.getByTestId('comment-submit').click();
  const mine = section.getByTestId('comment').filter({ hasText: text });
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(mine).toContainText('待审核');

  // Still there, still marked, after a reload in the author's browser.
  await page.reload();
  const again = page.locator('section[data-widget="comments"]').getByTestId('comment').filter({ hasText: text });
  await expect(again).toHaveAttribute('data-status', 'pending');

  // Another reader does not see it, and the public count did not change.
  const other = await browser.newPage();
  await other.goto(`http://127.0.0.1:${moderatedPort}/a/${SEED.id}#comments`);
  const otherSection = other.locator('section[data-widget="comments"]');
  await expect(otherSection.getByTestId('comment').first()).toBeVisible();
  await expect(otherSection.getByTestId('comment').filter({ hasText: text })).toHaveCount(0);
  expect(await publicCount(other)).toBe(before);
  await other.close();

  // Four more posts use up the minute's five; the sixth is refused with the wait in seconds.
  const form = page.locator('section[data-widget="comments"]');
  for (let i = 0; i < 5; i++) {
    await form.getByTestId('comment-author').fill('待审读者');
    await form.getByTestId('comment-text').fill(`第${i + 2}条 ${Date.now()}`);
    await form.getByTestId('comment-submit').click();
    await expect(form.getByTestId('comment').first()).not.toHaveAttribute('data-status', 'sending');
  }
  const refused = form.getByTestId('comment').filter({ hasText: '第6条' });
  await expect(refused).toHaveAttribute('data-status', 'failed');
  await expect(refused).toContainText(/请在 \d+ 秒后再试/);
  await expect(refused.getByTestId('comment-retry')).toBeVisible();
});
