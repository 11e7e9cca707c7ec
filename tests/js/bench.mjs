// Search benchmark (not a test; BENCHMARKS.md records its output and the commands):
//   node tests/js/bench.mjs SITE_OUTPUT_DIR [--pagefind DIR_WITH_PAGEFIND_OUTPUT]
// Prints the index's size (raw and as a CDN would gzip it), the bytes a first one-word and
// three-word query fetch (client included), in Node and in headless Chromium, and warm query
// latency in Node (p50, p95). With --pagefind, also measures Pagefind's first queries in
// Chromium against the same site (its output folder built by `pagefind --site`).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { serve } from './helpers.mjs';

const [site, flag, pagefindDir] = process.argv.slice(2);
if (!site) {
  console.error('usage: node tests/js/bench.mjs SITE_OUTPUT_DIR [--pagefind DIR]');
  process.exit(2);
}
const ONE = process.env.BENCH_ONE || 'recovery';
const THREE = process.env.BENCH_THREE || 'family support group';
const WARM = (process.env.BENCH_WARM || 'recovery;family support;group therapy skills;sleep;cravings triggers;morning schedule;counselor;medicine doctor;therapy;school work home;stress;habits;famly;schedul;progres;support group family;the team;plan;review goals;talk and listen').split(';');

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else out.push(path);
  }
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// Size of the index.
const all = files(join(site, 'search'));
let raw = 0;
let gz = 0;
const byKind = {};
for (const f of all) {
  const bytes = readFileSync(f);
  raw += bytes.length;
  // A CDN compresses text types; the .bin files are zlib streams already.
  const wire = f.endsWith('.json') ? gzipSync(bytes, { level: 9 }).length : bytes.length;
  gz += wire;
  const kind = relative(join(site, 'search'), f).split('/')[0].replace(/\..*/, '');
  byKind[kind] = (byKind[kind] || 0) + bytes.length;
}
const client = readFileSync(join(site, 'search.js'));
const clientGz = gzipSync(client, { level: 9 }).length;
console.log(`index: ${all.length} files, ${mb(raw)} (${mb(gz)} as served with gzip); by part: ${Object.entries(byKind).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
console.log(`client: search.js ${kb(client.length)} (${kb(clientGz)} gzipped)`);

// First queries in Node, reading files (bytes as a server would send them uncompressed).
const { SearchIndex } = await import(pathToFileURL(join(site, 'search.js')).href);
async function first(query, limit) {
  const index = new SearchIndex({ base: site });
  const start = performance.now();
  const results = await index.search(query, { limit });
  const ms = performance.now() - start;
  return { bytes: index.stats.bytes, requests: index.stats.requests, ms, n: results.length };
}
for (const [label, query] of [['one word', ONE], ['three words', THREE]]) {
  for (const limit of [10, 5]) {
    const r = await first(query, limit);
    console.log(`node first ${label} (${JSON.stringify(query)}, limit ${limit}): ${r.requests + 1} requests, ${kb(r.bytes + client.length)} with the client (index ${kb(r.bytes)}), ${r.ms.toFixed(1)} ms cold`);
  }
}

// Warm latency: every query once to load its files, then timed runs.
const index = new SearchIndex({ base: site });
for (const q of WARM) await index.search(q);
const times = [];
for (let round = 0; round < 20; round++) {
  for (const q of WARM) {
    const start = performance.now();
    await index.search(q);
    times.push(performance.now() - start);
  }
}
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2);
console.log(`node warm latency over ${times.length} queries: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${times[times.length - 1].toFixed(2)} ms`);

// The same first queries in Chromium, as bytes on the wire (uncompressed), page included.
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const server = await serve(site);
async function inBrowser(label, run) {
  const page = await browser.newPage();
  await page.goto(server.url + '404.html');
  const sizes = [];
  page.on('response', async (response) => {
    try { sizes.push((await response.body()).length); } catch { /* redirects have no body */ }
  });
  const start = Date.now();
  const n = await page.evaluate(run);
  await page.waitForTimeout(200);
  const total = sizes.reduce((a, b) => a + b, 0);
  console.log(`chromium ${label}: ${sizes.length} requests, ${kb(total)}, ${n} results, ${Date.now() - start} ms`);
  await page.close();
}
for (const [label, query] of [['one word', ONE], ['three words', THREE]]) {
  await inBrowser(`continuum first ${label}, 10 results with excerpts`, `import('${server.url}search.js').then((m) => m.search(${JSON.stringify(query)}, { limit: 10 })).then((r) => r.length)`);
}
if (flag === '--pagefind' && pagefindDir) {
  // Pagefind's WebAssembly needs this exception; under `default-src 'self'` it fails to load.
  const pf = await serve(pagefindDir, { csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" });
  for (const [label, query] of [['one word', ONE], ['three words', THREE]]) {
    const page = await browser.newPage();
    await page.goto(pf.url + 'pagefind/pagefind.js').catch(() => {});
    const sizes = [];
    page.on('response', async (response) => {
      try { sizes.push((await response.body()).length); } catch { /* no body */ }
    });
    const n = await page.evaluate(`import('${pf.url}pagefind/pagefind.js').then(async (pf) => { const r = await pf.search(${JSON.stringify(query)}); const d = await Promise.all(r.results.slice(0, 10).map((x) => x.data())); return d.length; })`);
    await page.waitForTimeout(200);
    console.log(`chromium pagefind first ${label}, 10 results with excerpts: ${sizes.length} requests, ${kb(sizes.reduce((a, b) => a + b, 0))}, ${n} results`);
    await page.close();
  }
  await pf.close();
}
await browser.close();
await server.close();
