// Issue 9: the size guard on the article route's first download (document, JS, wasm, CSS and its API
// answers, compressed, headers included). The goal is 160 KB; with leptos_router, leptos_meta and gloo-net
// (kept, as issue 9 asks) it measured 188,717 B on 2026-12-01 (137,439 B with the hand-written router,
// head tags and fetch). Issue 11's offline layer brought it to 203,007 B: what must run on the first
// visit of the article route (registering the service worker and noticing a new version, the online
// state, keeping the install prompt, recording the article for offline reading, the 离线保存 button) is
// in the main module; the rest of it (banner, update prompt, install entry, saving, the outbox, the
// offline notice, /saved) is a chunk, and later visits take the shell from the worker's precache.
// The guard holds it there, 3 % over, so that the test command fails when a change makes it heavier;
// lower GUARD as the route gets lighter. Figures for the record: scripts/bench.sh.
import { test, expect } from '@playwright/test';
import { SEED } from './helpers';

const GOAL = 160_000;
const GUARD = 209_000;

test('the article route downloads no more than its guard before it is drawn', async ({ page, context, viewport }) => {
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
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const list = [...bytes.entries()].map(([id, b]) => `${b}\t${urls.get(id)}`).join('\n');
  console.log(`article route first download: ${total} B (goal ${GOAL} B, guard ${GUARD} B)\n${list}`);
  expect(total, list).toBeLessThanOrEqual(GUARD);
});
