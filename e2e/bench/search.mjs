// Bench: search (`GET /api/v1/search`, issue 26) on a generated corpus of 20,000 articles, loopback only:
// the time of each answer for a set of realistic queries (3+ character words through the trigram index,
// 1–2 character words through the LIKE fallback, several words, a channel, a date range, a second page,
// nothing found), with the server's answer cache off (--cache-ttl 0: every request reaches the store).
// Prints p50/p95 per query and over all; goal p95 ≤ 50 ms.
// Usage: node e2e/bench/search.mjs DIFANG_BINARY [PORT] [ROUNDS] [-- extra serve flags, e.g. --database URL]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const extra = dash >= 0 ? args.splice(dash).slice(1) : [];
const [binary, portArg, roundsArg] = args;
const PORT = Number(portArg ?? 18890);
const ROUNDS = Number(roundsArg ?? 40);
const CONCURRENCY = 4;
const BASE = `http://127.0.0.1:${PORT}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'difang-search-bench-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let server;
const cleanup = () => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const q = (query, rest = '') => `/api/v1/search?q=${encodeURIComponent(query)}${rest}`;
// Words of the generated corpus (server/src/sources/generate.rs): subjects and actions in titles, stock
// phrases in bodies, place names in both.
const QUERIES = [
  ['3+ chars, title word', q('图书馆')],
  ['3+ chars, title phrase', q('开展专项行动')],
  ['3+ chars, body phrase', q('目前各项工作进展顺利')],
  ['3+ chars, two words', q('志愿者 吸引众多市民')],
  ['2 chars (LIKE)', q('社区')],
  ['2 chars, place', q('遵义')],
  ['1 char (LIKE)', q('湖')],
  ['2 + 3 chars', q('公园 完成改造')],
  ['channel filter', q('图书馆', '&channel=ziyang-news')],
  ['date range', q('图书馆', '&from=2024-01-01&to=2024-03-31')],
  ['limit 50', q('菜市场', '&limit=50')],
  ['nothing found', q('不存在的词语')],
];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(url) {
  const t = performance.now();
  const res = await fetch(BASE + url);
  const body = await res.json();
  const ms = performance.now() - t;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
  return { ms, body };
}

async function main() {
  const corpus = path.join(work, 'corpus');
  let t = Date.now();
  execFileSync(binary, ['generate', '--articles', '20000', '--comments-per-thread', '0', '--threads', '1', '--out', corpus], { stdio: 'ignore' });
  fs.mkdirSync(path.join(work, 'empty'));
  const store = extra.length ? extra : ['--data-dir', path.join(work, 'data')];
  server = spawn(binary, ['serve', '--bind', `127.0.0.1:${PORT}`, ...store, '--content-dir', corpus,
    '--dist-dir', path.join(work, 'empty'), '--log-level', 'warn', '--cache-ttl', '0', '--readers', '4',
    '--max-client-requests', '100000'], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${BASE}/healthz`)).ok) break; } catch {}
    if (i > 1200) throw new Error('the server never answered');
    await sleep(100);
  }
  console.log(`== search (20,000 articles, ${extra.length ? 'PostgreSQL' : 'SQLite'}; corpus and import ${((Date.now() - t) / 1000).toFixed(1)} s; ${ROUNDS} rounds × ${CONCURRENCY} clients; answer cache off) ==`);
  // The second page of a common word, by its real cursor.
  const first = await time(q('图书馆'));
  QUERIES.push(['second page', q('图书馆', `&cursor=${first.body.next_cursor}`)]);
  for (const [, url] of QUERIES) await time(url); // warm the page cache and the statements
  const all = [];
  console.log(`${'query'.padEnd(26)} ${'total'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}`);
  for (const [label, url] of QUERIES) {
    const times = [];
    let total = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const r = await time(url);
        times.push(r.ms);
        total = r.body.total;
      }
    }));
    times.sort((a, b) => a - b);
    all.push(...times);
    console.log(`${label.padEnd(26)} ${String(total).padStart(6)} ${percentile(times, 50).toFixed(1).padStart(7)} ${percentile(times, 95).toFixed(1).padStart(7)}`);
  }
  all.sort((a, b) => a - b);
  const p95 = percentile(all, 95);
  console.log(`${'all queries'.padEnd(26)} ${''.padStart(6)} ${percentile(all, 50).toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)}   goal p95 ≤ 50 ms: ${p95 <= 50 ? 'met' : 'NOT MET'}`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
