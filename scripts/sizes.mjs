// Prints raw and gzipped sizes of the built wasm and js in dist/, then checks the page budget:
// the page's own wasm + js (app*.wasm, app*.js: what the browser must fetch and compile before
// anything shows) <= 350 KB gzipped (issue #8). The worker's files are printed, not budgeted.
// Exits 1 over budget. Usage: node scripts/sizes.mjs [dist] [budget KB]
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dir = process.argv[2] || "dist";
const budgetKb = Number(process.argv[3] || 350);
const rows = [];
let pageGz = 0;
let workerGz = 0;
let pageFiles = 0;
for (const f of readdirSync(dir).sort()) {
  if (!/\.(wasm|js)$/.test(f)) continue;
  const body = readFileSync(join(dir, f));
  const gz = gzipSync(body, { level: 9 }).length;
  if (f.startsWith("app")) {
    pageGz += gz;
    pageFiles += 1;
  }
  if (f.startsWith("worker")) workerGz += gz;
  rows.push(`${f.padEnd(40)} ${(body.length / 1024).toFixed(1).padStart(9)} KB ${(gz / 1024).toFixed(1).padStart(9)} KB gz`);
}
console.log(rows.join("\n"));
console.log(`worker wasm + js: ${(workerGz / 1024).toFixed(1)} KB gzipped (not budgeted)`);
console.log(`main app wasm + js: ${(pageGz / 1024).toFixed(1)} KB gzipped (budget ${budgetKb} KB)`);
if (pageFiles < 2) {
  console.error(`sizes: expected the page's wasm and js (app*.wasm, app*.js) in ${dir}/, found ${pageFiles} file(s)`);
  process.exit(1);
}
if (pageGz > budgetKb * 1024) {
  console.error(
    `sizes: the page's wasm + js is ${(pageGz / 1024).toFixed(1)} KB gzipped, over the ${budgetKb} KB budget ` +
      `(issue #8). See DEVELOPERS.md "Page size" for how to find what grew and the levers.`,
  );
  process.exit(1);
}
