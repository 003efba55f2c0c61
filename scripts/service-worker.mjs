// Trunk post_build hook, after scripts/split-wasm.mjs: writes the service worker (sw.js) with Workbox's
// generateSW (workbox-build, pinned in e2e/package.json) from the final, hashed files of the staging dir —
// never from a hand-kept list.
//
// What it caches (the app's side is src/offline/):
// - precache: the shell — index.html, the main wasm, its glue and split loader, the CSS, the manifest and
//   the icons. Screenshots (install sheet only) stay out. The build stops if any shell file is missing
//   from the precache list (Workbox leaves out files over maximumFileSizeToCacheInBytes with only a warning).
// - pages (navigations): the server's, drawn with their content. With navigation preload the request goes
//   out while the worker starts. A page of this build (the server's `x-difang-build` header equals the
//   SHA-256 of this index.html: the page names this build's hashed files, which the precache holds) is
//   kept in `difang-pages-<build>`, the last 50. An article page kept less than a day ago is answered
//   from there at once and refreshed in the background (stale-while-revalidate: a repeat visit does not
//   wait for the network's round trip); other pages, and a reload, go to the network first. After 3 s,
//   or offline, the kept page, else the precached shell; the app then reads what it needs from the caches
//   below. The app asks the worker to keep the pages read before it took control (`KEEP_PAGES`),
//   another version's pages are deleted when this one activates, and a page the server answers 404 or
//   410 (an article taken down) is dropped, with its article's kept JSON.
// - wasm chunks (`chunk_*`, `split_*`, content-hashed): cache-first in `difang-chunks`, which outlives
//   versions, so a page still running version A finds A's lazy parts after B is deployed (the server then
//   only has B's). Each version also puts its own chunks there when it installs, so that holds even for a
//   part the reader had not opened yet; entries of other versions go 30 days after they were fetched.
// - article JSON: network first (4 s), then the last 50 fetched (`difang-articles`), then the articles the
//   reader saved (`difang-saved`, written by the app, never expired). An article answered 404 or 410
//   (taken down) is deleted from both.
// - comments: network first, then the cache. Other API GETs (site, lists, widgets): stale-while-
//   revalidate, 200 entries for a week.
// - images: cache first, 400 entries for 30 days, purged on quota errors; then `difang-saved`.
// Old precache entries are removed when a new version activates (cleanupOutdatedCaches). The new
// version waits until the app asks it to take over (the SKIP_WAITING message after the reader's 重新加载).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: run this as a Trunk hook (trunk build)`);
  return v;
};
// The partner widgets' build (embed.html, scripts/build.sh's second Trunk run) gets no worker: a widget
// lives in a partner's page, not in the reader's installed app. Nor does the editors' desk (desk.html).
if (['embed.html', 'widget.html', 'desk.html'].includes(path.basename(process.env.TRUNK_HTML_FILE ?? ''))) process.exit(0);
const staging = env('TRUNK_STAGING_DIR');
const root = env('TRUNK_SOURCE_DIR');
const log = (m) => console.log(`[service-worker] ${m}`);
let generateSW;
try {
  ({ generateSW } = createRequire(path.join(root, 'e2e', 'package.json'))('workbox-build'));
} catch (e) {
  throw new Error(`workbox-build (pinned in e2e/package.json) is missing: run scripts/setup.sh (${e.message})`);
}

const HASHED = /-[0-9a-f]{12,16}(_bg)?\.(wasm|js|css)$/;
const CHUNK = /^(chunk_\d+|split_\w+)-[0-9a-f]{12,16}\.wasm$/;
const files = fs.readdirSync(staging);
const chunks = files.filter((f) => CHUNK.test(f)).sort();

// The shell, as index.html loads it: every script, stylesheet and preload it names from this origin.
const html = fs.readFileSync(path.join(staging, 'index.html'), 'utf8');
const shell = new Set(['index.html', 'manifest.webmanifest']);
for (const [, url] of html.matchAll(/["']\/([\w.-]+\.(?:js|wasm|css))["']/g)) shell.add(url);
if (![...shell].some((f) => f.endsWith('_bg.wasm'))) throw new Error('index.html names no main wasm: did split-wasm.mjs change its output?');
for (const f of shell) if (!fs.existsSync(path.join(staging, f))) throw new Error(`index.html names ${f}, which is not in the build`);

// Large enough for a debug build's main module; the check below catches anything left out anyway.
const MAX_BYTES = 64 << 20;
const { count, size, warnings } = await generateSW({
  globDirectory: staging,
  globPatterns: [...shell, 'icons/*.png'],
  globIgnores: ['sw.js', '**/*.br', '**/*.gz'],
  swDest: path.join(staging, 'sw.js'),
  mode: 'production',
  sourcemap: false,
  inlineWorkboxRuntime: true,
  maximumFileSizeToCacheInBytes: MAX_BYTES,
  // Hashed names are their own revision; only index.html, the manifest and the icons carry one.
  dontCacheBustURLsMatching: HASHED,
  // No `/` → index.html alias: a navigation to / goes to the network first like any other.
  directoryIndex: '',
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  navigationPreload: true,
  skipWaiting: false,
  runtimeCaching: [
    {
      // Pages: the handler is `difangPage`, appended below (Workbox has no strategy that serves a cached
      // page only when it belongs to the running build). Functions here are copied into sw.js as source,
      // so this one only calls it.
      // Not the editors' desk (/desk…), nor feeds, sitemaps and robots.txt opened in a tab: never cached,
      // never answered with the reader's shell offline.
      urlPattern: ({ request, url }) => request.mode === 'navigate' && !/^\/desk(\/|$)|\.(xml|txt)$/.test(url.pathname),
      handler: (options) => self.difangPage(options),
    },
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/api\/v1\/articles\/\d+$/.test(url.pathname),
      handler: 'NetworkFirst',
      options: {
        cacheName: 'difang-articles',
        networkTimeoutSeconds: 4,
        expiration: { maxEntries: 50, purgeOnQuotaError: false },
        cacheableResponse: { statuses: [200] },
        plugins: [
          { handlerDidError: async ({ request }) => (await caches.match(request.url, { cacheName: 'difang-saved', ignoreVary: true })) || undefined },
          // An article the newsroom took down (410) or that is no more (404): its kept copies go, so it
          // is not shown offline either.
          {
            fetchDidSucceed: async ({ request, response }) => {
              if (response.status === 404 || response.status === 410) {
                await Promise.all(['difang-articles', 'difang-saved'].map(async (name) => (await caches.open(name)).delete(request.url, { ignoreVary: true })));
              }
              return response;
            },
          },
        ],
      },
    },
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/api\/v1\/articles\/\d+\/comments$/.test(url.pathname),
      handler: 'NetworkFirst',
      options: {
        cacheName: 'difang-comments',
        networkTimeoutSeconds: 4,
        expiration: { maxEntries: 100, maxAgeSeconds: 30 * 86400 },
        cacheableResponse: { statuses: [200] },
      },
    },
    {
      urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/api/v1/'),
      handler: 'StaleWhileRevalidate',
      options: {
        cacheName: 'difang-lists',
        expiration: { maxEntries: 200, maxAgeSeconds: 7 * 86400 },
        cacheableResponse: { statuses: [200] },
      },
    },
    {
      urlPattern: ({ request, url, sameOrigin }) => request.destination === 'image' || (sameOrigin && url.pathname.startsWith('/media/')),
      handler: 'CacheFirst',
      options: {
        cacheName: 'difang-images',
        expiration: { maxEntries: 400, maxAgeSeconds: 30 * 86400, purgeOnQuotaError: true },
        cacheableResponse: { statuses: [0, 200] },
        plugins: [{ handlerDidError: async ({ request }) => (await caches.match(request.url, { cacheName: 'difang-saved', ignoreVary: true })) || undefined }],
      },
    },
  ],
});
if (warnings.length) throw new Error(`workbox-build: ${warnings.join('; ')}`);

// The pages (see the header). `difangPage` is the navigation route's handler.
const build = crypto.createHash('sha256').update(fs.readFileSync(path.join(staging, 'index.html'))).digest('hex').slice(0, 32);
const pagesCode = `
;(() => {
  const BUILD = ${JSON.stringify(build)}, PREFIX = 'difang-pages-', CACHE = PREFIX + BUILD;
  const MAX = 50, FRESH_MS = 86400e3, TIMEOUT_MS = 3000;
  // The routes the server draws, and of those the articles, which change little once published.
  const PAGE = /^\\/(?:a\\/\\d+|c\\/[\\w-]+|p\\/[\\w-]+)?$/, ARTICLE = /^\\/a\\/\\d+$/;
  const isPage = (url) => url.origin === self.location.origin && PAGE.test(url.pathname);
  const keep = async (url, response) => {
    const cache = await caches.open(CACHE);
    // A page that is gone (an article taken down) is not answered from a kept copy again, and neither
    // is its article's JSON (the page came drawn, so the app did not ask for it).
    if (response.status === 404 || response.status === 410) {
      await cache.delete(url);
      const path = new URL(url).pathname;
      if (ARTICLE.test(path)) {
        const json = new URL('/api/v1/articles/' + path.slice(3), self.location.origin).href;
        await Promise.all(['difang-articles', 'difang-saved'].map(async (name) => (await caches.open(name)).delete(json, { ignoreVary: true })));
      }
      return;
    }
    if (response.status !== 200 || response.headers.get('x-difang-build') !== BUILD) return;
    await cache.put(url, response);
    // Keys come in insertion order and a put moves its key to the end: the oldest go first.
    const keys = await cache.keys();
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX))) await cache.delete(old);
  };
  const age = (response) => Date.now() - Date.parse(response.headers.get('date') || '');
  self.difangPage = async ({ request, event }) => {
    const url = new URL(request.url);
    const page = isPage(url);
    const network = (async () => (await event.preloadResponse) || fetch(request))().then((r) => {
      if (page) event.waitUntil(keep(url.href, r.clone()).catch(() => {}));
      return r;
    });
    network.catch(() => {});
    const kept = page ? await caches.match(url.href, { cacheName: CACHE, ignoreVary: true }) : undefined;
    const reload = request.cache === 'reload' || request.cache === 'no-cache';
    if (kept && ARTICLE.test(url.pathname) && !reload && age(kept) < FRESH_MS) {
      event.waitUntil(network.catch(() => {}));
      return kept;
    }
    let timer;
    try {
      return await Promise.race([
        network,
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS); }),
      ]);
    } catch (e) {
      if (kept) return kept;
      const shell = await caches.match('/index.html', { ignoreSearch: true });
      if (shell) return shell;
      throw e;
    } finally {
      clearTimeout(timer);
    }
  };
  self.addEventListener('activate', (e) => {
    e.waitUntil(caches.keys().then((names) => Promise.all(
      names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)))).catch(() => {}));
  });
  // From the app when this worker takes control: the pages read before, which no navigation brought here.
  self.addEventListener('message', (e) => {
    const d = e.data;
    if (!d || d.type !== 'KEEP_PAGES' || !Array.isArray(d.urls)) return;
    const urls = d.urls.slice(0, 10).map((u) => { try { return new URL(u, self.location.origin); } catch { return null; } })
      .filter((u) => u && isPage(u));
    e.waitUntil(Promise.all(urls.map(async (u) => {
      const r = await fetch(u.href, { credentials: 'same-origin' });
      await keep(u.href, r);
    })).catch(() => {}));
  });
})();
`;
fs.appendFileSync(path.join(staging, 'sw.js'), pagesCode);

// The chunks, outside Workbox (which has no "keep another version's runtime entries for a while"): a
// fetch listener added after Workbox's, so it sees only requests no Workbox route took.
const chunkCode = `
;(() => {
  const CACHE = 'difang-chunks', KEEP_MS = 30 * 86400e3, CHUNK = new RegExp(${JSON.stringify('^/' + CHUNK.source.slice(1))});
  const CHUNKS = ${JSON.stringify(chunks.map((c) => '/' + c))};
  const put = async (cache, url) => {
    if (await cache.match(url)) return;
    const r = await fetch(url, { credentials: 'same-origin' });
    if (r.ok) await cache.put(url, r);
  };
  self.addEventListener('install', (e) => {
    // Best effort: a chunk that fails now is cached on first use instead; install never fails for it.
    e.waitUntil(caches.open(CACHE).then((c) => Promise.all(CHUNKS.map((u) => put(c, u).catch(() => {})))));
  });
  self.addEventListener('activate', (e) => {
    e.waitUntil(caches.open(CACHE).then(async (c) => {
      for (const req of await c.keys()) {
        const path = new URL(req.url).pathname;
        if (CHUNKS.includes(path)) continue;
        const res = await c.match(req);
        const at = Date.parse(res && res.headers.get('date') || '');
        if (!(at > Date.now() - KEEP_MS)) await c.delete(req);
      }
    }).catch(() => {}));
  });
  self.addEventListener('fetch', (e) => {
    const url = new URL(e.request.url);
    if (e.request.method !== 'GET' || url.origin !== self.location.origin || !CHUNK.test(url.pathname)) return;
    e.respondWith(caches.open(CACHE).then(async (c) => {
      const hit = await c.match(e.request);
      if (hit) return hit;
      const r = await fetch(e.request);
      if (r.ok) await c.put(e.request, r.clone());
      return r;
    }));
  });
})();
`;
fs.appendFileSync(path.join(staging, 'sw.js'), chunkCode);

// The worker must at least parse (a worker that throws is never installed, silently for the page).
const sw = fs.readFileSync(path.join(staging, 'sw.js'), 'utf8');
new vm.Script(sw, { filename: 'sw.js' });
// Nothing of the shell may be missing from the precache list.
for (const f of [...shell, ...fs.readdirSync(path.join(staging, 'icons')).map((i) => `icons/${i}`)]) {
  if (!sw.includes(`"${f}"`) && !sw.includes(`"/${f}"`)) throw new Error(`${f} is not in the precache list`);
}
log(`sw.js: ${count} files precached (${(size / 1024).toFixed(1)} KiB): ${[...shell].join(', ')}, icons; ${chunks.length} chunks cached on install/first use`);
