// Filters: results by section and by taxonomy term, through the API (`filter`) and `facets()`,
// against the bundled site in both languages.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import test from 'node:test';

import { buildSite, importClient } from './helpers.mjs';

const site = buildSite();
const client = await importClient(site);

test('facets list the sections and the taxonomy terms, in the index language', async () => {
  const en = await client.facets({ base: site });
  assert.ok(en.sections.some((c) => c.title === 'Therapies and treatments' && c.url === '/therapies/'), JSON.stringify(en.sections));
  const therapies = en.taxonomies.find((x) => x.name === 'therapies');
  assert.equal(therapies.title, 'Therapies');
  assert.ok(therapies.terms.some((t) => t.title === 'DBT'));
  const es = await client.facets({ base: join(site, 'es') });
  assert.equal(es.taxonomies.find((x) => x.name === 'therapies').title, 'Terapias');
  assert.ok(es.sections.every((c) => c.url.startsWith('/es/')));
});

test('a section filter keeps only that section; a term filter only pages filed under it', async () => {
  const all = await client.search('therapy', { base: site, limit: 20 });
  assert.ok(all.some((r) => !r.url.startsWith('/therapies/')), 'unfiltered results reach other sections');
  const inSection = await client.search('therapy', { base: site, limit: 20, filter: { section: '/therapies/' } });
  assert.ok(inSection.length >= 3);
  assert.ok(inSection.every((r) => r.url.startsWith('/therapies/')), inSection.map((r) => r.url).join(' '));

  const { taxonomies } = await client.facets({ base: site });
  const dbt = taxonomies.find((x) => x.name === 'therapies').terms.find((t) => t.title === 'DBT');
  const filed = await client.search('iop', { base: site, limit: 20, filter: { terms: [dbt.url] } });
  assert.ok(filed.length >= 1);
  const index = client.getIndex(site);
  const { raw } = await index.facets();
  const dbtId = raw.terms.findIndex((t) => t.u === dbt.url);
  const urls = new Set((await Promise.all(raw.docs.map((d, id) => (d.includes(dbtId, 1) ? index.doc(id) : null))))
    .filter(Boolean).map((d) => d.u));
  for (const r of filed) assert.ok(urls.has(r.url.split('#')[0]), r.url);
  assert.deepEqual([...(await client.search('therapy', { base: site, filter: { section: '/nowhere/' } }))], []);
});
