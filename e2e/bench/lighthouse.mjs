// Bench: Lighthouse (mobile preset) medians for the article and a channel page, each next to a static
// copy of the same DOM (the page as the app left it, scripts removed) measured in the same run: how far
// the real page is from the best a page with this content could do. Prints issue 10's goals.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, runsArg, distDir = 'dist'] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
if (runs < 1) process.exit(0);
const dir = mkdtempSync(join(tmpdir(), 'difang-lh-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The page's DOM once the app has drawn it, without scripts or preloads, as a file in dist/. */
async function staticCopy(path, name) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
  await page.goto(base + path);
  await page.locator('html[data-app="live"]').waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
  const html = await page.evaluate(() => {
    document.querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"]').forEach((e) => e.remove());
    return '<!DOCTYPE html>\n' + document.documentElement.outerHTML;
  });
  await browser.close();
  const file = `__bench-static-${name}.html`;
  writeFileSync(join(distDir, file), html);
  return `/${file}`;
}

/** Lighthouse's CPU benchmark of each run, printed with the figures. Simulated TBT is the observed
 *  main-thread time times 4, so it swings with how busy this shared machine is: the same build of /a/1001
 *  measured 1,002 ms in a run at benchmarkIndex 1,568 and a median of 288 ms over 5 runs at about 2,200.
 *  Compare TBT between runs of a similar index, over 5 runs or more. */
const benchmarks = [];

function lighthouse(url) {
  const m = { score: [], fcp: [], lcp: [], tbt: [], cls: [] };
  for (let i = 0; i < runs; i++) {
    const out = join(dir, `run${i}.json`);
    execFileSync('lighthouse', [url, '--quiet', '--only-categories=performance', '--output=json',
      `--output-path=${out}`, '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking'],
      { stdio: 'ignore', env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
    const r = JSON.parse(readFileSync(out, 'utf8'));
    m.score.push(r.categories.performance.score * 100);
    m.fcp.push(r.audits['first-contentful-paint'].numericValue);
    m.lcp.push(r.audits['largest-contentful-paint'].numericValue);
    m.tbt.push(r.audits['total-blocking-time'].numericValue);
    m.cls.push(r.audits['cumulative-layout-shift'].numericValue);
    benchmarks.push(r.environment.benchmarkIndex);
  }
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, median(v)]));
}

console.log(`== Lighthouse ${runs} runs each, mobile preset (simulated slow 4G, 4x CPU), medians ==`);
console.log('page                      score   FCP ms   LCP ms   TBT ms    CLS');
const row = (label, r) => console.log(`${label.padEnd(25)} ${r.score.toFixed(0).padStart(5)} ${r.fcp.toFixed(0).padStart(8)} ` +
  `${r.lcp.toFixed(0).padStart(8)} ${r.tbt.toFixed(0).padStart(8)} ${r.cls.toFixed(3).padStart(6)}`);
const copies = [];
try {
  for (const [path, name] of [['/a/1001', 'article'], ['/c/ziyang-news', 'channel']]) {
    const copy = await staticCopy(path, name);
    copies.push(copy);
    const real = lighthouse(base + path);
    const still = lighthouse(base + copy);
    row(path, real);
    row(`  same DOM, static`, still);
    const goals = [
      [`LCP ${real.lcp.toFixed(0)} ms <= 1200`, real.lcp <= 1200],
      [`LCP <= 1.35x static (${(real.lcp / still.lcp).toFixed(2)}x)`, real.lcp <= 1.35 * still.lcp],
      [`score ${real.score.toFixed(0)} >= 98`, real.score >= 98],
      [`TBT ${real.tbt.toFixed(0)} ms <= 100`, real.tbt <= 100],
      [`CLS ${real.cls.toFixed(3)} = 0`, real.cls === 0],
    ];
    console.log(`  goals: ${goals.map(([t, ok]) => `${ok ? 'met' : 'NOT met'}: ${t}`).join('; ')}`);
  }
  console.log(`machine: Lighthouse benchmarkIndex median ${median(benchmarks).toFixed(0)} ` +
    `(min ${Math.min(...benchmarks).toFixed(0)}): compare TBT only between runs of a similar index`);
} finally {
  for (const c of copies) rmSync(join(distDir, c.slice(1)), { force: true });
  rmSync(dir, { recursive: true, force: true });
}
