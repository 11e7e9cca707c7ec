// "No results" suggestions: glossary terms similar to the query (shared words, prefixes, the
// typos search allows), never the first terms of the alphabet, and nothing when nothing is
// similar. Against the bundled site.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';

import { buildSite, importClient } from './helpers.mjs';

const site = buildSite();
const client = await importClient(site);
const titles = async (query, base = site) => (await client.suggest(query, { base })).map((s) => s.title);

test('suggestions resemble the query', async () => {
  assert.equal((await titles('mindfullnes'))[0], 'Mindfulness-based stress reduction (MBSR)');
  assert.match((await titles('opiod'))[0], /^Opioid/);
  assert.equal((await titles('iop'))[0], 'Intensive outpatient program (IOP)');
  assert.ok((await titles('cognitive')).every((t) => /cognitive/i.test(t)));
  assert.ok((await titles('terapia', join(site, 'es'))).every((t) => /terapia/i.test(t)));
});

test('a three-letter acronym one letter off is not suggested, nor the alphabet', async () => {
  assert.ok(!(await titles('ocd')).some((t) => /opioid/i.test(t)), 'ocd is not OUD');
  assert.deepEqual(await titles('xyzzy'), []);
  assert.deepEqual(await titles('zzz', join(site, 'es')), []);
});
