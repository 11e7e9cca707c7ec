// The location finder in a real Chromium, on the built sample (docs/locations.md): a ZIP code
// lists the sample locations nearest first, filters change the list, an unknown ZIP code gets a
// clear message, no request leaves the site's origin, and axe-core finds nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildSite, serve, launch, screenshot } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let server, browser;
before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const shown = (page) =>
  page.$$eval("#finder-list > li", (items) =>
    items.filter((li) => !li.hidden).map((li) => li.querySelector(".location-name").textContent.trim().replace(/^Example Clinic — | \(sample location\)$|^Clínica de Ejemplo — | \(lugar de muestra\)$/g, "")),
  );

/** Opens the finder, recording every request the page makes. */
async function open(path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(server.url(path), { waitUntil: "networkidle" });
  return { page, requests };
}

async function search(page, zip) {
  await page.getByLabel("Your ZIP code").fill(zip);
  await page.getByRole("button", { name: "Find locations" }).click();
}

test("a ZIP code lists the locations nearest first, and filters change the list", async () => {
  const { page, requests } = await open("locations/finder/");
  assert.deepEqual(await shown(page), ["Riverside", "Eastside", "Westside"], "source order before a search");
  await search(page, "97201");
  await page.waitForFunction(() => /nearest first/.test(document.getElementById("finder-status").textContent));
  assert.deepEqual(await shown(page), ["Riverside", "Westside", "Eastside"]);
  assert.match(await page.textContent("#finder-status"), /^3 locations, nearest first\.$/);
  const first = await page.textContent("#finder-list > li:first-child .finder-distance");
  assert.match(first, /^0\.\d miles away$/);

  // Gresham: Eastside (no coordinates: its ZIP code's centre) comes first.
  await search(page, "97030");
  await page.waitForFunction(() => document.querySelector("#finder-list > li .location-name").textContent.includes("Eastside"));
  assert.deepEqual(await shown(page), ["Eastside", "Riverside", "Westside"]);

  await page.getByLabel("Payment accepted").selectOption("medicaid");
  assert.deepEqual(await shown(page), ["Eastside", "Riverside"]);
  await page.getByLabel("Telehealth available").check();
  await page.waitForFunction(() => /^1 location/.test(document.getElementById("finder-status").textContent));
  assert.deepEqual(await shown(page), ["Riverside"]);
  await page.getByLabel("Payment accepted").selectOption("");
  await page.getByLabel("Telehealth available").uncheck();
  await page.getByLabel("Levels of care").selectOption({ label: "Partial hospitalization programs (PHP)" });
  await page.waitForFunction(() => /^2 locations/.test(document.getElementById("finder-status").textContent));
  assert.deepEqual(await shown(page), ["Riverside", "Westside"]);
  await page.getByLabel("Languages spoken").selectOption("Vietnamese");
  assert.deepEqual(await shown(page), ["Westside"]);
  await page.getByLabel("Levels of care").selectOption("");
  await page.getByLabel("Languages spoken").selectOption("");
  await page.getByLabel("Who it serves").selectOption("adolescents");
  assert.deepEqual(await shown(page), ["Eastside"]);
  await screenshot(page, "finder-filtered-1280");

  const origin = new URL(server.url()).origin;
  const elsewhere = requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:"));
  assert.deepEqual(elsewhere, [], "no request to another origin");
  assert.ok(requests.some((u) => u.endsWith("/locations/zip/972.json")), "the 972 prefix file was fetched");
  assert.ok(!requests.some((u) => u.includes("97201") || u.includes("97030")), "the ZIP code itself is never sent");
  await page.close();
});

test("an unknown or malformed ZIP code gets a clear message", async () => {
  const { page, requests } = await open("locations/finder/");
  await search(page, "97299");
  await page.waitForFunction(() => /could not find/.test(document.getElementById("finder-status").textContent));
  assert.match(await page.textContent("#finder-status"), /We could not find ZIP code 97299\./);
  assert.equal(await page.getAttribute("#finder-zip", "aria-invalid"), "true");
  await search(page, "12345");
  await page.waitForFunction(() => /12345/.test(document.getElementById("finder-status").textContent));
  await search(page, "97a");
  assert.match(await page.textContent("#finder-status"), /Type five digits/);
  const origin = new URL(server.url()).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
  await page.close();
});

test("the Spanish finder works in Spanish", async () => {
  const { page } = await open("es/lugares/buscador/");
  await page.getByLabel("Su código postal").fill("97005");
  await page.getByRole("button", { name: "Buscar lugares" }).click();
  await page.waitForFunction(() => /más cercano/.test(document.getElementById("finder-status").textContent));
  assert.deepEqual(await shown(page), ["Westside", "Riverside", "Eastside"]);
  assert.match(await page.textContent("#finder-list > li:first-child .finder-distance"), /^a \d+\.\d millas$/);
  await page.close();
});

test("the finder works from the keyboard", async () => {
  const { page } = await open("locations/finder/");
  await page.focus("#finder-zip");
  await page.keyboard.type("97030");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /nearest first/.test(document.getElementById("finder-status").textContent));
  assert.deepEqual(await shown(page), ["Eastside", "Riverside", "Westside"]);
  await page.close();
});

for (const path of ["locations/finder/", "locations/", "locations/riverside/", "es/lugares/buscador/", "levels-of-care/intensive-outpatient/"]) {
  test(`axe-core finds no violations on /${path}`, async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url(path), { waitUntil: "networkidle" });
    if (path.includes("finder") || path.includes("buscador")) {
      // The state after a search, with distances and a status message.
      await page.fill("#finder-zip", "97201");
      await page.press("#finder-zip", "Enter");
      await page.waitForFunction(() => document.getElementById("finder-status").textContent !== "");
    }
    await page.evaluate(axeSource);
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(summary, [], "axe-core violations");
    await context.close();
  });
}
