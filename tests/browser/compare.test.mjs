// The compare page in a real Chromium: picking two items shows only their columns, and the
// table stays readable on a 360-pixel-wide phone without horizontal page scrolling.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch, screenshot } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const visibleColumns = (page) =>
  page.$$eval(".compare-table thead th[scope=col]", (ths) => ths.filter((th) => !th.hidden).map((th) => th.textContent.trim()));

test("picking two items compares just those", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(server.url("levels-of-care/compare/"));
  assert.equal((await visibleColumns(page)).length, 7, "the full table before any choice");
  await page.getByLabel("Intensive outpatient programs (IOP)").check();
  await page.getByLabel("Partial hospitalization programs (PHP)").check();
  assert.deepEqual(await visibleColumns(page), ["Intensive outpatient programs (IOP)", "Partial hospitalization programs (PHP)"]);
  const cells = await page.$$eval(".compare-table tbody tr:first-child td", (tds) => tds.filter((td) => !td.hidden).length);
  assert.equal(cells, 2, "data cells follow their columns");
  assert.match(await page.textContent("[role=status]"), /Comparing 2 of 7/);
  await screenshot(page, "compare-two-items-1280");
  // At most four: a fifth choice is disabled.
  for (const name of ["Outpatient treatment", "Residential treatment"]) await page.getByLabel(name).check();
  assert.equal(await page.getByLabel("Inpatient (hospital) care").isDisabled(), true);
  await page.close();
});

test("readable at 360 pixels without horizontal scrolling", async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(server.url("levels-of-care/compare/"));
  await page.getByLabel("Intensive outpatient programs (IOP)").check();
  await page.getByLabel("Outpatient treatment").check();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `page is ${width}px wide`);
  // Each cell names its column, since the header row is hidden on phones.
  const label = await page.$eval(".compare-table tbody td:not([hidden])", (td) => getComputedStyle(td, "::before").content);
  assert.notEqual(label, "none");
  await screenshot(page, "compare-two-items-360");
  await page.close();
});

test("without JavaScript the full table is there", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url("levels-of-care/compare/"));
  assert.equal(await page.$$eval(".compare-table thead th[scope=col]", (t) => t.length), 7);
  // The picker is in the page (so the table does not move when the script arrives) but not
  // shown: its boxes would do nothing.
  assert.equal(await page.locator(".compare-picker").isVisible(), false);
  await screenshot(page, "compare-no-js-360");
  await context.close();
});
