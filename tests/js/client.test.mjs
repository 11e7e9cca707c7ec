// The exported API of search.js against the bundled site built into a temporary folder: read
// from disk (a directory path as `base`) and over HTTP under a sub-path.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { buildSite, freePort, importClient, serve } from './helpers.mjs';

const site = buildSite();
const client = await importClient(site);

describe('search() over the files of a build', () => {
  test('returns url, title, section, excerpt and score, best first', async () => {
    const results = await client.search('partial hospitalization');
    assert.ok(results.length > 3);
    assert.equal(results[0].url.split('#')[0], '/levels-of-care/partial-hospitalization/');
    for (const r of results) {
      assert.equal(typeof r.url, 'string');
      assert.equal(typeof r.title, 'string');
      assert.ok(r.section === null || typeof r.section === 'string');
      assert.equal(typeof r.excerpt, 'string');
      assert.equal(typeof r.score, 'number');
    }
    const scores = results.map((r) => r.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  });

  test('limit caps the results', async () => {
    assert.equal((await client.search('therapy', { limit: 3 })).length, 3);
    assert.equal((await client.search('therapy', { limit: 12 })).length, 12);
  });

  test('excerpts are escaped HTML with the matched words marked', async () => {
    const results = await client.search('crisis lifeline', { limit: 10 });
    const all = results.map((r) => r.excerpt).join('\n');
    assert.match(all, /<mark>[^<]*<\/mark>/);
    const withoutMarks = all.replace(/<\/?mark>/g, '');
    assert.doesNotMatch(withoutMarks, /[<>]/, 'only <mark> tags');
    assert.doesNotMatch(withoutMarks.replace(/&(amp|lt|gt|quot|#39);/g, ''), /&/, 'ampersands are escaped');
  });

  test('a hit in a section links to its heading', async () => {
    const [top] = await client.search('medicare coverage for php');
    assert.match(top.url, /#[a-z0-9-]+$/);
    assert.ok(top.section, 'the section heading is given');
  });

  test('a title hit links to the page itself', async () => {
    const [top] = await client.search('dialectical behavior therapy');
    assert.equal(top.url, '/therapies/dbt/');
    assert.equal(top.section, null);
  });

  test('synonyms from config.toml and acronyms from the glossary', async () => {
    const urls = async (q) => (await client.search(q, { limit: 3 })).map((r) => r.url.split('#')[0]);
    assert.ok((await urls('day program')).includes('/levels-of-care/partial-hospitalization/'));
    assert.ok((await urls('suboxone')).includes('/therapies/medication-assisted-treatment/'));
    assert.ok((await urls('EMDR')).includes('/therapies/trauma-focused-therapy/'));
  });

  test('typos: distance 1 from 4 letters, 2 from 8, below exact matches', async () => {
    const [top] = await client.search('dialetical');
    assert.equal(top.url.split('#')[0], '/therapies/dbt/');
    const [typo] = await client.search('anxeity ');
    assert.equal(typo.url.split('#')[0], '/conditions/anxiety-disorders/');
    assert.equal((await client.search('xqzv ')).length, 0, 'nothing close');
    const exact = await client.search('care ');
    assert.ok(exact.every((r) => /care/i.test(r.excerpt + r.title + r.section)), 'an exact word is not corrected');
  });

  test('the last word is matched as a prefix while typing', async () => {
    const [typing] = await client.search('accred');
    assert.equal(typing.url.split('#')[0], '/iop/choosing-a-program/');
    assert.equal((await client.search('accred ')).length, 0, 'not once the word is finished');
  });

  test('crisis queries are flagged; others are not', async () => {
    for (const q of ['suicide', 'I want to die', 'thinking about killing myself', 'overdose', 'suicidal thoughts', 'suicde']) {
      assert.equal((await client.search(q)).crisis, true, q);
      assert.equal(await client.isCrisis(q), true, q);
    }
    for (const q of ['kill cravings', 'die', 'group therapy', '']) {
      assert.equal((await client.search(q)).crisis, false, q);
    }
  });

  test('queries of stop words only, or empty, find nothing', async () => {
    assert.deepEqual([...(await client.search('the and of'))], []);
    assert.deepEqual([...(await client.search('   '))], []);
  });

  test('suggestions come from the glossary', async () => {
    const hints = await client.suggest('intensiv outpatient');
    assert.ok(hints.some((h) => /Intensive outpatient program/.test(h.title)));
    assert.ok(hints.every((h) => h.url.startsWith('/glossary/#')));
  });

  test('a directory path works as base', async () => {
    const index = new client.SearchIndex({ base: site });
    const [top] = await index.search('group therapy');
    assert.equal(top.url, '/therapies/group-therapy/');
    assert.ok(index.stats.requests > 0 && index.stats.bytes > 0);
  });
});

describe('search() over HTTP under a sub-path', () => {
  let server;
  let built;
  before(async () => {
    const port = await freePort();
    built = buildSite({ baseUrl: `http://127.0.0.1:${port}/sub/path/` });
    server = await serve(built, { prefix: '/sub/path/', port });
  });
  after(() => server.close());

  test('fetches only what a query needs, from the base URL', async () => {
    const index = new client.SearchIndex({ base: server.url });
    const results = await index.search('virtual iop');
    assert.equal(results[0].url.split('#')[0], '/sub/path/levels-of-care/virtual-iop/');
    assert.ok(server.stats.paths.every((p) => p.startsWith('/sub/path/search/')), server.stats.paths.join(' '));
    const docFiles = server.stats.paths.filter((p) => p.includes('/search/d/'));
    assert.ok(docFiles.length <= 10, 'documents only for the results shown');
    assert.ok(index.stats.bytes < 80_000, `first query fetched ${index.stats.bytes} bytes`);
    const before = server.stats.requests;
    await index.search('virtual iop');
    assert.equal(server.stats.requests, before, 'a repeated query fetches nothing');
  });

  test('the module finds the index beside itself when served', async () => {
    const served = await import(`${server.url}search.js`).catch(() => null);
    // Node cannot import over http; the base option covers that case.
    assert.equal(served, null);
    const results = await client.search('family therapy', { base: server.url });
    assert.equal(results[0].url, '/sub/path/therapies/family-therapy/');
  });
});
