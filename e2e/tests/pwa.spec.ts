// Issue 11: install and read offline. Chromium with persistent profiles (a fresh Playwright context is
// incognito: not installable, and its storage is gone on close) against a server of this file's own
// (E2E_PORT + 4; + 3 is embeds.spec.ts's partner page), which the tests stop to be really offline and
// restart on another build to deploy an update. Builds: A is dist/ as built; B is A with a marked
// index.html, none of A's wasm chunks (as if they had new names) and its own sw.js from
// scripts/service-worker.mjs.
import { test, expect, chromium, BrowserContext, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEED } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 18765) + 4;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = path.resolve(__dirname, '..', '..');
const CHUNK = /^(chunk_\d+|split_\w+)-[0-9a-f]{12,16}\.wasm$/;
const MARK_B = '<!-- build B -->';

let work: string;
let distA: string;
let distB: string;
let server: ChildProcess | undefined;
let dataDir: string;

function copyDist(to: string) {
  fs.mkdirSync(to, { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), to, { recursive: true, filter: (f) => !/\.(br|gz)$/.test(f) });
}

async function startServer(dist: string) {
  server = spawn(path.join(ROOT, 'target/debug/difang-server'), ['serve', '--bind', `127.0.0.1:${PORT}`,
    '--data-dir', dataDir, '--dist-dir', dist, '--content-dir', path.join(ROOT, 'content'), '--rate-limit', '1000'],
  { stdio: 'ignore', env: { ...process.env, RUST_LOG: 'warn' } });
  await expect.poll(async () => {
    try { return (await fetch(`${BASE}/healthz`)).status; } catch { return 0; }
  }, { timeout: 30000 }).toBe(200);
}

async function stopServer() {
  const s = server;
  server = undefined;
  if (!s || s.exitCode !== null) return;
  await new Promise<void>((resolve) => { s.once('exit', () => resolve()); s.kill('SIGTERM'); });
}

async function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 390, height: 844 },
    baseURL: BASE,
    // The config blocks workers for the other journeys, and the test runner applies it here too.
    serviceWorkers: 'allow',
  });
}

function profileDir() {
  return fs.mkdtempSync(path.join(work, 'profile-'));
}

/** Opens `path` and waits until the service worker controls the page and has finished installing. */
async function openControlled(context: BrowserContext, url: string): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url);
  await expect.poll(() => page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return !!navigator.serviceWorker.controller && reg?.active?.state === 'activated';
  }), { timeout: 20000, message: 'the worker controls the page' }).toBe(true);
  return page;
}

async function cachedUrls(page: Page, cache: string): Promise<string[]> {
  return page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), cache);
}

/** The name of the worker's page cache for a build: the SHA-256 of its index.html, as the server sends it. */
function pagesCache(dist: string): string {
  return `difang-pages-${crypto.createHash('sha256').update(fs.readFileSync(path.join(dist, 'index.html'))).digest('hex').slice(0, 32)}`;
}

/** The `date` of the page the worker keeps for `url` (null when none is kept). */
async function keptDate(page: Page, cache: string, url: string): Promise<string | null> {
  return page.evaluate(async ([name, u]) => {
    const kept = await (await caches.open(name)).match(new URL(u, location.origin).href);
    return kept ? kept.headers.get('date') : null;
  }, [cache, url]);
}

/** Waits until the server's clock has passed `date` (an HTTP date, whole seconds): a page it sends from
 * now on has a later date than one sent at `date`. */
async function serverPast(date: string) {
  await expect.poll(async () => Date.parse((await fetch(`${BASE}/healthz`)).headers.get('date')!), {
    timeout: 5000, message: `the server's clock passes ${date}`,
  }).toBeGreaterThan(Date.parse(date));
}

/** Resolves after the page's next two animation frames: effects and the redraws they cause are done. */
async function frames(page: Page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function goOffline(context: BrowserContext) {
  await stopServer();
  await context.setOffline(true);
}

async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
}

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'difang-pwa-'));
  distA = path.join(work, 'distA');
  distB = path.join(work, 'distB');
  copyDist(distA);
  copyDist(distB);
  for (const f of fs.readdirSync(distB)) if (CHUNK.test(f)) fs.rmSync(path.join(distB, f));
  const index = path.join(distB, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('</head>', `${MARK_B}</head>`));
  fs.rmSync(path.join(distB, 'sw.js'));
  execFileSync('node', [path.join(ROOT, 'scripts/service-worker.mjs')], {
    env: { ...process.env, TRUNK_STAGING_DIR: distB, TRUNK_SOURCE_DIR: ROOT }, stdio: 'ignore',
  });
});

test.beforeEach(async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one profile size is enough: the worker is the same');
  dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  await startServer(distA);
});

test.afterEach(async () => {
  await stopServer();
});

test.afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('installable: no installability errors, the manifest as the issue lists it, the worker controls the page', async () => {
  const context = await launch(profileDir());
  try {
    // Nothing read yet: no install entry, even once the browser offers installing. The offer
    // (beforeinstallprompt) is counted by a listener added before the page's own, so once it is counted
    // the app (or index.html's early keeper, which the app reads at start) has had it too.
    await context.addInitScript(() => {
      (window as any).__offers = 0;
      addEventListener('beforeinstallprompt', () => { (window as any).__offers += 1; });
    });
    const page = await openControlled(context, '/');
    await expect(page.getByTestId('article-list').first()).toBeVisible();
    await page.locator('html[data-app="live"]').waitFor({ state: 'attached' });
    await expect.poll(() => page.evaluate(() => (window as any).__offers), { timeout: 20000, message: 'the browser offers installing' })
      .toBeGreaterThan(0);
    await frames(page);
    await expect(page.getByTestId('install')).toHaveCount(0);
    await context.addInitScript(() => {
      (window as any).__shift = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries() as any[]) (window as any).__shift += e.value; })
        .observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`/a/${SEED.id}`);
    await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
    // Read something: the header offers the browser's prompt (beforeinstallprompt was kept), and its
    // entry moves nothing on the page.
    await expect(page.getByTestId('install')).toBeVisible();
    expect(await page.evaluate(() => (window as any).__shift)).toBe(0);
    // At 320 px the header still holds the name and every control on one row (44 px targets).
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.locator('.header-row').evaluate((e) => e.getBoundingClientRect().height)).toBe(52);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);

    const res = await page.request.get('/manifest.webmanifest');
    expect(res.headers()['content-type']).toBe('application/manifest+json');
    const m = await res.json();
    expect(m.name).toBe('地方网');
    expect(m.short_name).toBeTruthy();
    expect(m.description).toBeTruthy();
    expect(m.lang).toBe('zh-CN');
    expect(m.start_url).toMatch(/^\/\?source=/);
    expect(m.scope).toBe('/');
    expect(m.display).toBe('standalone');
    expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const icons = m.icons.map((i: any) => `${i.sizes} ${i.purpose}`);
    expect(icons).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    expect(m.screenshots.map((s: any) => s.form_factor).sort()).toEqual(['narrow', 'wide']);
    for (const s of [...m.icons, ...m.screenshots]) {
      const r = await page.request.get(s.src);
      expect(r.status(), s.src).toBe(200);
      expect(r.headers()['content-type'], s.src).toBe('image/png');
    }
    // Shortcuts to the channels of the demo content, each a page that exists.
    const channels = m.shortcuts.map((s: any) => s.url).filter((u: string) => u.startsWith('/c/'));
    expect(channels.length).toBeGreaterThanOrEqual(3);
    for (const s of m.shortcuts) expect((await page.request.get(s.url)).status(), s.url).toBe(200);

    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${BASE}/sw.js`);
    // Pages go to the network first: their request starts while the worker does (navigation preload).
    expect(await page.evaluate(async () => (await (await navigator.serviceWorker.ready).navigationPreload.getState()).enabled)).toBe(true);
    // The shell is precached; no file of it is missing.
    const precached = await page.evaluate(async () => {
      const names = await caches.keys();
      const pre = names.find((n) => n.startsWith('workbox-precache'));
      return pre ? (await (await caches.open(pre)).keys()).map((r) => new URL(r.url).pathname) : [];
    });
    const html = fs.readFileSync(path.join(distA, 'index.html'), 'utf8');
    const shell = [...html.matchAll(/["']\/([\w.-]+\.(?:js|wasm|css))["']/g)].map((x) => `/${x[1]}`);
    expect(shell.length).toBeGreaterThanOrEqual(4);
    for (const f of [...shell, '/index.html', '/icons/icon-192.png']) expect(precached, f).toContain(f);
  } finally {
    await context.close();
  }
});

test('the worker is registered once the app has taken over the server\'s page, not while it does', async () => {
  // Installing it (its script, every precached file) competes with the takeover for a phone's cores.
  const context = await launch(profileDir());
  try {
    await context.addInitScript(() => {
      const calls: string[] = [];
      (window as any).__registered = calls;
      const c = navigator.serviceWorker;
      const register = c.register.bind(c);
      c.register = (url: string | URL, options?: RegistrationOptions) => {
        calls.push(document.documentElement.dataset.app ?? 'not live');
        return register(url, options);
      };
    });
    const page = await openControlled(context, `/a/${SEED.id}`);
    expect(await page.evaluate(() => (window as any).__registered)).toEqual(['live']);
  } finally {
    await context.close();
  }
});

test('the desk, feeds and sitemaps are not the worker\'s: they go to the server, and offline they fail rather than show the reader\'s shell', async () => {
  const context = await launch(profileDir());
  try {
    const page = await openControlled(context, `/a/${SEED.id}`);
    const desk = await page.goto('/desk');
    await expect(page).toHaveURL(/\/desk\/login$/);
    expect(desk!.fromServiceWorker()).toBe(false);
    // (/rss.xml online, the others offline: a feed read online may come back from the HTTP cache.)
    const feed = await page.goto('/rss.xml');
    expect(feed!.fromServiceWorker()).toBe(false);
    await goOffline(context);
    // A page each: after a failed navigation a page shows Chromium's error page, and the next goto on it
    // can be reported as interrupted by that instead of failing on its own.
    for (const at of ['/desk', '/feed.xml', '/sitemap.xml', '/robots.txt']) {
      const tab = await context.newPage();
      await expect(tab.goto(at), at).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
      await tab.close();
    }
  } finally {
    await context.close();
  }
});

test('a read article reloads offline with its images; an unread one says it is not saved (axe clean)', async () => {
  const context = await launch(profileDir());
  // An article with an image in its body (the seed article has none).
  const read = { id: 1002, title: '新场地 新起点 新希望——雁江区残疾人康复中心·中医院康复站在城东新区启用' };
  try {
    const page = await openControlled(context, `/a/${read.id}`);
    await expect(page.getByTestId('article-title')).toHaveText(read.title);
    // The worker has the article; the page fetched its images (below the fold too) into the worker's cache.
    const bodyImages = page.locator('[data-testid="article-body"] img');
    await expect(bodyImages.first()).toBeAttached();
    const images = await bodyImages.evaluateAll((els) => els.map((e) => new URL((e as HTMLImageElement).src).pathname));
    expect(images).toContain('/media/rehab-training.svg');
    await expect.poll(() => cachedUrls(page, 'difang-articles')).toContain(`/api/v1/articles/${read.id}`);
    await expect.poll(() => cachedUrls(page, 'difang-images')).toEqual(expect.arrayContaining(images));

    // The page itself is kept too (the app asked: it was read before the worker took control).
    await expect.poll(() => cachedUrls(page, pagesCache(distA))).toContain(`/a/${read.id}`);

    await goOffline(context);
    const reloaded = await page.reload();
    // The server's page as it was kept (its first screen and answers), not the bare shell.
    expect(reloaded!.fromServiceWorker()).toBe(true);
    expect(await reloaded!.text()).toContain('id="difang-answers"');
    await expect(page.getByTestId('article-title')).toHaveText(read.title);
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await expect(bodyImages).toHaveCount(images.length);
    for (const img of await bodyImages.all()) {
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    }
    await axeClean(page);

    await page.goto('/a/1003');
    const notice = page.getByTestId('offline-unavailable');
    await expect(notice).toBeVisible();
    await expect(notice.getByRole('heading', { level: 1 })).toBeVisible();
    // What can be read instead: the article read before.
    await expect(notice.getByRole('link', { name: read.title })).toBeVisible();
    await axeClean(page);
    await notice.getByRole('link', { name: read.title }).click();
    await expect(page.getByTestId('article-title')).toHaveText(read.title);
  } finally {
    await context.close();
  }
});

test('a read article\'s page is kept: a repeat visit is answered from it at once and it is refreshed behind; lists and reloads go to the network; a gone page is dropped; a language change drops them all', async () => {
  const context = await launch(profileDir());
  const cache = pagesCache(distA);
  const article = `/a/${SEED.id}`;
  try {
    const page = await openControlled(context, article);
    // Read before the worker took control: kept because the app asked (KEEP_PAGES).
    await expect.poll(() => keptDate(page, cache, article)).not.toBeNull();
    const first = (await keptDate(page, cache, article))!;
    // Dates have whole seconds: once the server's clock has passed this one, a page fetched has a later one.
    await serverPast(first);

    // The repeat visit gets the kept page (its date), drawn by the server, without waiting for the network…
    const repeat = await page.goto(article);
    expect(repeat!.fromServiceWorker()).toBe(true);
    expect(repeat!.headers()['date']).toBe(first);
    expect(await repeat!.text()).toContain('id="difang-answers"');
    await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
    // …and the page fetched meanwhile replaces it.
    await expect.poll(() => keptDate(page, cache, article)).not.toBe(first);
    const second = (await keptDate(page, cache, article))!;

    // A reload asks the network first.
    await serverPast(second);
    const reloaded = await page.reload();
    expect(reloaded!.headers()['date']).not.toBe(second);
    await expect(page.getByTestId('article-title')).toHaveText(SEED.title);

    // A list is kept (for offline) but fetched first: its headlines must be today's.
    const list = '/c/ziyang-news';
    await page.goto(list);
    await expect.poll(() => keptDate(page, cache, list)).not.toBeNull();
    const kept = (await keptDate(page, cache, list))!;
    await serverPast(kept);
    const again = await page.goto(list);
    expect(again!.headers()['date']).not.toBe(kept);
    await expect(page.getByTestId('article-list').first()).toBeVisible();

    // A kept article that is gone from the server is answered once more (the worker cannot know before
    // it asks), then dropped: the next visit gets the server's 404.
    const gone = '/a/999999';
    await page.evaluate(async ([name, url]) => {
      const headers = { 'content-type': 'text/html', date: new Date().toUTCString(), 'x-difang-build': name.slice('difang-pages-'.length) };
      await (await caches.open(name)).put(new URL(url, location.origin).href, new Response('<!doctype html><h1>kept copy</h1>', { headers }));
    }, [cache, gone]);
    const once = await page.goto(gone);
    expect(await once!.text()).toContain('kept copy');
    await expect.poll(() => keptDate(page, cache, gone)).toBeNull();
    const after = await page.goto(gone);
    expect(after!.status()).toBe(404);

    // Kept pages are drawn in the reader's language: choosing another one drops them.
    const keptPages = () => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('difang-pages-')));
    expect(await cachedUrls(page, cache)).toEqual(expect.arrayContaining([article, list]));
    await page.locator('html[data-app="live"]').waitFor({ state: 'attached' });
    await page.getByTestId('lang-toggle').click();
    await expect.poll(keptPages).toEqual([]);
  } finally {
    await context.close();
  }
});

test('a saved article survives a browser restart and reads offline; /saved lists it (axe clean)', async () => {
  const profile = profileDir();
  let context = await launch(profile);
  const id = 1002;
  let title = '';
  try {
    const page = await openControlled(context, `/a/${id}`);
    title = (await page.getByTestId('article-title').textContent()) ?? '';
    const save = page.getByTestId('save-offline');
    await expect(save).toHaveText('离线保存');
    await save.click();
    await expect(save).toHaveAttribute('data-saved', 'true');
    await expect(save).toHaveText('取消离线保存');
    expect(await cachedUrls(page, 'difang-saved')).toContain(`/api/v1/articles/${id}`);
    // Only the saved copy is left: the recent-articles cache is emptied, as if 50 others had pushed it out.
    await page.evaluate(() => caches.delete('difang-articles'));
  } finally {
    await context.close();
  }
  await stopServer();
  context = await launch(profile);
  try {
    await context.setOffline(true);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`/a/${id}`);
    await expect(page.getByTestId('article-title')).toHaveText(title);
    await expect(page.getByTestId('save-offline')).toHaveAttribute('data-saved', 'true');
    await page.goto('/saved');
    const saved = page.getByTestId('saved-list');
    await expect(saved.getByRole('link', { name: title })).toBeVisible();
    await expect(page.getByTestId('recent-list').getByRole('link', { name: title })).toBeVisible();
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await axeClean(page);
    // Removed: gone from the list and from the cache.
    await saved.getByTestId('offline-remove').click();
    await expect(saved.getByRole('link', { name: title })).toHaveCount(0);
    await expect.poll(() => cachedUrls(page, 'difang-saved')).not.toContain(`/api/v1/articles/${id}`);
  } finally {
    await context.close();
  }
});

test('a comment posted offline shows 待发送 and arrives once, after the app was closed and opened online', async () => {
  const profile = profileDir();
  const text = `离线评论 ${Date.now()}`;
  let context = await launch(profile);
  try {
    const page = await openControlled(context, `/a/${SEED.id}#comments`);
    const form = page.getByTestId('comment-form').first();
    await expect(form).toBeVisible({ timeout: 20000 });
    await context.setOffline(true);
    await form.getByTestId('comment-author').fill('离线读者');
    await form.getByTestId('comment-text').fill(text);
    await form.getByTestId('comment-submit').click();
    const item = page.locator('li[data-status="queued"]', { hasText: text });
    await expect(item).toBeVisible();
    await expect(item).toContainText('待发送');
    // Nothing reached the server.
    const before = await (await fetch(`${BASE}/api/v1/articles/${SEED.id}/comments?limit=50`)).json();
    expect(before.items.filter((c: any) => c.text === text)).toHaveLength(0);
  } finally {
    await context.close();
  }
  context = await launch(profile);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`/a/${SEED.id}#comments`);
    const count = async () => {
      const list = await (await fetch(`${BASE}/api/v1/articles/${SEED.id}/comments?limit=50`)).json();
      return list.items.filter((c: any) => c.text === text).length;
    };
    await expect.poll(count, { timeout: 15000 }).toBe(1);
    // Shown once, as published (the queued row took the server's comment).
    await expect(page.locator('li[data-status="published"]', { hasText: text })).toHaveCount(1);
    await expect(page.locator('li', { hasText: text })).toHaveCount(1);
    expect(await page.evaluate(() => localStorage.getItem('difang.outbox'))).toBe('[]');
    // Another start and an `online` event send nothing more. The app decides in the effects the event
    // wakes (is anything queued?) and, if so, starts with a fetch (the outbox's code, or the post):
    // every fetch the page starts from the event until two frames later is recorded.
    await page.reload();
    await page.locator('html[data-app="live"]').waitFor({ state: 'attached' });
    const fetched = await page.evaluate(async () => {
      const calls: string[] = [];
      const original = window.fetch;
      window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
        const request = input instanceof Request ? input : null;
        calls.push(`${init?.method ?? request?.method ?? 'GET'} ${request ? request.url : String(input)}`);
        return original.call(this, input, init);
      };
      try {
        window.dispatchEvent(new Event('online'));
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      } finally {
        window.fetch = original;
      }
      return calls;
    });
    // (Other parts of the page load meanwhile: what sending would start is the post, or the outbox's code.)
    expect(fetched.filter((c) => c.startsWith('POST') || /\/split_offline-/.test(c))).toEqual([]);
    expect(await page.evaluate(() => localStorage.getItem('difang.outbox'))).toBe('[]');
    expect(await count()).toBe(1);
  } finally {
    await context.close();
  }
});

test('an update from build A to B: 有新版本, no reload under a draft, then B runs; A\'s lazy parts still load', async () => {
  const context = await launch(profileDir());
  try {
    const page = await openControlled(context, `/a/${SEED.id}`);
    await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
    const chunksA = fs.readdirSync(distA).filter((f) => CHUNK.test(f)).map((f) => `/${f}`);
    // Version A put its chunks in the chunk cache when it installed.
    expect((await cachedUrls(page, 'difang-chunks')).sort()).toEqual(chunksA.sort());
    // and keeps the page read.
    await expect.poll(() => cachedUrls(page, pagesCache(distA))).toContain(`/a/${SEED.id}`);

    // Deploy B: A's chunks are gone from the server.
    await stopServer();
    await startServer(distB);
    const channelChunk = chunksA.find((c) => c.startsWith('/split_channel-'))!;
    expect((await page.request.get(channelChunk)).status()).toBe(404);

    // A page of A opens a part it had not loaded yet: its chunk comes from the cache.
    await page.evaluate(() => { (window as any).__pageA = true; });
    await page.getByTestId('channel-bar').getByRole('link').first().click();
    await expect(page.getByTestId('article-list').first()).toBeVisible();
    await expect(page.getByTestId('error')).toHaveCount(0);

    // The browser finds B; the reader is told.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByTestId('update-toast');
    await expect(prompt).toBeVisible({ timeout: 20000 });
    await expect(prompt).toContainText('有新版本');

    // An unsent comment draft keeps the page: the waiting version is not told to take over (the
    // reload follows that message), and the click that would send it shows the toast instead.
    await page.evaluate(() => {
      const sent: unknown[] = [];
      (window as any).__toWorker = sent;
      const post = ServiceWorker.prototype.postMessage;
      ServiceWorker.prototype.postMessage = function (this: ServiceWorker, ...args: any[]) {
        sent.push(args[0]?.type ?? args[0]);
        return (post as any).apply(this, args);
      };
    });
    await page.evaluate(() => localStorage.setItem('difang.draft.1001', JSON.stringify({ author: 'a', text: '还没发送' })));
    await prompt.getByTestId('update-reload').click();
    await expect(page.getByTestId('toast')).toContainText('评论草稿还没有发送');
    expect(await page.evaluate(() => (window as any).__toWorker)).not.toContain('SKIP_WAITING');
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);
    expect(await page.evaluate(() => (window as any).__pageA)).toBe(true);

    await page.evaluate(() => localStorage.removeItem('difang.draft.1001'));
    await Promise.all([page.waitForEvent('load'), prompt.getByTestId('update-reload').click()]);
    await expect.poll(() => page.evaluate(() => (window as any).__pageA ?? false)).toBe(false);
    // B runs: its shell is the precached one, A's precache entries are gone, nothing waits.
    await expect.poll(() => page.evaluate(async () => {
      const shell = await caches.match('/index.html', { ignoreSearch: true });
      return shell ? (await shell.text()).includes('<!-- build B -->') : false;
    })).toBe(true);
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
    await expect(page.getByTestId('update-toast')).toHaveCount(0);
    // A's pages name A's files, which B's precache does not hold: they went when B activated.
    expect(pagesCache(distB)).not.toBe(pagesCache(distA));
    expect(await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('difang-pages-')))).not.toContain(pagesCache(distA));
  } finally {
    await context.close();
  }
});

test('iOS Safari gets a short how-to instead of an install prompt', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'a phone');
  const context = await browser.newContext({
    baseURL: BASE,
    viewport: { width: 390, height: 844 },
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  });
  try {
    const page = await context.newPage();
    await page.goto(`/a/${SEED.id}`);
    await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
    const install = page.getByTestId('install');
    await expect(install).toHaveAttribute('aria-expanded', 'false');
    await install.click();
    await expect(page.getByTestId('install-howto')).toContainText('添加到主屏幕');
    await expect(install).toHaveAttribute('aria-expanded', 'true');
    await axeClean(page);
  } finally {
    await context.close();
  }
});
