// Shared by the print and handout tests: a PDF's text as a reader of the printed sheets
// sees it, through pdftotext (Debian's poppler-utils; scripts/test.sh installs it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The text of a PDF, page by page (pdftotext separates pages with form feeds). */
export function pdfPages(bytes) {
  const file = join(mkdtempSync(join(tmpdir(), "continuum-pdf-")), "out.pdf");
  writeFileSync(file, bytes);
  const run = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`pdftotext failed (install poppler-utils): ${run.stderr}`);
  const pages = run.stdout.split("\f");
  // pdftotext ends the last page with a form feed too.
  if (pages.at(-1).trim() === "") pages.pop();
  return pages;
}

