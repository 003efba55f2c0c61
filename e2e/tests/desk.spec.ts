// Issue 25: the desk's front door in a real browser, on a server of this file's own (E2E_PORT + 8, with
// pre-moderation) with a moderator account made by `difang-server user add`: the login form works without
// JavaScript, axe finds nothing serious on the desk's pages at 390 and 1280 px, and a moderator's
// approval reaches a reader on the next request.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The helpers' `test` waits for the app on every goto; the desk's pages are not the app.
import { SEED } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 18765) + 8;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(__dirname, '..', '..');
const BINARY = path.join(ROOT, 'target/debug/difang-server');
const PASSWORD = '资阳新闻编辑部-2026';

let work: string;
let server: ChildProcess | undefined;

test.use({ baseURL: BASE });

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
  execFileSync(BINARY, ['user', 'add', 'li.wei', '--role', 'moderator', '--data-dir', data],
    { env: { ...process.env, DIFANG_PASSWORD: PASSWORD }, stdio: 'ignore' });
});

test.afterAll(async () => {
  const s = server;
  if (s && s.exitCode === null) await new Promise<void>((resolve) => { s.once('exit', () => resolve()); s.kill('SIGTERM'); });
  fs.rmSync(work, { recursive: true, force: true });
});

async function noSeriousViolations(page: import('@playwright/test').Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
}

async function logIn(page: import('@playwright/test').Page, password = PASSWORD) {
  await page.getByLabel('用户名').fill('li.wei');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a moderator logs in with the form, sees the desk, and logs out', async ({ page }, testInfo) => {
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
    await expect(page.locator('main')).toContainText('li.wei');
    await page.screenshot({ path: testInfo.outputPath('desk.png') });
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page).toHaveURL(/\/desk\/login$/);
    await page.goto('/desk');
    await expect(page).toHaveURL(/\/desk\/login$/);
  });
});

// axe runs in the page, so these pages are checked with JavaScript on (they have no script of their own).
test('the login form (zh-CN and en) and the desk have no serious a11y violations', async ({ page }) => {
  await page.goto('/desk/login');
  await noSeriousViolations(page);
  await page.goto('/desk/login?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const label of ['Username', 'Password']) await expect(page.getByLabel(label)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await noSeriousViolations(page);
  await page.goto('/desk/login');
  await logIn(page);
  await expect(page).toHaveURL(/\/desk$/);
  await noSeriousViolations(page);
});

test('an approved comment reaches a reader on the next request', async ({ page, browser }) => {
  const text = `请审核 ${Date.now()}`;
  const posted = await fetch(`${BASE}/api/v1/articles/${SEED.id}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `desk-e2e-${Date.now()}` },
    body: JSON.stringify({ author: '读者', text }),
  });
  expect(posted.status).toBe(201);
  const { id } = await posted.json();

  await page.goto('/desk/login');
  await logIn(page);
  await expect(page).toHaveURL(/\/desk$/);
  // The desk's screens call its API with the session cookie and the CSRF token.
  const verdict = await page.evaluate(async (comment) => {
    const me = await (await fetch('/api/v1/desk/session')).json();
    const queue = await (await fetch('/api/v1/desk/queue')).json();
    const queued = queue.items.some((i: { id: number }) => i.id === comment);
    const res = await fetch(`/api/v1/desk/comments/${comment}/approve`, { method: 'POST', headers: { 'x-csrf-token': me.csrf } });
    return { queued, status: res.status };
  }, id);
  expect(verdict).toEqual({ queued: true, status: 200 });

  const reader = await browser.newPage();
  await reader.goto(`${BASE}/a/${SEED.id}#comments`);
  await expect(reader.locator('section[data-widget="comments"]').getByTestId('comment').filter({ hasText: text })).toBeVisible();
  await reader.close();
});
