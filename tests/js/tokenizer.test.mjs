// The client's tokenizer against the vectors the Rust indexer also runs (tests/search.rs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';

import { repo } from './helpers.mjs';

const client = await import(join(repo, 'themes/default/static/search.js'));
const vectors = JSON.parse(readFileSync(join(repo, 'tests/search-vectors.json'), 'utf8'));

test('the default stop words are the vectors\' stop words', () => {
  assert.deepEqual([...client.DEFAULT_STOP_WORDS].sort(), [...vectors.stop_words].sort());
});

test('tokens agree with the Rust indexer on every case', () => {
  const stop = new Set(vectors.stop_words);
  for (const { input, tokens } of vectors.cases) {
    assert.deepEqual(client.tokenize(input, stop), tokens, `input: ${JSON.stringify(input)}`);
  }
});

test('stems agree with rust-stemmers on every word', () => {
  const entries = Object.entries(vectors.stems);
  assert.ok(entries.length > 1000, 'the vectors cover the content\'s vocabulary');
  const wrong = entries.filter(([word, stem]) => client.stem(word) !== stem);
  assert.deepEqual(wrong.slice(0, 10).map(([w, s]) => `${w}: want ${s}, got ${client.stem(w)}`), []);
});

test('therapist, therapies and therapy meet through stems and stem prefixes', () => {
  assert.equal(client.stem('therapies'), client.stem('therapy'));
  assert.ok('therapist'.startsWith(client.stem('therapy')));
});

test('edit distance counts a swap of neighbours as one', () => {
  assert.equal(client.editDistance('dialetical', 'dialectical', 2), 1);
  assert.equal(client.editDistance('recieve', 'receive', 2), 1);
  assert.equal(client.editDistance('abc', 'xyz', 1), 2);
});
