// Issue 23: Difang in front of a real WordPress (Debian's, started by scripts/wordpress.sh for this file on
// E2E_PORT + 6, seeded with the demo articles under their own ids, post 9001 in core blocks and 9002 with
// hostile HTML) and a Difang server of this file's own on E2E_PORT + 5 following it every 2 s. A reader
// reads the posts; an editor edits, unpublishes and trashes them in WordPress and the reader's pages follow.
import { expect, chromium, BrowserContext, Page } from '@playwright/test';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEED, appLive, expectSeedArticle, failOnPageErrors, test } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 18765) + 5;
const WP_PORT = PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(__dirname, '..', '..');
const WORDPRESS = path.join(ROOT, 'scripts', 'wordpress.sh');
/** The sync interval of this file's server, and the most an edit may take to show: one interval and 5 s. */
const INTERVAL_S = 2;
const FOLLOW_MS = (INTERVAL_S + 5) * 1000;

let work: string;
let wpDir: string;
let server: ChildProcess | undefined;

/** An editor's action in WordPress (scripts/wordpress.sh wp); its last line of output. */
function wp(...args: string[]): string {
  const out = execFileSync(WORDPRESS, ['wp', wpDir, ...args], { encoding: 'utf8' });
  return out.trim().split('\n').pop() ?? '';
}

async function status(url: string): Promise<number> {
  return (await fetch(`${BASE}${url}`)).status;
}

test.use({ baseURL: BASE });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'difang-wp-e2e-'));
  wpDir = path.join(work, 'wp');
  execFileSync(WORDPRESS, ['start', wpDir, String(WP_PORT)], { stdio: 'ignore' });
  execFileSync(WORDPRESS, ['seed', wpDir], { stdio: 'ignore' });
  server = spawn(path.join(ROOT, 'target/debug/difang-server'), ['serve', '--bind', `127.0.0.1:${PORT}`,
    '--data-dir', path.join(work, 'data'), '--dist-dir', path.join(ROOT, 'dist'),
    '--content-dir', path.join(ROOT, 'content'), '--rate-limit', '1000',
    '--wordpress', `http://127.0.0.1:${WP_PORT}`, '--sync-interval', String(INTERVAL_S)],
  { stdio: 'ignore', env: { ...process.env, RUST_LOG: 'warn' } });
  await expect.poll(async () => {
    try { return (await fetch(`${BASE}/healthz`)).status; } catch { return 0; }
  }, { timeout: 60_000 }).toBe(200);
});

test.afterAll(async () => {
  const s = server;
  if (s && s.exitCode === null) await new Promise<void>((resolve) => { s.once('exit', () => resolve()); s.kill('SIGTERM'); });
  if (wpDir) execFileSync(WORDPRESS, ['stop', wpDir], { stdio: 'ignore' });
  fs.rmSync(work, { recursive: true, force: true });
});

test('the seed article, core blocks and hostile HTML come from WordPress as pages a reader can read safely', async ({ page }) => {
  const errors = failOnPageErrors(page);
  const violations: string[] = [];
  await page.exposeFunction('difangCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { difangCspViolation: (v: string) => void }).difangCspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  await expect(page.getByTestId('article-author')).toContainText('资阳日报编辑');
  await expect(page.locator('.breadcrumb')).toContainText('资阳新闻');

  // Core blocks as data: a table, a gallery of WordPress's own images, a video that waits for a tap,
  // a YouTube embed as a link card, never a frame.
  await page.goto('/a/9001');
  const body = page.getByTestId('article-body');
  await expect(body.locator('table thead th')).toHaveCount(3);
  await expect(body.locator('.gallery li img')).toHaveCount(3);
  await expect(body.locator('.gallery li img').first()).toHaveAttribute('src', new RegExp(`^http://127\\.0\\.0\\.1:${WP_PORT}/`));
  await expect(body.locator('video')).toHaveAttribute('preload', 'none');
  await expect(body.locator('a.embed-card')).toHaveAttribute('href', /youtube\.com/);
  await expect(page.locator('iframe')).toHaveCount(0);
  // The gallery's images load under the CSP (WordPress's origin is in img-src).
  await body.locator('.gallery').scrollIntoViewIfNeeded();
  await expect.poll(() => body.locator('.gallery li img').first().evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);

  // Hostile HTML: its text is there, nothing of it runs.
  await page.goto('/a/9002');
  await expect(page.getByTestId('article-body')).toContainText('最后一段:普通文字,必须保留。');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('article-body').locator('script, iframe, object, svg, form, style')).toHaveCount(0);
  expect(errors).toEqual([]);
  expect(violations).toEqual([]);
});

test('an edit, an unpublish and a trash in WordPress reach the reader within an interval', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one reader is enough: the server does the following');
  const id = wp('create', 'lezhi-news', '乐至新闻:同步测试', '<p>第一段。</p><h2>小标题</h2><p>第二段。</p>');
  await expect.poll(() => status(`/api/v1/articles/${id}`), { timeout: FOLLOW_MS }).toBe(200);
  await page.goto('/c/lezhi-news');
  await expect(page.locator(`a[href="/a/${id}"]`).first()).toBeVisible();
  await page.goto(`/a/${id}`);
  await expect(page.getByTestId('article-title')).toHaveText('乐至新闻:同步测试');

  wp('edit', id, 'title=乐至新闻:改过的标题');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('article-title')).toHaveText('乐至新闻:改过的标题', { timeout: 500 });
  }).toPass({ timeout: FOLLOW_MS });

  // Unpublished: the page says it was withdrawn (410), for a reader who had it open too.
  wp('unpublish', id);
  await expect.poll(() => status(`/a/${id}`), { timeout: FOLLOW_MS }).toBe(410);
  const res = await page.reload();
  expect(res?.status()).toBe(410);
  await expect(page.getByTestId('not-found')).toHaveAttribute('data-gone', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('文章已撤下');

  // Published again, then trashed: gone from its channel's list.
  wp('publish', id);
  await expect.poll(() => status(`/api/v1/articles/${id}`), { timeout: FOLLOW_MS }).toBe(200);
  wp('trash', id);
  await expect.poll(() => status(`/api/v1/articles/${id}`), { timeout: FOLLOW_MS }).toBe(410);
  await page.goto('/c/lezhi-news');
  await expect(page.locator('main')).toContainText('乐至');
  await expect(page.locator(`a[href="/a/${id}"]`)).toHaveCount(0);
});

async function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    baseURL: BASE,
    serviceWorkers: 'allow',
  });
}

async function cached(page: Page, prefix: string, url: string): Promise<boolean> {
  return page.evaluate(async ([p, u]) => {
    for (const name of await caches.keys()) {
      if (name.startsWith(p) && await (await caches.open(name)).match(new URL(u, location.origin).href, { ignoreVary: true })) return true;
    }
    return false;
  }, [prefix, url]);
}

test('a withdrawn article leaves the service worker\'s caches', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the worker is the same at every size');
  const id = wp('create', 'lezhi-news', '乐至新闻:离线测试', '<p>离线也能读的正文。</p>');
  await expect.poll(() => status(`/api/v1/articles/${id}`), { timeout: FOLLOW_MS }).toBe(200);
  const context = await launch(fs.mkdtempSync(path.join(work, 'profile-')));
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await expect.poll(() => page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return !!navigator.serviceWorker.controller && reg?.active?.state === 'activated';
    }), { timeout: 20_000 }).toBe(true);
    // Read in the app (its JSON through the worker: a followed link, once the app runs the page) and
    // opened as a page (kept by the worker).
    await page.goto(`/c/lezhi-news`);
    await appLive(page);
    await page.locator(`a[href="/a/${id}"]`).first().click();
    await expect(page.getByTestId('article-title')).toHaveText('乐至新闻:离线测试');
    await page.goto(`/a/${id}`);
    await expect.poll(() => cached(page, 'difang-articles', `/api/v1/articles/${id}`)).toBe(true);
    await expect.poll(() => cached(page, 'difang-pages-', `/a/${id}`)).toBe(true);

    wp('trash', id);
    await expect.poll(() => status(`/a/${id}`), { timeout: FOLLOW_MS }).toBe(410);
    // The next visit is answered from the kept page once more while the worker hears the 410 behind it;
    // then both kept copies are gone, and the page is the withdrawn one.
    await page.goto(`/a/${id}`);
    await expect.poll(() => cached(page, 'difang-pages-', `/a/${id}`)).toBe(false);
    await expect.poll(() => cached(page, 'difang-articles', `/api/v1/articles/${id}`)).toBe(false);
    const again = await page.goto(`/a/${id}`);
    expect(again?.status()).toBe(410);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('文章已撤下');
  } finally {
    await context.close();
  }
});
