// Writes this build's file list and version into the service worker (dist/sw.js), so it precaches
// exactly the built files. Run after csp-hash.mjs (index.html must be final: its bytes are part of
// the version). Reads $TRUNK_STAGING_DIR (or argv[2], default dist) and rewrites sw.js in place.
// Every file of the build is listed, except sw.js itself; "./" stands for index.html.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR || "dist";
const swFile = join(dir, "sw.js");

function* files(d) {
  for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(d, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield relative(dir, p).split("\\").join("/");
  }
}

const hash = createHash("sha256");
const assets = [];
for (const f of files(dir)) {
  if (f === "sw.js") continue;
  hash.update(f).update("\0").update(readFileSync(join(dir, f)));
  assets.push(f === "index.html" ? "./" : `./${f}`);
}
const version = hash.digest("hex").slice(0, 16);

let sw = readFileSync(swFile, "utf8");
const patterns = [[/^const VERSION = .*;$/m, `const VERSION = ${JSON.stringify(version)};`],
  [/^const ASSETS = .*;$/m, `const ASSETS = ${JSON.stringify(assets)};`]];
for (const [re, line] of patterns) {
  if (!re.test(sw)) {
    console.error(`sw-precache: ${re} not found in ${swFile}`);
    process.exit(1);
  }
  sw = sw.replace(re, line);
}
writeFileSync(swFile, sw);
console.log(`sw-precache: ${assets.length} files, version ${version}, written to ${swFile}`);
