// Hostile content in a real Chromium. A site is built from inputs an attacker would write
// and the build accepts (raw HTML is sanitized with warnings; markup in front matter is
// escaped): event handlers, SVG, frames, a meta refresh, form actions, script addresses,
// styles, base and link elements, mutation-XSS shapes. Every page showing them is loaded with
// hooks on dialogs, page errors, console errors, navigation and every network request, once
// under the theme's Content-Security-Policy and once with it bypassed (so the policies alone
// are tested, not the CSP), and focused, hovered and searched. Nothing may run, nothing may be
// fetched from another origin, and the page may not go anywhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, serve, launch, repo } from "./harness.mjs";

// Another origin's addresses are errors of the privacy check (`check::safety`), so the
// attacks load from `/evil/` on the site's own origin: any request there is a failure too.
const EVIL = "/evil";

const hostile = `+++
title = "Hostile <img src=x onerror=alert('title')> page"
description = "</script><script>alert('description')</script> <svg onload=alert('svg-description')>"
reviewed_by = "<b onmouseover=alert('reviewer')>Dr. X</b>"

[[faq]]
question = "<img src=x onerror=alert('question')>?"
answer = """
<img src="/favicon.svg" alt="icon in an answer" onerror="alert('faq')"> <svg onload="alert('faq-svg')"></svg>
<a href="javascript:alert('faq-link')">faq link</a>
"""

[[sources]]
title = "<script>alert('source')</script>"
url = "https://example.org/source?a=1&b=<script>"

[[glossary]]
term = "Hostile term"
definition = "<img src=x onerror=alert('definition')>"
link = "../about.md"
+++
The Hostile term appears in running text.

<img src="/favicon.svg" alt="a" onerror="alert('img')" onload="alert('img-load')">

<svg><script>alert('svg')</script></svg>
<svg onload="alert('svg-onload')"></svg>

<iframe src="${EVIL}/frame" srcdoc="<script>alert('srcdoc')</script>"></iframe>

<meta http-equiv="refresh" content="0; url=https://evil.example/refresh">

<form action="${EVIL}/form"><input name="q" autofocus onfocus="alert('focus')"><button formaction="javascript:alert('formaction')">Go</button></form>

<a href="javascript:alert('link')">click</a> <a href=" java&#x09;script:alert('tab')">tab</a> <a href="JaVaScRiPt&colon;alert('colon')">colon</a> <a href="data:text/html,<script>alert('data')</script>">data</a> <a href="vbscript:msgbox('vb')">vb</a>

<div style="position:fixed;inset:0;background:red" onmouseover="alert('hover')" tabindex="1" autofocus onfocus="alert('div-focus')">overlay</div>

<object data="${EVIL}/object"></object>
<embed src="${EVIL}/embed">
<link rel="stylesheet" href="${EVIL}/style.css">
<base href="${EVIL}/">
<style>@import url("${EVIL}/import.css"); body { background: url("${EVIL}/bg.png") }</style>
<img src="/favicon.svg" alt="b" srcset="${EVIL}/srcset.png 2x" style="background:url(${EVIL}/style-bg.png)">
<video poster="${EVIL}/poster.png"><source src="${EVIL}/v.mp4"></video>
<audio src="${EVIL}/a.mp3" autoplay></audio>
<details open ontoggle="alert('toggle')"><summary>More</summary>Hidden</details>
<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=/favicon.svg onload=alert('noscript')>"></noscript>
<textarea><img src=x onerror=alert('textarea')></textarea>
<template><img src=x onerror=alert('template')></template>
<a href="https://example.org/" target="_blank">an ordinary external link</a>

<!-- <img src=x onerror=alert('comment')> -->

Inline <img src="/favicon.svg" alt="c" onerror=alert('inline')> and <b onclick="alert('b')">bold</b> and <scr<script>ipt>alert('split')</script>.
`;

/** The starter site (config, content) with the default theme and the hostile page. */
function hostileSite() {
  const root = mkdtempSync(join(tmpdir(), "continuum-hostile-"));
  cpSync(join(repo, "src/scaffold/starter"), root, { recursive: true });
  mkdirSync(join(root, "themes"), { recursive: true });
  cpSync(join(repo, "themes/default"), join(root, "themes/default"), { recursive: true });
  writeFileSync(join(root, "content/articles/hostile.md"), hostile);
  // This test is about what reaches the browser, not governance: the hostile page carries an
  // unrecorded review (with markup in its reviewer) that an approval-requiring site refuses.
  const config = join(root, "config.toml");
  writeFileSync(config, readFileSync(config, "utf8").replace("require_approval = true", "require_approval = false"));
  return root;
}

let server, browser;
before(async () => {
  server = await serve(buildSite({ root: hostileSite() }));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path` with every hook; returns the page and what the hooks saw. */
async function open(path, { bypassCSP }) {
  const context = await browser.newContext({ bypassCSP, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seen = { dialogs: [], errors: [], foreign: [], console: [], popups: [] };
  page.on("dialog", async (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && seen.console.push(m.text()));
  page.on("popup", (p) => seen.popups.push(p.url()));
  page.on("response", (r) => r.status() >= 400 && seen.console.push(`${r.status()} ${r.url()}`));
  context.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(server.origin) || url.includes("/evil")) seen.foreign.push(url);
  });
  const url = server.url(path);
  await page.goto(url, { waitUntil: "networkidle" });
  return { context, page, seen, url };
}

/** Focuses every focusable element, hovers the content and waits for timers and refreshes. */
async function provoke(page) {
  for (let i = 0; i < 40; i++) await page.keyboard.press("Tab");
  const box = await page.locator("main").boundingBox();
  if (box) {
    for (let y = box.y; y < box.y + Math.min(box.height, 3000); y += 40) await page.mouse.move(box.x + 40, y);
  }
  for (const summary of await page.locator("main summary").all()) await summary.click();
  await page.waitForTimeout(1500);
}

/** What of the page's markup could run script or reach another origin. */
async function dangerousMarkup(page) {
  return page.evaluate(() => {
    const found = [];
    const allowed = ["http:", "https:", "mailto:", "tel:"];
    for (const el of document.querySelectorAll("*")) {
      for (const attr of el.attributes) {
        if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
        if (attr.name === "srcdoc" || attr.name === "formaction") found.push(`${el.tagName} ${attr.name}`);
        if (["href", "src", "action", "poster", "data"].includes(attr.name)) {
          const protocol = new URL(attr.value, document.baseURI).protocol;
          if (!allowed.includes(protocol)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
        }
      }
    }
    // The article's own markup: what content put there (the theme's search form is not).
    const content = document.querySelector("main article") ?? document.createElement("div");
    for (const el of content.querySelectorAll("script, iframe, object, embed, base, meta, link, style, svg, math, form, input, button, textarea, template, video, audio, [style], [autofocus], [tabindex]")) {
      found.push(`the article contains ${el.outerHTML.slice(0, 80)}`);
    }
    if (document.querySelectorAll("base").length) found.push("a <base> element");
    return found;
  });
}

const pages = {
  article: "articles/hostile/",
  section: "articles/",
  home: "",
  "site map": "site-map/",
  search: "search/?q=hostile",
};

for (const bypassCSP of [false, true]) {
  const mode = bypassCSP ? "without the CSP" : "under the CSP";
  for (const [name, path] of Object.entries(pages)) {
    test(`${name} ${mode}: nothing runs, nothing is fetched, nothing navigates`, async () => {
      const { context, page, seen, url } = await open(path, { bypassCSP });
      await provoke(page);
      assert.deepEqual(seen.dialogs, [], "no dialog opened");
      assert.deepEqual(seen.errors, [], "no page error");
      assert.deepEqual(seen.console, [], "no console error (no CSP violation, no failed load)");
      assert.deepEqual(seen.foreign, [], "no request leaves the origin or reaches /evil/");
      assert.deepEqual(seen.popups, [], "no window opened");
      assert.equal(page.url(), url, "the page did not navigate (no meta refresh)");
      assert.deepEqual(await dangerousMarkup(page), [], "no handler, script address, frame or style survived");
      if (name === "article") {
        // The content is there, escaped: the attacks became text or were removed.
        const text = await page.locator("main").innerText();
        assert.match(text, /an ordinary external link/);
        // The raw HTML reached the page, cleaned: its images stay, without their handlers.
        assert.equal(await page.locator('main article img[alt="a"]').count(), 1);
        assert.equal(await page.locator('main article img[alt="icon in an answer"]').count(), 1);
        assert.match(await page.title(), /Hostile <img src=x onerror=alert\('title'\)> page/);
      }
      if (name === "search") {
        // The search results render the hostile title as text.
        await page.waitForSelector("main li a", { timeout: 5000 });
        const results = await page.locator("main li a").allInnerTexts();
        assert.ok(results.some((r) => r.includes("Hostile <img")), results.join("\n"));
      }
      await context.close();
    });
  }
}
