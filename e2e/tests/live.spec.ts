// Issue 26, item 4: a live article's updates reach every open page within 2 s (Server-Sent Events), behind
// a "N 条新动态" pill that adds them when pressed; removals and the end of the coverage follow; where the
// stream cannot be held, a poll takes over. On a server of this file's own (E2E_PORT + 9), published
// through the publishing API with a token made beside it, as an operator would.
import { expect, Page } from '@playwright/test';
import { test } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PORT = Number(process.env.E2E_PORT ?? 18765) + 9;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(__dirname, '..', '..');
const BINARY = path.join(ROOT, 'target/debug/difang-server');
const ID = 1003;
let server: ChildProcess | undefined;
let work = '';
let token = '';

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'difang-live-e2e-'));
  const data = path.join(work, 'data');
  server = spawn(BINARY, ['serve', '--bind', `127.0.0.1:${PORT}`, '--data-dir', data,
    '--dist-dir', path.join(ROOT, 'dist'), '--content-dir', path.join(ROOT, 'content'), '--rate-limit', '1000', '--metrics-allow', '127.0.0.1/32'],
  { stdio: 'ignore', env: { ...process.env, RUST_LOG: 'warn' } });
  await expect.poll(async () => {
    try { return (await fetch(`${BASE}/healthz`)).status; } catch { return 0; }
  }, { timeout: 60_000 }).toBe(200);
  token = execFileSync(BINARY, ['token', 'add', 'e2e-live', '--role', 'admin', '--data-dir', data], { encoding: 'utf8' })
    .split('\n')[0].trim();
});

test.afterAll(async () => {
  const s = server;
  if (s && s.exitCode === null) await new Promise<void>((resolve) => { s.once('exit', () => resolve()); s.kill('SIGTERM'); });
  fs.rmSync(work, { recursive: true, force: true });
});

async function admin(method: string, url: string, body: unknown) {
  const res = await fetch(`${BASE}/api/v1/admin/articles/${ID}/${url}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
}

async function openLive(page: Page) {
  await page.goto(`${BASE}/a/${ID}`);
  await expect(page.getByTestId('live')).toBeVisible();
}

test('an update reaches two open pages within 2 s, behind the pill; removal and the end follow', async ({ browser }) => {
  await admin('PUT', 'live', { live: true });
  await admin('POST', 'live', { text: '第一条：现场已开始' });
  const pages = [await (await browser.newContext()).newPage(), await (await browser.newContext()).newPage()];
  for (const p of pages) {
    await openLive(p);
    await expect(p.getByTestId('live-update')).toHaveCount(1);
  }
  // Both pages have their stream open before the post (the server counts them).
  await expect.poll(async () => {
    const metrics = await (await fetch(`${BASE}/metrics`)).text();
    return Number(/difang_live_streams (\d+)/.exec(metrics)?.[1] ?? 0);
  }).toBe(2);
  const posted = await admin('POST', 'live', { text: '第二条：水位回落' });
  for (const p of pages) {
    await expect(p.getByTestId('live-pill')).toHaveText('1 条新动态', { timeout: 2000 });
    // Nothing moved: the new update waits for the pill.
    await expect(p.getByTestId('live-update')).toHaveCount(1);
  }
  const [first, second] = pages;
  await first.getByTestId('live-pill').click();
  await expect(first.getByTestId('live-update').first()).toContainText('第二条：水位回落');
  await expect(first.getByTestId('live-pill')).toHaveCount(0);
  // Taken back by the newsroom: gone from the page that showed it and from the one where it waited.
  await fetch(`${BASE}/api/v1/admin/articles/${ID}/live/${posted.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
  await expect(first.getByTestId('live-update')).toHaveCount(1);
  await expect(second.getByTestId('live-pill')).toHaveCount(0);
  await admin('PUT', 'live', { live: false });
  for (const p of pages) await expect(p.getByTestId('live-ended')).toBeVisible();
  for (const p of pages) await p.context().close();
});

test('where the stream is refused, a poll brings the updates and the end', async ({ page, isMobile }) => {
  test.skip(isMobile, 'the fallback once is enough: it waits for polls');
  test.setTimeout(60_000);
  await admin('PUT', 'live', { live: true });
  await page.route('**/live/stream**', (route) => route.fulfill({ status: 503, body: '' }));
  await openLive(page);
  await admin('POST', 'live', { text: '第三条：轮询送达' });
  await expect(page.getByTestId('live-pill')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('live-pill').click();
  await expect(page.getByTestId('live-update').first()).toContainText('第三条：轮询送达');
  // The end comes by the poll too (and the poll stops there).
  await admin('PUT', 'live', { live: false });
  await expect(page.getByTestId('live-ended')).toBeVisible({ timeout: 20_000 });
});

test("a partner's comment widget shows the story's updates too, and follows them", async ({ page }) => {
  await admin('PUT', 'live', { live: true });
  await page.goto(`${BASE}/embed/comments?article=${ID}`, { waitUntil: 'domcontentloaded' });
  const live = page.getByTestId('live');
  await expect(live).toBeVisible();
  await expect(live.getByTestId('live-update').first()).toBeVisible();
  await expect.poll(async () => {
    const metrics = await (await fetch(`${BASE}/metrics`)).text();
    return Number(/difang_live_streams (\d+)/.exec(metrics)?.[1] ?? 0);
  }).toBeGreaterThan(0);
  await admin('POST', 'live', { text: '合作网站也看得到' });
  await expect(live.getByTestId('live-pill')).toHaveText('1 条新动态', { timeout: 2000 });
  // An article never followed live has no box in its widget.
  await page.goto(`${BASE}/embed/comments?article=1001`, { waitUntil: 'domcontentloaded' });
  await expect(page.locator('section.comments')).toBeVisible();
  await expect(page.getByTestId('live')).toBeHidden();
});

test('the live box has no serious a11y violations', async ({ page }) => {
  await admin('PUT', 'live', { live: true });
  await openLive(page);
  await expect(page.getByTestId('live-update').first()).toBeVisible();
  const result = await new AxeBuilder({ page }).include('[data-testid="live"]').analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
});
