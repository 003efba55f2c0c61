// Bench: Difang beyond one machine (issue 24), each figure beside the single SQLite instance's in the
// same run, on a generated corpus of 3,000 articles, loopback only:
// - pages drawn by one instance (no CDN) against nginx serving the same bytes (goal ≥ 0.5×), and the first
//   byte of a kept page (goal ≤ 2 ms at p50);
// - article reads through Varnish (scripts/cluster.sh: Varnish → nginx → 2 instances → PostgreSQL)
//   against one instance (goal ≥ 5×), for the article's JSON and its page;
// - a mixed load (article reads, widget sets of other articles, comment posts) on the two instances +
//   PostgreSQL through nginx against the single instance: read p99 (goal ≤ 2×) and errors (goal 0);
// - comments posted through nginx while instance A is killed (goal: 0 acknowledged comments lost).
// Usage: node e2e/bench/cluster.mjs DIFANG_BINARY [PORT] [SECONDS]   (needs wrk, nginx, varnish, PostgreSQL)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [binary, portArg, secsArg] = process.argv.slice(2);
const PORT = Number(portArg ?? 18830);
const SECS = Number(secsArg ?? 10);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'difang-cluster-bench-'));
// nginx's workers run as another user: they must reach the page they serve.
fs.chmodSync(work, 0o755);
const corpus = path.join(work, 'corpus');
const SINGLE = `http://127.0.0.1:${PORT}`;
const STATIC = `http://127.0.0.1:${PORT + 1}`;
const CLUSTER_PORT = PORT + 10;
const VARNISH = `http://127.0.0.1:${CLUSTER_PORT}`;
const NGINX = `http://127.0.0.1:${CLUSTER_PORT + 1}`;
const B = `http://127.0.0.1:${CLUSTER_PORT + 3}`;
const ARTICLE = 1000;
const verdict = (ok) => (ok ? 'met' : 'NOT MET');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const procs = [];
let clusterUp = false;

const cleanup = () => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGTERM');
  if (clusterUp) try { execFileSync(path.join(ROOT, 'scripts/cluster.sh'), ['stop', path.join(work, 'cluster')], { stdio: 'ignore' }); } catch {}
  fs.rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanup);

async function until(url, seconds = 60) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    try { if ((await fetch(url)).ok) return; } catch {}
    if (Date.now() > end) throw new Error(`${url} never answered`);
    await sleep(100);
  }
}

function wrk(url, { conns = 50, seconds = SECS, script, gzip = false } = {}) {
  return new Promise((resolve) => {
    const args = ['-t2', `-c${conns}`, `-d${seconds}s`, '--timeout', '5s', '--latency'];
    if (script) args.push('-s', script);
    // As a browser asks (a CDN keeps the compressed answer; a server compresses each time).
    if (gzip) args.push('-H', 'Accept-Encoding: gzip');
    const p = spawn('wrk', [...args, url]);
    p.on('error', (e) => { console.error(`wrk: ${e.message} (scripts/bench.sh installs it)`); process.exit(1); });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', () => {
      const ms = (m) => (m ? Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 }[m[2]] ?? 1) : NaN);
      const errors = [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((a, x) => a + Number(x[1]), 0)
        + Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
      resolve({
        rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN),
        p50: ms(out.match(/50%\s+([\d.]+)(us|ms|s)/)),
        p99: ms(out.match(/99%\s+([\d.]+)(us|ms|s)/)),
        errors,
      });
    });
  });
}

const row = (label, r) => `${label.padEnd(46)} ${r.rps.toFixed(0).padStart(8)} req/s  p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms  ${r.errors} errors`;

// The load's scripts: widget sets of other articles each time, comment posts with fresh keys. Each
// connection waits between requests (wrk's delay), so both setups get about the same background load
// (at most 200 widget sets and 100 posts a second) rather than as much as each can take.
fs.writeFileSync(path.join(work, 'widgets.lua'), `
local n = 0
delay = function() return 50 end
request = function()
  n = n + 1
  local id = (n * 7919) % 3000 + 1
  return wrk.format("GET", "/api/v1/widgets?kinds=recommended,related,guess-you-like,channel-picks,hot-reading,picture-highlights,neighbourhood,hot-ranking&article=" .. id)
end`);
fs.writeFileSync(path.join(work, 'comments.lua'), `
local n = 0
delay = function() return 20 end
local run = tostring(os.time()) .. tostring(math.random(1000000))
request = function()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-" .. run .. "-" .. n }
  return wrk.format("POST", "/api/v1/articles/" .. ((n % 3000) + 1) .. "/comments", headers, '{"author":"压测","text":"第' .. n .. '条"}')
end`);

/** Reads of `url` while widget sets and comment posts load `base` too. */
async function mixed(base, url) {
  const w = wrk(base, { conns: 10, seconds: SECS + 2, script: path.join(work, 'widgets.lua') });
  const c = wrk(base, { conns: 2, seconds: SECS + 2, script: path.join(work, 'comments.lua') });
  await sleep(1000);
  const r = await wrk(url, { gzip: true });
  return { reads: r, widgets: await w, comments: await c };
}

const noCaps = ['--rate-limit', '1000000', '--max-client-requests', '1000000', '--max-client-connections', '1000000'];

try {
  execFileSync(binary, ['generate', '--articles', '3000', '--comments-per-thread', '100', '--threads', '5', '--out', corpus], { stdio: 'ignore' });
  console.log(`== beyond one machine (loopback; ${SECS} s per run; 3,000 articles; 50 connections unless said) ==`);

  // One instance on SQLite, and nginx serving the same page as a file.
  procs.push(spawn(binary, ['serve', '--bind', `127.0.0.1:${PORT}`, '--data-dir', path.join(work, 'single'),
    '--content-dir', corpus, '--dist-dir', path.join(ROOT, 'dist'), '--log-level', 'warn', ...noCaps], { stdio: 'ignore' }));
  await until(`${SINGLE}/healthz`);
  const www = path.join(work, 'www');
  fs.mkdirSync(path.join(www, 'a'), { recursive: true });
  fs.writeFileSync(path.join(www, 'a', String(ARTICLE)), Buffer.from(await (await fetch(`${SINGLE}/a/${ARTICLE}`)).arrayBuffer()));
  fs.mkdirSync(path.join(work, 'nginx'), { recursive: true });
  fs.writeFileSync(path.join(work, 'nginx.conf'), `worker_processes auto; daemon off; pid ${work}/nginx/pid;
error_log ${work}/nginx/error.log warn; events { worker_connections 4096; }
http { access_log off; client_body_temp_path ${work}/nginx/b; proxy_temp_path ${work}/nginx/p;
fastcgi_temp_path ${work}/nginx/f; uwsgi_temp_path ${work}/nginx/u; scgi_temp_path ${work}/nginx/s;
server { listen 127.0.0.1:${PORT + 1}; root ${www}; default_type text/html; } }`);
  procs.push(spawn('/usr/sbin/nginx', ['-p', path.join(work, 'nginx'), '-c', path.join(work, 'nginx.conf')], { stdio: 'ignore' }));
  await until(`${STATIC}/a/${ARTICLE}`);
  const same = (await (await fetch(`${STATIC}/a/${ARTICLE}`)).text()) === (await (await fetch(`${SINGLE}/a/${ARTICLE}`)).text());
  await wrk(`${SINGLE}/a/${ARTICLE}`, { seconds: 2 });
  const page = await wrk(`${SINGLE}/a/${ARTICLE}`);
  const file = await wrk(`${STATIC}/a/${ARTICLE}`);
  console.log(row(`page /a/${ARTICLE}, one instance (drawn, then kept)`, page));
  console.log(row(`the same bytes from nginx${same ? '' : ' (NOT the same bytes)'}`, file));
  const pageRatio = page.rps / file.rps;
  console.log(`pages from one instance: ${pageRatio.toFixed(2)}× nginx (goal ≥ 0.5×: ${verdict(same && pageRatio >= 0.5)})`);
  const ttfb = [];
  for (let i = 0; i < 200; i++) {
    const out = execFileSync('curl', ['-s', '-o', '/dev/null', '-w', '%{time_starttransfer}', `${SINGLE}/a/${ARTICLE}`], { encoding: 'utf8' });
    ttfb.push(Number(out) * 1000);
  }
  ttfb.sort((a, b) => a - b);
  const p50 = ttfb[100];
  console.log(`first byte of a kept page: p50 ${p50.toFixed(2)} ms, p90 ${ttfb[180].toFixed(2)} ms (curl, 200 requests; goal p50 ≤ 2 ms: ${verdict(p50 <= 2)})`);
  const singleApi = await wrk(`${SINGLE}/api/v1/articles/${ARTICLE}`, { gzip: true });
  const singlePage = await wrk(`${SINGLE}/a/${ARTICLE}`, { gzip: true });
  console.log(row(`article JSON, one instance (gzip)`, singleApi));
  console.log(row(`page /a/${ARTICLE}, one instance (gzip)`, singlePage));
  // The same instance as it was before it kept anything: every page drawn, every answer read.
  const DRAWING = `http://127.0.0.1:${PORT + 2}`;
  const drawing = spawn(binary, ['serve', '--bind', `127.0.0.1:${PORT + 2}`, '--data-dir', path.join(work, 'drawing'),
    '--content-dir', corpus, '--dist-dir', path.join(ROOT, 'dist'), '--log-level', 'warn', '--cache-ttl', '0', ...noCaps], { stdio: 'ignore' });
  procs.push(drawing);
  await until(`${DRAWING}/healthz`);
  const drawnPage = await wrk(`${DRAWING}/a/${ARTICLE}`, { gzip: true });
  console.log(row(`page /a/${ARTICLE}, one instance drawing each (--cache-ttl 0)`, drawnPage));
  drawing.kill('SIGTERM');
  const singleMixed = await mixed(SINGLE, `${SINGLE}/api/v1/articles/${ARTICLE}`);
  console.log(row('one instance, reads + widget sets + comments (gzip)', singleMixed.reads));
  console.log(row('  background: widget sets (10 conns)', singleMixed.widgets));
  console.log(row('  background: comment posts (2 conns)', singleMixed.comments));

  // The cluster.
  clusterUp = true;
  execFileSync(path.join(ROOT, 'scripts/cluster.sh'), ['start', path.join(work, 'cluster'), String(CLUSTER_PORT)], {
    stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DIFANG_SERVER: binary, CLUSTER_CONTENT: corpus },
  });
  await wrk(`${VARNISH}/api/v1/articles/${ARTICLE}`, { seconds: 2, gzip: true });
  const varnishApi = await wrk(`${VARNISH}/api/v1/articles/${ARTICLE}`, { gzip: true });
  const varnishPage = await wrk(`${VARNISH}/a/${ARTICLE}`, { gzip: true });
  console.log(row('article JSON through Varnish (gzip)', varnishApi));
  console.log(row(`page /a/${ARTICLE} through Varnish (gzip)`, varnishPage));
  const apiRatio = varnishApi.rps / singleApi.rps;
  const pageVarnishRatio = varnishPage.rps / singlePage.rps;
  const drawnRatio = varnishPage.rps / drawnPage.rps;
  console.log(`article reads through Varnish: ${apiRatio.toFixed(2)}× one instance for the JSON, ${pageVarnishRatio.toFixed(2)}× for the page (goal ≥ 5×: ${verdict(apiRatio >= 5 && pageVarnishRatio >= 5)}); ${drawnRatio.toFixed(1)}× an instance drawing every page`);
  const clusterMixed = await mixed(NGINX, `${NGINX}/api/v1/articles/${ARTICLE}`);
  console.log(row('2 instances + PostgreSQL via nginx, the same load', clusterMixed.reads));
  console.log(row('  background: widget sets (10 conns)', clusterMixed.widgets));
  console.log(row('  background: comment posts (2 conns)', clusterMixed.comments));
  const mixRatio = clusterMixed.reads.p99 / singleMixed.reads.p99;
  const errors = clusterMixed.reads.errors + clusterMixed.widgets.errors + clusterMixed.comments.errors;
  console.log(`mixed load, 2 instances + PostgreSQL: read p99 ${mixRatio.toFixed(2)}× one SQLite instance's (goal ≤ 2×: ${verdict(mixRatio <= 2)}), ${errors} errors (goal 0: ${verdict(errors === 0)})`);

  // Comments while instance A is killed: every acknowledged one must be there.
  const acknowledged = [];
  let running = true;
  let retried = 0;
  const writer = async (w) => {
    for (let n = 0; running; n++) {
      const key = `kill-${Date.now()}-${w}-${n}`;
      const text = `负载 ${key}`;
      for (let attempt = 0; attempt < 10; attempt++) {
        try {
          const r = await fetch(`${NGINX}/api/v1/articles/${ARTICLE}/comments`, {
            method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify({ author: '压测', text }),
          });
          if (r.status === 201) { acknowledged.push(text); break; }
        } catch {}
        retried++;
        await sleep(100);
      }
    }
  };
  const writers = Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(writer));
  await sleep(3000);
  execFileSync(path.join(ROOT, 'scripts/cluster.sh'), ['kill', path.join(work, 'cluster'), 'a']);
  await sleep(5000);
  running = false;
  await writers;
  const stored = new Map();
  let cursor = '';
  for (;;) {
    const p = await (await fetch(`${B}/api/v1/articles/${ARTICLE}/comments?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
    for (const c of p.items) stored.set(c.text, (stored.get(c.text) ?? 0) + 1);
    if (!p.next_cursor) break;
    cursor = p.next_cursor;
  }
  const lost = acknowledged.filter((t) => !stored.has(t)).length;
  const twice = acknowledged.filter((t) => (stored.get(t) ?? 0) > 1).length;
  console.log(`instance A killed mid-load: ${acknowledged.length} comments acknowledged (${retried} posts retried), ${lost} lost, ${twice} stored twice (goal 0 lost: ${verdict(lost === 0 && twice === 0)})`);
} finally {
  cleanup();
}
