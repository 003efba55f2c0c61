// Issue 25: the editors' desk in a real browser, on a server of this file's own (E2E_PORT + 8, with
// pre-moderation) with accounts made by `difang-server user add`: the login form works without
// JavaScript; the desk's screens (queue, reports, articles, audit log) are axe-clean at 390 and 1280 px in
// both languages; each action reaches a reader's page on the next request; the keyboard drives the queue;
// an editor only looks and closes comments; a session that ends mid-use leads back to the login form.
import { expect, test, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The helpers' `test` waits for the reader's app on every goto; the desk's pages are not the app.
import { SEED } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 18765) + 8;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(__dirname, '..', '..');
const BINARY = path.join(ROOT, 'target/debug/difang-server');
const PASSWORD = '资阳新闻编辑部-2026';

let work: string;
let server: ChildProcess | undefined;
/** The moderator's and the editor's session cookies, each from one login made in beforeAll (the login
 *  form allows 10 attempts a minute per client: the tests share these rather than log in each time). */
const sessions: Record<string, string> = {};

test.use({ baseURL: BASE });

/** Logs in as `name` the way the form does (its CSRF cookie and field); returns the session cookie. */
async function sessionOf(name: string): Promise<string> {
  const form = await fetch(`${BASE}/desk/login`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())![1];
  const loginCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${BASE}/desk/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ csrf, username: name, password: PASSWORD }).toString(),
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('difang_desk='));
  return cookie!.split(';')[0].slice('difang_desk='.length);
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'difang-desk-e2e-'));
  const data = path.join(work, 'data');
  server = spawn(BINARY, ['serve', '--bind', `127.0.0.1:${PORT}`, '--data-dir', data,
    '--dist-dir', path.join(ROOT, 'dist'), '--content-dir', path.join(ROOT, 'content'), '--moderation',
    '--rate-limit', '1000'], { stdio: 'ignore', env: { ...process.env, RUST_LOG: 'warn' } });
  await expect.poll(async () => {
    try { return (await fetch(`${BASE}/healthz`)).status; } catch { return 0; }
  }, { timeout: 60_000 }).toBe(200);
  // Beside the running server, as an operator would.
  for (const [name, role] of [['li.wei', 'moderator'], ['zhang.bian', 'editor']]) {
    execFileSync(BINARY, ['user', 'add', name, '--role', role, '--data-dir', data],
      { env: { ...process.env, DIFANG_PASSWORD: PASSWORD }, stdio: 'ignore' });
    sessions[name] = await sessionOf(name);
  }
});

test.afterAll(async () => {
  const s = server;
  if (s && s.exitCode === null) await new Promise<void>((resolve) => { s.once('exit', () => resolve()); s.kill('SIGTERM'); });
  fs.rmSync(work, { recursive: true, force: true });
});

async function noSeriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
}

async function logIn(page: Page, password = PASSWORD) {
  await page.getByLabel('用户名').fill('li.wei');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Opens the desk at `path` as `name` (a session made in beforeAll). */
async function desk(page: Page, at = '/desk', name = 'li.wei') {
  await page.context().addCookies([{ name: 'difang_desk', value: sessions[name], url: BASE }]);
  await page.goto(at);
  await expect(page.getByRole('navigation', { name: /编辑台导航|Desk navigation/ })).toBeVisible();
}

/** Posts a reader's comment (held for moderation here); returns its id. */
async function post(text: string, parent?: number): Promise<number> {
  const res = await fetch(`${BASE}/api/v1/articles/${SEED.id}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `desk-e2e-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    body: JSON.stringify({ author: '读者', text, parent_id: parent ?? null }),
  });
  expect(res.status).toBe(201);
  return (await res.json()).id;
}

/** A moderator's approval through the desk's API (for tests about what comes after it). */
async function approve(id: number) {
  const cookie = `difang_desk=${sessions['li.wei']}`;
  const me = await (await fetch(`${BASE}/api/v1/desk/session`, { headers: { cookie } })).json();
  const res = await fetch(`${BASE}/api/v1/desk/comments/${id}/approve`, { method: 'POST', headers: { cookie, 'x-csrf-token': me.csrf } });
  expect(res.status).toBe(200);
}

/** The reader's view of comment `id` (a tombstone or not) with its replies opened. */
async function withReplies(thread: import('@playwright/test').Locator, id: number) {
  const item = thread.locator(`[data-comment-id="${id}"]`);
  await item.getByTestId('comment-toggle').first().click();
  return item;
}

/** The reader's article page, with its comments drawn. */
async function reader(page: Page): Promise<import('@playwright/test').Locator> {
  const r = await page.context().browser()!.newPage();
  await r.goto(`${BASE}/a/${SEED.id}#comments`);
  const thread = r.locator('section[data-widget="comments"]');
  await expect(thread).toBeVisible();
  return thread;
}

const card = (page: Page, id: number) => page.locator(`article[data-comment="${id}"]`);

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the login form works; the desk then says it needs JavaScript', async ({ page }, testInfo) => {
    await page.goto('/desk');
    await expect(page).toHaveURL(/\/desk\/login$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('编辑台');
    await logIn(page, '错误的密码-000');
    await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
    await expect(page.getByLabel('用户名')).toHaveValue('li.wei');
    await page.screenshot({ path: testInfo.outputPath('login.png') });
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/desk$/);
    // Playwright's text and role queries skip <noscript>; its content is what this page shows.
    expect(await page.content()).toContain('编辑台需要 JavaScript');
    await page.screenshot({ path: testInfo.outputPath('desk-no-js.png') });
  });
});

test('every desk screen, in both languages, has no serious a11y violations', async ({ page }, testInfo) => {
  await page.goto('/desk/login');
  await noSeriousViolations(page);
  await page.goto('/desk/login?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await noSeriousViolations(page);
  await post(`待审核的评论 ${Date.now()}`);
  // The English form opens the English desk.
  await page.getByLabel('Username').fill('li.wei');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/desk\?lang=en$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const nav = page.getByRole('navigation', { name: 'Desk navigation' });
  for (const [link, heading] of [['Pending', 'Pending'], ['Reports', 'Reports'], ['Articles', 'Articles'], ['Audit log', 'Audit log']]) {
    await nav.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(heading);
    await expect(page.locator('.desk-loading')).toHaveCount(0);
    await noSeriousViolations(page);
  }
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  for (const [link, at] of [['待审核', '/desk'], ['举报', '/desk/reports'], ['文章', '/desk/articles'], ['审计日志', '/desk/audit']]) {
    await page.getByRole('navigation', { name: '编辑台导航' }).getByRole('link', { name: link }).click();
    await expect(page).toHaveURL(new RegExp(`${at}$`));
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(link);
    await expect(page.locator('.desk-loading')).toHaveCount(0);
    await noSeriousViolations(page);
    await page.screenshot({ path: testInfo.outputPath(`${at.slice(1).replace('/', '-')}.png`), fullPage: true });
  }
});

test('approve, reject and approve-and-reply from the queue, by button and by keyboard', async ({ page }) => {
  const stamp = Date.now();
  const first = await post(`请审核一 ${stamp}`);
  const second = await post(`请审核二 ${stamp}`);
  const third = await post(`请审核三 ${stamp}`);
  await desk(page);
  // Oldest first; the front's count is the queue's length.
  await expect(card(page, third)).toBeVisible();
  const ids = await page.locator('[data-testid="queue"] article').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-comment'))));
  const pending = ids.length;
  await expect(page.locator('[data-count="pending"]')).toHaveText(String(pending));
  expect(ids.indexOf(first)).toBeLessThan(ids.indexOf(second));
  expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(third));

  await card(page, first).getByRole('button', { name: '通过', exact: true }).click();
  await expect(card(page, first)).toHaveCount(0);
  await expect(page.getByTestId('desk-outcome')).toHaveText(`已完成：通过 #${first}`);
  await expect(page.locator('[data-count="pending"]')).toHaveText(String(pending - 1));

  // The keyboard: j down to the second, x rejects it; then r opens the reply on the third.
  const index = ids.filter((id) => id !== first).indexOf(second);
  for (let i = 0; i < index; i++) await page.keyboard.press('j');
  await expect(card(page, second)).toBeFocused();
  await page.keyboard.press('x');
  await expect(card(page, second)).toHaveCount(0);
  await expect(page.getByTestId('desk-outcome')).toHaveText(`已完成：拒绝 #${second}`);
  // Back to the top (k stops at the first), then down to the third.
  for (let i = 0; i < pending; i++) await page.keyboard.press('k');
  const thirdIndex = await page.locator('[data-testid="queue"] article').evaluateAll((els, id) => els.findIndex((e) => Number(e.getAttribute('data-comment')) === id), third);
  for (let i = 0; i < thirdIndex; i++) await page.keyboard.press('j');
  await page.keyboard.press('r');
  const reply = card(page, third).getByLabel('编辑部回复');
  await expect(reply).toBeFocused();
  // Typing in the field is not a shortcut.
  await reply.fill('谢谢关注，已转交相关部门。');
  await reply.press('x');
  await expect(card(page, third)).toBeVisible();
  await card(page, third).getByRole('button', { name: '发送回复并通过' }).click();
  await expect(card(page, third)).toHaveCount(0);

  const thread = await reader(page);
  await expect(thread.getByTestId('comment').filter({ hasText: `请审核一 ${stamp}` })).toBeVisible();
  await expect(thread.getByTestId('comment').filter({ hasText: `请审核三 ${stamp}` })).toBeVisible();
  await expect(thread.getByText(`请审核二 ${stamp}`)).toHaveCount(0);
  // The desk's reply is a reply under the third (readers open replies themselves).
  const replies = await (await fetch(`${BASE}/api/v1/articles/${SEED.id}/comments?parent=${third}`)).json();
  expect(replies.items.map((c: { author: string; text: string }) => [c.author, c.text])).toEqual([['编辑部', '谢谢关注，已转交相关部门。x']]);
});

test('a reported comment hidden, restored and removed: readers see each on the next request', async ({ page }) => {
  const text = `被举报的评论 ${Date.now()}`;
  const id = await post(text);
  await approve(id);
  const replyText = `对被举报评论的回复 ${Date.now()}`;
  const replyId = await post(replyText, id);
  await approve(replyId);
  const reported = await fetch(`${BASE}/api/v1/comments/${id}/report`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: '广告' }),
  });
  expect(reported.status).toBe(202);

  await desk(page, '/desk/reports');
  await expect(card(page, id).locator('[data-count="reports"]')).toHaveText('1');
  await expect(card(page, id).getByText('广告')).toBeVisible();
  await card(page, id).getByRole('button', { name: '隐藏', exact: true }).click();
  await expect(card(page, id)).toHaveCount(0);

  let thread = await reader(page);
  await expect(thread.getByText(text)).toHaveCount(0);
  let item = await withReplies(thread, id);
  await expect(item.getByTestId('comment-body').first()).toHaveText('该评论已被删除');
  await expect(item.getByText(replyText)).toBeVisible();
  await thread.page().close();

  // Articles → its comments: restore, then remove (two presses: it cannot be undone).
  await page.getByRole('navigation', { name: '编辑台导航' }).getByRole('link', { name: '文章' }).click();
  const article = page.locator(`section[data-article="${SEED.id}"]`);
  await article.getByRole('button', { name: '查看评论' }).click();
  await expect(card(page, id).getByText('已隐藏')).toBeVisible();
  await card(page, id).getByRole('button', { name: '恢复' }).click();
  await expect(card(page, id).getByRole('button', { name: '隐藏', exact: true })).toBeVisible();
  thread = await reader(page);
  await expect(thread.getByText(text)).toBeVisible();
  await thread.page().close();

  await card(page, id).getByRole('button', { name: '删除', exact: true }).click();
  await card(page, id).getByRole('button', { name: '确认删除（不可恢复）' }).click();
  await expect(card(page, id)).toHaveCount(0);
  thread = await reader(page);
  await expect(thread.getByText(text)).toHaveCount(0);
  item = await withReplies(thread, id);
  await expect(item.getByTestId('comment-body').first()).toHaveText('该评论已被删除');
  await expect(item.getByText(replyText)).toBeVisible();
  await thread.page().close();

  // Each action is in the audit log, with who did it.
  await page.getByRole('navigation', { name: '编辑台导航' }).getByRole('link', { name: '审计日志' }).click();
  for (const action of ['hide', 'restore', 'remove']) {
    await expect(page.locator(`[data-testid="audit"] [data-action="${action}"]`).first()).toBeVisible();
  }
});

test('an editor only looks, and closes and opens an article\'s comments', async ({ page }) => {
  await post(`编辑看得到 ${Date.now()}`);
  await desk(page, '/desk', 'zhang.bian');
  await expect(page.getByText('编辑账号只能查看')).toBeVisible();
  await expect(page.locator('[data-testid="queue"] article').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '通过', exact: true })).toHaveCount(0);

  await page.getByRole('navigation', { name: '编辑台导航' }).getByRole('link', { name: '文章' }).click();
  const article = page.locator(`section[data-article="${SEED.id}"]`);
  await article.getByRole('button', { name: '关闭评论' }).click();
  await expect(article.getByText('评论已关闭')).toBeVisible();
  let thread = await reader(page);
  await expect(thread.getByText('评论已关闭')).toBeVisible();
  await expect(thread.getByTestId('comment-form')).toHaveCount(0);
  await thread.page().close();

  await article.getByRole('button', { name: '开放评论' }).click();
  await expect(article.getByText('评论开放中')).toBeVisible();
  thread = await reader(page);
  await expect(thread.getByTestId('comment-form')).toBeVisible();
  await thread.page().close();
});

test('an editor follows a story live from the desk: a reader with the page open sees each update', async ({ page }) => {
  const ID = 1004;
  const reader = await page.context().newPage();
  await reader.goto(`${BASE}/a/${ID}`);
  await expect(reader.getByTestId('article-title')).toBeVisible();
  await expect(reader.getByTestId('live')).toHaveCount(0);

  await desk(page, '/desk/articles', 'zhang.bian');
  const article = page.locator(`section[data-article="${ID}"]`);
  await article.getByRole('button', { name: '开始直播' }).click();
  await expect(article.getByTestId('desk-live')).toHaveText('直播中');
  // A post that fails keeps its text.
  await page.route('**/api/v1/desk/articles/*/live', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"busy"}}' }), { times: 1 });
  await article.getByTestId('desk-live-text').fill('现场：北街小巷整治开工');
  await article.getByRole('button', { name: '发布动态' }).click();
  await expect(page.getByTestId('desk-outcome')).toContainText('busy');
  await expect(article.getByTestId('desk-live-text')).toHaveValue('现场：北街小巷整治开工');
  await article.getByRole('button', { name: '发布动态' }).click();
  await expect(article.getByTestId('desk-live-text')).toHaveValue('');

  // The reader's page was drawn before the article went live: a reload shows the box with the update.
  await reader.reload();
  await expect(reader.getByTestId('live-update')).toHaveCount(1);
  await expect(reader.getByTestId('live-update').first()).toContainText('现场：北街小巷整治开工');
  await article.getByTestId('desk-live-text').fill('进展：第一段路面已铺好');
  await article.getByRole('button', { name: '发布动态' }).click();
  await expect(reader.getByTestId('live-pill')).toHaveText('1 条新动态', { timeout: 2000 });
  await reader.getByTestId('live-pill').click();
  await expect(reader.getByTestId('live-update').first()).toContainText('进展：第一段路面已铺好');

  await article.getByRole('button', { name: '结束直播' }).click();
  await expect(reader.getByTestId('live-ended')).toBeVisible();
  await page.getByRole('navigation', { name: '编辑台导航' }).getByRole('link', { name: '审计日志' }).click();
  await expect(page.getByText('live_post').first()).toBeVisible();
  await reader.close();
});

test('a session that ends mid-use leads back to the login form; logging out ends it', async ({ page }) => {
  const id = await post(`会话结束前 ${Date.now()}`);
  await page.goto('/desk/login');
  await logIn(page);
  await expect(page).toHaveURL(/\/desk$/);
  await expect(card(page, id)).toBeVisible();
  // The session is gone (expired, or ended elsewhere): the next action says so and links to the form.
  const cookies = await page.context().cookies();
  await page.context().clearCookies();
  await card(page, id).getByRole('button', { name: '通过', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('登录已过期或已退出。');
  await page.getByRole('link', { name: '重新登录' }).click();
  await expect(page).toHaveURL(/\/desk\/login$/);
  await page.context().addCookies(cookies);
  await page.goto('/desk');
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/desk\/login$/);
  await page.goto('/desk');
  await expect(page).toHaveURL(/\/desk\/login$/);
});
