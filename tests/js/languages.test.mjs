// One index per language: the client against the two-language fixture
// (tests/fixtures/languages-search over tests/fixtures/minimal), built with the continuum
// binary. The Spanish index at es/search/ is queried with and without accents, and the search
// box takes its index and its words from the form's data-* attributes (a small stand-in DOM).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';

import { buildFixture, repo } from './helpers.mjs';

const site = buildFixture('minimal', 'languages-search');
const clientUrl = pathToFileURL(join(repo, 'themes/default/static/search.js')).href;
const client = await import(clientUrl);
const es = join(site, 'es');
const top = async (query, base) => (await client.search(query, { base, limit: 5 })).map((r) => r.url);

describe('the Spanish index', () => {
  test('finds the Spanish page with or without accents', async () => {
    for (const q of ['adicción', 'adiccion', 'ADICCIONES', 'adicciónes']) {
      assert.equal((await top(q, es))[0], '/help/es/therapies/adiccion/', q);
    }
    for (const q of ['terapia familiar', 'terapía familiar', 'Terapias familia ']) {
      assert.equal((await top(q, es))[0], '/help/es/therapies/terapia-familiar/', q);
    }
    for (const q of ['programa intensivo ambulatorio', 'programa intensívo ambulatório', 'PIA', 'hospitalizacion parcial']) {
      assert.equal((await top(q, es))[0].split('#')[0], '/help/es/levels-of-care/programa-intensivo-ambulatorio/', q);
    }
  });

  test('a question finds its section; stop words are Spanish', async () => {
    const [hit] = await client.search('¿Puedo seguir trabajando?', { base: es });
    assert.equal(hit.url, '/help/es/levels-of-care/programa-intensivo-ambulatorio/#puedo-seguir-trabajando');
    assert.match(hit.excerpt, /<mark>trabajando<\/mark>/);
    assert.deepEqual([...(await client.search('de la que el', { base: es }))], []);
  });

  test('holds only Spanish pages, and the English index only English ones', async () => {
    const index = new client.SearchIndex({ base: es });
    const entry = await index.entry();
    assert.equal(entry.lang, 'es');
    assert.equal(entry.stemmer, 'spanish');
    assert.deepEqual(await top('adiccion', site), []);
    assert.ok((await top('intensive outpatient', es)).every((u) => u.startsWith('/help/es/')));
    assert.equal((await top('intensive outpatient', site))[0], '/help/levels-of-care/intensive-outpatient/');
  });

  test('uses its own synonyms, glossary and crisis terms', async () => {
    assert.equal((await top('rehabilitación', es))[0], '/help/es/levels-of-care/residential/');
    assert.deepEqual(await top('rehab', es), []);
    assert.ok((await top('IOP', es))[0].startsWith('/help/es/levels-of-care/programa-intensivo-ambulatorio/'));
    for (const q of ['quiero morir', 'suicidio', 'Me quiero quitar la vida', 'quitarme la vida', 'sobredosis', 'autolesion']) {
      assert.equal(await client.isCrisis(q, { base: es }), true, q);
    }
    for (const q of ['terapia familiar', 'programa', '']) assert.equal(await client.isCrisis(q, { base: es }), false, q);
    assert.equal(await client.isCrisis('I want to die', { base: site }), true);
    const hints = await client.suggest('programa intensiv', { base: es });
    assert.deepEqual(hints, [{ title: 'Programa intensivo ambulatorio (PIA)', url: '/help/es/therapies/adiccion/#programa-intensivo-ambulatorio' }]);
  });

  test('an index whose stemmer the client does not know is refused', async () => {
    const { readFile } = await import('node:fs/promises');
    const fetcher = async (url) => {
      const bytes = await readFile(new URL(url));
      if (!/\/index\.[0-9a-f]+\.json$/.test(url)) return bytes;
      const entry = JSON.parse(bytes);
      entry.stemmer = 'klingon';
      return new TextEncoder().encode(JSON.stringify(entry));
    };
    const index = new client.SearchIndex({ base: es, fetch: fetcher });
    await assert.rejects(index.search('terapia'), /unsupported stemmer klingon/);
  });
});

// ---- The search box and page in a stand-in DOM ----

class Element {
  constructor(attrs = {}, children = []) {
    this.dataset = {};
    this.attrs = {};
    this.hidden = false;
    this.innerHTML = '';
    this.textContent = '';
    this.value = '';
    this.listeners = {};
    this.children = children;
    for (const [name, value] of Object.entries(attrs)) {
      if (name.startsWith('data-')) this.dataset[name.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = value;
      this.attrs[name] = value;
    }
    this.id = attrs.id || '';
    this.tagName = attrs.tag || 'DIV';
  }
  matches(selector) {
    if (selector === 'form') return this.tagName === 'FORM';
    const m = /^\[([a-z-]+)\]$/.exec(selector);
    return !!m && m[1] in this.attrs;
  }
  querySelector(selector) {
    for (const child of this.children) {
      if (child.matches(selector)) return child;
      const found = child.querySelector(selector);
      if (found) return found;
    }
    return null;
  }
  querySelectorAll(selector) {
    const out = [];
    for (const child of this.children) {
      if (child.matches(selector)) out.push(child);
      out.push(...child.querySelectorAll(selector));
    }
    return out;
  }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  dispatch(type, event = {}) { for (const fn of this.listeners[type] || []) fn({ preventDefault() {}, target: this, ...event }); }
  setAttribute(name, value) { this.attrs[name] = String(value); }
  removeAttribute(name) { delete this.attrs[name]; }
  contains() { return false; }
}

/** A page with a search box (and optionally a search page) carrying `boxAttrs`; imports a fresh client. */
async function page({ lang, boxAttrs, pageAttrs, url = 'https://example.org/help/es/search/' }) {
  const make = (attrs) => {
    const input = new Element({ 'data-search-input': '', id: 'q' });
    const status = new Element({ 'data-search-status': '' });
    const results = new Element({ 'data-search-results': '' });
    const suggestions = new Element({ 'data-search-suggestions': '' });
    const empty = new Element({ 'data-search-empty': '' }, [suggestions]);
    const popup = new Element({ 'data-search-popup': '' }, [results, empty]);
    const form = new Element({ tag: 'FORM', ...attrs }, [input, status, popup]);
    return { form, input, status, results, empty, suggestions };
  };
  const box = make({ 'data-search-box': '', ...boxAttrs });
  const searchPage = pageAttrs && make(pageAttrs);
  const pageRoot = searchPage && new Element({ 'data-search-page': '' }, [searchPage.form]);
  const body = new Element({}, [box.form, ...(pageRoot ? [pageRoot] : [])]);
  globalThis.window = { location: { href: url, search: '' }, history: { replaceState() {} } };
  globalThis.document = Object.assign(body, {
    readyState: 'complete',
    documentElement: { lang },
    activeElement: null,
  });
  // A fresh copy of the module enhances this page (the globals stay for its handlers).
  const fresh = await import(`${clientUrl}?page=${Math.random()}`);
  return { box, searchPage, client: fresh };
}

const settle = () => new Promise((done) => setTimeout(done, 400));

describe('the search box', () => {
  test('searches the index of data-search-base and writes the data-text-* words', async () => {
    const { box } = await page({
      lang: 'es',
      boxAttrs: {
        'data-search-base': es,
        'data-text-results': '{n} resultados. Use las flechas.',
        'data-text-results-one': 'Un resultado. Use las flechas.',
        'data-text-no-results': 'Sin resultados para {query}.',
        'data-text-unavailable': 'La búsqueda no está disponible.',
      },
    });
    box.input.value = 'adiccion';
    box.input.dispatch('input');
    await settle();
    assert.match(box.results.innerHTML, /href="\/help\/es\/therapies\/adiccion\/"/);
    assert.equal(box.status.textContent, 'Un resultado. Use las flechas.');
    box.input.value = 'terapia';
    box.input.dispatch('input');
    await settle();
    assert.match(box.status.textContent, /^\d+ resultados\. Use las flechas\.$/);
    box.input.value = 'xqzvw ';
    box.input.dispatch('input');
    await settle();
    assert.equal(box.status.textContent, 'Sin resultados para xqzvw.');
    assert.equal(box.empty.hidden, false);
  });

  test('without data attributes: English words, and the index beside the module', async () => {
    const { box } = await page({ lang: 'en', boxAttrs: {} });
    box.input.value = 'therapy';
    box.input.dispatch('input');
    await settle();
    // The theme's own folder has no index: the English message for a failed search.
    assert.equal(box.status.textContent, 'Search is not available right now.');
  });

  test('the English defaults count results', async () => {
    const { box } = await page({ lang: 'en', boxAttrs: { 'data-search-base': site } });
    box.input.value = 'intensive outpatient';
    box.input.dispatch('input');
    await settle();
    assert.match(box.status.textContent, /^\d+ results?\. Use the up and down arrows to choose\.$/);
    assert.match(box.results.innerHTML, /\/help\/levels-of-care\/intensive-outpatient\//);
  });
});

describe('the search page', () => {
  test('takes the header box\'s index when its own form has none', async () => {
    const { searchPage } = await page({
      lang: 'es',
      boxAttrs: { 'data-search-base': es },
      pageAttrs: { 'data-text-results-one': '1 resultado para «{query}».', 'data-text-results': '{n} resultados para «{query}».' },
    });
    searchPage.input.value = 'terapia familiar';
    searchPage.input.dispatch('input');
    await settle();
    assert.match(searchPage.results.innerHTML, /\/help\/es\/therapies\/terapia-familiar\//);
    assert.match(searchPage.status.textContent, /^\d+ resultados? para «terapia familiar»\.$/);
  });
});
