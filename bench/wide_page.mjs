// Main-thread long tasks at width (issue 25: no task over 100 ms at 500 columns; prints,
// asserts nothing). Generates a COLS-column × ROWS-row file (70 % numeric, the rest categorical,
// a 0/1 target `purchased`; seeded), loads it into the built app in headless Chromium and
// prints the long tasks (> 50 ms, PerformanceObserver "longtask") seen while each step renders.
// Usage: node bench/wide_page.mjs [COLS=500] [ROWS=2000]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppPage, launch, startServer } from "../e2e/tests/fixtures/app.mjs";

const [cols = 500, rows = 2000] = process.argv.slice(2).map(Number);
let seed = 5;
const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const nNum = Math.floor(cols * 0.7);
const head = [...Array(nNum).keys()].map((j) => `num_${j}`).concat([...Array(cols - nNum).keys()].map((k) => `a_rather_long_category_column_name_${nNum + k}`), ["purchased"]);
const lines = [head.join(",")];
for (let r = 0; r < rows; r++) {
  const cells = [];
  for (let j = 0; j < nNum; j++) cells.push((next() * 4 - 2).toFixed(3));
  for (let k = 0; k < cols - nNum; k++) cells.push(`c${Math.floor(next() * (2 + (k % 11)))}`);
  cells.push(next() < 0.3 ? "1" : "0");
  lines.push(cells.join(","));
}
const file = join(mkdtempSync(join(tmpdir(), "micronum-wide-")), `wide_${cols}.csv`);
writeFileSync(file, lines.join("\n") + "\n");

const server = await startServer();
const browser = await launch();
try {
  const app = await AppPage.open(browser, server.url);
  await app.page.evaluate(() => {
    window.__lt = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push(Math.round(e.duration)); }).observe({ type: "longtask", buffered: true });
  });
  const take = async (label) => {
    await new Promise((r) => setTimeout(r, 3000));
    const t = await app.page.evaluate(() => { const x = window.__lt; window.__lt = []; return x; });
    console.log(`${label}: long tasks ${t.length ? t.join(", ") + " ms" : "none"}`);
  };
  await app.upload(file);
  await app.waitText("data-summary", /rows/, 120_000);
  await take(`data (${rows} rows × ${cols + 1} columns loaded)`);
  for (const step of ["clean", "explore", "segments", "data"]) {
    await app.openStep(step);
    await take(step);
  }
} finally {
  await browser.close();
  server.close();
}
