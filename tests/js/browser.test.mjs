// The search box and /search/ page in a real headless Chromium (Debian's, driven by
// playwright-core), on a build whose base URL has a sub-path, served with
// `Content-Security-Policy: default-src 'self'`: `/` focuses the box, results appear as you type
// with highlighted words, the arrows, Enter and Escape work as an ARIA combobox, "suicide" shows
// the crisis card above the results, and without JavaScript the box goes to /search/, which
// points to the site map.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { buildSite, freePort, serve } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const PREFIX = '/sub/path/';

let server;
let browser;
const foreign = [];
const problems = [];

before(async () => {
  const port = await freePort();
  const site = buildSite({ baseUrl: `http://127.0.0.1:${port}${PREFIX}` });
  server = await serve(site, { prefix: PREFIX, port });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, ...options });
  const page = await context.newPage();
  page.on('request', (request) => {
    if (!request.url().startsWith(server.origin)) foreign.push(request.url());
  });
  page.on('console', (message) => {
    // A missing resource is reported below with its address.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('response', (response) => {
    // Browsers ask for /favicon.ico on their own; the site does not have to have one.
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(server.url + path);
  return page;
}

const box = '[data-search-box]';

test('slash focuses the box; typing shows highlighted results', async () => {
  const page = await open('levels-of-care/');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search');
  await page.keyboard.type('day program', { delay: 25 });
  const first = page.locator(`${box} [data-search-results] [data-search-result]`).first();
  await first.waitFor();
  const input = page.locator('#site-search');
  assert.equal(await input.getAttribute('role'), 'combobox');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await input.getAttribute('aria-controls'), 'site-search-listbox');
  assert.match(await first.innerText(), /Partial hospitalization/);
  assert.ok(await page.locator(`${box} [data-search-results] mark`).count() > 0, 'matched words are marked');
  const href = await first.locator('a').getAttribute('href');
  assert.ok(href.startsWith(PREFIX), `links keep the base path: ${href}`);
  await page.context().close();
});

test('arrows move through the options, Escape closes, Enter opens the chosen result', async () => {
  const page = await open('');
  const input = page.locator('#site-search');
  await input.click();
  await page.keyboard.type('group therapy', { delay: 25 });
  const options = page.locator('#site-search-listbox [role="option"]');
  await options.first().waitFor();
  await page.keyboard.press('ArrowDown');
  const firstId = await options.nth(0).getAttribute('id');
  assert.equal(await input.getAttribute('aria-activedescendant'), firstId);
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
  await page.keyboard.press('ArrowUp');
  assert.equal(await input.getAttribute('aria-activedescendant'), firstId);
  await page.keyboard.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('[data-search-popup]').isVisible(), false);
  assert.equal(await input.getAttribute('aria-activedescendant'), null);
  await page.keyboard.press('ArrowDown'); // reopens
  await options.first().waitFor();
  await page.keyboard.press('ArrowDown');
  const target = await options.nth(0).getAttribute('href');
  await Promise.all([page.waitForURL(`**${target}`), page.keyboard.press('Enter')]);
  assert.ok(new URL(page.url()).pathname.startsWith(`${PREFIX}therapies/group-therapy/`), page.url());
  await page.context().close();
});

test('"suicide" shows the crisis card above the results', async () => {
  const page = await open('therapies/');
  await page.locator('#site-search').fill('suicide');
  const crisis = page.locator(`${box} [data-search-crisis]`);
  await crisis.waitFor({ state: 'visible' });
  assert.match(await crisis.innerText(), /988/);
  const first = page.locator(`${box} [data-search-result]`).first();
  await first.waitFor();
  const [cardBox, resultBox] = [await crisis.boundingBox(), await first.boundingBox()];
  assert.ok(cardBox.y + cardBox.height <= resultBox.y + 1, 'the card comes first');
  await page.locator('#site-search').fill('group therapy');
  await crisis.waitFor({ state: 'hidden' });
  await page.context().close();
});

test('no results offer glossary terms and the site map', async () => {
  const page = await open('');
  await page.locator('#site-search').fill('xqzvw');
  const empty = page.locator(`${box} [data-search-empty]`);
  await empty.waitFor({ state: 'visible' });
  assert.equal(await empty.locator(`a[href="${PREFIX}site-map/"]`).count(), 1);
  await page.locator('#site-search').fill('intensiv outpatiant progrm zzz');
  await page.context().close();
});

test('the results page is shareable: /search/?q=', async () => {
  const page = await open('search/?q=rehab');
  const results = page.locator('[data-search-page] [data-search-results] [data-search-result]');
  await results.first().waitFor();
  assert.ok((await results.count()) >= 3);
  assert.match(await results.first().locator('a').getAttribute('href'), /residential/);
  assert.equal(await page.locator('#search-page-input').inputValue(), 'rehab');
  assert.equal(await page.locator('[data-search-page] [data-search-crisis]').isVisible(), false);
  await page.locator('#search-page-input').fill('want to die');
  await page.locator('[data-search-page] [data-search-crisis]').waitFor({ state: 'visible' });
  await page.waitForURL(/q=want/);
  await page.context().close();
});

test('results are comfortable to tap on a phone', async () => {
  const page = await open('', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await page.locator('#site-search').fill('therapy');
  const links = page.locator(`${box} [data-search-result] a`);
  await links.first().waitFor();
  for (const handle of await links.all()) {
    const b = await handle.boundingBox();
    if (b) assert.ok(b.height >= 44, `a result is ${b.height}px high`);
  }
  const field = await page.locator('#site-search').boundingBox();
  assert.ok(field.height >= 44);
  await page.context().close();
});

test('without JavaScript the box submits to /search/, which points to the site map', async () => {
  const page = await open('', { javaScriptEnabled: false });
  await page.locator('#site-search').fill('rehab');
  await Promise.all([page.waitForURL(/\/search\/\?q=rehab/), page.locator('#site-search').press('Enter')]);
  assert.ok(new URL(page.url()).pathname === `${PREFIX}search/`);
  const noscript = page.locator('.search-nojs');
  assert.match(await noscript.innerText(), /site map/);
  assert.equal(await noscript.locator(`a[href="${PREFIX}site-map/"]`).count(), 1);
  await page.context().close();
});

test('the results page filters by section with a labelled control, kept in the URL', async () => {
  const page = await open('search/?q=therapy');
  const results = page.locator('[data-search-page] [data-search-results] [data-search-result] a');
  await results.first().waitFor();
  const section = page.getByLabel('Section');
  await section.selectOption({ label: 'Therapies and treatments' });
  await page.waitForURL(/section=/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-search-page] [data-search-result] a')]
    .every((a) => new URL(a.href).pathname.startsWith('/sub/path/therapies/')));
  assert.ok((await results.count()) >= 3);
  assert.ok(await page.getByLabel('Therapies').count(), 'a control per taxonomy');
  await page.context().close();
});

test('pages load only the search box; the client and index load when search is first used', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.js') || path.includes('/search/')) scripts.push(path);
  });
  await page.goto(server.url + 'levels-of-care/');
  await page.waitForLoadState('networkidle');
  assert.ok(scripts.some((p) => /search-box\.[0-9a-f]+\.js$/.test(p)), scripts.join(' '));
  assert.deepEqual(scripts.filter((p) => /\/search\.[0-9a-f]+\.js$|\/search\//.test(p)), [], 'no client or index before search is used');
  // Typing at once, while the client is still loading, still shows the results.
  await page.locator('#site-search').click();
  await page.keyboard.type('group therapy');
  await page.locator(`${box} [data-search-results] [data-search-result]`).first().waitFor();
  assert.ok(scripts.some((p) => /\/assets\/search\.[0-9a-f]+\.js$/.test(p)), 'the fingerprinted client');
  assert.equal(await page.locator('#site-search').inputValue(), 'group therapy');
  await context.close();
});

test('the results page takes its filter labels from the page (a translated template)', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A template translated by the theme's strings writes these attributes on the page's form.
  await page.route('**/search/?q=*', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('<form class="search-page-form"',
      '<form class="search-page-form" data-text-filter-section="Sección" data-text-filter-all="Todas" data-text-filter-therapies="Tipo de terapia"');
    await route.fulfill({ response, body: html });
  });
  await page.goto(server.url + 'search/?q=therapy');
  await page.locator('[data-search-page] [data-search-result]').first().waitFor();
  const section = page.getByLabel('Sección', { exact: true });
  await section.waitFor();
  assert.equal(await section.locator('option').first().innerText(), 'Todas');
  assert.equal(await page.getByLabel('Tipo de terapia', { exact: true }).count(), 1, 'a taxonomy label from the page');
  assert.equal(await page.getByLabel('Conditions', { exact: true }).count(), 1, 'else the index\'s title');
  await context.close();
});

test('no request left the site and nothing broke the CSP', () => {
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
});
