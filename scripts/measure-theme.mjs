// Measures the default theme on a built site (scripts/measure-theme.sh runs it):
//   node scripts/measure-theme.mjs serve DIR PORT_FILE   serve DIR as a production host would
//   node scripts/measure-theme.mjs weight URL            page weight and layout shift, Chromium
//   node scripts/measure-theme.mjs lighthouse REPORT...  the scores in Lighthouse JSON reports
//
// The server applies the site's own _headers rules (CSP, long cache for /assets/*) and gzips
// text responses at zlib's default level 6, like a typical host; it listens on 127.0.0.1 only.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const PAGES = {
  home: '',
  article: 'levels-of-care/intensive-outpatient/',
  faq: 'faq/',
  glossary: 'glossary/',
  compare: 'levels-of-care/compare/',
  search: 'search/',
  'search ?q=': 'search/?q=intensive+outpatient',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.svg': 'image/svg+xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.bin': 'application/octet-stream',
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml)|image\/svg)/;

/** `_headers` (Netlify / Cloudflare Pages format) as [{ pattern: RegExp, headers: [[name, value]] }]. */
function readHeaders(dir) {
  const rules = [];
  let text = '';
  try {
    text = readFileSync(join(dir, '_headers'), 'utf8');
  } catch {
    return rules;
  }
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = new RegExp('^' + line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');
      rules.push({ pattern, headers: [] });
    } else if (rules.length) {
      const at = line.indexOf(':');
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

function serve(dir, portFile) {
  const rules = readHeaders(dir);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    let file = join(dir, normalize(path));
    let status = 200;
    let body;
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      body = readFileSync(file);
    } catch {
      status = 404;
      console.error(`404 ${path}`);
      file = join(dir, '404.html');
      try {
        body = readFileSync(file);
      } catch {
        body = Buffer.from('not found');
      }
    }
    const headers = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', Vary: 'Accept-Encoding' };
    for (const rule of rules) if (rule.pattern.test(path)) for (const [name, value] of rule.headers) headers[name] = value;
    if (COMPRESSIBLE.test(headers['Content-Type']) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
      body = gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
    }
    headers['Content-Length'] = body.length;
    response.writeHead(status, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    writeFileSync(portFile, String(port));
    console.error(`serving ${dir} at http://127.0.0.1:${port}/ (_headers applied, gzip)`);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
}

/** CLS as Chromium reports it: the largest session window of shifts without recent input. */
const CLS_OBSERVER = `
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push({ value: e.value, time: e.startTime,
      nodes: (e.sources || []).map((s) => s.node && (s.node.id ? '#' + s.node.id : s.node.nodeName + (s.node.className ? '.' + String(s.node.className).split(' ')[0] : ''))) });
  }).observe({ type: 'layout-shift', buffered: true });`;

function cls(shifts) {
  let best = 0, current = 0, start = -Infinity, last = -Infinity;
  for (const s of shifts) {
    if (s.time - last > 1000 || s.time - start > 5000) {
      current = 0;
      start = s.time;
    }
    current += s.value;
    last = s.time;
    best = Math.max(best, current);
  }
  return best;
}

const kb = (n) => (n / 1024).toFixed(1);

async function weight(base) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: FLAGS });
  const rows = [];
  const viewports = { mobile: { width: 360, height: 800 }, desktop: { width: 1280, height: 900 } };
  try {
    for (const [name, path] of Object.entries(PAGES)) {
      const row = { name, path, cls: {} };
      for (const [label, viewport] of Object.entries(viewports)) {
        // A fresh context per load: an empty cache, as for a first visit.
        const context = await browser.newContext({ viewport, deviceScaleFactor: label === 'mobile' ? 2 : 1 });
        await context.addInitScript(CLS_OBSERVER);
        const page = await context.newPage();
        const finished = [];
        const problems = [];
        page.on('requestfinished', (request) => finished.push((async () => {
          const response = await request.response();
          const sizes = await request.sizes();
          const raw = response ? (await response.body()).length : 0;
          return { url: request.url(), type: request.resourceType(), status: response?.status(), transferred: sizes.responseBodySize, raw };
        })()));
        page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
        page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()}: ${response.url()}`));
        page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
        page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
        await page.goto(base + path, { waitUntil: 'networkidle' });
        await page.waitForTimeout(1000);
        const shifts = await page.evaluate(() => window.__shifts);
        row.cls[label] = { value: cls(shifts), nodes: [...new Set(shifts.flatMap((s) => s.nodes))].filter(Boolean) };
        if (label === 'mobile') {
          const resources = await Promise.all(finished);
          row.resources = resources;
          row.problems = problems;
          row.foreign = resources.filter((r) => !r.url.startsWith(new URL(base).origin)).map((r) => r.url);
          row.timing = await page.evaluate(() => {
            const [n] = performance.getEntriesByType('navigation');
            return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
          });
        }
        await context.close();
      }
      rows.push(row);
    }
  } finally {
    await browser.close();
  }

  const sum = (row, test, key) => row.resources.filter(test).reduce((n, r) => n + r[key], 0);
  const groups = {
    HTML: (r) => r.type === 'document',
    CSS: (r) => r.type === 'stylesheet',
    JS: (r) => r.type === 'script',
    other: (r) => !['document', 'stylesheet', 'script', 'image'].includes(r.type),
  };
  console.log('Bytes transferred on a first visit (gzip level 6, response bodies; images excluded), and CLS:\n');
  console.log('| page | HTML | CSS | JS | total gzip | total raw | requests | other (not in total) | CLS 360 px | CLS 1280 px |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const counted = (r) => groups.HTML(r) || groups.CSS(r) || groups.JS(r);
    const cell = (g) => `${kb(sum(row, groups[g], 'transferred'))} KB`;
    const other = sum(row, groups.other, 'transferred');
    console.log(`| ${row.name} (\`/${row.path}\`) | ${cell('HTML')} | ${cell('CSS')} | ${cell('JS')} | **${kb(sum(row, counted, 'transferred'))} KB** | ${kb(sum(row, counted, 'raw'))} KB | ${row.resources.filter(counted).length} | ${other ? `${kb(other)} KB, ${row.resources.filter(groups.other).length} req.` : '–'} | ${row.cls.mobile.value.toFixed(3)} | ${row.cls.desktop.value.toFixed(3)} |`);
  }
  console.log('\nPer resource (360 px load):');
  for (const row of rows) {
    console.log(`  ${row.name}: DOMContentLoaded ${row.timing.domContentLoaded} ms, load ${row.timing.load} ms`);
    for (const r of row.resources) console.log(`    ${r.status} ${r.type.padEnd(10)} ${kb(r.transferred).padStart(6)} KB gzip ${kb(r.raw).padStart(6)} KB raw  ${r.url.slice(base.length - 1)}`);
    for (const [label, c] of Object.entries(row.cls)) if (c.nodes.length) console.log(`    layout shift at ${label}: ${c.nodes.join(', ')}`);
    for (const p of row.problems) console.log(`    ! ${p}`);
    for (const f of row.foreign) console.log(`    ! another origin: ${f}`);
  }
  const article = rows.find((r) => r.name === 'article');
  const total = sum(article, (r) => ['document', 'stylesheet', 'script'].includes(r.type), 'transferred');
  console.log(`\narticle page: ${kb(total)} KB gzip (target < 30 KB): ${total < 30 * 1024 ? 'ok' : 'OVER'}`);
  // A request to another origin breaks the theme's privacy promise: that fails the run.
  const foreign = rows.filter((r) => r.foreign.length);
  if (foreign.length) {
    console.log(`requests to another origin on: ${foreign.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

function lighthouse(files) {
  const order = ['performance', 'accessibility', 'best-practices', 'seo'];
  const byPage = new Map();
  for (const file of files) {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    const page = file.replace(/^.*lh-(.*?)(-\d+)?\.json$/, '$1');
    if (report.runtimeError) console.log(`${page}: ${report.runtimeError.code} ${report.runtimeError.message}`);
    if (!byPage.has(page)) byPage.set(page, []);
    byPage.get(page).push(report);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = [...byPage.values()][0][0];
  console.log(`Lighthouse ${first.lighthouseVersion}, ${first.configSettings.formFactor}, ${first.configSettings.throttlingMethod} throttling, ${first.environment?.hostUserAgent?.match(/Chrome\/[\d.]+/)?.[0] ?? ''}; median of ${[...byPage.values()][0].length} run(s):\n`);
  console.log(`| page | ${order.join(' | ')} | FCP | LCP | TBT | CLS |`);
  console.log(`| --- | ${order.map(() => '---').join(' | ')} | --- | --- | --- | --- |`);
  const known = Object.keys(PAGES);
  const pages = [...byPage.keys()].sort((a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99));
  for (const page of pages) {
    const reports = byPage.get(page);
    const scores = order.map((c) => Math.round(100 * median(reports.map((r) => r.categories[c]?.score ?? 0))));
    const metric = (id) => {
      const values = reports.map((r) => r.audits[id]?.numericValue ?? NaN);
      const v = median(values);
      if (id === 'cumulative-layout-shift') return v.toFixed(3);
      if (id === 'total-blocking-time') return `${Math.round(v)} ms`;
      return `${(v / 1000).toFixed(1)} s`;
    };
    console.log(`| ${page} | ${scores.join(' | ')} | ${metric('first-contentful-paint')} | ${metric('largest-contentful-paint')} | ${metric('total-blocking-time')} | ${metric('cumulative-layout-shift')} |`);
  }
  console.log('\nAudits below full marks (first run of each page):');
  for (const page of pages) {
    const [report] = byPage.get(page);
    const failing = Object.values(report.audits).filter((a) => a.score !== null && a.score < 1 && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode));
    console.log(`  ${page}: ${failing.map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`).join('; ') || 'none'}`);
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === 'serve') serve(resolve(args[0]), args[1]);
else if (command === 'weight') await weight(args[0].endsWith('/') ? args[0] : args[0] + '/');
else if (command === 'lighthouse') lighthouse(args);
else {
  console.error('usage: measure-theme.mjs serve DIR PORT_FILE | weight URL | lighthouse REPORT.json...');
  process.exit(2);
}
