// Trunk post_build hook: cuts the app's wasm into a main module and lazily fetched chunks.
//
// Trunk builds the wasm (`--features split`: the `split_point!` functions of src/lazy.rs, linked with
// `--emit-relocs`) and runs its own wasm-bindgen on it; that output cannot be split any more, so this
// hook redoes the steps after cargo the way cargo-leptos does: wasm-split-cli on cargo's wasm →
// wasm-bindgen (web, --keep-lld-exports: the chunks import `__indirect_function_table` from the main
// module) on the main module → wasm-opt on the main module and on every chunk. It then replaces
// Trunk's `difang-*.js` / `difang-*_bg.wasm` in the staging dir with content-hashed files and rewrites
// index.html (names, integrity, a modulepreload for the split loader). Tools: wasm-split-cli 0.2.4,
// wasm-bindgen 0.2.130, wasm-opt 132 and terser (both pinned in e2e/package.json, never Debian's
// binaryen); scripts/setup.sh installs them.
//
// Release builds also shrink what the article route downloads first, with the tools' own options only:
// wasm-opt removes the main module's exports nothing calls (so their code is dead) and the custom
// sections no browser reads, and terser minifies both JS files. The code wasm-bindgen and wasm-split
// generate is never edited (issue 27): that rewrite (minified names on the wasm/JS boundary, tied to
// one wasm-bindgen version) saved 7.6 KB of the article route's first download.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const run = promisify(execFile);
// Two Trunk targets use this hook: index.html (the reader's app, bin `difang`) and embed.html (the
// partner widgets, bin `difang-embed`, scripts/build.sh's second run; its chunks are the comment thread
// and the partners' page, so a read-only widget downloads neither).
const EMBED = path.basename(process.env.TRUNK_HTML_FILE ?? '') === 'embed.html';
// widget.html (the read-only widgets' page, drawn by the server) has no wasm; desk.html (the editors'
// desk) is not split: Trunk's own wasm-opt runs on it.
if (['widget.html', 'desk.html'].includes(path.basename(process.env.TRUNK_HTML_FILE ?? ''))) process.exit(0);
const BIN = EMBED ? 'difang-embed' : 'difang';

const TERSER = { module: true, compress: { passes: 2 }, format: { comments: false } }; // the glue is an ES module
const brotliSize = (text) => zlib.brotliCompressSync(Buffer.from(text), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
// DEVELOPERS.md: with `strip = true` wasm-bindgen cannot tell wasm-opt which features are on.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const WASM_OPT_ARGS = ['-Oz', '--converge', '--strip-producers', '--strip-target-features', ...FEATURES];
// Exports of the main module that nothing calls (binaryen wildcards). Release only.
const DEAD_EXPORTS = [
  // wasm-streams' #[wasm_bindgen] classes IntoUnderlying{Source,Sink,ByteSource}: leptos → server_fn
  // (feature browser) links them in, the app never streams, yet wasm-bindgen exports them and writes JS
  // classes for them. The glue keeps their classes, which nothing constructs: their methods would be
  // the only readers of these exports.
  'intounderlying*', '__wbg_intounderlying*',
  // Left by --keep-lld-exports (needed only for __indirect_function_table); neither the glue nor the
  // split loader reads them.
  'main', '__data_end', '__heap_base', '__abort_handler', '__instance_terminated',
];

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set: run this as a Trunk hook (trunk build)`);
  return v;
};
const staging = env('TRUNK_STAGING_DIR');
const root = env('TRUNK_SOURCE_DIR');
const release = env('TRUNK_PROFILE') === 'release';
const log = (m) => console.log(`[split-wasm] ${m}`);
const hash16 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
};
const sri = (buf) => 'sha384-' + createHash('sha384').update(buf).digest('base64');

const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));
const input = path.join(meta.target_directory, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${BIN}.wasm`);
const work = path.join(meta.target_directory, EMBED ? 'wasm-split-embed' : 'wasm-split', release ? 'release' : 'debug');
fs.rmSync(work, { recursive: true, force: true });
for (const d of ['split', 'bindgen', 'out']) fs.mkdirSync(path.join(work, d), { recursive: true });

// Trunk's own output for this build: exactly one glue and one wasm, named after its hash of `input`.
const trunkFiles = fs.readdirSync(staging).filter((f) => new RegExp(`^${BIN}-[0-9a-f]{12,16}(\\.js|_bg\\.wasm)$`).test(f));
const oldJs = trunkFiles.find((f) => f.endsWith('.js'));
const oldWasm = trunkFiles.find((f) => f.endsWith('_bg.wasm'));
if (trunkFiles.length !== 2 || !oldJs || !oldWasm) throw new Error(`expected Trunk's ${BIN}-*.js and ${BIN}-*_bg.wasm in ${staging}, found ${trunkFiles}; staging holds: ${fs.readdirSync(staging).join(", ")}`);

// 1. Split. Main module → split/difang.wasm (imports the loaders from ./__wasm_split.js); chunks beside it.
const t0 = Date.now();
execFileSync('wasm-split-cli', ['--target', 'web', '--out-name', BIN, input, path.join(work, 'split')], { stdio: 'inherit' });
const chunks = fs.readdirSync(path.join(work, 'split')).filter((f) => f.endsWith('.wasm') && f !== `${BIN}.wasm`).sort();
if (chunks.length === 0) throw new Error('wasm-split-cli found no split point: was the wasm built with --features split?');
log(`split into ${BIN}.wasm + ${chunks.join(', ')} (${Date.now() - t0} ms)`);

// 2. wasm-bindgen on the main module only (the chunks carry no bindgen imports). Its version must equal the
// wasm-bindgen crate in Cargo.lock, as Trunk insists for its own run.
const locked = /name = "wasm-bindgen"\nversion = "([^"]+)"/.exec(fs.readFileSync(path.join(root, 'Cargo.lock'), 'utf8'))?.[1];
const bindgenVersion = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim();
if (!locked || !bindgenVersion.endsWith(` ${locked}`)) throw new Error(`need wasm-bindgen ${locked}, got ${bindgenVersion}`);
execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--out-dir',
  path.join(work, 'bindgen'), '--out-name', BIN, path.join(work, 'split', `${BIN}.wasm`)], { stdio: 'inherit' });
if (fs.existsSync(path.join(work, 'bindgen', 'snippets'))) throw new Error('wasm-bindgen snippets are not handled here');

// 3. wasm-opt each module (release only, as Trunk does), main and chunks in parallel; the main module also
// loses its dead exports (the option comes first: binaryen runs passes in the order given).
const localOpt = path.join(root, 'e2e', 'node_modules', '.bin', 'wasm-opt');
const wasmOpt = fs.existsSync(localOpt) ? localOpt : 'wasm-opt'; // else the one scripts/env.sh put first on PATH
const bindgenWasm = path.join(work, 'bindgen', `${BIN}_bg.wasm`);
const outWasm = path.join(work, 'out', `${BIN}_bg.wasm`);
if (release) {
  const version = execFileSync(wasmOpt, ['--version'], { encoding: 'utf8' });
  if (!version.includes('version 132')) throw new Error(`need wasm-opt 132 (npm binaryen@132), got ${version.trim()}`);
  const t1 = Date.now();
  const main = () => run(wasmOpt, [`--remove-exports=${DEAD_EXPORTS.join(',')}`, ...WASM_OPT_ARGS, bindgenWasm, '-o', outWasm]);
  await Promise.all([main(),
    ...chunks.map((c) => run(wasmOpt, [...WASM_OPT_ARGS, path.join(work, 'split', c), '-o', path.join(work, 'out', c)]))]);
  log(`wasm-opt -Oz on ${chunks.length + 1} modules (${Date.now() - t1} ms)`);
} else {
  for (const [from, to] of [[bindgenWasm, outWasm], ...chunks.map((c) => [path.join(work, 'split', c), path.join(work, 'out', c)])]) {
    fs.copyFileSync(from, to);
  }
}

// 4. Content-hashed names. Chunks and the main wasm by their bytes; the glue and the split loader import
// each other, so both take one hash of the pair with those two names left as placeholders.
const renames = new Map(); // old file name → new
const mainWasm = fs.readFileSync(path.join(work, 'out', `${BIN}_bg.wasm`));
const newWasm = `${BIN}-${hash16(mainWasm)}_bg.wasm`;
fs.writeFileSync(path.join(staging, newWasm), mainWasm);
for (const c of chunks) {
  const bytes = fs.readFileSync(path.join(work, 'out', c));
  const name = `${c.slice(0, -'.wasm'.length)}-${hash16(bytes)}.wasm`;
  renames.set(c, name);
  fs.writeFileSync(path.join(staging, name), bytes);
}
const replaceAll = (text, from, to) => {
  if (!text.includes(from)) throw new Error(`"${from}" not found where it was expected`);
  return text.split(from).join(to);
};
let loader = fs.readFileSync(path.join(work, 'split', '__wasm_split.js'), 'utf8');
for (const [from, to] of renames) loader = replaceAll(loader, `"./${from}"`, `"./${to}"`);
loader = replaceAll(loader, `from "./${BIN}.js"`, 'from "./@GLUE@"');
let glue = fs.readFileSync(path.join(work, 'bindgen', `${BIN}.js`), 'utf8');
// Only the import statement: the imports object keeps "./__wasm_split.js", the main wasm's module name.
glue = replaceAll(glue, 'from "./__wasm_split.js"', 'from "./@LOADER@"');
if (release) {
  const before = [glue, loader].map((t) => brotliSize(t));
  const minify = async (code) => (await terser().minify(code, TERSER)).code;
  [glue, loader] = await Promise.all([minify(glue), minify(loader)]);
  const after = [glue, loader].map((t) => brotliSize(t));
  log(`glue ${before[0]} → ${after[0]} B brotli, split loader ${before[1]} → ${after[1]} B (terser)`);
}
// Hashed after every rewrite, so the names (and index.html's integrity) are those of the served bytes.
const pair = hash16(glue, loader);
const newJs = `${BIN}-${pair}.js`;
const newLoader = `__wasm_split-${pair}.js`;
glue = replaceAll(glue, '@LOADER@', newLoader);
loader = replaceAll(loader, '@GLUE@', newJs);
fs.writeFileSync(path.join(staging, newJs), glue);
fs.writeFileSync(path.join(staging, newLoader), loader);
fs.rmSync(path.join(staging, oldJs));
fs.rmSync(path.join(staging, oldWasm));

// 5. index.html: Trunk's script and preload tags, pointed at the new files (with their integrity), plus a
// modulepreload for the loader, which the glue imports statically.
const htmlPath = path.join(staging, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');
const files = new Map([[oldJs, newJs], [oldWasm, newWasm]]);
html = html.replace(/<link\b[^>]*>/g, (tag) => {
  for (const [from, to] of files) {
    if (!tag.includes(from)) continue;
    let t = tag.split(from).join(to).replace(/integrity="[^"]*"/, `integrity="${sri(fs.readFileSync(path.join(staging, to)))}"`);
    if (to === newJs) {
      const extra = t.split(newJs).join(newLoader)
        .replace(/integrity="[^"]*"/, `integrity="${sri(fs.readFileSync(path.join(staging, newLoader)))}"`);
      t += extra;
    }
    return t;
  }
  return tag;
});
for (const [from, to] of files) html = replaceAll(html, from, to);
if (!html.includes(newLoader)) throw new Error('index.html has no modulepreload for the glue: Trunk changed its output?');
if (!EMBED) html = startAfterFirstPaint(html);
fs.writeFileSync(htmlPath, html);

// The reader's app: Trunk's loader (a module script importing the glue, preloads of the glue, the split
// loader and the wasm) starts ~190 KB of downloads and the wasm's start before Chrome paints the page the
// server drew, which then waits for them (issue 10: LCP 2.1 s against 0.9 s for the same DOM as static
// HTML). Replaced by one that, on a page the server drew (it carries #difang-answers), starts the same
// downloads once the page has loaded and its first contentful paint is on screen: the paint timing entry
// comes when the frame is presented, where requestAnimationFrame fires before it is drawn (in Lighthouse's
// headless Chrome the frame after rAF was presented ~1 s later, with the downloads done and the wasm
// running). A hidden page (a background tab) paints nothing, so it starts at once. An empty shell (static
// hosting) starts at once too; there the three downloads still go out together, as the preloads had them.
function startAfterFirstPaint(page) {
  const tags = [...page.matchAll(/<link rel="(?:modulepreload|preload)"[^>]*>/g)].map((m) => m[0]);
  const integrity = (name) => {
    const tag = tags.find((t) => t.includes(`"/${name}"`));
    if (!tag) throw new Error(`index.html has no preload for ${name}: Trunk changed its output?`);
    return tag.match(/integrity="([^"]+)"/)[1];
  };
  const script = `<script type="module">
const start = async () => {
  const wasm = fetch('/${newWasm}', { integrity: '${integrity(newWasm)}' });
  const [glue] = await Promise.all([import('/${newJs}'), import('/${newLoader}')]);
  await glue.default({ module_or_path: wasm });
};
const painted = () => performance.getEntriesByName('first-contentful-paint').length > 0;
const afterPaint = () => {
  if (painted() || document.visibilityState === 'hidden') return setTimeout(start);
  if (!PerformanceObserver.supportedEntryTypes?.includes('paint')) return requestAnimationFrame(() => setTimeout(start));
  const seen = new PerformanceObserver(() => { if (painted()) { seen.disconnect(); setTimeout(start); } });
  seen.observe({ type: 'paint' });
};
if (!document.getElementById('difang-answers')) start();
else if (document.readyState === 'complete') afterPaint();
else addEventListener('load', afterPaint, { once: true });
</script>`;
  integrity(newJs);
  integrity(newLoader);
  const trunk = page.match(/<script type="module">[^]*?<\/script>/);
  if (!trunk || !trunk[0].includes(`'/${newJs}'`)) throw new Error("index.html's module script is not Trunk's loader: Trunk changed its output?");
  let out = page.replace(trunk[0], () => script);
  for (const t of tags) out = out.replace(t, '');
  return out;
}

const sizes = [newWasm, ...renames.values(), newJs, newLoader].map((f) => `${f} ${fs.statSync(path.join(staging, f)).size} B`);
log(`wrote ${sizes.join(', ')} (${Date.now() - t0} ms in all)`);

function terser() {
  try {
    return createRequire(path.join(root, 'e2e', 'package.json'))('terser');
  } catch (e) {
    throw new Error(`terser (pinned in e2e/package.json) is missing: run scripts/setup.sh (${e.message})`);
  }
}
