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
// Release builds also shrink what the article route downloads first, the main module and its JS (see
// shrinkGlue below): exports nothing calls are removed before wasm-opt (so their code is dead), the
// names on the wasm/JS boundary are minified (wasm-bindgen's imports end in 16-hex-digit hashes, which
// brotli cannot squeeze) with the glue and the split loader rewritten to match, and both JS files are
// minified with terser. Every rewrite finds its text exactly or stops the build, and the result is
// checked against the final module's imports and exports, so a new wasm-bindgen or wasm-split cannot
// slip a broken page through.
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
const WASM_OPT_ARGS = ['-Oz', '--converge', ...FEATURES];
// Exports of the main module that nothing calls (binaryen wildcards). Release only.
const DEAD_EXPORTS = [
  // wasm-streams' #[wasm_bindgen] classes IntoUnderlying{Source,Sink,ByteSource}: leptos → server_fn
  // (feature browser) links them in, the app never streams, yet wasm-bindgen exports them and writes JS
  // classes for them. Their glue classes go too (shrinkGlue).
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
for (const d of ['split', 'bindgen', 'min', 'out']) fs.mkdirSync(path.join(work, d), { recursive: true });

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

// 3. wasm-opt each module (release only, as Trunk does), main and chunks in parallel. The main module
// first loses its dead exports and has its import and export names minified, in a run of its own: in
// the -Oz --converge run the minifier would run again each round, and after -Oz a plain rewrite of the
// module would undo part of -Oz's size work (binaryen optimizes the final encoding only when optimizing).
// Only the main module's names are minified: the chunks import just memory, the table and a global,
// which the split loader hands them under their own names.
const localOpt = path.join(root, 'e2e', 'node_modules', '.bin', 'wasm-opt');
const wasmOpt = fs.existsSync(localOpt) ? localOpt : 'wasm-opt'; // else the one scripts/env.sh put first on PATH
const bindgenWasm = path.join(work, 'bindgen', `${BIN}_bg.wasm`);
const outWasm = path.join(work, 'out', `${BIN}_bg.wasm`);
let minified; // binaryen's map: { imports: [[module, name, new name]], exports: [[name, new name]] }
if (release) {
  const version = execFileSync(wasmOpt, ['--version'], { encoding: 'utf8' });
  if (!version.includes('version 132')) throw new Error(`need wasm-opt 132 (npm binaryen@132), got ${version.trim()}`);
  const t1 = Date.now();
  const main = async () => {
    const min = path.join(work, 'min', `${BIN}_bg.wasm`);
    // `-and-modules`: the plain import minifier only renames imports from "env" and "wasi_*"; this one
    // also merges every import module (wasm-bindgen's and the split loader's) into one, named "a".
    const { stdout } = await run(wasmOpt, [...FEATURES, `--remove-exports=${DEAD_EXPORTS.join(',')}`,
      '--minify-imports-and-exports-and-modules', bindgenWasm, '-o', min], { maxBuffer: 16 << 20 });
    minified = JSON.parse(stdout);
    await run(wasmOpt, [...WASM_OPT_ARGS, min, '-o', outWasm]);
  };
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
  ({ glue, loader } = shrinkGlue(glue, loader));
  // Readable copies of what terser gets, for whoever has to debug the served files.
  fs.writeFileSync(path.join(work, 'min', `${BIN}.js`), glue);
  fs.writeFileSync(path.join(work, 'min', '__wasm_split.js'), loader);
  const minify = async (code) => (await terser().minify(code, TERSER)).code;
  [glue, loader] = await Promise.all([minify(glue), minify(loader)]);
  const after = [glue, loader].map((t) => brotliSize(t));
  log(`glue ${before[0]} → ${after[0]} B brotli, split loader ${before[1]} → ${after[1]} B (names on the wasm boundary, dead classes, terser)`);
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

// Release only: makes the glue and the split loader match the main module that step 3 wrote, whose dead
// exports are gone and whose import and export names are minified (`minified`), and checks the result.
function shrinkGlue(glue, loader) {
  const exportsOf = (file) => WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(file)));
  const importsOf = (file) => WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(file)));
  const bindgenExports = new Set(exportsOf(bindgenWasm).map((e) => e.name));
  const bindgenImports = importsOf(bindgenWasm);
  const finalExports = new Set(exportsOf(outWasm).map((e) => e.name));
  const finalImports = importsOf(outWasm);
  const exactlyOnce = (text, re, what) => {
    const found = text.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')) ?? [];
    if (found.length !== 1) throw new Error(`${what}: expected once, found ${found.length} times`);
    return re.exec(text);
  };
  // Not String.replace: minified names may hold `$`, which a replacement string would read as a pattern.
  const swap = (text, from, to) => {
    const at = text.indexOf(from);
    if (at < 0) throw new Error(`lost track of "${from.slice(0, 60)}"`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  };

  // Classes whose `__wbg_<class>_free` export DEAD_EXPORTS removed: the class, its Symbol.dispose line
  // and its FinalizationRegistry, then any `__wbindgen_enum_*` table only they used.
  const removed = [...bindgenExports].filter((e) => !minified.exports.some(([old]) => old === e));
  for (const name of removed) {
    const cls = /^__wbg_(\w+)_free$/.exec(name)?.[1];
    if (!cls) continue;
    const classes = [...glue.matchAll(/^export class (\w+) \{$/gm)].map((m) => m[1]).filter((c) => c.toLowerCase() === cls);
    if (classes.length !== 1) throw new Error(`expected one glue class for the removed export ${name}, found ${classes.length}`);
    const C = classes[0];
    for (const re of [
      new RegExp(`^export class ${C} \\{\\n[\\s\\S]*?^\\}\\n`, 'm'),
      new RegExp(`^if \\(Symbol\\.dispose\\) ${C}\\.prototype\\[Symbol\\.dispose\\] = ${C}\\.prototype\\.free;\\n`, 'm'),
      new RegExp(`^const ${C}Finalization = [^;]*;\\n`, 'm'),
    ]) glue = swap(glue, exactlyOnce(glue, re, `${C} (${re.source.slice(0, 40)}…)`)[0], '');
    if (new RegExp(`\\b${C}\\b`).test(glue)) throw new Error(`${C} is still used in the glue`);
  }
  for (const [line, e] of glue.matchAll(/^const (__wbindgen_enum_\w+) = \[[^\]]*\];\n/gm)) {
    if (!new RegExp(`\\b${e}\\b`).test(swap(glue, line, ''))) glue = swap(glue, line, '');
  }
  if (/intounderlying/i.test(glue)) throw new Error('the glue still mentions wasm-streams\' IntoUnderlying* classes');

  // Imports. The wbg ones are the properties of `import0` (one per line at 8 spaces: `name: function…`);
  // the rest come from the modules in the object __wbg_get_imports returns. The main module now imports
  // everything from one module under short names, and -Oz dropped the imports that only dead code used.
  const IMPORT0 = /^    const import0 = \{\n        __proto__: null,\n([\s\S]*?)^    \};\n/m;
  const keyOf = (entry) => /^        ([A-Za-z_$][\w$]*): /.exec(entry)?.[1];
  const import0 = (text) => {
    const [all, body] = exactlyOnce(text, IMPORT0, 'import0');
    const entries = body.split(/^(?=        [A-Za-z_$][\w$]*: )/m);
    if (entries.some((e) => !keyOf(e))) throw new Error('import0 has a property this script cannot read');
    return { all, entries };
  };
  const { all: objText, entries } = import0(glue);
  const [retText, retBody] = exactlyOnce(glue, /^    return \{\n        __proto__: null,\n((?:        "[^"]+": import\d+,\n)+)    \};\n/m, 'imports object');
  const moduleVars = new Map([...retBody.matchAll(/"([^"]+)": (import\d+)/g)].map((m) => [m[1], m[2]]));
  const wbg = [...moduleVars].find(([, v]) => v === 'import0')?.[0];
  const expected = bindgenImports.filter((i) => i.module === wbg).map((i) => i.name).sort();
  if (entries.map(keyOf).sort().join() !== expected.join()) throw new Error(`import0's properties are not the wasm's imports from ${wbg}`);
  const finalModules = [...new Set(finalImports.map((i) => i.module))];
  if (finalModules.length !== 1) throw new Error(`expected one import module after minifying, got ${finalModules}`);
  const needed = new Set(finalImports.map((i) => i.name));
  const newName = new Map(minified.imports.map(([m, old, short]) => [`${m}\0${old}`, short]));
  const rename = (m, old) => {
    const short = newName.get(`${m}\0${old}`);
    if (!short) throw new Error(`no minified name for import ${m} ${old}`);
    return short;
  };
  let body = '';
  for (const entry of entries) {
    const short = rename(wbg, keyOf(entry));
    if (needed.has(short)) body += `        ${short}: ` + entry.slice(entry.indexOf(': ') + 2);
  }
  for (const i of bindgenImports.filter((i) => i.module !== wbg)) {
    const v = moduleVars.get(i.module);
    if (!v) throw new Error(`the glue passes nothing for the wasm's import module ${i.module}`);
    const short = rename(i.module, i.name);
    if (needed.has(short)) body += `        ${short}: ${v}.${i.name},\n`;
  }
  glue = swap(glue, objText, `    const import0 = {\n        __proto__: null,\n${body}    };\n`);
  glue = swap(glue, retText, `    return { __proto__: null, ${JSON.stringify(finalModules[0])}: import0 };\n`);
  // The split loader's module was imported once per import; one namespace now serves them all.
  for (const [line, v] of glue.matchAll(/^import \* as (import\d+) from "[^"]+"\n/gm)) {
    if (!new RegExp(`\\b${v}\\b`).test(swap(glue, line, ''))) glue = swap(glue, line, '');
  }
  const provided = import0(glue).entries.map(keyOf).sort();
  if (provided.join() !== [...needed].sort().join()) throw new Error('the rewritten imports object does not match the wasm\'s imports');

  // Exports: the glue reads them as `wasm.<name>`, the split loader by destructuring initSync()'s result.
  const exportName = new Map(minified.exports);
  const short = (old) => {
    const n = exportName.get(old);
    if (!n || !finalExports.has(n)) throw new Error(`the JS uses export ${old}, which the main module no longer has`);
    return n;
  };
  glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, old) => `wasm.${short(old)}`);
  const [destructure, names] = exactlyOnce(loader, /const \{([^}]*)\} = initSync\(/, 'the split loader\'s use of the exports');
  const shared = names.split(',').map((n) => n.trim()).filter(Boolean);
  loader = swap(loader, destructure, `const { ${shared.map((n) => `${short(n)}: ${n}`).join(', ')} } = initSync(`);
  // Chunks import these from the loader under their own names, so the chunks need no change; check that.
  for (const c of chunks) {
    for (const i of importsOf(path.join(work, 'out', c))) {
      if (i.module !== '__wasm_split' || !shared.includes(i.name)) throw new Error(`${c} imports ${i.module}.${i.name}, which the split loader does not pass`);
    }
  }
  return { glue, loader };
}

function terser() {
  try {
    return createRequire(path.join(root, 'e2e', 'package.json'))('terser');
  } catch (e) {
    throw new Error(`terser (pinned in e2e/package.json) is missing: run scripts/setup.sh (${e.message})`);
  }
}
