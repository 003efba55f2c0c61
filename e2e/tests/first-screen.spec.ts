// Issue 10: the server sends each page's first screen, drawn by the app's own views; the app takes it
// over with no visible change and no request for what it already has; without JavaScript the pages
// read and their links work; served as plain static files the app still draws every page itself.
import { expect, Page } from '@playwright/test';
import { test } from './helpers';
import { SEED, appLive, countApiRequests, expectSeedArticle, failOnPageErrors, servedAsStaticFiles } from './helpers';

/** Each page with the answers its first screen is drawn from (besides /api/v1/site): the server inlines
 * them, and the app must not ask for them again. */
const PAGES = [
  { path: `/a/${SEED.id}`, heading: SEED.title, data: [`/api/v1/articles/${SEED.id}`] },
  { path: `/c/${SEED.channel}`, heading: '资阳新闻', data: [`/api/v1/channels/${SEED.channel}/articles`] },
  // Each city's channels, three headlines each.
  { path: '/p/sichuan', heading: '四川', data: ['ziyang', 'anyue', 'lezhi', 'dazhou', 'nanchong'].map((c) => `/api/v1/channels/${c}-news/articles?limit=3`) },
  // The trends, the home city's channels (five headlines each) and the first channel of the other cities.
  { path: '/', heading: '地方网', data: [
    '/api/v1/widgets?kinds=hot-ranking,picture-highlights&limit=6',
    ...['ziyang', 'anyue', 'lezhi'].map((c) => `/api/v1/channels/${c}-news/articles?limit=5`),
    ...['dazhou', 'nanchong'].map((c) => `/api/v1/channels/${c}-news/articles?limit=3`),
  ] },
];

/** The URLs of the answers the server's page inlines for the app (`#difang-answers`). */
function inlinedAnswers(html: string): string[] {
  const script = html.match(/<script[^>]*id="difang-answers"[^>]*>([\s\S]*?)<\/script>/);
  expect(script, 'the page inlines its answers').not.toBeNull();
  return Object.keys(JSON.parse(script![1]).answers);
}

/** Records, every frame until the app is live, the headline's box and text and the header as shown
 * (innerText: only what is visible); and every layout shift. */
async function watchTakeover(page: Page) {
  await page.addInitScript(() => {
    const w = window as any;
    w.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as any[]) w.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    const look = () => {
      if (document.documentElement.dataset.app === 'live') return;
      const header = document.querySelector('header') as HTMLElement | null;
      if (header) w.__header = header.innerText;
      const h = document.querySelector('main h1');
      if (h) {
        const r = h.getBoundingClientRect();
        w.__server = { x: r.x, y: r.y, width: r.width, height: r.height, text: h.textContent, scrollY };
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}

for (const p of PAGES) {
  test(`${p.path} is drawn by the server and taken over with no change and no refetch`, async ({ page }) => {
    const errors = failOnPageErrors(page);
    const requests = countApiRequests(page);
    await watchTakeover(page);
    const res = await page.goto(p.path);
    const answers = inlinedAnswers(await res!.text());
    await appLive(page);
    await page.waitForLoadState('networkidle');
    const { server, now, shift } = await page.evaluate(() => {
      const h = document.querySelector('main h1')!;
      const r = h.getBoundingClientRect();
      const w = window as any;
      const header = (document.querySelector('header') as HTMLElement).innerText;
      return { server: { ...w.__server, header: w.__header }, now: { x: r.x, y: r.y, width: r.width, height: r.height, text: h.textContent, scrollY, header }, shift: w.__shift };
    });
    expect(server, 'the headline was on screen before the app ran').toBeTruthy();
    expect(now).toEqual(server);
    expect(now.text).toBe(p.heading);
    expect(shift).toBe(0);
    // Nothing the first screen was drawn from is asked for again.
    expect(answers).toEqual(expect.arrayContaining(['/api/v1/site', ...p.data]));
    for (const url of answers) expect(requests.get(url) ?? 0, url).toBe(0);
    expect(errors).toEqual([]);
  });
}

test("a reader's chosen language and theme are the server's page too: the takeover changes nothing in the header", async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto(`/a/${SEED.id}`);
  await appLive(page);
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('lang-toggle')).toHaveText('中文');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await watchTakeover(page);
  const res = await page.goto(`/a/${SEED.id}`);
  expect(await res!.text()).toContain('<html lang="en"');
  await appLive(page);
  const { before, after, shift } = await page.evaluate(() => ({
    before: (window as any).__header, after: (document.querySelector('header') as HTMLElement).innerText, shift: (window as any).__shift,
  }));
  expect(before, 'the header was on screen before the app ran').toBeTruthy();
  expect(after).toContain('中文');
  expect(after).toContain('☀');
  expect(after).not.toContain('☾');
  expect(before).toBe(after);
  expect(shift).toBe(0);
  expect(errors).toEqual([]);
});

test('the article reads before the wasm arrives, and the app keeps scroll and focus when it takes over', async ({ page }) => {
  const errors = failOnPageErrors(page);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.fallback();
  });
  await page.goto(`/a/${SEED.id}`, { waitUntil: 'domcontentloaded' });
  await expectSeedArticle(page);
  // The reader focuses a link and scrolls into the article while the app is still loading.
  const link = page.getByTestId('breadcrumb').getByRole('link', { name: '资阳市' });
  await link.focus();
  await page.evaluate(() => window.scrollTo(0, 700));
  const y = await page.evaluate(() => scrollY);
  expect(y).toBe(700);
  release();
  await appLive(page);
  // What moves a page after the takeover, done: the focus put back on the moved markup (in the frame
  // after the swap), and the parts the position wanted drawn (none still loading), then a frame more.
  await expect.poll(() => page.evaluate(() => {
    const a = document.activeElement as HTMLAnchorElement | null;
    return a && `${a.tagName} ${a.getAttribute('href')} ${a.textContent}`;
  })).toBe('A /p/ziyang 资阳市');
  await expect(page.locator('.part[data-state="loading"]')).toHaveCount(0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(await page.evaluate(() => scrollY)).toBe(700);
  await expect(page.locator('#difang-answers')).toHaveCount(0);
  // Now the app's: its controls work.
  await page.getByTestId('font-inc').click();
  await expect(page.locator('html')).toHaveAttribute('data-font', '2');
  expect(errors).toEqual([]);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('lists and the article read, and their links work', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('main h1')).toHaveText('地方网');
    await page.getByTestId('channel-bar').getByRole('link', { name: '资阳新闻' }).click();
    await expect(page).toHaveURL(new RegExp(`/c/${SEED.channel}$`));
    await expect(page.locator('main h1')).toHaveText('资阳新闻');
    // The whole first page of headlines, as the API has it.
    const first = await (await page.request.get(`/api/v1/channels/${SEED.channel}/articles`)).json();
    await expect(page.getByTestId('article-list').getByRole('listitem')).toHaveCount(first.items.length);
    await page.getByTestId('article-list').getByRole('link', { name: SEED.title }).first().click();
    await expect(page).toHaveURL(new RegExp(`/a/${SEED.id}$`));
    await expectSeedArticle(page);
    await page.getByTestId('breadcrumb').getByRole('link', { name: '四川' }).click();
    await expect(page.locator('main h1')).toHaveText('四川');
  });
});

test('served as plain static files, the app draws every page itself', async ({ page }) => {
  const errors = failOnPageErrors(page);
  const requests = countApiRequests(page);
  await servedAsStaticFiles(page);
  await page.goto(`/a/${SEED.id}`);
  await expectSeedArticle(page);
  await expect(page.locator('html')).toHaveAttribute('data-app', 'live');
  expect(requests.get(`/api/v1/articles/${SEED.id}`)).toBe(1);
  await page.getByTestId('breadcrumb').getByRole('link', { name: '资阳新闻' }).click();
  await expect(page.locator('main h1')).toHaveText('资阳新闻');
  expect(errors).toEqual([]);
});

test("the app's code is fetched only after the server's page has painted", async ({ page }) => {
  // Started with the page (Trunk's preloads), these downloads held its first paint back (issue 10).
  await page.goto(`/a/${SEED.id}`);
  const { fcp, code } = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    code: performance.getEntriesByType('resource')
      .map((e) => ({ file: new URL(e.name).pathname.replace(/-[0-9a-f]+(?=(_bg)?\.)/, ''), start: e.startTime }))
      .filter((e) => ['/difang_bg.wasm', '/difang.js', '/__wasm_split.js'].includes(e.file)),
  }));
  expect(fcp).not.toBeNull();
  expect([...new Set(code.map((c) => c.file))].sort()).toEqual(['/__wasm_split.js', '/difang.js', '/difang_bg.wasm']);
  for (const c of code) expect(c.start, c.file).toBeGreaterThan(fcp!);
});
