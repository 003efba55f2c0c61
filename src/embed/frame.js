/* The widget's side of the iframe (every /embed/{kind} page loads it, in <head>, before the first paint):
 * keeps <html data-theme> on the widget's theme (`?theme=light|dark|auto`; auto follows the reader's
 * system setting live), and in a frame marks the page (data-framed: no scrollbar of its own, see
 * style/embed.css), posts the body's height to the parent as {difang: "height", height} whenever it
 * changes, and takes the partner's theme changes ({difang: "theme", theme}, believed only from
 * window.parent). The loader (src/embed/embed.js) is the other side. Read-only widgets are drawn by the
 * server and load nothing else; the comment widget's wasm runs beside this. No dependencies. */
(function () {
  'use strict';
  var html = document.documentElement;
  var THEMES = { light: 1, dark: 1, auto: 1 };
  var requested = new URLSearchParams(location.search).get('theme');
  if (!THEMES[requested]) requested = 'auto';
  var system = window.matchMedia('(prefers-color-scheme: dark)');

  function apply() {
    var dark = requested === 'auto' ? system.matches : requested === 'dark';
    html.setAttribute('data-theme', dark ? 'dark' : 'light');
  }
  apply();
  system.addEventListener('change', apply);

  var parent = window.parent;
  if (parent === window) return; // not framed: the partners' page, or the widget opened on its own
  html.setAttribute('data-framed', '');

  window.addEventListener('message', function (e) {
    var d = e.data;
    if (e.source !== parent || !d || d.difang !== 'theme' || !THEMES[d.theme]) return;
    requested = d.theme;
    apply();
  });

  // The target origin is "*": a read-only widget may sit on any partner's page and a height is no
  // secret; the loader checks who sent it.
  var last = 0;
  function report() {
    var h = Math.ceil(document.body.getBoundingClientRect().height);
    if (h !== last) {
      last = h;
      parent.postMessage({ difang: 'height', height: h }, '*');
    }
  }
  function start() {
    new ResizeObserver(report).observe(document.body);
  }
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
})();
