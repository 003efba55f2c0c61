// Issue 9: the size guard on the article route's first download (document, JS, wasm, CSS and its API
// answers, compressed, headers included). The goal is 160 KB; with leptos_router, leptos_meta and gloo-net
// (kept, as issue 9 asks) it measured 188,717 B on 2026-12-01 (137,439 B with the hand-written router,
// head tags and fetch). The guard holds it there, 3 % over, so that the test command fails when a change
// makes it heavier; lower GUARD as the route gets lighter. Figures for the record: scripts/bench.sh.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { SEED } from './helpers';

const GOAL = 160_000;
const GUARD = 195_000;

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
