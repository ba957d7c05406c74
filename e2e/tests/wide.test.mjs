// Wide files: a generated 120-column file through every step, the report included. No console
// error anywhere; the Explore step ranks every column by association with the target; every
// chart's text boxes (SVG getBBox, in the page and in the report preview) have a positive size
// and do not overlap; the importance charts fold into the top 20 and the full list is there.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite } from "./fixtures/app.mjs";

/** 1,500 rows × 120 feature columns (84 numbers, 36 labels with long names) and `purchased`,
 *  which depends on the first two numbers and the first label (seeded LCG). */
function wideCsv(rows = 1500, cols = 120) {
  let h = 7n;
  const next = () => {
    h = (h * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number(h >> 33n) / 2 ** 31;
  };
  const nNum = Math.floor(cols * 0.7);
  const head = [];
  for (let i = 0; i < nNum; i++) head.push(`number_column_${i}`);
  for (let j = nNum; j < cols; j++) head.push(`a_rather_long_category_column_name_${j}`);
  head.push("purchased");
  const lines = [head.join(",")];
  for (let r = 0; r < rows; r++) {
    const nums = Array.from({ length: nNum }, () => next() * 10);
    const cats = Array.from({ length: cols - nNum }, (_, k) => Math.floor(next() * (2 + (k % 11))));
    const score = nums[0] - nums[1] + (cats[0] === 0 ? 4 : 0) + next() * 6;
    lines.push([...nums.map((x) => x.toFixed(3)), ...cats.map((c) => `level ${c} of a long label`), score > 8 ? 1 : 0].join(","));
  }
  return lines.join("\n") + "\n";
}

/** Text boxes of every SVG under `root` (a page or a frame) that overlap or are empty. */
async function badLabels(root) {
  return root.evaluate(() => {
    const bad = [];
    for (const [k, svg] of [...document.querySelectorAll("svg")].entries()) {
      const boxes = [...svg.querySelectorAll("text")].filter((t) => t.textContent.trim()).map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent.trim(), l: r.left, t: r.top, r: r.right, b: r.bottom };
      });
      for (const a of boxes) if (!(a.r > a.l && a.b > a.t)) bad.push(`svg ${k}: empty box ${a.text}`);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          // One pixel of slack: the browser's font is not the estimate the layout used.
          if (a.l + 1 < b.r && b.l + 1 < a.r && a.t + 1 < b.b && b.t + 1 < a.b) bad.push(`svg ${k}: "${a.text}" × "${b.text}"`);
        }
      }
      for (const rect of svg.querySelectorAll("rect")) {
        for (const side of ["width", "height"]) {
          const v = parseFloat(rect.getAttribute(side));
          if (v < 0) bad.push(`svg ${k}: rect ${side} ${v}`);
        }
      }
    }
    const texts = document.querySelectorAll("svg text").length;
    if (texts < 20) bad.push(`only ${texts} SVG labels: the charts are not there`);
    return bad;
  });
}

describe("wide files", () => {
  let app;
  appSuite((a) => (app = a));

  test("a 120-column file: every step, readable charts, ranked columns, no console error", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "micronum-wide-")), "wide_120.csv");
    writeFileSync(file, wideCsv());
    await app.upload(file);
    await app.waitText("data-summary", /1500 rows/);
    await app.openStep("clean");
    await app.byTestId("clean-apply").click();
    await app.byTestId("clean-report").waitFor();
    await app.openStep("explore");
    const ranking = app.byTestId("association-table");
    await ranking.waitFor({ timeout: 60_000 });
    const rows = await ranking.locator("tbody tr").count();
    assert.equal(rows, 120, "every feature column is ranked");
    const firstThree = await ranking.locator("tbody tr td:nth-child(2)").evaluateAll((tds) => tds.slice(0, 3).map((td) => td.textContent));
    for (const strong of ["number_column_0", "number_column_1", "a_rather_long_category_column_name_84"]) {
      assert.ok(firstThree.includes(strong), `${strong} among the strongest: ${firstThree}`);
    }
    await app.byTestId("chart-correlation").locator("svg").waitFor();
    assert.deepEqual(await badLabels(app.page), []);

    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("30");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 120_000 });
    const importance = await app.byTestId("chart-importance").locator("svg").innerHTML();
    assert.match(importance, /and \d+ more/, "the importance chart folds into the top 20");
    assert.equal(await app.byTestId("importance-table").locator("tbody tr").count(), 120);
    assert.deepEqual(await badLabels(app.page), []);

    await app.openStep("segments");
    await app.byTestId("segment-run").click();
    await app.byTestId("segments-table").waitFor({ timeout: 60_000 });
    assert.deepEqual(await badLabels(app.page), []);

    await app.openStep("report");
    await app.byTestId("build-report").click();
    await app.byTestId("report-preview").waitFor({ timeout: 120_000 });
    const frame = app.page.frameLocator("[data-testid=report-preview]");
    await frame.getByTestId("report-model").waitFor();
    const preview = await app.byTestId("report-preview").elementHandle();
    assert.deepEqual(await badLabels(await preview.contentFrame()), []);
    await app.screenshot("wide");
    assert.deepEqual(app.consoleErrors, []);
  });
});
