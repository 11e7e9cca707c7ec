// Right-to-left in Chromium: the Arabic fixture (tests/fixtures/lang-ar, built with the
// repository's theme) gets <html lang="ar" dir="rtl">, and the theme's logical CSS properties
// mirror the layout: site name at the right of the header, navigation read from the right, the
// crisis band's lead at the right, list bullets and the callout's bar on the right. The
// English page of the same site stays left to right. axe-core (WCAG 2.2 AA) passes on the
// Arabic pages, and the first screen matches its baselines (UPDATE_BASELINES=1; docs/theme.md).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, serve, launch, repo } from "./harness.mjs";
import { compareWithBaseline, measureLayout } from "./screens.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const ARTICLE = "ar/care/barnamaj-mukathaf/";

function fixtureRoot() {
  const root = mkdtempSync(join(tmpdir(), "continuum-rtl-"));
  cpSync(join(repo, "tests/fixtures/lang-ar"), root, { recursive: true });
  cpSync(join(repo, "themes"), join(root, "themes"), { recursive: true });
  return root;
}

let server, browser;
before(async () => {
  server = await serve(buildSite({ root: fixtureRoot() }));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => /Content Security Policy|Refused to/.test(m.text()) && problems.push(m.text()));
  await page.goto(server.url(path), { waitUntil: "networkidle" });
  return { page, context, problems };
}

const box = async (page, selector) => {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is shown`);
  return b;
};

test("an Arabic page is right to left, an English page left to right", async () => {
  const { page, context, problems } = await open(ARTICLE, { width: 1280, height: 900 });
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.$eval("main", (m) => getComputedStyle(m).direction), "rtl");
  assert.match(await page.locator(".skip-link").textContent(), /انتقل إلى المحتوى الرئيسي/);
  assert.equal(await page.locator(".callout-title").textContent(), "مهم");
  assert.deepEqual(problems, []);
  await context.close();

  const english = await open("care/iop/", { width: 1280, height: 900 });
  assert.equal(await english.page.getAttribute("html", "dir"), null);
  assert.equal(await english.page.$eval("main", (m) => getComputedStyle(m).direction), "ltr");
  await english.context.close();
});

test("each language-help tagline takes its own direction: Arabic right to left, Spanish left to right", async () => {
  for (const path of [ARTICLE, "care/iop/"]) {
    const { page, context } = await open(path, { width: 1280, height: 900 });
    const direction = (lang) => page.$eval(`.language-help li[lang="${lang}"]`, (li) => getComputedStyle(li).direction);
    assert.equal(await direction("ar"), "rtl", path);
    assert.equal(await direction("es"), "ltr", path);
    await context.close();
  }
});

test("at 1280px the header, navigation, crisis band, lists and callout mirror", async () => {
  const width = 1280;
  const { page, context } = await open(ARTICLE, { width, height: 900 });
  const wrap = await box(page, ".site-header .wrap");
  const name = await box(page, ".site-name");
  const search = await box(page, ".header-bar .search-box");
  // The site name starts at the right edge of the header, the search box sits to its left.
  assert.ok(Math.abs(name.x + name.width - (wrap.x + wrap.width)) < 40, `site name at the right (${JSON.stringify(name)} in ${JSON.stringify(wrap)})`);
  assert.ok(search.x + search.width <= name.x + 1, "the search box is left of the site name");
  // The first section link is at the right of the navigation.
  const links = await page.locator(".site-nav a").all();
  assert.ok(links.length >= 1, "navigation links");
  const nav = await box(page, ".site-nav");
  const first = await links[0].boundingBox();
  assert.ok(first.x + first.width > nav.x + nav.width / 2, "the first nav link is in the right half");
  // The crisis band: its lead at the right, the first line to its left.
  const band = await box(page, ".crisis .wrap");
  const lead = await box(page, ".crisis-lead");
  assert.ok(lead.x + lead.width > band.x + band.width * 0.75, "the crisis lead is at the right");
  // Bullets hang at the right: a list item's text ends near its list's right edge.
  const list = await box(page, ".content ul");
  const item = await box(page, ".content ul li");
  assert.ok(item.x + item.width < list.x + list.width - 8, "list indent is on the right");
  assert.ok(Math.abs(item.x - list.x) < 2, "no indent on the left");
  // The callout's coloured bar is its right border.
  const borders = await page.$eval(".callout", (c) => {
    const s = getComputedStyle(c);
    return { right: parseFloat(s.borderRightWidth), left: parseFloat(s.borderLeftWidth) };
  });
  assert.ok(borders.right >= 4 && borders.left <= 1, `callout bar on the right (${JSON.stringify(borders)})`);
  const layout = await measureLayout(page);
  assert.ok(layout.scrollWidth <= layout.viewport, "no horizontal scroll");
  await context.close();
});

test("at 360px the menu button and the 988 link stay on screen, mirrored", async () => {
  const viewport = { width: 360, height: 800 };
  const { page, context } = await open(ARTICLE, viewport);
  const name = await box(page, ".site-name");
  const menu = await box(page, ".site-menu > summary");
  assert.ok(name.x > menu.x, "the site name is right of the menu button");
  const call = await box(page, '.crisis a[href="tel:988"]');
  assert.ok(call.y + call.height <= viewport.height, "988 is on the first screen");
  const layout = await measureLayout(page);
  assert.ok(layout.scrollWidth <= layout.viewport, `no horizontal scroll (${layout.scrollWidth}px)`);
  assert.deepEqual(layout.broken, [], "no word broken across lines");
  await context.close();
});

for (const path of ["ar/", "ar/care/", ARTICLE, "ar/search/?q=%D8%B9%D9%84%D8%A7%D8%AC"]) {
  test(`axe-core finds no WCAG 2.2 AA violation on ${decodeURIComponent(path)}`, async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url(path), { waitUntil: "networkidle" });
    await page.evaluate(axeSource);
    const results = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
    );
    const summary = results.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes[0]?.target})`);
    assert.deepEqual(summary, [], "axe-core violations");
    await context.close();
  });
}

for (const [width, height] of [[360, 800], [1280, 900]]) {
  test(`the Arabic article at ${width}px matches its baseline`, async () => {
    const { page, context } = await open(ARTICLE, { width, height });
    const problem = await compareWithBaseline(page, `rtl-article-${width}`);
    assert.equal(problem, null, problem ?? "");
    await context.close();
  });
}

test("the Arabic search page finds the Arabic article, and only Arabic pages", async () => {
  const { page, context, problems } = await open("ar/search/?q=%D8%B9%D9%84%D8%A7%D8%AC", { width: 1280, height: 900 });
  const results = page.locator("[data-search-results] [data-search-result] a");
  await results.first().waitFor();
  const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  assert.ok(hrefs.some((h) => h.includes(ARTICLE)), JSON.stringify(hrefs));
  for (const href of hrefs) assert.ok(href.startsWith("/ar/"), `an Arabic result: ${href}`);
  assert.match(await results.first().innerText(), /\p{Script=Arabic}/u);
  assert.deepEqual(problems, []);
  await context.close();
});
