// Trunk post_build hook: put the sha256 of every inline <script> into the CSP meta tag.
// Trunk boots the app with an inline module script; hashing it keeps script-src free of
// 'unsafe-inline'. Reads $TRUNK_STAGING_DIR/index.html (or argv[2]) and rewrites it in place.
import { readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";

const file = process.argv[2] || join(process.env.TRUNK_STAGING_DIR || "dist", "index.html");
let html = readFileSync(file, "utf8");
const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${createHash("sha256").update(m[1], "utf8").digest("base64")}'`);
}
const marker = "'csp-inline-hashes'";
if (!html.includes(marker)) {
  console.error(`csp-hash: marker ${marker} not found in ${file}`);
  process.exit(1);
}
html = html.replace(marker, hashes.join(" "));
writeFileSync(file, html);
console.log(`csp-hash: ${hashes.length} inline script hash(es) added to ${file}`);
