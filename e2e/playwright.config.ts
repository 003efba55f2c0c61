// Playwright config: reader journeys at a phone and a desktop size against the real server and release build.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 18765);
/** A second real server with pre-moderation on and the default rate limit (5 posts a minute). */
export const moderatedPort = port + 1;
/** A third real server on a generated corpus of 2,400 articles (e2e/serve-corpus.sh), for paging. */
export const corpusPort = port + 2;
/** A partner's site on another origin (e2e/partner/server.mjs): http://127.0.0.1:partnerPort is in the
 *  main server's --embed-origins, http://localhost:partnerPort is not. */
export const partnerPort = port + 3;
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    trace: 'off',
    // The service worker would answer requests page.route() never sees and serve lists stale-while-
    // revalidate; the journeys test the network path. e2e/tests/pwa.spec.ts runs its own profiles with it.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'phone',
      use: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    },
    {
      name: 'desktop',
      use: { viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: [
    {
      command: `bash ./serve.sh ${port} --rate-limit 1000 --embed-origins http://127.0.0.1:${partnerPort}`,
      url: `http://127.0.0.1:${port}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `bash ./serve.sh ${moderatedPort} --moderation --rate-limit 5`,
      url: `http://127.0.0.1:${moderatedPort}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `node ./partner/server.mjs ${partnerPort} http://127.0.0.1:${port} http://127.0.0.1:${moderatedPort}`,
      url: `http://127.0.0.1:${partnerPort}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `bash ./serve-corpus.sh ${corpusPort}`,
      url: `http://127.0.0.1:${corpusPort}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
