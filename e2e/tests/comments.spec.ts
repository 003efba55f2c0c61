// Issue 4: reading, posting and replying to comments on a phone, without losing a word and without running payloads.
import { expect, Page } from '@playwright/test';
import { test } from './helpers';
import { SEED, failOnPageErrors } from './helpers';

test.skip(({ viewport }) => (viewport?.width ?? 0) > 500, 'comment journeys run at the phone size');

const unique = (s: string) => `${s} ${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function openComments(page: Page, id = SEED.id) {
  await page.goto(`/a/${id}#comments`);
  const section = page.locator('section[data-widget="comments"]');
  await expect(section.getByTestId('comment-form')).toBeVisible();
  return section;
}

/** How many published comments (any depth) of the article carry this exact text, asked of the real API. */
async function countOnServer(page: Page, text: string, id = SEED.id): Promise<number> {
  return page.evaluate(async ([id, text]) => {
    let n = 0;
    const walk = async (parent: number | null) => {
      let cursor: string | null = null;
      do {
        const q = new URLSearchParams({ order: 'oldest', limit: '50' });
        if (parent !== null) q.set('parent', String(parent));
        if (cursor) q.set('cursor', cursor);
        const page = await (await fetch(`/api/v1/articles/${id}/comments?${q}`, { cache: 'no-store' })).json();
        for (const c of page.items) {
          if (c.text === text) n++;
          if (c.reply_count > 0) await walk(c.id);
        }
        cursor = page.next_cursor ?? null;
      } while (cursor);
    };
    await walk(null);
    return n;
  }, [id, text] as const);
}

test('post a comment, reply to it, collapse and expand the branch', async ({ page }) => {
  const errors = failOnPageErrors(page);
  const section = await openComments(page);
  const text = unique('写得好,支持雁江创建文明城市!');
  await section.getByTestId('comment-author').fill('雁江读者');
  await section.getByTestId('comment-text').fill(text);
  await section.getByTestId('comment-submit').click();
  const mine = section.getByTestId('comment').filter({ hasText: text });
  await expect(mine).toHaveAttribute('data-status', 'published');
  await expect(section.getByTestId('comment-text')).toHaveValue('');

  const reply = unique('同意楼上');
  await mine.getByTestId('comment-reply').first().click();
  const form = mine.getByTestId('comment-form');
  await form.getByTestId('comment-author').fill('乐至人');
  await form.getByTestId('comment-text').fill(reply);
  await form.getByTestId('comment-submit').click();
  const replyItem = mine.getByTestId('comment').filter({ hasText: reply });
  await expect(replyItem).toHaveAttribute('data-status', 'published');

  await mine.getByTestId('comment-toggle').first().click();
  await expect(replyItem).toBeHidden();
  await mine.getByTestId('comment-toggle').first().click();
  await expect(replyItem).toBeVisible();

  await page.reload();
  const again = page.locator('section[data-widget="comments"]');
  await expect(again.getByTestId('comment-order')).toBeVisible();
  await again.getByTestId('comment-order').selectOption('newest');
  await expect(again.getByTestId('comment').filter({ hasText: text }).first()).toBeVisible();
  expect(await countOnServer(page, text)).toBe(1);
  expect(await countOnServer(page, reply)).toBe(1);
  expect(errors).toEqual([]);
});

test('a post whose response is lost keeps the draft; the retry creates exactly one comment', async ({ page }) => {
  const section = await openComments(page);
  const text = unique('网络不好也不会丢字');
  await section.getByTestId('comment-author').fill('安岳网友');
  await section.getByTestId('comment-text').fill(text);

  // First the API is down; then the request reaches the server but its response is lost.
  let mode: 'down' | 'lost' | 'up' = 'down';
  await page.route('**/api/v1/articles/*/comments', async (route) => {
    if (route.request().method() !== 'POST' || mode === 'up') return route.fallback();
    if (mode === 'down') return route.abort('connectionrefused');
    await route.fetch();
    return route.abort('connectionreset');
  });
  await section.getByTestId('comment-submit').click();
  const pending = section.getByTestId('comment').filter({ hasText: text });
  await expect(pending).toHaveAttribute('data-status', 'failed');
  await expect(pending.getByTestId('comment-retry')).toBeVisible();
  const draft = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('draft')).map(([, v]) => v).join(''));
  expect(draft).toContain(text);

  mode = 'lost';
  await pending.getByTestId('comment-retry').click();
  await expect(pending).toHaveAttribute('data-status', 'failed');
  expect(await countOnServer(page, text)).toBe(1);

  mode = 'up';
  await pending.getByTestId('comment-retry').click();
  await expect(section.getByTestId('comment').filter({ hasText: text })).toHaveAttribute('data-status', 'published');
  await expect(section.getByTestId('comment').filter({ hasText: text })).toHaveCount(1);
  expect(await countOnServer(page, text)).toBe(1);
  const left = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('draft')).map(([, v]) => v).join(''));
  expect(left).not.toContain(text);
});

test('a queued comment the thread already lists when its send answers shows once', async ({ page }) => {
  // Written offline before a reload: at start the outbox sends it while the thread loads. Here the server
  // takes the post, the thread's first page (which lists it) arrives, and only then the post's answer.
  const text = unique('离线写的');
  const key = `e2e-queued-${Date.now()}`;
  await page.addInitScript(([key, text, article]) => {
    if (!sessionStorage.getItem('outbox-seeded')) {
      sessionStorage.setItem('outbox-seeded', '1');
      localStorage.setItem('difang.outbox', JSON.stringify([{ article, key, body: { author: '离线读者', text, parent_id: null } }]));
    }
  }, [key, text, SEED.id] as const);
  let taken!: () => void;
  const postTaken = new Promise<void>((r) => (taken = r));
  let answer!: () => void;
  const answerPost = new Promise<void>((r) => (answer = r));
  await page.route(`**/api/v1/articles/${SEED.id}/comments**`, async (route) => {
    if (route.request().method() === 'POST') {
      const response = await route.fetch();
      taken();
      await answerPost;
      return route.fulfill({ response });
    }
    await postTaken;
    return route.fallback();
  });
  const section = await openComments(page);
  const rows = section.getByTestId('comment').filter({ hasText: text });
  await expect(rows.and(page.locator('[data-status="published"]'))).toHaveCount(1);
  answer();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('difang.outbox'))).toBe('[]');
  await expect(rows).toHaveCount(1);
  await expect(rows).toHaveAttribute('data-status', 'published');
  expect(await countOnServer(page, text)).toBe(1);
});

test('a double tap on send creates one comment', async ({ page }) => {
  const section = await openComments(page);
  const text = unique('连点两下');
  await section.getByTestId('comment-author').fill('手快的人');
  await section.getByTestId('comment-text').fill(text);
  await section.getByTestId('comment-submit').dblclick();
  await expect(section.getByTestId('comment').filter({ hasText: text })).toHaveAttribute('data-status', 'published');
  await page.waitForLoadState('networkidle');
  expect(await countOnServer(page, text)).toBe(1);
});

test('reload mid-typing brings the draft back', async ({ page }) => {
  const section = await openComments(page);
  await section.getByTestId('comment-author').fill('草稿君');
  await section.getByTestId('comment-text').fill('这段话还没写完,刷新也不能丢');
  await page.reload();
  const again = page.locator('section[data-widget="comments"]');
  await expect(again.getByTestId('comment-text')).toHaveValue('这段话还没写完,刷新也不能丢');
  await expect(again.getByTestId('comment-author')).toHaveValue('草稿君');
});

test('limits are explained before sending', async ({ page }) => {
  const section = await openComments(page);
  await section.getByTestId('comment-author').fill('长');
  await section.getByTestId('comment-text').fill('字'.repeat(2001));
  await section.getByTestId('comment-submit').click();
  await expect(section.getByTestId('comment-error')).toContainText('2000');
  await section.getByTestId('comment-author').fill('   ');
  await section.getByTestId('comment-text').fill('有内容');
  await section.getByTestId('comment-submit').click();
  await expect(section.getByTestId('comment-error')).toBeVisible();
});

test('hostile comment text is shown literally and runs nothing', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const section = await openComments(page);
  const payloads = [
    '<script>window.__pwned=1;alert(1)</script>',
    '<img src=x onerror="window.__pwned=2;alert(2)">',
    '[click](javascript:window.__pwned=3) javascript:alert(3)',
    '"><svg onload="window.__pwned=4;alert(4)">',
  ];
  const text = unique(payloads.join('\n'));
  await section.getByTestId('comment-author').fill('<b>bold</b>"><svg onload=alert(5)>');
  await section.getByTestId('comment-text').fill(text);
  await section.getByTestId('comment-submit').click();
  const item = section.getByTestId('comment').filter({ hasText: '<script>window.__pwned=1' });
  await expect(item).toHaveAttribute('data-status', 'published');
  await page.reload();
  const shown = page.locator('section[data-widget="comments"]').getByTestId('comment').filter({ hasText: '<script>window.__pwned=1' }).first();
  await expect(shown).toBeVisible();
  const body = shown.getByTestId('comment-body').first();
  for (const p of payloads) await expect(body).toContainText(p);
  await expect(shown.getByTestId('comment-name').first()).toHaveText('<b>bold</b>"><svg onload=alert(5)>');
  expect(await body.locator('script, img, svg, b').count()).toBe(0);
  expect(await shown.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
});
