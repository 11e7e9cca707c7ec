// Shared by the browser tests: builds a site with the real `continuum` binary, serves the
// output from a small static server on 127.0.0.1 (with a strict Content-Security-Policy, as a
// production host would send), and launches Debian's Chromium through playwright-core.
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { tmpdir } from "node:os";
import { join, extname, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "../..");
export const artifacts = join(repo, "tests/artifacts");
// The policy the theme's _headers file declares, read from the built site, so the test checks
// the headers a real host would send.
export function cspOf(dir) {
  const headers = readFileSync(join(dir, "_headers"), "utf8");
  const line = headers.split("\n").find((l) => l.trim().startsWith("Content-Security-Policy:"));
  if (!line) throw new Error("_headers has no Content-Security-Policy");
  return line.split(":").slice(1).join(":").trim();
}
let CSP = "default-src 'self'";

const binary = process.env.CONTINUUM_BIN ? resolve(process.env.CONTINUUM_BIN) : join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug/continuum");
const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".txt": "text/plain", ".png": "image/png", ".bin": "application/octet-stream",
};

/** Builds `root` (the bundled site by default) into a temp folder; returns the folder. */
export function buildSite({ root = repo, baseUrl } = {}) {
  const out = join(mkdtempSync(join(tmpdir(), "continuum-browser-")), "public");
  const args = ["build", "--root", root, "--output", out];
  if (baseUrl) args.push("--base-url", baseUrl);
  const run = spawnSync(binary, args, { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`continuum build failed:\n${run.stderr}`);
  return out;
}

/** Serves `dir` under `basePath` on a free loopback port. */
export async function serve(dir, { basePath = "/" } = {}) {
  CSP = cspOf(dir);
  const server = createServer((request, response) => {
    const url = new URL(request.url, "http://localhost");
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(basePath)) return notFound(response, dir);
    path = normalize(path.slice(basePath.length));
    if (path.startsWith("..")) return notFound(response, dir);
    let file = join(dir, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream", "Content-Security-Policy": CSP });
      response.end(body);
    } catch {
      notFound(response, dir);
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: (p = "") => origin + basePath + p.replace(/^\//, ""), close: () => new Promise((done) => server.close(done)) };
}

function notFound(response, dir) {
  response.writeHead(404, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP });
  try {
    response.end(readFileSync(join(dir, "404.html")));
  } catch {
    response.end("not found");
  }
}

/** Debian's Chromium, with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Saves a full-page screenshot under tests/artifacts/. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** A new site as `continuum init --minimal` writes it (the default theme); returns its folder. */
export function initSite() {
  const root = join(mkdtempSync(join(tmpdir(), "continuum-serve-")), "site");
  const run = spawnSync(binary, ["init", "--minimal", root], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`continuum init failed:\n${run.stderr}`);
  return root;
}

/** Runs `continuum serve` in `root` on a free port; resolves once it serves. */
export function devServer(root) {
  const child = spawn(binary, ["serve", "--port", "0"], { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error("continuum serve did not start")), 120_000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /^serving on (http:\/\/\S+?)\/ /.exec(line);
      if (match) {
        clearTimeout(timer);
        done({ origin: match[1], stop: () => child.kill() });
      }
    });
    child.on("exit", () => fail(new Error("continuum serve exited")));
  });
}
