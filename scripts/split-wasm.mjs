// Trunk post_build hook: cuts the app's wasm into a main module and lazily fetched chunks.
//
// Trunk builds the wasm (`--features split`: the `split_point!` functions of src/lazy.rs, linked with
// `--emit-relocs`) and runs its own wasm-bindgen on it; that output cannot be split any more, so this
// hook redoes the steps after cargo the way cargo-leptos does: wasm-split-cli on cargo's wasm →
// wasm-bindgen (web, --keep-lld-exports: the chunks import `__indirect_function_table` from the main
// module) on the main module → wasm-opt on the main module and on every chunk. It then replaces
// Trunk's `difang-*.js` / `difang-*_bg.wasm` in the staging dir with content-hashed files and rewrites
// index.html (names, integrity, a modulepreload for the split loader). Tools: wasm-split-cli 0.2.4,
// wasm-bindgen 0.2.130 and wasm-opt 132 (e2e/node_modules, never Debian's); scripts/setup.sh installs
// them.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = 'difang';
// DEVELOPERS.md: with `strip = true` wasm-bindgen cannot tell wasm-opt which features are on.
const WASM_OPT_ARGS = ['-Oz', '--converge', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

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
const work = path.join(meta.target_directory, 'wasm-split', release ? 'release' : 'debug');
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

// 3. wasm-opt each module (release only, as Trunk does), main and chunks in parallel.
const localOpt = path.join(root, 'e2e', 'node_modules', '.bin', 'wasm-opt');
const wasmOpt = fs.existsSync(localOpt) ? localOpt : 'wasm-opt'; // else the one scripts/env.sh put first on PATH
const modules = [[path.join(work, 'bindgen', `${BIN}_bg.wasm`), path.join(work, 'out', `${BIN}_bg.wasm`)],
  ...chunks.map((c) => [path.join(work, 'split', c), path.join(work, 'out', c)])];
if (release) {
  const version = execFileSync(wasmOpt, ['--version'], { encoding: 'utf8' });
  if (!version.includes('version 132')) throw new Error(`need wasm-opt 132 (npm binaryen@132), got ${version.trim()}`);
  const t1 = Date.now();
  await Promise.all(modules.map(([from, to]) => run(wasmOpt, [...WASM_OPT_ARGS, from, '-o', to])));
  log(`wasm-opt -Oz on ${modules.length} modules (${Date.now() - t1} ms)`);
} else {
  for (const [from, to] of modules) fs.copyFileSync(from, to);
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
const pair = hash16(glue, loader);
const newJs = `${BIN}-${pair}.js`;
const newLoader = `__wasm_split-${pair}.js`;
glue = glue.split('@LOADER@').join(newLoader);
loader = loader.split('@GLUE@').join(newJs);
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
fs.writeFileSync(htmlPath, html);

const sizes = [newWasm, ...renames.values(), newJs, newLoader].map((f) => `${f} ${fs.statSync(path.join(staging, f)).size} B`);
log(`wrote ${sizes.join(', ')} (${Date.now() - t0} ms in all)`);
