// The Spanish side of the bundled site in a real Chromium: the language switcher goes from an
// English article to its translation, the translation is in Spanish (lang, interface, crisis
// help), the search box searches the Spanish index (with or without accents), and the Spanish
// pages have zero axe-core violations and stay CSP-clean and private.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildSite, serve, launch, screenshot } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let server, browser;
before(async () => {
  server = await serve(buildSite({ baseUrl: "https://example.org/help/" }), { basePath: "/help/" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith("data:")) problems.push(`foreign request ${r.url()}`);
  });
  page.on("console", (m) => /Content Security Policy|Refused to/.test(m.text()) && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(server.url(path), { waitUntil: "networkidle" });
  return { page, problems };
}

test("the language switcher leads from an article to its Spanish translation", async () => {
  const { page, problems } = await open("levels-of-care/intensive-outpatient/");
  await page.locator('nav.language-switcher a[hreflang="es"]').click();
  await page.waitForURL(/\/help\/es\/niveles-de-atencion\/programa-intensivo-ambulatorio\/$/);
  assert.equal(await page.getAttribute("html", "lang"), "es");
  const crisis = page.locator('aside[aria-label="Ayuda inmediata"]');
  assert.equal(await crisis.count(), 1, "crisis help in Spanish");
  assert.match(await crisis.innerText(), /988/);
  assert.match(await page.locator(".skip-link").innerText(), /Saltar al contenido/);
  // And back: the switcher offers English.
  const back = page.locator('nav.language-switcher a[hreflang="en"]');
  assert.equal(await back.getAttribute("href"), "/help/levels-of-care/intensive-outpatient/");
  await screenshot(page, "languages-es-article-1280");
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the search box on a Spanish page searches the Spanish index", async () => {
  const { page, problems } = await open("es/");
  const input = page.locator("#site-search");
  const first = page.locator("[data-search-box] [data-search-results] [data-search-result]").first();
  await input.fill("terapia familiar");
  await first.waitFor();
  assert.match(await first.innerText(), /Terapia familiar/);
  assert.match(await first.locator("a").getAttribute("href"), /^\/help\/es\/terapias\/terapia-familiar\//);
  assert.match(await page.locator("[data-search-box] [data-search-status]").innerText(), /resultado/);

  // No accents typed, Spanish pages found, and only Spanish pages.
  await input.fill("");
  await input.fill("adiccion");
  await first.waitFor();
  const hrefs = await page.locator("[data-search-box] [data-search-results] [data-search-result] a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.length > 0, "results for a word typed without its accent");
  for (const href of hrefs) assert.ok(href.startsWith("/help/es/"), `a Spanish result: ${href}`);
  await screenshot(page, "languages-es-search-1280");
  assert.deepEqual(problems, []);
  await page.context().close();
});

for (const path of ["es/", "es/niveles-de-atencion/programa-intensivo-ambulatorio/", "es/preguntas-frecuentes/", "es/glosario/", "es/search/"]) {
  test(`${path}: zero axe-core violations`, async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url(path), { waitUntil: "networkidle" });
    assert.equal(await page.getAttribute("html", "lang"), "es");
    await page.evaluate(axeSource);
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
    );
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target})`);
    assert.deepEqual(summary, [], "axe-core violations");
    await context.close();
  });
}

test("the Spanish compare picker and search filters speak Spanish", async () => {
  const { page, problems } = await open("es/niveles-de-atencion/compare/");
  const boxes = page.locator("fieldset.compare-picker input[type=checkbox]");
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  assert.match(await page.textContent(".compare-picker-status"), /^Se comparan 2 de \d+\.$/);
  for (const i of [2, 3]) await boxes.nth(i).check();
  assert.match(await page.textContent(".compare-picker-status"), /Puede comparar hasta 4 a la vez\.$/);
  await page.goto(server.url("es/search/?q=terapia"), { waitUntil: "networkidle" });
  const label = page.locator("label[for=search-filter-section]");
  await label.waitFor();
  assert.equal(await label.textContent(), "Sección");
  assert.equal(await page.locator("#search-filter-section option").first().textContent(), "Todas");
  assert.deepEqual(problems, []);
  await page.context().close();
});
