// Bench (issue 27): does the hydration variant (dist-hydrate/, `scripts/build.sh --hydrate`) hydrate the
// server's pages, so that the figures measured of it are those of a working app? Per page, a cold load:
// the app goes live with no page error and no console error; then, on the article, the theme button
// answers and a followed link draws the next page without a reload (the hydrated app runs the page).
// Prints what failed; exits 0 either way (a bench, not a test: the variant is not shipped).
import { chromium } from 'playwright-core';

const [base] = process.argv.slice(2);
const PAGES = ['/a/1001', '/c/ziyang-news', '/', '/search?q=资阳'];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const results = [];
for (const path of PAGES) {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message.split('\n')[0]));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text().split('\n')[0].slice(0, 160)));
  await page.goto(base + path);
  // Live, or dead: a failed hydration panics, and the page then never goes live.
  const live = await Promise.race([
    // A page that neither goes live nor panics within Playwright's timeout counts as failed, not as a crash of the bench.
    page.locator('html[data-app="live"]').waitFor({ state: 'attached' }).then(() => true, () => false),
    new Promise((resolve) => page.once('pageerror', () => resolve(false))),
  ]);
  let works = '';
  if (live && path === '/a/1001') {
    const theme = await page.getAttribute('html', 'data-theme');
    await page.click('[data-testid="theme-toggle"]');
    await page.waitForFunction((t) => document.documentElement.getAttribute('data-theme') !== t, theme);
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.click('[data-testid="channel-bar"] a[href="/c/anyue-news"]');
    await page.waitForFunction(() => location.pathname === '/c/anyue-news' && document.querySelector('h1')?.textContent.includes('安岳'));
    works = (await page.evaluate(() => window.__sameDocument === true)) ? '; theme and client navigation work' : '; navigation reloaded';
  }
  results.push(`${path.padEnd(16)} ${live && errors.length === 0 ? 'hydrated' : 'FAILED'}${works}${errors.length ? ': ' + errors.join(' | ') : ''}`);
  await page.close();
}
await browser.close();
console.log('== hydration variant: pages hydrated without error (cold loads, 390x844) ==');
for (const r of results) console.log(r);
