// Issue 9: the size guard on the article route's first download (document, JS, wasm, CSS and its API
// answers, compressed, headers included), until the app runs the page. Since issue 10 the API answers
// come inside the document (the server's first screen), and the article is on screen with the document
// and its stylesheets alone: the second test guards that. The goal is 160 KB; with leptos_router, leptos_meta and gloo-net
// (kept, as issue 9 asks) it measured 188,717 B on 2026-12-01 (137,439 B with the hand-written router,
// head tags and fetch). Issue 11's offline layer brought it to 203,007 B: what must run on the first
// visit of the article route (registering the service worker and noticing a new version, the online
// state, keeping the install prompt, recording the article for offline reading, the 离线保存 button) is
// in the main module; the rest of it (banner, update prompt, saving, the outbox, the offline notice,
// /saved) is a chunk, and later visits take the shell from the worker's precache.
// The guard held it there, 3 % over, so that the test command fails when a change makes it heavier;
// lower GUARD as the route gets lighter. Raised from 209,000 to 211,000 on 2026-12-02: the takeover of
// the server's page drawn in short tasks (src/staged.rs and its stage points, about 2.3 KB) was 208,007 B
// → about 210,300 B, bought a longest takeover task of about 15 ms of CPU instead of one of about 75 ms
// (Lighthouse's TBT, which is issue 10's goal). Raised to 214,000 the same day: 212,608 B with the
// header's install entry drawn from the main module instead of the offline chunk (which came in 15 files,
// whose requests made the longest task of an article's takeover in Chromium, which offers installing on
// most article visits), the service worker registered once the app is shown and idle, and the channel
// list's rows drawn a few per task: Lighthouse TBT on /a/1001 went from a median of 271 ms to under 40
// ms. Raised to 222,000 on 2026-12-03: 220,818 B with the blocks a CMS brings (tables, galleries,
// videos, embeds as link cards: their views and their decoding, about 5 KB of the wasm), the article's
// writer, tags and update time, and the view beacon the page now sends (640 B on the wire, counted here:
// views are no longer counted by the article's GET, so a page a CDN or the service worker keeps still
// counts). Raised to 226,000 on 2026-12-04 (UTC): 225,424 B with search (issue 26): the header's search
// box, a GET form on every page, costs 2.2 KB (the main module's first <form> and <input>: 1.3 KB, the
// submit handler that makes it an in-app navigation: 0.9 KB; measured by removing each), and the
// /search route in the table with its chunk's loader 1.2 KB; the search page itself is a chunk. Raised to
// 227,500 the same day: 226,585 B with the tag and author pages (two routes in the table, the links from
// the article's tags and writer; the pages are in the channel's chunk) and the seed article's tags in
// its document. Down to 224,122 B on 2026-12-04 with the comment and list components split and every
// listener on browser::listen. Raised to 232,000 the same day: 231,538 B without the rewrite of
// wasm-bindgen's generated JS (issue 27 item 5: scripts/split-wasm.mjs only runs tools now): the names on
// the wasm/JS boundary keep wasm-bindgen's hashes (wasm +4.1 KB, glue +3.3 KB brotli); stripping the
// producers and target-features sections won back 0.2 KB. Raised to 232,500 on 2026-12-05: 232,068 B
// with the API answers' store a value in context instead of a thread-local (issue 27 item 1: one store
// per page in the browser, one per render on the server): wasm +371 B brotli (the context lookup, the
// store's lock). Raised to 233,500 on 2026-12-06: 233,074 B with the search page's results on Leptos's
// own Resource under Suspense (issue 27 item 1, step 2's first page): the main module +656 B brotli
// (what the search chunk shares with it; the chunk itself, not in this route, 26,100 -> 41,533 B).
// 233,196 B with the tag and author pages on it too (the loader takes the server's inlined failures).
// Raised to 244,500 on 2026-12-06: 243,897 B with every page and part on Resource under Suspense (issue
// 27 item 1): the article page and the site, in the main module, bring Leptos's resource and suspense
// code into it (main wasm 204,975 -> 215,556 B brotli, with every resource holding the one type
// api::Body so that code is compiled once; one type per response made it 216,907 B), while all the
// app's wasm went down 384,116 -> 375,053 B (the chunks no longer each carry it).
// Figures for the record: scripts/bench.sh.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { SEED } from './helpers';

const GOAL = 160_000;
const GUARD = 244_500;

test('the article route downloads no more than its guard until the app runs it', async ({ page, context, viewport }) => {
  test.skip((viewport?.width ?? 0) > 500, 'measured at the phone size');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const bytes = new Map<string, number>();
  const urls = new Map<string, string>();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  await page.goto(`/a/${SEED.id}`, { waitUntil: 'networkidle' });
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  await expect(page.locator('html')).toHaveAttribute('data-app', 'live');
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const list = [...bytes.entries()].map(([id, b]) => `${b}\t${urls.get(id)}`).join('\n');
  console.log(`article route first download: ${total} B (goal ${GOAL} B, guard ${GUARD} B)\n${list}`);
  expect(total, list).toBeLessThanOrEqual(GUARD);
});

/** What the article's first paint waits for: the document (with the first screen) and its stylesheets. */
// Measured 12,271 B on 2026-12-01 (document 6,911 B with the first screen and its answers, CSS 5,360 B).
const FIRST_PAINT_GUARD = 16_000;

test('the article is drawn from the document and its stylesheets alone, within their guard', async ({ page, context, viewport }) => {
  test.skip((viewport?.width ?? 0) > 500, 'measured at the phone size');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const kinds = new Map<string, string>();
  const bytes = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, `${e.type} ${e.response.url}`));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  // Without the wasm the article is already there: nothing else is needed to read it.
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.goto(`/a/${SEED.id}`, { waitUntil: 'domcontentloaded' });
  await page.waitForLoadState('load');
  await expect(page.getByTestId('article-title')).toHaveText(SEED.title);
  await expect(page.getByTestId('article-body')).toContainText(SEED.headings[3]);
  const needed = [...bytes.entries()].filter(([id]) => /^(Document|Stylesheet) /.test(kinds.get(id) ?? ''));
  const total = needed.reduce((a, [, b]) => a + b, 0);
  const list = needed.map(([id, b]) => `${b}\t${kinds.get(id)}`).join('\n');
  console.log(`article first paint needs: ${total} B (guard ${FIRST_PAINT_GUARD} B)\n${list}`);
  expect(needed.length, list).toBe(3);
  expect(total, list).toBeLessThanOrEqual(FIRST_PAINT_GUARD);
});
