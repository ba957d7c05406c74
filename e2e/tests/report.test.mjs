// Report step: demo → train → segments → report; the preview holds the sections, the download is
// one self-contained HTML file (no scripts, no URLs to fetch) with the metrics, segments and charts.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite } from "./fixtures/app.mjs";

describe("report", () => {
  let app;
  appSuite((a) => (app = a));

  test("the report downloads as one file with metrics, segments and charts", async () => {
    await app.useDemo();
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("40");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    const accuracy = await app.text("metric-accuracy");
    await app.openStep("segments");
    await app.byTestId("segment-run").click();
    await app.byTestId("segments-table").waitFor({ timeout: 60_000 });
    await app.openStep("report");
    await app.byTestId("build-report").click();
    await app.byTestId("report-preview").waitFor({ timeout: 60_000 });
    const frame = app.page.frameLocator("[data-testid=report-preview]");
    for (const id of ["report-summary", "report-cleaning", "report-eda", "report-model", "report-segments", "report-findings"]) {
      await frame.getByTestId(id).waitFor();
    }
    assert.match(await frame.getByTestId("report-model").innerText(), new RegExp(accuracy.replace(".", "\\.")));
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-report").click()]);
    const html = readFileSync(await download.path(), "utf8");
    assert.ok(html.startsWith("<!DOCTYPE html>"), html.slice(0, 40));
    assert.ok(!/<script/i.test(html), "no scripts in the report");
    const urls = [...html.matchAll(/https?:\/\/[^\s"')<]+/g)].map((m) => m[0]).filter((u) => u !== "http://www.w3.org/2000/svg");
    assert.deepEqual(urls, [], "nothing to fetch");
    assert.ok((html.match(/<svg/g) || []).length >= 5, "charts are embedded");
    assert.match(html, /data-testid="report-segments"/);
    // The downloaded file opens on its own, offline, as a file (saved under its suggested name:
    // Playwright keeps downloads without an extension, which Chromium would show as text).
    const file = join(mkdtempSync(join(tmpdir(), "micronum-e2e-")), download.suggestedFilename());
    copyFileSync(await download.path(), file);
    const page = await app.page.context().newPage();
    await page.goto("file://" + file);
    assert.match(await page.getByTestId("report-findings").innerText(), /\w/);
    await page.close();
    await app.screenshot("report");
    assert.deepEqual(app.consoleErrors, []);
  });
});
