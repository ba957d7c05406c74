// Monitor step: the model registry in IndexedDB, the session surviving a reload, scoring batches
// with the model's cleaning log, metric history, and refusals that change nothing.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite, data } from "./fixtures/app.mjs";

const registryRows = (app) => app.page.locator("[data-testid=registry-list] tbody tr");

describe("monitor", () => {
  let app;
  appSuite((a) => (app = a));

  test("train → save → reload: the session is restored and the model is in the registry", async () => {
    await app.useDemo();
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("30");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    const accuracy = await app.text("metric-accuracy");
    await app.openStep("monitor");
    await app.byTestId("current-model").waitFor();
    await app.byTestId("save-model").click();
    await registryRows(app).first().waitFor();
    assert.equal(await registryRows(app).count(), 1);

    await app.goto();
    await app.byTestId("data-summary").waitFor({ timeout: 60_000 });
    assert.match(await app.text("data-summary"), /400 rows × 5 columns/);
    await app.openStep("model");
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    assert.equal(await app.text("metric-accuracy"), accuracy, "the same model is rebuilt");
    await app.openStep("monitor");
    await registryRows(app).first().waitFor();
    assert.equal(await registryRows(app).count(), 1);
    assert.match(await registryRows(app).first().innerText(), /Purchased = 1/);
  });

  test("a labelled batch is scored with predictions, metrics and a history point", async () => {
    await app.openStep("monitor");
    await app.byTestId("registry-use").first().click();
    await app.byTestId("current-model").waitFor();
    // While the saved model loads, a batch cannot be chosen (it would be scored by the old one).
    await app.page.waitForFunction(() => !document.querySelector("[data-testid=batch-input]").disabled);
    await app.byTestId("batch-input").setInputFiles(data("social_network_ads.csv"));
    await app.byTestId("batch-summary").waitFor({ timeout: 60_000 });
    assert.match(await app.text("batch-summary"), /400 rows scored/);
    assert.match(await app.text("batch-metrics"), /400 rows, accuracy 0\.\d{3}/);
    const header = await app.page.locator("[data-testid=batch-preview] thead").innerText();
    assert.match(header, /row\s+User ID\s+proba\s+y_pred/);
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-batch-predictions").click()]);
    const lines = readFileSync(await download.path(), "utf8").trim().split("\n");
    assert.equal(lines.length, 401);
    assert.equal(lines[0], "row,User ID,proba,y_pred");
    assert.ok((await app.canvasInk("metric-history")) > 0.005, "metric history chart is blank");
    // The history is stored with the saved model.
    await app.page.waitForFunction(() => /\b1\s+Use/.test(document.querySelector("[data-testid=registry-list] tbody tr")?.innerText || ""));
    await app.screenshot("monitor-batch");
  });

  test("a batch missing a needed column and a foreign model file are refused; nothing changes", async () => {
    await app.byTestId("batch-input").setInputFiles(data("customers_10k.csv"));
    await app.byTestId("error-message").waitFor({ timeout: 60_000 });
    assert.match(await app.text("error-message"), /customers_10k\.csv: .*no column "(Age|Gender|EstimatedSalary)"/);
    assert.match(await app.text("batch-summary"), /social_network_ads\.csv: 400 rows scored/, "the previous batch stays");

    const dir = mkdtempSync(join(tmpdir(), "micronum-e2e-"));
    const foreign = join(dir, "foreign.json");
    writeFileSync(foreign, JSON.stringify({ format: "something-else", version: 1 }));
    await app.byTestId("model-import").setInputFiles(foreign);
    await app.waitText("error-message", /not a micronum model file/);
    assert.equal(await registryRows(app).count(), 1, "the registry is unchanged");
    await app.byTestId("current-model").waitFor();
  });

  test("export, import and delete in the registry", async () => {
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("registry-export").first().click()]);
    const path = await download.path();
    const model = JSON.parse(readFileSync(path, "utf8"));
    assert.equal(model.format, "micronum-model");
    assert.equal(model.forest.trees.length, 30);
    const dir = mkdtempSync(join(tmpdir(), "micronum-e2e-"));
    const file = join(dir, "exported.json");
    writeFileSync(file, readFileSync(path));
    await app.byTestId("model-import").setInputFiles(file);
    await app.page.waitForFunction(() => document.querySelectorAll("[data-testid=registry-list] tbody tr").length === 2);
    assert.match(await registryRows(app).nth(1).innerText(), /exported/);
    app.page.once("dialog", (d) => d.accept());
    await app.byTestId("registry-delete").first().click();
    await app.page.waitForFunction(() => document.querySelectorAll("[data-testid=registry-list] tbody tr").length === 1);
    assert.deepEqual(app.consoleErrors, []);
  });

  test("a session saved by an older version is discarded with a message", async () => {
    // Protocol version 2 stored no version and tagged requests internally.
    const old = { requests: [{ type: "load", file_name: "social_network_ads.csv" }], target: "Purchased", positive: "1" };
    await app.page.evaluate((json) => window.micronumIdb.sessionPut(json, new Uint8Array([65, 10, 49])), JSON.stringify(old));
    await app.goto();
    await app.waitText("notice", /saved by an older version of micronum .* discarded: load your file again/);
    assert.equal(await app.byTestId("data-summary").count(), 0, "nothing was replayed");
    assert.equal(await app.page.evaluate(() => window.micronumIdb.sessionGet()), null, "the old session is gone");
    assert.deepEqual(app.consoleErrors, []);
  });
});
