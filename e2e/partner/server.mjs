// A partner's site for the embed journeys, on an origin of its own (another port): it serves a page with
// one or more widget placeholders and the news site's loader, as a partner would paste them.
//   node partner/server.mjs PORT NEWS_ORIGIN OTHER_NEWS_ORIGIN
//   /page?widget=hot-ranking&channel=…&limit=…&theme=…&lang=…&article=…[&reserve=1][&news=other][&second=latest][&evil=1]
//   /oembed?url=…[&maxheight=…]   a page with the news site's oEmbed html pasted in, as a CMS would
//   /evil   a page of yet another origin (open it as localhost:PORT) that posts fake height messages to its parent
import http from 'node:http';

const [port, news, otherNews] = process.argv.slice(2);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// The loader's numbers (model::embed::height): what the /embed page's snippet reserves.
const SIZES = { 'hot-ranking': [8, 94, 44], latest: [6, 94, 44], 'picture-highlights': [4, 94, 80] };
const reserveOf = (kind, limit) => {
  const s = SIZES[kind];
  if (!s) return 600;
  const n = Number(limit) || s[0];
  return s[1] + s[2] * n;
};

function placeholder(id, q, prefix) {
  const kind = q.get(prefix + 'widget') ?? '';
  let attrs = `id="${id}" data-difang-widget="${esc(kind)}"`;
  for (const p of ['channel', 'article', 'limit', 'theme', 'lang']) {
    const v = q.get(prefix + p);
    if (v) attrs += ` data-${p}="${esc(v)}"`;
  }
  if (q.get('reserve')) attrs += ` style="min-height:${reserveOf(kind, q.get(prefix + 'limit'))}px"`;
  return `<div class="slot" ${attrs}></div>`;
}

function page(q) {
  const origin = q.get('news') === 'other' ? otherNews : news;
  const second = q.get('second') ? placeholder('w2', q, 'second-').replace('data-difang-widget=""', `data-difang-widget="${esc(q.get('second'))}"`) : '';
  const evil = q.get('evil') ? `<iframe id="evil" title="another site" src="http://localhost:${port}/evil" style="width:10px;height:10px;border:0"></iframe>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A partner's page</title>
<style>body{margin:0;padding:16px;font:16px/1.5 sans-serif;color:#111;background:#fff} .slot{max-width:420px} main{display:block}</style>
</head><body><main>
<h1>Partner news</h1>
<p>Text above the widget.</p>
${placeholder('w', q, '')}
<p id="below">Text below the widget, which must never move.</p>
${second}
${evil}
</main>
<script async src="${origin}/embed.js"></script>
</body></html>`;
}

const EVIL = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>evil</title></head><body><script>
setInterval(function () { parent.postMessage({ difang: 'height', height: 9999 }, '*'); }, 50);
</script></body></html>`;

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://partner');
  const send = (status, type, body) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };
  if (url.pathname === '/healthz') return send(200, 'text/plain', 'ok');
  if (url.pathname === '/page') return send(200, 'text/html; charset=utf-8', page(url.searchParams));
  if (url.pathname === '/oembed') {
    const q = new URLSearchParams({ url: url.searchParams.get('url') ?? '' });
    if (url.searchParams.get('maxheight')) q.set('maxheight', url.searchParams.get('maxheight'));
    return fetch(`${news}/api/v1/oembed?${q}`).then((r) => r.json()).then(
      (o) => send(200, 'text/html; charset=utf-8', `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A partner's post</title><style>body{margin:0;padding:16px;font:16px/1.5 sans-serif}</style></head>
<body><main><h1>Partner post</h1><div id="o">${o.html}</div><p id="below">Text below the embed.</p></main></body></html>`),
      (e) => send(502, 'text/plain', String(e)));
  }
  if (url.pathname === '/evil') return send(200, 'text/html; charset=utf-8', EVIL);
  send(404, 'text/plain', 'not found');
}).listen(Number(port), '127.0.0.1');
