// Issue 3: axe-core finds no serious or critical violation on home, channel, article and 404, light and dark.
import { expect } from '@playwright/test';
import { test } from './helpers';
import AxeBuilder from '@axe-core/playwright';
import { SEED, loadAllParts } from './helpers';

const pages: [string, string, string][] = [
  ['home', '/', 'article-list'],
  ['channel', `/c/${SEED.channel}`, 'article-list'],
  ['article', `/a/${SEED.id}`, 'article-title'],
  ['404', '/no/such/page', 'not-found'],
];

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, path, ready] of pages) {
    test(`${name} has no serious a11y violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      await expect(page.getByTestId(ready).first()).toBeVisible();
      if (name === 'article') await loadAllParts(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await page.waitForLoadState('networkidle');
      const result = await new AxeBuilder({ page }).analyze();
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
      await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
      await expect(page.locator('main')).toHaveCount(1);
    });
  }
}
