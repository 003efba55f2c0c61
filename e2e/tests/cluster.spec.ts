// Issue 24: Difang as it runs under a spike (scripts/cluster.sh, on E2E_PORT + 20…24): PostgreSQL, two
// server instances A and B on it, nginx balancing them and Varnish in front, all from Debian's packages.
// Instances share what must hold across them (comments, idempotency keys); Varnish keeps answers until a
// write purges them; an instance killed under load loses no acknowledged comment.
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEED, test } from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 18765) + 20;
const ROOT = path.resolve(__dirname, '..', '..');
const CLUSTER = path.join(ROOT, 'scripts', 'cluster.sh');
const SERVER = path.join(ROOT, 'target', 'debug', 'difang-server');
const VARNISH = `http://127.0.0.1:${PORT}`;
const NGINX = `http://127.0.0.1:${PORT + 1}`;
const A = `http://127.0.0.1:${PORT + 2}`;
const B = `http://127.0.0.1:${PORT + 3}`;

let dir: string;
let database: string;
let token: string;

test.use({ baseURL: VARNISH });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'difang-cluster-'));
  execFileSync(CLUSTER, ['start', dir, String(PORT)], { stdio: 'ignore' });
  database = fs.readFileSync(path.join(dir, 'database'), 'utf8').trim();
  token = execFileSync(SERVER, ['token', 'add', 'e2e-desk', '--role', 'admin', '--database', database], { encoding: 'utf8' })
    .split('\n')[0];
});

test.afterAll(async () => {
  if (dir) execFileSync(CLUSTER, ['stop', dir], { stdio: 'ignore' });
});

const key = (name: string) => `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;

function post(base: string, article: number, idempotency: string, text: string) {
  return fetch(`${base}/api/v1/articles/${article}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotency },
    body: JSON.stringify({ author: '集群', text }),
  });
}

/** Every comment text of an article (top level), read from `base`, all pages. */
async function texts(base: string, article: number): Promise<string[]> {
  const out: string[] = [];
  let cursor = '';
  for (;;) {
    const page = await (await fetch(`${base}/api/v1/articles/${article}/comments?limit=50${cursor ? `&cursor=${cursor}` : ''}`)).json();
    out.push(...page.items.map((c: { text: string }) => c.text));
    if (!page.next_cursor) return out;
    cursor = encodeURIComponent(page.next_cursor);
  }
}

test('instances share one database: a comment posted through A is read through B, one key is one comment', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'no browser in this one');
  // Started together on an empty database, they imported the demo once: one change noted, and the seed
  // article's demo comments there once.
  const health = await (await fetch(`${A}/healthz`)).json();
  expect(health.store).toBe('postgres');
  expect(health.content_version).toBe(1);
  expect((await (await fetch(`${B}/healthz`)).json()).content_version).toBe(1);
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'content', 'articles', '1001-wenming-chengshi-chuangjian.json'), 'utf8'));
  const all = (cs: { replies?: unknown[] }[]): number => cs.reduce((n, c) => n + 1 + all((c.replies ?? []) as { replies?: unknown[] }[]), 0);
  expect((await (await fetch(`${B}/api/v1/articles/${SEED.id}`)).json()).comment_count).toBe(all(seed.comments ?? []));

  const text = `经由 A 发表 ${key('t')}`;
  const res = await post(A, SEED.id, key('through-a'), text);
  expect(res.status).toBe(201);
  expect(await texts(B, SEED.id)).toContain(text);

  // The same Idempotency-Key at A and B at once: one comment, both told the same.
  const same = key('same');
  const once = `同一个键 ${same}`;
  const [ra, rb] = await Promise.all([post(A, 1002, same, once), post(B, 1002, same, once)]);
  expect([ra.status, rb.status]).toEqual([201, 201]);
  expect((await ra.json()).id).toBe((await rb.json()).id);
  expect((await texts(A, 1002)).filter((t) => t === once)).toHaveLength(1);
});

test('Varnish answers a second read from its cache and a fresh one after a comment or an edit purges it', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one size is enough: the cache is the same');
  const article = `${VARNISH}/api/v1/articles/1003`;
  const read = async (url: string) => {
    const r = await fetch(url);
    return { cache: r.headers.get('x-cache'), body: await r.text() };
  };
  await read(article);
  const hit = await read(article);
  expect(hit.cache).toBe('HIT');
  const count = JSON.parse(hit.body).comment_count;
  // A comment (through Varnish, which passes it on) purges the article: the next read is fresh.
  expect((await post(VARNISH, 1003, key('purge'), '清缓存')).status).toBe(201);
  await expect.poll(async () => JSON.parse((await read(article)).body).comment_count).toBe(count + 1);
  // So does an edit through the publishing API (at B), for the answer and the page.
  await read(`${VARNISH}/a/1003`);
  expect((await read(`${VARNISH}/a/1003`)).cache).toBe('HIT');
  const current = JSON.parse((await read(article)).body);
  const edited = {
    id: 1003, channel: current.channel.slug, title: `改过的标题 ${key('edit')}`, source: current.source,
    published_at: current.published_at, excerpt: current.excerpt, body: current.body,
  };
  const put = await fetch(`${B}/api/v1/admin/articles/1003`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(edited),
  });
  expect(put.status).toBe(200);
  await expect.poll(async () => JSON.parse((await read(article)).body).title).toBe(edited.title);
  await expect.poll(async () => (await read(`${VARNISH}/a/1003`)).body.includes(edited.title)).toBe(true);
  // A reader's browser through the whole chain.
  await page.goto('/a/1003');
  await expect(page.getByTestId('article-title')).toHaveText(edited.title);
});

test('a page Varnish serves from its cache still counts its view (the page sends a beacon)', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one size is enough');
  test.setTimeout(90_000);
  const ranking = async () => {
    const w = await (await fetch(`${B}/api/v1/widgets/hot-ranking?window=24h&limit=50`)).json();
    return w.items.find((i: { id: number }) => i.id === 1007)?.views ?? 0;
  };
  const before = await ranking();
  // Two readers (two addresses, as the proxies forward them); the second gets the page from Varnish.
  for (const ip of ['203.0.113.71', '203.0.113.72']) {
    const context = await browser.newContext({ baseURL: VARNISH, extraHTTPHeaders: { 'x-forwarded-for': ip } });
    const page = await context.newPage();
    const beacon = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/v1/articles/1007/view'));
    const res = await page.goto('/a/1007');
    if (ip.endsWith('72')) expect(res?.headers()['x-cache']).toBe('HIT');
    expect((await (await beacon).response())?.status()).toBe(204);
    await context.close();
  }
  // Counted once each: views reach the database within seconds, the ranking within its 30 s in B's cache.
  await expect.poll(ranking, { timeout: 60_000 }).toBe(before + 2);
});

test('killing an instance under load loses no acknowledged comment, and readers see no error beyond retries', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'no browser in this one');
  test.setTimeout(90_000);
  const acknowledged: string[] = [];
  let retried = 0;
  let readerFailures = 0;
  let readerRetries = 0;
  let running = true;
  // Writers through nginx: a failed post is sent again with the same key (the app's outbox does the same).
  const writer = async (w: number) => {
    for (let n = 0; running; n++) {
      const k = key(`load-${w}-${n}`);
      const text = `负载 ${k}`;
      for (let attempt = 0; attempt < 10; attempt++) {
        try {
          const r = await post(NGINX, 1004, k, text);
          if (r.status === 201) { acknowledged.push(text); break; }
        } catch { /* connection lost with the instance: retried */ }
        retried++;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  // Readers through Varnish: a request may be retried, never fail for good.
  const reader = async () => {
    const paths = ['/api/v1/articles/1005', '/a/1006', '/api/v1/channels/ziyang-news/articles', '/api/v1/widgets?kinds=hot-ranking'];
    for (let n = 0; running; n++) {
      let ok = false;
      for (let attempt = 0; attempt < 3 && !ok; attempt++) {
        try { ok = (await fetch(`${VARNISH}${paths[n % paths.length]}`)).ok; } catch { ok = false; }
        if (!ok) readerRetries++;
      }
      if (!ok) readerFailures++;
    }
  };
  const load = Promise.all([0, 1, 2, 3].map(writer).concat([0, 1, 2, 3].map(reader)));
  await new Promise((r) => setTimeout(r, 2000));
  execFileSync(CLUSTER, ['kill', dir, 'a']);
  await new Promise((r) => setTimeout(r, 4000));
  running = false;
  await load;
  console.log(`cluster: ${acknowledged.length} comments acknowledged (${retried} posts retried), readers retried ${readerRetries} requests`);
  expect(acknowledged.length).toBeGreaterThan(20);
  expect(readerFailures).toBe(0);
  // Every acknowledged comment is there once, read through the surviving instance.
  const stored = await texts(B, 1004);
  for (const t of acknowledged) expect(stored.filter((s) => s === t), t).toHaveLength(1);
  execFileSync(CLUSTER, ['restart', dir, 'a']);
});
