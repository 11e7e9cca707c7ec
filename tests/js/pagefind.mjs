// Continuum's search beside Pagefind's on the same pages (not a test; BENCHMARKS.md records its
// output and the commands):
//   node tests/js/pagefind.mjs SITE_OUTPUT_DIR PAGEFIND_OUTPUT_DIR
// PAGEFIND_OUTPUT_DIR is a copy of SITE_OUTPUT_DIR indexed by `pagefind --site`. Both run in
// headless Chromium: the query sets' top-1 and top-3 hit rates (tests/search-queries*.json,
// scored as tests/js/quality.test.mjs scores them), the bytes of a first query (10 results
// with excerpts, everything fetched after the page, uncompressed) and warm query time (every
// query of the sets once to load its files, then three timed rounds; 10 results with excerpts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { repo, serve, urlOf } from './helpers.mjs';

const [site, pagefindSite] = process.argv.slice(2);
if (!site || !pagefindSite) {
  console.error('usage: node tests/js/pagefind.mjs SITE_OUTPUT_DIR PAGEFIND_OUTPUT_DIR');
  process.exit(2);
}
const SETS = [
  { name: 'English', file: 'tests/search-queries.json', page: '' },
  { name: 'Spanish', file: 'tests/search-queries-es.json', page: 'es/' },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const ours = await serve(site);
// Pagefind's WebAssembly needs this exception; under `default-src 'self'` it fails to load.
const theirs = await serve(pagefindSite, { csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" });

// In the page: `run(query)` resolves to the result URLs (10 results, excerpts loaded).
const ENGINES = {
  continuum: {
    server: ours,
    setup: (url, lang) => `window.run = async (q) => { const m = await import('${url}search.js'); ` +
      `return (await m.search(q, { limit: 10, base: '${new URL(url).pathname}${lang}' })).map((r) => r.url); }`,
  },
  pagefind: {
    server: theirs,
    setup: (url) => `window.run = async (q) => { const pf = await import('${url}pagefind/pagefind.js'); ` +
      'const r = await pf.search(q); const d = await Promise.all(r.results.slice(0, 10).map((x) => x.data())); ' +
      'return d.map((x) => x.url); }',
  },
};

const norm = (u) => decodeURI(new URL(u, 'http://x').pathname).replace(/index\.html$/, '');

async function openPage(engine, lang) {
  const { server, setup } = ENGINES[engine];
  const page = await browser.newPage();
  // A page of the set's language: Pagefind picks its index by <html lang>.
  await page.goto(server.url + lang);
  await page.evaluate(setup(server.url, lang));
  return page;
}

for (const engine of Object.keys(ENGINES)) {
  const times = [];
  for (const set of SETS) {
    const { queries } = JSON.parse(readFileSync(join(repo, set.file), 'utf8'));
    const page = await openPage(engine, set.page);
    let top1 = 0;
    let top3 = 0;
    for (const { query, expect } of queries) {
      const urls = (await page.evaluate((q) => window.run(q), query)).slice(0, 3).map(norm);
      const want = expect.map(urlOf);
      if (want.includes(urls[0])) top1++;
      if (urls.some((u) => want.includes(u))) top3++;
    }
    for (let round = 0; round < 3; round++) {
      times.push(...await page.evaluate(async (qs) => {
        const out = [];
        for (const q of qs) { const t = performance.now(); await window.run(q); out.push(performance.now() - t); }
        return out;
      }, queries.map((q) => q.query)));
    }
    const rate = (n) => `${n}/${queries.length} (${((100 * n) / queries.length).toFixed(1)} %)`;
    console.log(`${engine} ${set.name}: top-1 ${rate(top1)}, top-3 ${rate(top3)}`);
    await page.close();
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].toFixed(2);
  console.log(`${engine} warm, ${times.length} queries: p50 ${pct(50)} ms, p95 ${pct(95)} ms`);
  for (const query of ['intensive outpatient', 'what happens in group therapy']) {
    const page = await browser.newPage();
    await page.goto(ENGINES[engine].server.url + '404.html');
    const sizes = [];
    page.on('response', async (response) => {
      try { sizes.push((await response.body()).length); } catch { /* redirects have no body */ }
    });
    await page.evaluate(ENGINES[engine].setup(ENGINES[engine].server.url, ''));
    const n = (await page.evaluate((q) => window.run(q), query)).length;
    await page.waitForTimeout(200);
    const kb = (sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1);
    console.log(`${engine} first query ${JSON.stringify(query)}: ${sizes.length} requests, ${kb} KB, ${n} results`);
    await page.close();
  }
}
await browser.close();
await ours.close();
await theirs.close();
