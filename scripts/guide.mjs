// Builds the offline user guide: docs/guide.md → guide.html (+ the images it shows, under img/)
// in Trunk's staging directory (post_build hook) or in the directory given as argv[2].
//
// Node built-ins only. The converter knows the Markdown the guide uses — ATX headings (ids as
// GitHub makes them, so `guide.html#segment-table` and the README's links agree), paragraphs,
// `-` and `1.` lists (one level, continuation lines indented), fenced code, pipe tables,
// blockquotes, and inline code, **bold**, *italic*, links and images — and fails loudly on what
// would not survive the trip: a missing image, a link to another .md file or to a section that
// does not exist, an absolute URL for an image, a duplicate heading id. All text is HTML-escaped. The page carries its own strict
// Content-Security-Policy (no script at all; its one inline style pinned by sha256) and loads
// nothing but its images from the same origin, so it works offline beside the app.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(repo, "docs/guide.md");
const out = resolve(process.argv[2] || process.env.TRUNK_STAGING_DIR || join(repo, "dist"));

const fail = (msg) => {
  console.error(`guide: ${msg}`);
  process.exit(1);
};

const escape = (s) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export const slug = (text) =>
  text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").trim().replace(/\s/g, "-");

const images = new Set();
const anchors = new Set();

/** Inline Markdown → HTML. Code spans are cut out first so nothing inside them is interpreted. */
function inline(text) {
  const codes = [];
  let s = text.replace(/`([^`]+)`/g, (_, c) => `\u0000${codes.push(c) - 1}\u0000`);
  s = escape(s);
  s = s.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_, alt, src) => {
    if (/^[a-z]+:/i.test(src)) fail(`image ${src}: only images beside the guide are allowed`);
    images.add(src);
    return `<img src="${src}" alt="${alt}" loading="lazy">`;
  });
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => {
    if (/\.md(#|$)/.test(href)) fail(`link ${href}: the guide ships alone; link to a section (#…) instead`);
    if (href.startsWith("#")) anchors.add(href.slice(1));
    return `<a href="${href}">${label}</a>`;
  });
  s = s.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
  s = s.replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>");
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => `<code>${escape(codes[Number(i)])}</code>`);
}

const cells = (line) => line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());

/** Block Markdown → HTML, plus the table of contents (level-2 headings). */
function convert(md) {
  const lines = md.replace(/\r\n?/g, "\n").split("\n");
  const html = [];
  const ids = new Set();
  const toc = [];
  let title = "micronum user guide";
  let i = 0;
  const isBlockStart = (l) => /^(#{1,4} |```|> |\s*[-*] |\s*\d+\. |\|)/.test(l);
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    let m;
    if ((m = /^(#{1,4}) (.*)$/.exec(line))) {
      const level = m[1].length;
      const id = slug(m[2]);
      if (ids.has(id)) fail(`duplicate heading id #${id}`);
      ids.add(id);
      if (level === 1) title = m[2];
      if (level === 2) toc.push([id, m[2]]);
      html.push(`<h${level} id="${id}">${inline(m[2])} <a class="anchor" href="#${id}" aria-label="Link to this section">#</a></h${level}>`);
      i++;
    } else if (line.startsWith("```")) {
      const lang = line.slice(3).trim();
      const body = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push(lines[i]);
      if (i >= lines.length) fail("unterminated code fence");
      i++;
      html.push(`<pre tabindex="0"${lang ? ` data-lang="${escape(lang)}"` : ""}><code>${escape(body.join("\n"))}</code></pre>`);
    } else if (line.startsWith("|")) {
      const head = cells(line);
      if (!/^\|?\s*:?-+/.test(lines[i + 1] || "")) fail(`line ${i + 1}: table without a separator line`);
      const align = cells(lines[i + 1]).map((c) => (c.endsWith(":") ? ' class="num"' : ""));
      const rows = [];
      for (i += 2; i < lines.length && lines[i].startsWith("|"); i++) rows.push(cells(lines[i]));
      html.push('<div class="table-wrap" tabindex="0"><table><thead><tr>'
        + head.map((c, k) => `<th${align[k] || ""}>${inline(c)}</th>`).join("")
        + "</tr></thead><tbody>"
        + rows.map((r) => "<tr>" + r.map((c, k) => `<td${align[k] || ""}>${inline(c)}</td>`).join("") + "</tr>").join("")
        + "</tbody></table></div>");
    } else if (line.startsWith("> ")) {
      const body = [];
      for (; i < lines.length && lines[i].startsWith(">"); i++) body.push(lines[i].replace(/^> ?/, ""));
      html.push(`<blockquote><p>${inline(body.join(" "))}</p></blockquote>`);
    } else if ((m = /^\s*([-*]|\d+\.) /.exec(line))) {
      const ordered = /\d/.test(m[1]);
      const items = [];
      while (i < lines.length) {
        const l = lines[i];
        const item = /^\s*([-*]|\d+\.) (.*)$/.exec(l);
        if (item && /\d/.test(item[1]) === ordered) { items.push([item[2]]); i++; continue; }
        if (l.trim() && /^\s{2,}/.test(l) && items.length) { items.at(-1).push(l.trim()); i++; continue; }
        if (!l.trim() && i + 1 < lines.length && /^\s*([-*]|\d+\.) /.test(lines[i + 1])) { i++; continue; }
        break;
      }
      const tag = ordered ? "ol" : "ul";
      html.push(`<${tag}>` + items.map((it) => `<li>${inline(it.join(" "))}</li>`).join("") + `</${tag}>`);
    } else {
      const body = [];
      for (; i < lines.length && lines[i].trim() && (body.length === 0 || !isBlockStart(lines[i])); i++) body.push(lines[i].trim());
      html.push(`<p>${inline(body.join(" "))}</p>`);
    }
  }
  for (const a of anchors) if (!ids.has(a)) fail(`link #${a}: no heading has that id`);
  return { body: html.join("\n"), toc, title };
}

const css = `
:root { --bg: #f7f8fa; --panel: #ffffff; --fg: #1b1f24; --muted: #4f5862; --border: #d4d9df;
  --accent: #0b5cad; --code: #eef1f4; color-scheme: light dark; }
@media (prefers-color-scheme: dark) { :root { --bg: #111418; --panel: #1a1f25; --fg: #e8ecf0;
  --muted: #a9b3bd; --border: #343c45; --accent: #6cb0f5; --code: #232a32; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  background: var(--bg); color: var(--fg); }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1.2rem; background: var(--panel);
  border-bottom: 1px solid var(--border); position: sticky; top: 0; z-index: 1; }
header strong { font-size: 1.1rem; }
.layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 2rem; max-width: 1180px; margin: 0 auto; padding: 1rem 1.2rem 4rem; }
nav.toc { position: sticky; top: 3.6rem; align-self: start; font-size: .9rem; }
nav.toc ol { padding-left: 1.2rem; margin: .4rem 0; }
nav.toc a { color: var(--fg); }
main { min-width: 0; max-width: 860px; }
h1, h2, h3, h4 { line-height: 1.25; scroll-margin-top: 3.8rem; }
h2 { margin-top: 2.4rem; padding-top: .6rem; border-top: 1px solid var(--border); }
a { color: var(--accent); }
a.anchor { color: var(--muted); text-decoration: none; font-weight: 400; }
a.anchor:hover, a.anchor:focus { color: var(--accent); }
:focus-visible { outline: 3px solid #f0a202; outline-offset: 2px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .88em; }
code { background: var(--code); padding: .05em .3em; border-radius: 4px; }
pre { background: var(--code); padding: .8rem 1rem; border-radius: 8px; overflow-x: auto; line-height: 1.4; }
pre code { background: none; padding: 0; }
img { max-width: 100%; height: auto; border: 1px solid var(--border); border-radius: 8px; }
blockquote { margin: 1rem 0; padding: .4rem 1rem; border-left: 4px solid var(--accent); background: var(--panel); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .8rem 0; background: var(--panel); }
th, td { border: 1px solid var(--border); padding: .3rem .6rem; text-align: left; vertical-align: top; }
.num { text-align: right; }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } nav.toc { position: static; } }
@media print { header, nav.toc { display: none; } .layout { display: block; } }
`.trim();

const { body, toc, title } = convert(readFileSync(source, "utf8"));
const cssHash = createHash("sha256").update(css, "utf8").digest("base64");
const csp = `default-src 'none'; img-src 'self'; style-src 'sha256-${cssHash}'; base-uri 'none'; form-action 'none'`;
const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="icon" href="data:,">
<title>${escape(title)}</title>
<style>${css}</style>
</head>
<body>
<header><strong>micronum</strong><span>User guide</span><a href="./">Back to the app</a></header>
<div class="layout">
<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>
${toc.map(([id, text]) => `<li><a href="#${id}">${inline(text)}</a></li>`).join("\n")}
</ol></nav>
<main>
${body}
</main>
</div>
</body>
</html>
`;

mkdirSync(out, { recursive: true });
for (const src of images) {
  const from = join(dirname(source), src);
  if (!existsSync(from)) fail(`image ${src} not found (${from})`);
  mkdirSync(dirname(join(out, src)), { recursive: true });
  copyFileSync(from, join(out, src));
}
writeFileSync(join(out, "guide.html"), page);
console.log(`guide: ${join(out, "guide.html")} (${toc.length} sections, ${images.size} images)`);
