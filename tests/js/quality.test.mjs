// Search quality: the query set in tests/search-queries.json, run through the exported API
// against the bundled site built into a temporary folder. Prints the top-1 and top-3 hit rates
// and every miss; fails below the thresholds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';

import { buildSite, importClient, repo } from './helpers.mjs';

const TOP3_MIN = 0.9;
const TOP1_MIN = 0.75;

/** content/a/b.md → /a/b/, a/_index.md → /a/, _index.md → / (the bundled site's base path is /). */
export function urlOf(path) {
  const rel = path.replace(/(^|\/)_index\.md$/, '$1').replace(/(\/index)?\.md$/, '/');
  return '/' + rel;
}

test('the query set finds the right articles', async () => {
  const { queries } = JSON.parse(readFileSync(join(repo, 'tests/search-queries.json'), 'utf8'));
  assert.ok(queries.length >= 40, 'at least 40 queries');
  const client = await importClient(buildSite());
  let top1 = 0;
  let top3 = 0;
  const misses = [];
  for (const { query, expect } of queries) {
    const results = await client.search(query, { limit: 3 });
    const urls = results.map((r) => r.url.split('#')[0]);
    const want = expect.map(urlOf);
    if (want.includes(urls[0])) top1++;
    if (urls.some((u) => want.includes(u))) top3++;
    else misses.push(`  ${JSON.stringify(query)}: want ${want.join(' or ')}, got ${urls.join(', ') || 'nothing'}`);
  }
  const rate = (n) => `${n}/${queries.length} (${((100 * n) / queries.length).toFixed(1)}%)`;
  console.log(`search quality: top-1 ${rate(top1)}, top-3 ${rate(top3)}`);
  if (misses.length) console.log(`misses (not in the top 3):\n${misses.join('\n')}`);
  assert.ok(top3 / queries.length >= TOP3_MIN, `top-3 hit rate ${rate(top3)} is below ${TOP3_MIN * 100}%`);
  assert.ok(top1 / queries.length >= TOP1_MIN, `top-1 hit rate ${rate(top1)} is below ${TOP1_MIN * 100}%`);
});
