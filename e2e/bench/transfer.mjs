// Bench: bytes actually transferred (compressed, headers included) to show the article route on a phone.
import { chromium } from 'playwright-core';

const base = process.argv[2];
// The last row scrolls the article to its end, so the parts below the fold (src/lazy.rs) load too.
const routes = [['article', '/a/1001'], ['channel', '/c/ziyang-news'], ['home', '/'], ['article, scrolled to the end', '/a/1001', true]];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
console.log('== initial transfer per route, 390x844, cold cache (bytes on the wire) ==');
for (const [name, path, scroll] of routes) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const types = new Map();
  const byType = {};
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, classify(e.response.url, e.type)));
  cdp.on('Network.loadingFinished', (e) => {
    const t = types.get(e.requestId) ?? 'other';
    byType[t] = (byType[t] ?? 0) + e.encodedDataLength;
  });
  const start = Date.now();
  await page.goto(base + path, { waitUntil: 'networkidle' });
  const ms = Date.now() - start;
  if (scroll) {
    for (let i = 0; i < 40; i++) {
      const pending = await page.evaluate(() => {
        const p = [...document.querySelectorAll('.part:not([data-state="ready"])')];
        if (p.length) p[0].scrollIntoView(); else window.scrollTo(0, document.body.scrollHeight);
        return p.length;
      });
      await page.waitForLoadState('networkidle');
      if (pending === 0) break;
    }
  }
  const total = Object.values(byType).reduce((a, b) => a + b, 0);
  const shell = ['document', 'wasm', 'js', 'css'].reduce((a, t) => a + (byType[t] ?? 0), 0);
  const parts = Object.entries(byType).sort().map(([t, b]) => `${t} ${b}`).join(', ');
  console.log(`${name.padEnd(8)}${scroll ? '' : ' initial'} total ${total} B (${(total / 1024).toFixed(1)} KiB); app shell ${shell} B; ${parts}; loaded to network idle in ${ms} ms (loopback)`);
  await context.close();
}
await browser.close();

function classify(url, type) {
  const p = new URL(url).pathname;
  if (p.startsWith('/api/')) return 'api';
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js')) return 'js';
  if (p.endsWith('.css')) return 'css';
  if (type === 'Document') return 'document';
  if (type === 'Image') return 'image';
  return 'other';
}
