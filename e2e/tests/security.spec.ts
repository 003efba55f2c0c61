// Issue 10 (security headers): every route runs under the server's Content-Security-Policy without a
// single violation, the app's own scripts and wasm chunks included.
import { expect } from '@playwright/test';
import { test } from './helpers';
import { SEED, failOnPageErrors, loadAllParts } from './helpers';

const routes = ['/', `/c/${SEED.channel}`, `/a/${SEED.id}`, '/p/sichuan', '/p/ziyang', '/no/such/page'];

test('every route runs under the CSP with no violation', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  for (const path of routes) {
    const res = await page.goto(path);
    const csp = res!.headers()['content-security-policy'];
    expect(csp, path).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp, path).not.toContain('unsafe-inline');
    expect(res!.headers()['x-content-type-options'], path).toBe('nosniff');
    await expect(page.locator('main')).not.toBeEmpty();
    // Every part (and its wasm chunk) loads too, under the same policy.
    await loadAllParts(page);
    expect(await page.evaluate(() => (window as any).__violations), path).toEqual([]);
  }
  // Navigation in the app loads the other pages' chunks.
  await page.goto(`/a/${SEED.id}`);
  await page.getByTestId('breadcrumb').getByRole('link', { name: '资阳新闻' }).click();
  await expect(page.getByTestId('channel-tagline')).toBeVisible();
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(errors).toEqual([]);
});
