// Static hosting: the normal build works from a sub-path (relative URLs everywhere), including
// the worker and the demo, and the app makes no request outside that sub-path.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { AppPage, browserSuite } from "./fixtures/app.mjs";

describe("hosting", () => {
  let server, browser;
  browserSuite((s) => ({ server, browser } = s), "dist", "micronum");

  test("dist/ served under /micronum/ loads, runs the worker and trains on the demo", async () => {
    assert.match(server.url, /\/micronum\/$/);
    const seen = [];
    const app = await AppPage.open(browser, server.url);
    app.page.on("request", (r) => seen.push(r.url()));
    await app.goto();
    await app.useDemo();
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("20");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    assert.match(await app.text("metric-accuracy"), /^0\.\d{3}$/);
    const outside = seen.filter((u) => !u.startsWith(server.url) && !u.startsWith("data:") && !u.startsWith("blob:"));
    assert.deepEqual(outside, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
