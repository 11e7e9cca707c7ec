// The default theme in a real Chromium, on every page type: zero axe-core violations (WCAG
// 2.2 A and AA), no request to any other origin, nothing blocked by a strict
// Content-Security-Policy, crisis help on every page; screenshots at 360 and 1280 pixels.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { buildSite, serve, launch, screenshot } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const pages = {
  home: "",
  section: "levels-of-care/",
  article: "levels-of-care/intensive-outpatient/",
  // Has a Markdown table with aligned columns (classes, not inline styles the CSP blocks).
  "article-with-table": "iop/typical-week/",
  compare: "levels-of-care/compare/",
  glossary: "glossary/",
  faq: "faq/",
  search: "search/",
  "site-map": "site-map/",
  topic: "topics/therapies/cbt/",
  "not-found": "no/such/page/",
};

let server, browser;
before(async () => {
  // Served under a sub-path, as many providers deploy it.
  server = await serve(buildSite({ baseUrl: "https://example.org/help/" }), { basePath: "/help/" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [name, path] of Object.entries(pages)) {
  test(`${name}: accessible, private, CSP-clean, with crisis help`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests = [];
    const refused = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => /Content Security Policy|Refused to/.test(m.text()) && refused.push(m.text()));
    await page.goto(server.url(path), { waitUntil: "networkidle" });

    const foreign = requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith("data:"));
    assert.deepEqual(foreign, [], "no request leaves the origin");
    assert.deepEqual(refused, [], "the CSP blocks nothing the site needs");

    const crisis = page.locator('aside[aria-label="Get help now"]');
    assert.equal(await crisis.count(), 1, "crisis help on every page");
    assert.match(await crisis.innerText(), /988/);
    assert.equal(await page.getAttribute("html", "lang"), "en");

    await screenshot(page, `theme-${name}-1280`);
    await page.setViewportSize({ width: 360, height: 800 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no horizontal scrolling at 360px (page is ${width}px)`);
    await screenshot(page, `theme-${name}-360`);
    await context.close();

    // axe-core is injected through DevTools, which a CSP cannot (and should not) block.
    const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const axePage = await axeContext.newPage();
    await axePage.goto(server.url(path), { waitUntil: "networkidle" });
    await axePage.evaluate(axeSource);
    const results = await axePage.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
    );
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target})`);
    assert.deepEqual(summary, [], "axe-core violations");
    await axeContext.close();
  });
}

test("dark mode keeps contrast", async () => {
  const context = await browser.newContext({ bypassCSP: true, colorScheme: "dark", viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url(pages.article), { waitUntil: "networkidle" });
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, { runOnly: { type: "rule", values: ["color-contrast"] } }));
  assert.deepEqual(results.violations.map((v) => v.id), []);
  await screenshot(page, "theme-article-dark-360");
  await context.close();
});
