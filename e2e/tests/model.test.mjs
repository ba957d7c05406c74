// Model step: train on the demo and compare with the native CLI (same seed → same numbers),
// threshold slider, downloads, and Cancel of a long run leaving the previous model intact.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite, data, repo } from "./fixtures/app.mjs";

function cliTrain(file = "social_network_ads.csv", target = "Purchased", extra = []) {
  const dir = mkdtempSync(join(tmpdir(), "micronum-e2e-"));
  const bin = join(repo, "target/debug/micronum");
  execFileSync(bin, ["train", data(file), "--target", target, "--metrics", join(dir, "m.json"), "--predictions", join(dir, "p.csv"), ...extra]);
  const metrics = JSON.parse(readFileSync(join(dir, "m.json"), "utf8"));
  const preds = readFileSync(join(dir, "p.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  return { metrics, preds };
}

describe("model", () => {
  let app;
  appSuite((a) => (app = a));

  test("demo → Model → Train shows the CLI's numbers", async () => {
    await app.useDemo();
    await app.openStep("model");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    const cli = cliTrain();
    assert.equal(await app.text("metric-accuracy"), cli.metrics.accuracy.toFixed(3));
    assert.equal(await app.text("metric-auc"), cli.metrics.roc_auc.toFixed(3));
    assert.match(await app.text("classification-report"), /weighted avg/);
    assert.equal(await app.text("classification-report"), cli.metrics.classification_report.trim());
    const [tn, fp] = cli.metrics.confusion_matrix[0];
    assert.match(await app.text("cm-tn"), new RegExp(`^${tn} `));
    assert.match(await app.text("cm-fp"), new RegExp(`^${fp} `));
    // Same probabilities as the CLI, row by row, from the downloaded predictions.
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-predictions").click()]);
    const rows = readFileSync(await download.path(), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    assert.deepEqual(rows, cli.preds);
    await app.page.waitForFunction(() => !document.querySelector("[data-testid=train-progress]"));
    for (const id of ["chart-roc", "chart-pr", "chart-importance", "chart-surface"]) {
      assert.ok((await app.canvasInk(id)) > 0.01, `${id} is blank`);
    }
    await app.screenshot("model-demo");
  });

  test("the threshold slider changes the confusion matrix", async () => {
    const before = await app.text("cm-tp");
    await app.byTestId("threshold-slider").fill("0.9");
    await app.page.waitForFunction((b) => document.querySelector("[data-testid=cm-tp]").innerText.trim() !== b, before);
    assert.notEqual(await app.text("cm-tp"), before);
    await app.byTestId("threshold-slider").fill("0.5");
  });

  test("the model downloads as a valid model file", async () => {
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-model").click()]);
    const model = JSON.parse(readFileSync(await download.path(), "utf8"));
    assert.equal(model.format, "micronum-model");
    assert.equal(model.forest.trees.length, 100);
  });

  test("a 300-tree forest on 10,000 rows grows in every core's worker and equals the CLI's", async () => {
    await app.upload(data("customers_10k.csv"));
    await app.waitText("data-summary", /10000 rows/);
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("300");
    await app.byTestId("train-button").click();
    await app.waitText("train-progress", /trees/);
    await app.waitIdle();
    const cores = await app.page.evaluate(() => navigator.hardwareConcurrency);
    const detail = await app.page.locator("#results-title + p").innerText();
    if (cores >= 2) assert.match(detail, new RegExp(`trees grown in ${Math.min(cores, 8)} workers`));
    // The worker reports its WebAssembly memory (its peak): at least the forest it holds
    // (300 trees of 2·leaves − 1 nodes, 16 bytes a node), under WebAssembly's 4 GB.
    const memoryMb = Number(detail.match(/worker memory (\d+) MB/)?.[1]);
    const leaves = Number(detail.match(/([\d.]+) leaves per tree/)?.[1]);
    const forestMb = (300 * (2 * leaves - 1) * 16) / 1e6;
    assert.ok(forestMb > 1 && memoryMb >= forestMb && memoryMb < 4096, `${detail} (forest ${forestMb.toFixed(1)} MB)`);
    // The trees of the helpers, merged in order, are the single-thread forest: same scores.
    // The page trains on the data as loaded (no cleaning was applied in this test).
    const cli = cliTrain("customers_10k.csv", "purchased", ["--n-estimators", "300", "--no-clean"]);
    assert.equal(await app.text("metric-accuracy"), cli.metrics.accuracy.toFixed(3));
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-predictions").click()]);
    const rows = readFileSync(await download.path(), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    assert.equal(rows.length, 2500);
    assert.deepEqual(rows, cli.preds);
    assert.deepEqual(app.consoleErrors, []);
  });

  test("Cancel stops a 500-tree run within a second and keeps the previous model", async () => {
    const accuracy = await app.text("metric-accuracy");
    await app.startLongTraining(500);
    const t0 = Date.now();
    await app.byTestId("cancel-button").click();
    await app.page.waitForFunction(() => !document.querySelector("[data-testid=train-progress]"), null, { timeout: 5_000 });
    assert.ok(Date.now() - t0 < 1000, `cancel took ${Date.now() - t0} ms`);
    // The page stays usable: a short training on the same data still works.
    await app.byTestId("param-n-estimators").fill("20");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    await app.waitIdle();
    assert.notEqual(await app.text("metric-accuracy"), "");
    assert.ok(accuracy.length > 0);
    assert.deepEqual(app.consoleErrors, []);
  });

  test("no network request during the whole flow", async () => {
    // Restarting the worker after Cancel reloads the app's own worker script from the same
    // origin; every other request would be a leak.
    const foreign = app.requests.filter((u) => !/\/worker(_loader)?\.js$|\/worker_bg\.wasm$/.test(new URL(u).pathname));
    assert.deepEqual(foreign, []);
  });
});
