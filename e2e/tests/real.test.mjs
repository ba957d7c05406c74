// A real export, as a new user would try it: credit_data.csv (an R export whose first column
// `rownames` numbers the rows). The page must name the target, keep the row index out of the
// model, discover segments exactly as the CLI does, and let a model trained WITHOUT imputation
// be saved, restored after a reload, exported, imported, scored and read back by the CLI.
// Every artefact the page downloads (segments CSV, segment definitions, model file, ONNX) is
// checked against the native CLI run on the same input.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite, data, repo } from "./fixtures/app.mjs";

const FILE = data("real/credit_data.csv");
const cli = (...args) => execFileSync(join(repo, "target/debug/micronum"), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
/** The CLI's standard error (where `segment` prints its summary). */
const cliSays = (...args) => {
  const r = spawnSync(join(repo, "target/debug/micronum"), args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
};
const dir = mkdtempSync(join(tmpdir(), "micronum-real-"));
const registryRows = (app) => app.page.locator("[data-testid=registry-list] tbody tr");

/** Clicks `testid` and returns the downloaded file's bytes. */
async function download(app, testid) {
  const [d] = await Promise.all([app.page.waitForEvent("download"), app.byTestId(testid).first().click()]);
  return readFileSync(await d.path());
}

/** Column `name` of a CSV text (no quoted commas in the columns read here). */
function column(csv, name) {
  const [head, ...rows] = csv.trim().split("\n");
  const i = head.split(",").indexOf(name);
  assert.ok(i >= 0, `no column ${name} in ${head}`);
  return rows.map((r) => r.split(",")[i]);
}

describe("a real R export: credit_data.csv", () => {
  let app;
  appSuite((a) => (app = a));

  test("the target is found by name and the row index is not a feature", async () => {
    await app.upload(FILE);
    await app.waitText("data-summary", /4454 rows × 15 columns/);
    assert.equal(await app.text("target-guess"), "Status");
    assert.match(await app.text("target-evidence"), /named "Status"/);
    const role = app.page.getByLabel("Role of rownames");
    assert.equal(await role.getAttribute("data-role"), "id");
    assert.match(await role.getAttribute("title"), /row numbers: 1 … 4454/);
    assert.equal(await app.page.getByLabel("Role of Income").getAttribute("data-role"), "feature");
    await app.byTestId("role-target").waitFor();
  });

  test("discovery in the page equals the CLI's, file for file", async () => {
    // The suggested cleaning first (labels good/bad → 0/1, imputations), as the CLI applies it.
    await app.openStep("clean");
    await app.byTestId("clean-steps").locator("li").first().waitFor();
    await app.byTestId("clean-apply").click();
    await app.byTestId("clean-report").waitFor({ timeout: 60_000 });
    await app.openStep("segments");
    await app.byTestId("segment-method").selectOption("discover");
    await app.byTestId("segment-run").click();
    await app.byTestId("discovery-table").waitFor({ timeout: 120_000 });
    const out = join(dir, "cli-segments.csv");
    const said = cliSays("segment", FILE, "--target", "Status", "--method", "discover", "--out", out);
    // "N candidates searched on S rows, T tested on H held-out rows; K significant at fdr 0.1"
    const m = /(\d+) candidates searched on (\d+) rows, (\d+) tested on (\d+) held-out rows; (\d+) significant/.exec(said);
    assert.ok(m, said);
    const [, searched, rows, tested, held, significant] = m;
    const shown = await app.text("discovery-summary");
    const expected = `${searched} rules searched on a seeded half of the rows (${rows} rows); the best ${tested} tested on the other half (${held} rows), which the search never saw. ${significant} significant`;
    assert.ok(shown.startsWith(expected), `${shown} ≠ ${expected}`);
    const page = (await download(app, "download-segments")).toString("utf8");
    assert.equal(page, readFileSync(out, "utf8"), "the page's segments CSV differs from the CLI's");
    const tableRows = await app.byTestId("discovery-table").locator("tbody tr").count();
    assert.equal(tableRows, page.trim().split("\n").length - 1);
    // The definitions travel: `micronum assign` tags the raw file, replaying the cleaning, and
    // the first rule has the members the CSV counts for it (n, over the whole file).
    const defs = join(dir, "defs.json");
    writeFileSync(defs, await download(app, "download-definitions"));
    const tagged = join(dir, "assigned.csv");
    cli("assign", FILE, "--segments", defs, "--out", tagged);
    const label = (await app.byTestId("discovery-table").locator("tbody tr").first().locator("td").nth(1).innerText()).trim();
    const first = page.trim().split("\n")[1];
    assert.ok(first.includes(label), `${label} is not the first segment of ${first}`);
    const n = Number(first.slice(first.indexOf(label) + label.length).replace(/^"?,/, "").split(",")[0]);
    const members = readFileSync(tagged, "utf8").trim().split("\n").filter((l) => l.endsWith(`,${label}`) || l.endsWith(`,"${label}"`)).length;
    assert.equal(members, n, `rows tagged "${label}"`);
  });

  test("a model without imputation trains, is saved, restored, exported, imported and read by the CLI", async () => {
    await app.openStep("clean");
    await app.byTestId("clean-steps").locator("li").first().waitFor();
    // Untick every imputation: the forest routes missing values itself.
    const steps = app.byTestId("clean-steps").locator("li");
    for (let i = 0; i < (await steps.count()); i++) {
      if (/fill missing/i.test(await steps.nth(i).innerText())) await steps.nth(i).locator("input[type=checkbox]").uncheck();
    }
    await app.byTestId("clean-apply").click();
    await app.byTestId("clean-report").waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await app.text("clean-report"), /fill missing/i);
    // One feature set aside by the user on top of the inferred id.
    await app.openStep("data");
    await app.page.getByLabel("Role of Price").selectOption("ignore");
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("30");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 120_000 });
    await app.waitIdle();
    const accuracy = await app.text("metric-accuracy");
    await app.openStep("monitor");
    await app.byTestId("current-model").waitFor();
    // 15 columns − rownames (id) − Status (target) − Price (ignored by the user).
    assert.match(await app.text("current-model"), /Predicts Status = 1 \(bad\) from 12 features with 30 trees/);
    await app.byTestId("save-model").click();
    await registryRows(app).first().waitFor();

    await app.goto();
    await app.byTestId("data-summary").waitFor({ timeout: 60_000 });
    await app.openStep("model");
    await app.byTestId("metric-accuracy").waitFor({ timeout: 120_000 });
    assert.equal(await app.text("metric-accuracy"), accuracy, "the restored session rebuilt another model");
    await app.openStep("monitor");
    await registryRows(app).first().waitFor();
    await app.byTestId("registry-use").first().click();
    await app.page.waitForFunction(() => !document.querySelector("[data-testid=batch-input]").disabled);

    // Exported, the model file is read back by the CLI (it was not, with +∞ thresholds).
    const model = join(dir, "model.json");
    writeFileSync(model, await download(app, "registry-export"));
    const cliPredictions = join(dir, "cli-predictions.csv");
    cli("predict", FILE, "--model", model, "--out", cliPredictions);
    // Imported again, it is a second registry entry, and scoring with it gives the CLI's numbers.
    await app.byTestId("model-import").setInputFiles(model);
    await app.page.waitForFunction(() => document.querySelectorAll("[data-testid=registry-list] tbody tr").length === 2);
    await app.byTestId("registry-use").nth(1).click();
    await app.page.waitForFunction(() => !document.querySelector("[data-testid=batch-input]").disabled);
    await app.byTestId("batch-input").setInputFiles(FILE);
    await app.waitText("batch-summary", /credit_data\.csv: 4454 rows scored/);
    const page = (await download(app, "download-batch-predictions")).toString("utf8");
    assert.deepEqual(column(page, "proba"), column(readFileSync(cliPredictions, "utf8"), "proba"));

    // The ONNX download is the CLI's export of the same model, byte for byte.
    const onnx = join(dir, "cli.onnx");
    cli("export-onnx", "--model", model, "--out", onnx);
    assert.ok((await download(app, "export-onnx")).equals(readFileSync(onnx)), "the page's ONNX differs from the CLI's");
    assert.deepEqual(app.consoleErrors, []);
    // Every download above was made in the page: no request left it after it loaded.
    assert.deepEqual(app.requests, []);
  });
});
