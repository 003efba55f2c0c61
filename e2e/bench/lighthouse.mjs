// Bench: Lighthouse (mobile preset) medians over several runs for the article route.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
if (runs < 1) process.exit(0);
const dir = mkdtempSync(join(tmpdir(), 'difang-lh-'));
const metrics = { score: [], fcp: [], lcp: [], tbt: [], cls: [], si: [] };
for (let i = 0; i < runs; i++) {
  const out = join(dir, `run${i}.json`);
  execFileSync('lighthouse', [`${base}/a/1001`, '--quiet', '--only-categories=performance', '--output=json',
    `--output-path=${out}`, '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking'],
    { stdio: 'ignore', env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
  const r = JSON.parse(readFileSync(out, 'utf8'));
  metrics.score.push(r.categories.performance.score * 100);
  metrics.fcp.push(r.audits['first-contentful-paint'].numericValue);
  metrics.lcp.push(r.audits['largest-contentful-paint'].numericValue);
  metrics.tbt.push(r.audits['total-blocking-time'].numericValue);
  metrics.cls.push(r.audits['cumulative-layout-shift'].numericValue);
  metrics.si.push(r.audits['speed-index'].numericValue);
}
rmSync(dir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`== Lighthouse ${runs} runs, mobile preset (simulated slow 4G, 4x CPU), /a/1001, medians ==`);
console.log(`performance ${median(metrics.score).toFixed(0)}; FCP ${median(metrics.fcp).toFixed(0)} ms; LCP ${median(metrics.lcp).toFixed(0)} ms; ` +
  `TBT ${median(metrics.tbt).toFixed(0)} ms; CLS ${median(metrics.cls).toFixed(3)}; Speed Index ${median(metrics.si).toFixed(0)} ms`);
