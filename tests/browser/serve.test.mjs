// `continuum serve` in a real Chromium: a build error shows the overlay over the last good
// page, readable whatever the theme styles (axe-core finds no contrast problem in it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { initSite, devServer, launch, screenshot } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let root, server, browser;
before(async () => {
  root = initSite();
  server = await devServer(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

test("the error overlay is readable over the default theme", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.origin}/articles/first-article/`, { waitUntil: "networkidle" });
  const article = join(root, "content/articles/first-article.md");
  writeFileSync(article, readFileSync(article, "utf8") + "\nSee [nowhere](no-such-page.md).\n");

  const overlay = page.locator('[aria-label="Build errors"] pre');
  await overlay.waitFor({ state: "visible", timeout: 20_000 });
  assert.match(await overlay.innerText(), /no-such-page\.md/);
  // The overlay's own stylesheet has loaded.
  for (let tries = 0; (await overlay.evaluate((pre) => getComputedStyle(pre).whiteSpace)) !== "pre-wrap"; tries++) {
    assert.ok(tries < 100, "the overlay's stylesheet loads");
    await page.waitForTimeout(100);
  }
  await screenshot(page, "serve-error-overlay");

  await page.evaluate(axeSource);
  // The overlay alone: its host element (and shadow tree), or the element itself.
  const results = await page.evaluate(() => {
    const overlay = document.querySelector("continuum-error-overlay") ?? document.getElementById("continuum-error-overlay");
    return window.axe.run(overlay, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
  });
  const show = (v) => `${v.id}: ${v.nodes.map((n) => `${n.target.flat().join(" ")} ${n.any.map((c) => c.message).join("; ")}`).join(", ")}`;
  assert.deepEqual(results.violations.map(show), [], "axe-core violations in the overlay");
  const unsure = results.incomplete.filter((v) => v.id === "color-contrast").map(show);
  assert.deepEqual(unsure, [], "axe could tell the contrast of all the overlay's text");
  const contrast = results.passes.find((p) => p.id === "color-contrast");
  assert.ok(contrast && contrast.nodes.length >= 2, "axe checked the overlay's text contrast");
});
