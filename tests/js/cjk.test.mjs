// Chinese queries: the indexer writes Chinese words as terms (segmented with a dictionary; here
// the fixture's text is segmented by hand with spaces, so this test does not depend on the
// indexer's segmenter), and the client finds those words in a query typed without spaces by
// looking up its substrings in the index (docs/search-index.md, "Chinese and other CJK text").
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';

import { pathToFileURL } from 'node:url';

import { buildSite, repo } from './helpers.mjs';

const root = mkdtempSync(join(tmpdir(), 'continuum-zh-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
cpSync(join(repo, 'tests/fixtures/minimal'), root, { recursive: true });
writeFileSync(join(root, 'config.toml'), `title = "帮助"
base_url = "https://example.org/help/"
theme = "plain"
default_language = "zh"

[search]
enabled = true

[languages.zh]
name = "中文"
`);
const page = (path, title, body) => {
  mkdirSync(join(root, 'content', path, '..'), { recursive: true });
  writeFileSync(join(root, 'content', path), `+++\ntitle = "${title}"\ndescription = "${title}。"\n+++\n${body}\n`);
};
page('_index.md', '帮助', '欢迎 来到 帮助 中心 。');
page('anxiety.md', '焦虑 症', '焦虑 症 的 常见 症状 包括 心跳 加快 和 失眠 。 治疗 可以 帮助 你 。');
page('depression.md', '抑郁 症', '抑郁 症 是 一种 常见 的 心理 疾病 。 心理 治疗 和 药物 都 有 帮助 。');
page('sleep.md', '睡眠', '良好 的 睡眠 习惯 可以 减少 失眠 。 每天 同 一 时间 睡觉 。');
page('mixed.md', 'ADHD 与 注意力', 'ADHD 会 影响 注意力 和 学习 。');

const site = buildSite({ root });
// The fixture's theme has no client: the default theme's reads the index.
const client = await import(pathToFileURL(join(repo, 'themes/default/static/search.js')).href);
const urls = (results) => results.map((r) => r.url);

test('a Chinese query typed without spaces finds the indexed words (longest matches)', async () => {
  const index = new client.SearchIndex({ base: site });
  const entry = await index.entry();
  assert.deepEqual(await index.segmentCjk(entry, '焦虑症状'), ['焦虑', '症状']);
  assert.deepEqual(await index.segmentCjk(entry, '心理治疗'), ['心理', '治疗']);
  // A character the index lacks stays a piece of its own; a run of Latin letters stays a word.
  assert.deepEqual(await index.segmentCjk(entry, '我失眠'), ['我', '失眠']);
  assert.deepEqual(await index.segmentCjk(entry, 'adhd注意力'), ['adhd', '注意力']);

  const anxiety = await client.search('焦虑症状', { base: site });
  assert.equal(anxiety[0].url, '/help/anxiety/', JSON.stringify(urls(anxiety)));
  const therapy = await client.search('心理治疗', { base: site });
  assert.equal(therapy[0].url, '/help/depression/', JSON.stringify(urls(therapy)));
  const insomnia = await client.search('我失眠了', { base: site });
  assert.ok(urls(insomnia).includes('/help/sleep/'), JSON.stringify(urls(insomnia)));
  const mixed = await client.search('adhd注意力', { base: site });
  assert.equal(mixed[0].url, '/help/mixed/', JSON.stringify(urls(mixed)));
});

test('the words found are marked in the excerpt as whole words', async () => {
  const [first] = await client.search('常见症状', { base: site });
  assert.equal(first.url, '/help/anxiety/');
  assert.match(first.excerpt, /<mark>症<\/mark><mark>状<\/mark>|<mark>症状<\/mark>/);
  assert.match(first.excerpt, /<mark>常<\/mark><mark>见<\/mark>/);
  assert.doesNotMatch(first.excerpt, /<mark>焦<\/mark>/, 'a word not asked for is not marked');
});

test('the last characters typed complete to indexed words', async () => {
  // 失 alone is not a word of the index; while typing, it completes to 失眠.
  const typing = await client.search('失', { base: site });
  assert.ok(urls(typing).includes('/help/sleep/'), JSON.stringify(urls(typing)));
});
