// Shared helpers for the node:test suites: build the bundled site with the continuum binary
// into a temporary folder, and serve a folder over HTTP under a base path with a strict CSP.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The continuum binary: $CONTINUUM_BIN, else target/debug (scripts/test.sh builds it), else release. */
export function binary() {
  // Absolute: tests start the binary from other folders (serve runs inside the site).
  if (process.env.CONTINUUM_BIN) return resolve(process.env.CONTINUUM_BIN);
  const found = ['debug', 'release'].map((p) => join(repo, 'target', p, 'continuum')).find((p) => existsSync(p));
  if (!found) throw new Error('no continuum binary: run `cargo build` first');
  return found;
}

/** content/a/b.md → /a/b/, a/_index.md → /a/, _index.md → / (the bundled site's base path is /); a URL stays. */
export function urlOf(path) {
  if (path.startsWith('/')) return path;
  const rel = path.replace(/(^|\/)_index\.md$/, '$1').replace(/(\/index)?\.md$/, '/');
  return '/' + rel;
}

const builds = new Map();

/** Builds `root` (the bundled site by default) into a temporary folder; returns that folder. */
export function buildSite({ baseUrl, root = repo } = {}) {
  const key = `${root}|${baseUrl || ''}`;
  if (builds.has(key)) return builds.get(key);
  const out = mkdtempSync(join(tmpdir(), 'continuum-search-'));
  const args = ['build', '--root', root, '--output', out];
  if (baseUrl) args.push('--base-url', baseUrl);
  execFileSync(binary(), args, { stdio: ['ignore', 'ignore', 'inherit'] });
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  builds.set(key, out);
  return out;
}

/**
 * Builds a site made of fixtures (tests/fixtures/NAME, each copied over the ones before it, as
 * tests/common/mod.rs does: `buildFixture('minimal', 'languages-search')`); returns the output.
 */
export function buildFixture(...names) {
  const key = `fixtures|${names.join('+')}`;
  if (builds.has(key)) return builds.get(key);
  const root = mkdtempSync(join(tmpdir(), 'continuum-fixture-'));
  for (const name of names) cpSync(join(repo, 'tests/fixtures', name), root, { recursive: true });
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const out = buildSite({ root });
  builds.set(key, out);
  return out;
}

/** Imports search.js from a built site, as a Node user of the API would. */
export async function importClient(site) {
  return import(pathToFileURL(join(site, 'search.js')).href);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml',
  '.txt': 'text/plain', '.bin': 'application/octet-stream',
};

/**
 * Serves `dir` at http://127.0.0.1:PORT<prefix> (port 0: any free one) with
 * `Content-Security-Policy: default-src 'self'`. Counts requests and bytes.
 * Returns { url, origin, stats, close }.
 */
export function serve(dir, { prefix = '/', port = 0, csp = "default-src 'self'" } = {}) {
  const stats = { requests: 0, bytes: 0, paths: [] };
  const server = createServer((req, res) => handle(dir, prefix, stats, req, res, csp));
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      ok({ url: origin + prefix, origin, stats, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** A free port, for a build whose --base-url must name the port before the server starts. */
export async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

function handle(dir, prefix, stats, req, res, csp) {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (!path.startsWith(prefix)) { res.writeHead(404); res.end('outside the base path'); return; }
  let file = normalize(join(dir, path.slice(prefix.length)));
  if (!file.startsWith(normalize(dir + sep)) && file !== normalize(dir)) { res.writeHead(403); res.end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found'); return; }
  const body = readFileSync(file);
  stats.requests++;
  stats.bytes += body.length;
  stats.paths.push(path);
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] || 'application/octet-stream',
    'content-security-policy': csp,
    'cache-control': 'no-store',
  });
  res.end(body);
}
