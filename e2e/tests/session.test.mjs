// One session, stages that own their results: segments → a cleaning that drops rows → segments.
// The old table is marked and inert (no click reaches the worker), the new one sums to the new row
// count and its rows open; the same for the model results and the report after a new cleaning or
// a new file. No console error, no error message, no dead worker.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite, data } from "./fixtures/app.mjs";

/** customers_10k.csv with its first 300 records repeated at the end: 10,300 rows. */
function withDuplicates() {
  const lines = readFileSync(data("customers_10k.csv"), "utf8").trimEnd().split("\n");
  const out = [...lines, ...lines.slice(1, 301)].join("\n") + "\n";
  const file = join(mkdtempSync(join(tmpdir(), "micronum-")), "customers_dups.csv");
  writeFileSync(file, out);
  return file;
}

/** Sum of the n column of the segments table. */
async function tableRows(app) {
  return app.page.evaluate(() => {
    const table = document.querySelector("[data-testid=segments-table]");
    const n = [...table.querySelectorAll("thead th")].findIndex((th) => th.innerText.trim().startsWith("n"));
    return [...table.querySelectorAll("tbody tr")].reduce((s, tr) => s + Number(tr.children[n].innerText), 0);
  });
}

describe("session stages", () => {
  let app;
  appSuite((a) => (app = a));

  test("segments, then a cleaning that drops rows, then segments again", async () => {
    await app.upload(withDuplicates());
    await app.waitText("data-summary", /10300 rows/);
    await app.openStep("segments");
    await app.byTestId("segment-run").click();
    await app.byTestId("segments-table").waitFor({ timeout: 60_000 });
    assert.equal(await tableRows(app), 10300);
    // Clean: only the duplicate rows are dropped (the suggested log does that among other fixes).
    await app.openStep("clean");
    await app.byTestId("clean-steps").locator("li").first().waitFor();
    await app.byTestId("clean-apply").click();
    await app.byTestId("clean-report").waitFor();
    assert.match(await app.text("clean-rows"), /10300 rows before, 10000 rows after/);
    // Back to Segments: the old table is marked and its rows do not open.
    await app.openStep("segments");
    await app.byTestId("stale-note").waitFor();
    assert.match(await app.text("stale-note"), /before the last cleaning/);
    await app.byTestId("segments-table").locator("tbody tr").nth(3).click();
    await app.page.waitForTimeout(300);
    assert.equal(await app.page.getByText(/Customers in “/).count(), 0, "a stale row opened");
    assert.equal(await app.byTestId("error-message").count(), 0);
    assert.ok(await app.byTestId("download-segments").isDisabled());
    // Run again: current, n sums to the new row count, every click works.
    await app.byTestId("segment-run").click();
    await app.page.waitForFunction(() => !document.querySelector("[data-testid=stale-note]"), null, { timeout: 60_000 });
    assert.equal(await tableRows(app), 10000);
    const rows = app.byTestId("segments-table").locator("tbody tr");
    for (const i of [0, 3, (await rows.count()) - 1]) {
      await rows.nth(i).click();
      await app.page.getByText(/Customers in “/).waitFor();
      await app.waitIdle();
    }
    assert.equal(await app.byTestId("error-message").count(), 0);
    assert.deepEqual(app.consoleErrors, []);
  });

  test("model results and the report after a new cleaning, then a new file", async () => {
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("20");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 120_000 });
    await app.openStep("report");
    await app.byTestId("build-report").click();
    await app.byTestId("report-preview").waitFor({ timeout: 60_000 });
    // A new cleaning: the model and the report were made before it.
    await app.openStep("clean");
    await app.byTestId("clean-apply").click();
    await app.waitIdle();
    await app.openStep("model");
    await app.byTestId("stale-note").waitFor();
    assert.ok(await app.byTestId("download-model").isDisabled());
    await app.openStep("report");
    await app.byTestId("stale-note").waitFor();
    assert.ok(await app.byTestId("download-report").isDisabled());
    // A new file: results of the old one are not shown at all.
    await app.useDemo();
    for (const step of ["model", "segments"]) {
      await app.openStep(step);
      await app.page.waitForTimeout(200);
      assert.equal(await app.byTestId("stale-note").count(), 0, `${step} shows the old file's results`);
    }
    assert.equal(await app.byTestId("metric-accuracy").count(), 0);
    assert.equal(await app.byTestId("error-message").count(), 0);
    assert.deepEqual(app.consoleErrors, []);
  });
});
