// Every HTML page of the bundled site through a third-party validator (html-validate, its
// recommended rules with the exceptions in .htmlvalidate.json, each explained in
// docs/theme.md): zero errors and zero warnings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { HtmlValidate, StaticConfigLoader } from "html-validate";
import { buildSite, repo } from "./harness.mjs";

const config = JSON.parse(readFileSync(join(repo, ".htmlvalidate.json"), "utf8"));

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".html")).map((f) => join(dir, f)).sort();
}

test("every page of the bundled site passes html-validate", async () => {
  const out = buildSite();
  const files = htmlFiles(out);
  assert.ok(files.length > 100, `the bundled site has its pages (${files.length})`);
  const validator = new HtmlValidate(new StaticConfigLoader(config));
  const problems = [];
  for (const file of files) {
    const report = await validator.validateString(readFileSync(file, "utf8"), relative(out, file));
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`${result.filePath}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
  }
  const byRule = {};
  for (const p of problems) byRule[p.split(" ")[1]] = (byRule[p.split(" ")[1]] ?? 0) + 1;
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems in ${files.length} pages: ${JSON.stringify(byRule)}`);
});

test("the rule set still catches what it is there for", async () => {
  // A guard against a config that validates nothing: the recommended rules are on.
  const validator = new HtmlValidate(new StaticConfigLoader(config));
  const bad = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>a <a href="tel:+18006624357">1-800-662-4357</a></p> \n<ul aria-label="x"><li>y</li></ul></body></html>\n';
  const report = await validator.validateString(bad, "bad.html");
  const rules = new Set(report.results.flatMap((r) => r.messages.map((m) => m.ruleId)));
  for (const rule of ["tel-non-breaking", "no-trailing-whitespace", "aria-label-misuse"]) assert.ok(rules.has(rule), `${rule} is on`);
  const long = `<!DOCTYPE html><html lang="en"><head><title>${"x".repeat(71)}</title></head><body></body></html>\n`;
  const titles = await validator.validateString(long, "long.html");
  assert.ok(titles.results.some((r) => r.messages.some((m) => m.ruleId === "long-title")), "long-title is on");
});
