// The Chinese fixture (tests/fixtures/lang-zh) in a real Chromium: pages say lang="zh", and the
// search client, running in the browser against the index the real build wrote (Chinese
// sentences cut into words by the indexer), finds words that appear only inside sentences
// from queries typed without spaces (docs/search-index.md, "Chinese and other CJK text").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, serve, launch, repo } from "./harness.mjs";

let server, browser, page;
before(async () => {
  // As the Rust tests make it: the `minimal` fixture (its `plain` theme) with lang-zh over it.
  const root = mkdtempSync(join(tmpdir(), "continuum-zh-"));
  cpSync(join(repo, "tests/fixtures/minimal"), root, { recursive: true });
  cpSync(join(repo, "tests/fixtures/lang-zh"), root, { recursive: true });
  const out = buildSite({ root });
  // The fixture's theme has no search box: the default theme's client reads the index.
  copyFileSync(join(repo, "themes/default/static/search.js"), join(out, "search-client.js"));
  // The default theme's strict policy (the plain theme ships no _headers).
  writeFileSync(join(out, "_headers"), "/*\n  Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'self'\n");
  server = await serve(out, { basePath: "/help/" });
  browser = await launch();
  page = await (await browser.newContext()).newPage();
  await page.goto(server.url("outpatient/what-is-outpatient/"), { waitUntil: "networkidle" });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The result addresses for `query`, best first, computed in the page. */
function search(query) {
  return page.evaluate(async (q) => {
    const client = await import("/help/search-client.js");
    return (await client.search(q, { base: "/help/" })).map((r) => r.url);
  }, query);
}

test("pages are marked as Chinese", async () => {
  assert.equal(await page.getAttribute("html", "lang"), "zh");
  assert.match(await page.locator("h1").innerText(), /门诊治疗/);
});

test("words found only inside sentences are found from queries typed without spaces", async () => {
  const page_ = (name) => `/help/outpatient/${name}/`;
  const work = await search("工作");
  assert.deepEqual([...work].sort(), [page_("what-is-outpatient"), page_("work-and-leave")]);
  assert.deepEqual(await search("血压"), [page_("first-visit")]);
  assert.ok((await search("门诊")).includes(page_("work-and-leave")));
  assert.equal((await search("治疗"))[0], page_("what-is-outpatient"));
  assert.equal((await search("门诊治疗"))[0], page_("what-is-outpatient"));
  // A whole question typed as one run of characters.
  assert.equal((await search("怎么测量血压"))[0], page_("first-visit"));
});
