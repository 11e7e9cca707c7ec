// Screenshot comparison and layout measurements shared by the screenshot tests.
//
// A screenshot is the first screen of a page (the viewport, not the whole page), compared with
// a committed baseline in tests/browser/baselines/ by pixelmatch. `UPDATE_BASELINES=1` writes
// the baselines instead (review them with an image viewer before committing). A failing
// comparison leaves the actual image and a diff in tests/artifacts/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import pixelmatch from "pixelmatch";
import { artifacts, repo } from "./harness.mjs";

export const baselines = join(repo, "tests/browser/baselines");
export const updating = process.env.UPDATE_BASELINES === "1";
// Share of pixels allowed to differ (after pixelmatch's own anti-aliasing tolerance): enough
// for a caret or a sub-pixel shift, far too little for a moved block or changed text.
export const MAX_DIFF_RATIO = 0.002;

/** Compares the page's first screen with baseline `name`; returns a message or null. */
export async function compareWithBaseline(page, name) {
  const shot = PNG.sync.read(await page.screenshot({ animations: "disabled", caret: "hide", scale: "css" }));
  const file = join(baselines, `${name}.png`);
  if (updating || !existsSync(file)) {
    mkdirSync(baselines, { recursive: true });
    writeFileSync(file, PNG.sync.write(shot, { colorType: 2 }));
    return updating ? null : `no baseline for ${name}: wrote ${file}; review it, commit it, run again`;
  }
  const want = PNG.sync.read(readFileSync(file));
  if (want.width !== shot.width || want.height !== shot.height) {
    save(name, shot);
    return `${name}: ${shot.width}×${shot.height}, baseline ${want.width}×${want.height}`;
  }
  const diff = new PNG({ width: want.width, height: want.height });
  const differing = pixelmatch(want.data, shot.data, diff.data, want.width, want.height, { threshold: 0.1 });
  const ratio = differing / (want.width * want.height);
  if (ratio > MAX_DIFF_RATIO) {
    save(name, shot, diff);
    return `${name}: ${differing} pixels (${(ratio * 100).toFixed(2)} %) differ from the baseline; see tests/artifacts/${name}.actual.png and .diff.png, or run with UPDATE_BASELINES=1 if the change is intended`;
  }
  return null;
}

function save(name, shot, diff) {
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, `${name}.actual.png`), PNG.sync.write(shot));
  if (diff) writeFileSync(join(artifacts, `${name}.diff.png`), PNG.sync.write(diff));
}

/**
 * Layout facts a baseline cannot hide, measured in the page: horizontal overflow, the H1's
 * top, and every word of a button, summary or heading that the browser split across lines.
 */
export function measureLayout(page) {
  return page.evaluate(() => {
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 1 && r.height > 1 && style.visibility !== "hidden" && !el.closest("[hidden], details:not([open]) > :not(summary)");
    };
    const broken = [];
    const range = document.createRange();
    for (const el of document.querySelectorAll("button, summary, h1, h2, h3, h4, .button, .crisis-action, .site-nav a")) {
      if (!visible(el)) continue;
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // A word may break after a hyphen; anything else is a word cut in two.
        for (const m of node.data.matchAll(/[^\s\-‐]+/g)) {
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(`${el.tagName.toLowerCase()}: "${m[0]}" in "${el.textContent.trim().slice(0, 60)}"`);
        }
      }
    }
    const h1 = document.querySelector("h1");
    return {
      scrollWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      h1Top: h1 ? Math.round(h1.getBoundingClientRect().top + window.scrollY) : null,
      broken,
    };
  });
}
