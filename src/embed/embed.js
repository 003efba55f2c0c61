/* Difang widget loader (/embed.js), for partners' pages. No dependencies; built minified into dist/ by
 * scripts/build.sh (terser). Partners paste
 *   <div data-difang-widget="hot-ranking" data-channel="ziyang-news"></div>
 *   <script async src="https://NEWS-SITE/embed.js"></script>
 * Each placeholder (also ones added later: MutationObserver) gets a titled, lazily loaded iframe of
 * NEWS-SITE/embed/{kind}?… with its height reserved before it loads (the same numbers as
 * model::embed::height and style/embed.css), then sized from the widget's own height messages, which
 * are believed only from the widget's origin AND that iframe's window. A change of the placeholder's
 * data-theme is sent to the widget, and kept as the iframe's color-scheme: Chromium paints an opaque
 * backdrop behind a frame whose scheme differs from its element's (square dark corners round a dark
 * widget on a light page). A widget that is blocked or fails gives way to a link to the site.
 * An iframe of this site's oEmbed answer (data-difang-frame) is adopted and sized the same way.
 * The other side of the messages is src/embed/frame.js. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  if (window['difangEmbed' + origin]) return; // the loader pasted twice
  window['difangEmbed' + origin] = 1;
  var ATTR = 'data-difang-widget';
  var PARAMS = ['channel', 'article', 'limit', 'theme', 'lang'];
  // [default limit, fixed px, px a row]; comments have a first guess of 600.
  var SIZES = { 'hot-ranking': [8, 94, 44], latest: [6, 94, 44], 'picture-highlights': [4, 94, 80] };
  var TITLES = { 'hot-ranking': '热点排行', latest: '最新头条', 'picture-highlights': '图文看点', comments: '评论' };
  var frames = []; // {el, frame, shown}
  var WAIT = 10000; // ms after the iframe's load event for the widget's first message

  function height(kind, limit) {
    var s = SIZES[kind];
    if (!s) return 600;
    var n = parseInt(limit, 10);
    return s[1] + s[2] * (n > 0 && n <= 20 ? n : s[0]);
  }

  // The iframe element's color-scheme, the same as the widget's own (`auto` follows the reader's system);
  // model::embed::EmbedTheme::color_scheme.
  function scheme(frame, theme) {
    frame.style.colorScheme = theme === 'light' || theme === 'dark' ? theme : 'light dark';
  }

  function fallback(w) {
    if (w.shown) return;
    w.failed = 1;
    if (w.el === w.frame) return; // an oEmbed iframe keeps its own fixed size
    var a = document.createElement('a');
    a.href = origin + '/';
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = '地方网 · Difang ›';
    a.setAttribute('data-difang-fallback', '');
    w.el.replaceChildren(a);
    w.el.style.minHeight = '';
  }

  function mount(el) {
    if (el.hasAttribute('data-difang-ready')) return;
    el.setAttribute('data-difang-ready', '');
    var kind = el.getAttribute(ATTR) || '';
    var q = [];
    PARAMS.forEach(function (p) {
      var v = el.getAttribute('data-' + p);
      if (v) q.push(p + '=' + encodeURIComponent(v));
    });
    var f = document.createElement('iframe');
    f.src = origin + '/embed/' + encodeURIComponent(kind) + (q.length ? '?' + q.join('&') : '');
    f.title = el.getAttribute('data-title') || (TITLES[kind] || kind) + ' · 地方网';
    f.loading = 'lazy';
    f.setAttribute('scrolling', 'no');
    f.style.cssText = 'display:block;width:100%;border:0;height:' + height(kind, el.getAttribute('data-limit')) + 'px';
    scheme(f, el.getAttribute('data-theme'));
    var w = { el: el, frame: f };
    frames.push(w);
    f.addEventListener('load', function () {
      setTimeout(function () { fallback(w); }, WAIT);
    });
    f.addEventListener('error', function () { fallback(w); });
    el.replaceChildren(f);
  }

  // An iframe from this site's oEmbed answer (pasted by the partner's CMS with this loader): sized like a
  // mounted one, capped at the consumer's maxheight if it gave one.
  function adopt(f) {
    if (f.hasAttribute('data-difang-ready') || f.src.indexOf(origin + '/embed/') !== 0) return;
    f.setAttribute('data-difang-ready', '');
    f.setAttribute('scrolling', 'no');
    scheme(f, new URL(f.src).searchParams.get('theme'));
    frames.push({ el: f, frame: f, max: parseInt(f.getAttribute('data-difang-max-height'), 10) || 1e5 });
  }

  function scan(root) {
    var frame = 'iframe[data-difang-frame]';
    if (root.matches && root.matches('[' + ATTR + ']')) mount(root);
    if (root.matches && root.matches(frame)) adopt(root);
    if (!root.querySelectorAll) return;
    Array.prototype.forEach.call(root.querySelectorAll('[' + ATTR + ']'), mount);
    Array.prototype.forEach.call(root.querySelectorAll(frame), adopt);
  }

  window.addEventListener('message', function (e) {
    if (e.origin !== origin) return;
    for (var i = 0; i < frames.length; i++) {
      var w = frames[i];
      if (w.frame.contentWindow !== e.source || w.failed) continue;
      var d = e.data;
      if (d && d.difang === 'height' && typeof d.height === 'number' && d.height > 0 && d.height < 1e5) {
        w.frame.style.height = Math.min(Math.ceil(d.height), w.max || 1e5) + 'px';
        if (d.height > w.max) w.frame.setAttribute('scrolling', 'auto');
        if (!w.shown) {
          w.shown = 1;
          w.el.style.minHeight = '';
        }
      }
      return;
    }
  });

  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === 'attributes') {
        frames.forEach(function (w) {
          if (w.el === r.target && w.frame.contentWindow) {
            var theme = w.el.getAttribute('data-theme') || 'auto';
            scheme(w.frame, theme);
            w.frame.contentWindow.postMessage({ difang: 'theme', theme: theme }, origin);
          }
        });
      } else {
        Array.prototype.forEach.call(r.addedNodes, scan);
      }
    });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-theme'] });

  scan(document);
})();
