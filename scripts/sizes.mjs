// Prints raw and gzipped sizes of the built wasm and js in dist/ (the budget is main wasm + js
// <= 350 KB gzipped). Usage: node scripts/sizes.mjs dist
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

const dir = process.argv[2] || "dist";
const rows = [];
let mainGz = 0;
for (const f of readdirSync(dir).sort()) {
  if (!/\.(wasm|js)$/.test(f)) continue;
  const body = readFileSync(join(dir, f));
  const gz = gzipSync(body, { level: 9 }).length;
  if (f.startsWith("app")) mainGz += gz;
  rows.push(`${f.padEnd(40)} ${(body.length / 1024).toFixed(1).padStart(9)} KB ${(gz / 1024).toFixed(1).padStart(9)} KB gz`);
}
console.log(rows.join("\n"));
console.log(`main app wasm + js: ${(mainGz / 1024).toFixed(1)} KB gzipped (budget 350 KB)`);
