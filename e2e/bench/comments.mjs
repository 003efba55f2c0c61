// Bench: rendering a 1,000-comment thread in headless Chromium (generated corpus, real server, release app).
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';

const [server, work] = process.argv.slice(2);
const port = 18798;
const corpus = `${work}/corpus`;
execFileSync(server, ['generate', '--articles', '200', '--comments-per-thread', '1000', '--threads', '1', '--out', corpus, '--seed', '7']);
const proc = spawn(server, ['serve', '--bind', `127.0.0.1:${port}`, '--data-dir', `${work}/bench-db`, '--dist-dir', 'dist',
  '--content-dir', corpus], { stdio: 'ignore' });
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  const meta = await (await fetch(`${base}/api/v1/articles/1/comments?limit=1`)).json();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 3 });
  await page.addInitScript(() => {
    window.__longTasks = 0;
    new PerformanceObserver((l) => { window.__longTasks += l.getEntries().length; }).observe({ type: 'longtask', buffered: true });
  });
  const t0 = Date.now();
  await page.goto(`${base}/a/1#comments`);
  const items = page.locator('section[data-widget="comments"] li[data-testid="comment"]');
  await items.first().waitFor();
  const first = Date.now() - t0;
  const pageTimes = [];
  const more = page.getByTestId('more-comments');
  const t1 = Date.now();
  while (await more.isVisible()) {
    const before = await items.count();
    const s = performance.now();
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('section[data-widget="comments"] li[data-testid="comment"]').length > n, before);
    pageTimes.push(performance.now() - s);
  }
  const all = Date.now() - t1;
  const shown = await items.count();
  const long = await page.evaluate(() => window.__longTasks);
  const median = (xs) => xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0;
  const head = pageTimes.slice(0, 5), tail = pageTimes.slice(-5);
  console.log('== 1,000-comment thread, 390x844, loopback ==');
  console.log(`thread: ${meta.total} top-level comments (1,000 with replies); first page visible ${first} ms after navigation`);
  console.log(`all ${shown} top-level comments shown after ${pageTimes.length} "more comments" pages in ${all} ms; ` +
    `per page median ${median(pageTimes).toFixed(0)} ms (first 5: ${median(head).toFixed(0)} ms, last 5: ${median(tail).toFixed(0)} ms); long tasks (>50 ms) during it all: ${long}`);
  await browser.close();
} finally {
  proc.kill('SIGTERM');
}
