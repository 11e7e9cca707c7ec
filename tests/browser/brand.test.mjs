// A provider's brand through config alone: the bundled site with a header colour band
// ([extra.colors] header_bg and header_text) and a logo ([extra] logo), as docs/theme.md shows.
// The band passes axe-core's colour-contrast rule in light and dark mode, the logo sits in the
// header beside the site name, and the first screen matches its baselines.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, serve, launch, repo } from "./harness.mjs";
import { compareWithBaseline, measureLayout } from "./screens.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const BRAND = { header_bg: "#0b3d5c", header_text: "#ffffff" };
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#ffffff"/><path d="M13 6h6v7h7v6h-7v7h-6v-7H6v-6h7z" fill="#0b7a75"/></svg>\n`;

/** The bundled site's config with a logo and a header band; content and theme copied. */
function brandedRoot() {
  const root = mkdtempSync(join(tmpdir(), "continuum-brand-"));
  // Copies, not links: a link that leaves the site is refused (docs/security.md).
  cpSync(join(repo, "content"), join(root, "content"), { recursive: true });
  cpSync(join(repo, "themes"), join(root, "themes"), { recursive: true });
  mkdirSync(join(root, "static"));
  writeFileSync(join(root, "static/logo.svg"), LOGO);
  let config = readFileSync(join(repo, "config.toml"), "utf8");
  const at = config.indexOf("\n", config.indexOf("review_policy ="));
  config = `${config.slice(0, at + 1)}logo = "logo.svg"\n${config.slice(at + 1)}`;
  config += `\n[extra.colors]\nheader_bg = "${BRAND.header_bg}"\nheader_text = "${BRAND.header_text}"\n`;
  writeFileSync(join(root, "config.toml"), config);
  return root;
}

let server, browser;
before(async () => {
  server = await serve(buildSite({ root: brandedRoot() }));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [width, height] of [[360, 800], [1280, 900]]) {
  test(`a header band and a logo at ${width}px`, async () => {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(server.url("levels-of-care/intensive-outpatient/"), { waitUntil: "networkidle" });
    const header = await page.$eval(".site-header", (h) => ({ bg: getComputedStyle(h).backgroundColor, color: getComputedStyle(h.querySelector(".site-name")).color }));
    assert.equal(header.bg, "rgb(11, 61, 92)", "the band's colour");
    assert.equal(header.color, "rgb(255, 255, 255)", "the site name in the band's text colour");
    const logo = await page.locator(".site-name img.site-logo").boundingBox();
    const name = await page.locator(".site-name span").boundingBox();
    assert.ok(logo && logo.height === 32 && logo.x + logo.width <= name.x, "the logo sits before the site name");
    const layout = await measureLayout(page);
    assert.deepEqual(layout.broken, []);
    assert.ok(layout.scrollWidth <= width);
    if (width === 360) assert.ok(layout.h1Top < 400, `H1 at ${layout.h1Top}px`);
    const problem = await compareWithBaseline(page, `brand-${width}`);
    assert.equal(problem, null, problem ?? "");
    await page.close();
  });
}

for (const colorScheme of ["light", "dark"]) {
  test(`the band keeps its contrast (${colorScheme}), the menu open too`, async () => {
    const context = await browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url(""), { waitUntil: "networkidle" });
    await page.evaluate(axeSource);
    const run = () => page.evaluate(() => window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }));
    let results = await run();
    assert.deepEqual(results.violations.map((v) => `${v.id} ${v.nodes[0]?.target}`), []);
    await page.click(".site-menu > summary");
    results = await run();
    assert.deepEqual(results.violations.map((v) => `${v.id} ${v.nodes[0]?.target}`), []);
    await context.close();
  });
}
