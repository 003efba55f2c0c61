// Bench: partner embeds (issue 12). The loader's size, each widget's first download (bytes on the wire,
// cold cache, what its iframe fetches), and the time from the loader's script tag on a partner's page
// (another origin: a tiny server here on another port) to the widget's first paint with content.
//   node e2e/bench/embeds.mjs http://127.0.0.1:PORT [runs] [partner port]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';

const base = process.argv[2];
const runs = Number(process.argv[3] ?? 5);
const partnerPort = Number(process.argv[4] ?? 18798);
const br = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const loader = fs.readFileSync('dist/embed.js');
console.log('== partner embeds ==');
console.log(`loader /embed.js: ${loader.length} B raw, ${br(loader)} B brotli (goal ≤ 3072)`);

const widgets = [
  ['hot-ranking', '/embed/hot-ranking?channel=ziyang-news'],
  ['latest', '/embed/latest?channel=ziyang-news'],
  ['picture-highlights', '/embed/picture-highlights'],
  ['comments', '/embed/comments?article=1001'],
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
for (const [kind, path] of widgets) {
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
  await page.goto(base + path, { waitUntil: 'networkidle' });
  const total = Object.values(byType).reduce((a, b) => a + b, 0);
  const code = ['document', 'wasm', 'js', 'css'].reduce((a, t) => a + (byType[t] ?? 0), 0);
  const parts = Object.entries(byType).sort().map(([t, b]) => `${t} ${b}`).join(', ');
  console.log(`${kind.padEnd(19)} first download ${total} B (${(total / 1024).toFixed(1)} KiB; code ${(code / 1024).toFixed(1)} KiB): ${parts}`);
  await context.close();
}

// The partner's page: a mark right before the loader's script tag, the placeholder, the loader.
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>partner</title></head><body>
<div data-difang-widget="hot-ranking" data-channel="ziyang-news" style="min-height:446px"></div>
<script>window.__tag = performance.timeOrigin + performance.now();</script>
<script async src="${base}/embed.js"></script></body></html>`);
}).listen(partnerPort, '127.0.0.1');
await new Promise((r) => server.on('listening', r));
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true });
  // In the widget's frame: the first frame painted after its first link (content) appears.
  await context.addInitScript(() => {
    if (!location.pathname.startsWith('/embed/')) return;
    new MutationObserver((_, obs) => {
      if (!document.querySelector('main.embed a')) return;
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.timeOrigin + performance.now(); }));
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(`http://127.0.0.1:${partnerPort}/`);
  const frame = await (await page.waitForSelector('iframe')).contentFrame();
  await frame.waitForFunction(() => window.__painted, null, { timeout: 30_000 });
  const painted = await frame.evaluate(() => window.__painted);
  const tag = await page.evaluate(() => window.__tag);
  times.push(painted - tag);
  await context.close();
}
times.sort((a, b) => a - b);
console.log(`hot-ranking: loader script tag → widget's first paint with content, median of ${runs}: ${times[Math.floor(runs / 2)].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[runs - 1].toFixed(0)}; cold cache, loopback)`);
server.close();
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
