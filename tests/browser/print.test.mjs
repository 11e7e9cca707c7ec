// Printing an article from Chromium: the article, its review information, sources and crisis
// lines, without navigation, search, related lists, backlinks, footer link lists or the
// language switcher, and without an empty last page (issue 20). The PDF's text is read with
// pdftotext (poppler-utils), as a reader of the printed page would see it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildSite, serve, launch } from "./harness.mjs";
import { pdfPages } from "./pdf.mjs";

let server, browser;
before(async () => {
  server = await serve(buildSite());
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function printed(path, format = "Letter") {
  const page = await browser.newPage();
  await page.goto(server.url(path), { waitUntil: "networkidle" });
  const pdf = await page.pdf({ format });
  await page.close();
  return pdfPages(pdf);
}

for (const format of ["Letter", "A4"]) {
  test(`printing the IOP article (${format}) keeps the article and leaves out the site around it`, async () => {
    const pages = await printed("levels-of-care/intensive-outpatient/", format);
    const text = pages.join("\n");
    // Before the print stylesheet: 8 pages, the last holding only the site title.
    assert.ok(pages.length <= 5, `the article prints on ${pages.length} pages`);
    for (const [i, p] of pages.entries()) assert.ok(p.trim().length > 200, `page ${i + 1} is not (nearly) empty: ${JSON.stringify(p.trim())}`);
    assert.match(text, /Intensive outpatient programs/);
    console.log(`${format}: ${pages.length} pages`);
    assert.match(text, /988/, "the crisis line");
    assert.match(text, /Sample content: not yet reviewed by a clinician/, "the review information");
    assert.match(text, /Sources/);
    assert.match(text, /What to do next/, "the whole article");
    for (const gone of ["Articles that link here", "Related articles", "Site map", "Search", "Read in"]) {
      assert.doesNotMatch(text, new RegExp(gone), `"${gone}" is not printed`);
    }
  });
}

test("printing a Spanish article leaves out the language switcher", async () => {
  const text = (await printed("es/niveles-de-atencion/programa-intensivo-ambulatorio/")).join("\n");
  assert.match(text, /988/);
  assert.doesNotMatch(text, /English/, "no language switcher");
});
