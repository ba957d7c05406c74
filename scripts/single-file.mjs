// Builds the single-file offline page from a release dist/: one HTML file that works when opened
// from file:// (no server). Usage: node scripts/single-file.mjs [DIST] [OUT]
// (defaults dist, dist-single/micronum.html); prints the output path and its size.
//
// What goes in, each once:
//   - the CSS, as a <style>;
//   - idb.js, as an inline classic script;
//   - the app's wasm and the worker's wasm, gzipped and base64 in non-executed data blocks
//     (<script type="application/gzip">), inflated in the browser (DecompressionStream);
//   - the worker's wasm-bindgen glue, as a text data block: the boot script makes a blob: URL of
//     "glue + init(its inflated wasm)" and sets window.micronumWorkerUrl, which the app starts
//     instead of ./worker_loader.js (src/ui/worker_handle.rs);
//   - the app's wasm-bindgen glue (an ES module) with the boot code, as one inline module script.
// The demo CSV is compiled into the worker's wasm (Request::LoadDemo), so "Use demo data" needs nothing more. The service
// worker registration is left out (there is nothing to cache on file://). The CSP is rebuilt:
// scripts only by the sha256 of the two inline scripts (no 'self'), workers only from blob:.
// The user guide (guide.html + img/) is copied beside the file for the steps' Help links.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";

const [dist = "dist", out = "dist-single/micronum.html"] = process.argv.slice(2);

function fail(message) {
  console.error(`single-file: ${message}`);
  process.exit(1);
}

/** The one match of `re` in `text` (named `what` in the error). */
function one(text, re, what) {
  const all = [...text.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"))];
  if (all.length !== 1) fail(`expected one ${what}, found ${all.length}`);
  return all[0];
}

const read = (f) => readFileSync(join(dist, f));
const readText = (f) => read(f.replace(/^\.\//, "")).toString("utf8");

/** Text that can sit inside a <script> element unchanged (the HTML parser ends it at "</script"). */
function scriptSafe(text, what) {
  if (/<\/script|<!--/i.test(text)) fail(`${what} contains "</script" or "<!--"; cannot inline it`);
  return text;
}

/** An ES module's glue with its default export's name, refusing imports an inline script lacks. */
function appGlue(file) {
  const js = readText(file);
  if (/^\s*import\s/m.test(js)) fail(`${file} imports other files (wasm-bindgen snippets?); cannot inline it`);
  // `export default init;` or `export { initSync, init as default };`
  const m = one(js, /^export (?:default (\w+)|\{[^}]*?\b(\w+) as default\b[^}]*\});$/m, `default export in ${file}`);
  const init = m[1] || m[2];
  return { js: scriptSafe(js, file), init };
}

let html = readText("index.html");

// The app: Trunk's boot module imports the glue and fetches the wasm; both are inlined.
const boot = one(html, /<script type="module"[^>]*>([\s\S]*?)<\/script>/, "Trunk boot module script");
const appJs = one(boot[1], /from\s+(["'])([^"']+\.js)\1/, "app glue import")[2];
const appWasm = one(boot[1], /module_or_path:\s*(["'])([^"']+\.wasm)\1/, "app wasm path")[2];
const app = appGlue(appJs);

// The worker: Trunk's loader shim is `importScripts("<glue>");wasm_bindgen("<wasm>");`.
const shim = readText("worker_loader.js");
const workerJs = one(shim, /importScripts\((["'])([^"']+)\1\)/, "importScripts in worker_loader.js")[2];
const workerWasm = one(shim, /wasm_bindgen\((?:\{\s*module_or_path:\s*)?(["'])([^"']+\.wasm)\1/, "wasm_bindgen call in worker_loader.js")[2];
const workerGlue = scriptSafe(readText(workerJs), workerJs);

const css = one(html, /<link rel="stylesheet" href="([^"]+\.css)"[^>]*>/, "stylesheet link");
const idb = one(html, /<script src="(?:\.\/)?idb\.js"><\/script>/, "idb.js script tag");

// In a block: the glue's module-level names (e.g. `wasm`) stay untouched. Each wasm is stored
// gzipped (a file opened from disk gets no transfer compression), base64; the browser inflates it
// with DecompressionStream into a Response that wasm-bindgen compiles while it streams.
const bootJs = `{
const block = (id) => document.getElementById(id).textContent.trim();
const unzipWasm = (b64) => fetch("data:application/gzip;base64," + b64).then((r) =>
  new Response(r.body.pipeThrough(new DecompressionStream("gzip")), { headers: { "Content-Type": "application/wasm" } }));
// The worker: its glue, then its init with the same inflating helper, from one blob: URL.
const workerSource = block("micronum-worker-js") + "\\n;wasm_bindgen({ module_or_path: (" + unzipWasm + ")("
  + JSON.stringify(block("micronum-worker-wasm")) + ") });\\n";
window.micronumWorkerUrl = URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
const wasm = await ${app.init}({ module_or_path: unzipWasm(block("micronum-app-wasm")) });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
}
`;
const moduleScript = `${app.js}\n${bootJs}`;
const idbScript = scriptSafe(`\n${readText("idb.js")}`, "idb.js");
const gzipped = (f) => gzipSync(read(f), { level: 9 }).toString("base64");
const dataBlock = (id, type, body) => `<script type="${type}" id="${id}">${body}</script>`;

// Remove what would fetch a file; put the inline versions in their place.
html = html
  .replace(/<link rel="(?:modulepreload|preload)"[^>]*>\s*/g, "")
  .replace(/<script src="(?:\.\/)?sw-register\.js"><\/script>\s*/, "")
  .replace(css[0], () => `<style>\n${readText(css[1])}\n</style>`)
  .replace(idb[0], () => `<script>${idbScript}</script>`)
  .replace(boot[0], () => [
    dataBlock("micronum-app-wasm", "application/gzip", gzipped(appWasm)),
    dataBlock("micronum-worker-wasm", "application/gzip", gzipped(workerWasm)),
    dataBlock("micronum-worker-js", "text/plain", workerGlue),
    `<script type="module">${moduleScript}</script>`,
  ].join("\n"));

// CSP: the inline scripts by hash, workers from blob: only.
const sha = (t) => `'sha256-${createHash("sha256").update(t, "utf8").digest("base64")}'`;
const csp = one(html, /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/, "CSP meta tag");
const policy = csp[1]
  .replace(/script-src [^;]*/, `script-src 'wasm-unsafe-eval' ${sha(idbScript)} ${sha(moduleScript)}`)
  .replace(/worker-src [^;]*/, "worker-src blob:");
if (policy === csp[1] || !policy.includes("worker-src blob:")) fail("could not rewrite the CSP");
html = html.replace(csp[0], () => csp[0].replace(csp[1], policy));

// Nothing left that points at a file.
const outside = [...html.matchAll(/\b(?:src|href)="(?!data:|#)([^"]*)"/g)].map((m) => m[1]);
if (outside.length) fail(`references to files remain: ${outside.join(", ")}`);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
// The steps' "? Help" links open guide.html beside the page: copy the guide (and its images) next
// to the single file, so a folder holding both works offline too.
if (existsSync(join(dist, "guide.html"))) {
  cpSync(join(dist, "guide.html"), join(dirname(out), "guide.html"));
  cpSync(join(dist, "img"), join(dirname(out), "img"), { recursive: true });
}
const bytes = Buffer.byteLength(html);
const gz = gzipSync(html, { level: 9 }).length;
console.log(`${out}: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped)`);
