// Monitor step, the feedback loop: a model trained on one generated file sees customers_10k (the
// same population, another seed) as stable; a batch whose salaries moved shows major drift and the
// retrain signal; retraining on the data + the labelled batches gives a candidate compared with
// the current model on the newest batch, and keeping it makes it current and saves it. The model
// also leaves as SQL.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite, data, shared } from "./fixtures/app.mjs";

const work = mkdtempSync(join(tmpdir(), "micronum-drift-"));

/** A customers file from the generator with another seed than customers_10k.csv's. */
function otherSeedFile(seed) {
  const csv = execFileSync("python3", [join(shared, "tools/gen_customers.py"), "--rows", "10000", "--seed", String(seed)]);
  const file = join(work, `customers_seed${seed}.csv`);
  writeFileSync(file, csv);
  return file;
}

/** customers_10k.csv with every estimated_salary multiplied by `factor`. */
function shiftedSalaries(factor) {
  const lines = readFileSync(data("customers_10k.csv"), "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const col = header.indexOf("estimated_salary");
  assert.ok(col >= 0, "customers_10k.csv has estimated_salary");
  const out = [lines[0]];
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    if (cells[col] !== "") cells[col] = String(Math.round(Number(cells[col]) * factor));
    out.push(cells.join(","));
  }
  const file = join(work, "customers_next_quarter.csv");
  writeFileSync(file, out.join("\n") + "\n");
  return file;
}

/** The rows of a table (by data-testid) as arrays of cell texts. */
const tableRows = (app, id) =>
  app.page.$$eval(`[data-testid=${id}] tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));

describe("drift and retraining", () => {
  let app;
  appSuite((a) => (app = a));

  test("train on another seed's file, export SQL; customers_10k is stable; shifted salaries drift: retrain signal", async () => {
    await app.upload(otherSeedFile(7));
    await app.waitText("data-summary", /10000 rows/);
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("30");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 120_000 });
    await app.openStep("monitor");
    await app.byTestId("current-model").waitFor();
    assert.equal(await app.byTestId("retrain-button").isDisabled(), true, "nothing to retrain with yet");

    await app.byTestId("sql-dialect").selectOption("postgres");
    await app.byTestId("sql-table").fill("crm.customers");
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("export-sql").click()]);
    assert.equal(download.suggestedFilename(), "micronum_model_postgres.sql");
    const sql = readFileSync(await download.path(), "utf8");
    assert.match(sql, /FROM "crm"\."customers"|FROM crm\.customers|"crm\.customers"/);
    assert.match(sql, /DOUBLE PRECISION/);
    assert.equal((sql.match(/CASE/g) || []).length >= 30, true, "one CASE per tree at least");

    // The same population drawn with another seed: every feature stable, no signal.
    await app.byTestId("batch-input").setInputFiles(data("customers_10k.csv"));
    await app.waitText("batch-summary", /customers_10k\.csv: 10000 rows scored/);
    const calm = await tableRows(app, "drift-table");
    assert.ok(calm.length >= 8, "seven features and the scores");
    for (const [name, psi, verdict] of calm) {
      assert.equal(verdict, "stable", `${name} PSI ${psi}`);
      assert.ok(Number(psi) < 0.1);
    }
    assert.equal(await app.byTestId("retrain-signal").count(), 0);

    await app.byTestId("batch-input").setInputFiles(shiftedSalaries(1.8));
    await app.waitText("batch-summary", /customers_next_quarter\.csv: 10000 rows scored/);
    const rows = await tableRows(app, "drift-table");
    const byName = Object.fromEntries(rows.map((r) => [r[0], r]));
    assert.equal(byName.estimated_salary?.[2], "major", JSON.stringify(rows));
    assert.ok(Number(byName.estimated_salary[1]) > 0.25);
    assert.equal(byName.age?.[2], "stable", "ages did not move");
    assert.ok(Number(byName.age[1]) < 0.01, "same rows, same ages: PSI near 0");
    assert.match(await app.text("retrain-signal"), /Retrain recommended: major drift: estimated_salary \(PSI \d/);
    assert.match(await app.text("drift-verdict"), /Overall: major drift on 10000 rows/);
    assert.ok((await app.canvasInk("chart-drift")) > 0.005, "drift chart is blank");
  });

  test("retrain: the candidate is compared on the newest batch, kept, made current and saved", async () => {
    assert.match(await app.byTestId("retrain-button").innerText(), /Retrain with 2 labelled batches/);
    await app.byTestId("retrain-button").click();
    await app.byTestId("retrain-compare").waitFor({ timeout: 180_000 });
    assert.match(await app.text("retrain-compare"), /on the loaded data \(10000 rows\) \+ customers_10k\.csv \(10000 rows\) \+ customers_next_quarter\.csv \(10000 rows\), 30000 rows after cleaning/);
    const rows = await tableRows(app, "retrain-table");
    const [metric, current, candidate] = rows[0];
    assert.equal(metric, "Accuracy");
    assert.ok(Number(candidate) > Number(current), `the candidate learnt the new salaries: ${current} → ${candidate}`);
    assert.deepEqual(rows[3], ["Rows", "10000", "10000"]);
    await app.screenshot("monitor-retrain");

    await app.byTestId("keep-candidate").click();
    await app.waitText("current-model", /on 30000 rows/);
    await app.page.waitForFunction(() => document.querySelectorAll("[data-testid=registry-list] tbody tr").length === 1);
    assert.match(await app.page.locator("[data-testid=registry-list] tbody tr").first().innerText(), /retrained/);
    assert.equal(await app.byTestId("retrain-compare").count(), 0, "the choice is made");
    assert.deepEqual(app.consoleErrors, []);
  });
});
