// Bench: the main thread's tasks after the first paint, while the article and a channel page load and
// the app takes over, from a Chrome trace, in CPU time (a task's thread time, not its wall time).
// Lighthouse's TBT multiplies each task's wall time by 4 (its simulated phone CPU), so on a busy machine
// every task stretches and TBT swings with the machine; a task's CPU time barely moves with it. Prints,
// per page (median of N cold loads): the longest task, the tasks over 12.5 ms (which 4x makes longer
// than 50 ms), the blocking those would give (sum of 4 x CPU - 50 ms: Lighthouse's formula on CPU time)
// and the total CPU time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
if (runs < 1) process.exit(0);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'loading', '__metadata'];

/** One cold load of `url` (fresh profile): the CPU times (ms) of the page's main-thread tasks, in order. */
async function taskTimes(url) {
  const profile = mkdtempSync(join(tmpdir(), 'difang-tasks-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox'],
    viewport: { width: 412, height: 823 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
    await page.goto(url);
    await page.locator('html[data-app="live"]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    // Work the app queued right after the swap (lazy parts near the fold, focus) has run by now.
    await page.waitForTimeout(500);
    await cdp.send('Tracing.end');
    await complete;
    // The page's main thread: where its document was parsed.
    const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === url);
    if (!parse) throw new Error(`no ParseHTML for ${url} in the trace`);
    // As TBT: the tasks after the first contentful paint (the app's takeover comes after it).
    const fcp = events.find((e) => e.name === 'firstContentfulPaint' && e.pid === parse.pid);
    if (!fcp) throw new Error(`no first contentful paint for ${url} in the trace`);
    const tasks = events
      .filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X'
        && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    // A task event may sit inside another (two names for one task): keep the outer ones only.
    const outer = [];
    for (const t of tasks) {
      const last = outer[outer.length - 1];
      if (!last || t.ts >= last.ts + last.dur) outer.push(t);
    }
    return outer.filter((t) => t.ts >= fcp.ts).map((t) => (t.tdur ?? t.dur) / 1000);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

console.log(`== Main-thread tasks while the page loads and the app takes over (CPU time, ${runs} cold loads each, medians) ==`);
console.log('page                   longest ms  tasks>12.5ms  blocking(4x) ms  total CPU ms');
for (const path of ['/a/1001', '/c/ziyang-news']) {
  const m = { longest: [], over: [], blocking: [], total: [] };
  for (let i = 0; i < runs; i++) {
    const t = await taskTimes(base + path);
    m.longest.push(Math.max(...t));
    m.over.push(t.filter((x) => x > 12.5).length);
    m.blocking.push(t.reduce((s, x) => s + Math.max(0, 4 * x - 50), 0));
    m.total.push(t.reduce((s, x) => s + x, 0));
  }
  console.log(`${path.padEnd(22)} ${median(m.longest).toFixed(1).padStart(10)} ${String(median(m.over)).padStart(13)} ` +
    `${median(m.blocking).toFixed(0).padStart(16)} ${median(m.total).toFixed(0).padStart(13)}`);
}
