// The browser editor (Decap CMS at /admin/ on `continuum serve`, docs/cms.md) in a real
// Chromium: in a copy of the bundled site, an editor creates an article through the CMS's
// own interface (title, body, an FAQ item, a source) and saves it; the file appears in
// content/ with front matter Continuum accepts and the site still builds; a Spanish
// translation is edited; a broken link typed in the body shows Continuum's diagnostic, with
// its "did you mean", in the preview. The CMS's JavaScript is the npm-installed copy, served
// by `serve`; nothing is fetched from anywhere else, and the site's pages never load it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, symlinkSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repo, devServer, launch, screenshot } from "./harness.mjs";

const binary = process.env.CONTINUUM_BIN ? resolve(process.env.CONTINUUM_BIN) : join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug/continuum");
// The CMS is one bundle plus chunks it loads on demand; the bundle's raw size is bounded so
// an upgrade that doubles it is noticed (docs/cms.md gives the figure).
const MAX_CMS_BYTES = 6 * 1024 * 1024;
// A debug build checks the whole site on every edit; give it time on a busy machine.
const SLOW = 180_000;

let root, server, browser;
before(async () => {
  root = join(mkdtempSync(join(tmpdir(), "continuum-cms-")), "site");
  for (const part of ["config.toml", "content", "static", "themes"]) {
    cpSync(join(repo, part), join(root, part), { recursive: true });
  }
  // The site's own npm install, as `continuum init` sites have (package.json → node_modules).
  symlinkSync(join(repo, "node_modules"), join(root, "node_modules"));
  server = await devServer(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** The admin page, logged in to the local backend (no account). */
async function openAdmin(requests) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("request", (request) => requests?.push(request.url()));
  await page.goto(`${server.origin}/admin/`);
  await page.getByRole("button", { name: "Login" }).click({ timeout: SLOW });
  return page;
}

/** A field of the editor's first (default-language) pane, by front-matter key. */
function field(page, name, nth = 0) {
  return page.locator(`label[for^="${name}-field-"]`).nth(nth).locator("xpath=../..");
}

/** The Markdown editor of `container`, switched to Markdown so links are typed as written. */
async function markdownEditor(page, container) {
  const editor = container.locator("[data-slate-editor]").first();
  await editor.waitFor({ timeout: SLOW });
  const toggle = container.locator('[role="switch"]').first();
  if ((await toggle.getAttribute("aria-checked")) !== "true") await toggle.click();
  assert.equal(await toggle.getAttribute("aria-checked"), "true", "the Markdown mode is on");
  return editor;
}

async function publish(page) {
  await page.getByRole("button", { name: "Publish" }).first().click();
  await page.getByText("Publish now", { exact: true }).click();
}

/** Waits until `test` holds for the file's text (the CMS saves in the background). */
async function saved(page, file, test) {
  for (let tries = 0; !(existsSync(file) && test(readFileSync(file, "utf8"))); tries++) {
    assert.ok(tries < SLOW / 100, `${file} is saved`);
    await page.waitForTimeout(100);
  }
  return readFileSync(file, "utf8");
}

function build(args = []) {
  const out = join(mkdtempSync(join(tmpdir(), "continuum-cms-out-")), "public");
  return spawnSync(binary, ["build", "--output", out, ...args], { cwd: root, encoding: "utf8" });
}

test("the CMS comes from the local npm copy, within its size, and the site's pages never load it", async () => {
  const requests = [];
  const page = await openAdmin(requests);
  await page.getByText("Inside an IOP", { exact: false }).first().waitFor({ timeout: SLOW });
  const foreign = requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith("blob:") && !url.startsWith("data:"));
  assert.deepEqual(foreign, [], "the admin page fetches nothing from another host");
  const bundle = await fetch(`${server.origin}/admin/decap-cms.js`);
  assert.equal(bundle.status, 200);
  const bytes = (await bundle.arrayBuffer()).byteLength;
  assert.equal(bytes, statSync(join(repo, "node_modules/decap-cms/dist/decap-cms.js")).size, "the npm-installed bundle is served");
  assert.ok(bytes < MAX_CMS_BYTES, `the CMS bundle is ${bytes} bytes`);
  const admin = await fetch(`${server.origin}/admin/`);
  assert.match(admin.headers.get("content-security-policy"), /script-src 'self' 'unsafe-eval'/);
  for (const path of ["/", "/iop/first-day/", "/es/"]) {
    const html = await (await fetch(server.origin + path)).text();
    assert.doesNotMatch(html, /decap|\/admin\//i, `${path} loads nothing of the CMS`);
    const response = await fetch(server.origin + path);
    assert.equal(response.headers.get("content-security-policy"), null, "the site's own pages keep their own policy");
  }
  await page.close();
});

test("an article created in the CMS is saved to content/ with valid front matter, and the site builds", async () => {
  const page = await openAdmin();
  await page.goto(`${server.origin}/admin/#/collections/iop/new`);
  await page.locator('[id^="title-field-"]').first().fill("Coping with cravings", { timeout: SLOW });
  const body = await markdownEditor(page, field(page, "body"));
  await body.click();
  await page.keyboard.type("Cravings come and go. Most pass within half an hour. Talk with your care team about them.");
  await field(page, "faq").getByRole("button", { name: "Add faq" }).click();
  await page.locator('[id^="question-field-"]').first().fill("How long does a craving last?");
  const answer = await markdownEditor(page, field(page, "answer"));
  await answer.click();
  await page.keyboard.type("Most cravings pass within half an hour.");
  await field(page, "sources").getByRole("button", { name: "Add sources" }).click();
  await field(page, "sources").locator('[id^="title-field-"]').first().fill("Principles of Drug Addiction Treatment");
  await field(page, "sources").locator('[id^="publisher-field-"]').first().fill("NIDA");
  await publish(page);

  const text = await saved(page, join(root, "content/iop/coping-with-cravings.md"), () => true);
  assert.match(text, /^\+\+\+\n/, "TOML front matter, as the site's other articles");
  assert.match(text, /title = "Coping with cravings"/);
  assert.match(text, /draft = true/, "a new article is a draft until a clinician approves it");
  assert.match(text, /\[\[faq\]\]\nquestion = "How long does a craving last\?"\nanswer = "Most cravings pass within half an hour\."/);
  assert.match(text, /\[\[sources\]\]\ntitle = "Principles of Drug Addiction Treatment"\npublisher = "NIDA"/);
  assert.match(text, /\+\+\+\nCravings come and go\./);
  assert.ok(!existsSync(join(root, "content/iop/coping-with-cravings.es.md")), "no empty Spanish file is written for an untranslated article");
  assert.ok(!existsSync(join(root, "content/iop/coping-with-cravings.en.md")), "the default language keeps the plain file name");

  const built = build();
  assert.equal(built.status, 0, built.stderr);
  const check = spawnSync(binary, ["check", "--drafts"], { cwd: root, encoding: "utf8" });
  assert.doesNotMatch(check.stderr + check.stdout, /coping-with-cravings\.md:\d+:\d+: error/, "Continuum accepts the article's front matter");
  await page.close();
});

test("a Spanish translation is edited in place, its English original untouched", async () => {
  const english = readFileSync(join(root, "content/iop/first-day.md"), "utf8");
  const page = await openAdmin();
  await page.goto(`${server.origin}/admin/#/collections/iop/entries/first-day`);
  // The Spanish pane's own title: the first title field after its "Writing in ES" switch.
  const spanish = page.locator('xpath=//*[contains(normalize-space(.), "Writing in ES") and not(*[contains(normalize-space(.), "Writing in ES")])]/following::input[starts-with(@id, "title-field-")][1]');
  await spanish.waitFor({ timeout: SLOW });
  assert.equal(await spanish.inputValue(), "Su primer día en un IOP");
  await spanish.fill("Su primer día en un programa intensivo");
  await publish(page);
  const file = join(root, "content/iop/first-day.es.md");
  const text = await saved(page, file, (t) => t.includes("programa intensivo\""));
  assert.match(text, /^\+\+\+\ntitle = "Su primer día en un programa intensivo"/);
  assert.equal(readFileSync(join(root, "content/iop/first-day.md"), "utf8"), english, "the English file keeps its bytes, comments and layout");
  const built = build();
  assert.equal(built.status, 0, built.stderr);
  await page.close();
});

test("a broken link typed in the body shows Continuum's diagnostic in the preview", async () => {
  const page = await openAdmin();
  await page.goto(`${server.origin}/admin/#/collections/iop/entries/first-day`);
  const body = await markdownEditor(page, field(page, "body"));
  await page.getByRole("button", { name: "Toggle preview" }).click();
  const preview = page.frameLocator("iframe").first();
  // Before the edit: the article's readability figures from Continuum's checks.
  await preview.locator("[data-continuum-figures]").filter({ hasText: "reading grade" }).waitFor({ timeout: SLOW });
  await body.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n\nSee [a typical week](typical-wek.md).");
  const findings = preview.locator('[data-continuum-findings="found"]');
  await findings.filter({ hasText: "typical-wek.md" }).waitFor({ timeout: SLOW });
  const text = await findings.innerText();
  assert.match(text, /typical-wek\.md/);
  assert.match(text, /typical-week\.md/, "with the page it probably meant");
  await screenshot(page, "cms-preview-findings");
  await page.close();
});
