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

// ---- Spanish ----

const spanish = vectors.spanish;

test('the Spanish stop words are the vectors\' Spanish stop words', () => {
  assert.deepEqual([...client.SPANISH_STOP_WORDS].sort(), [...spanish.stop_words].sort());
  const folded = client.stopWords('spanish');
  assert.ok(folded.has('mas') && folded.has('que') && folded.has('el'), 'folded like any word');
});

test('Spanish tokens agree with the Rust indexer on every case', () => {
  const stop = client.stopWords('spanish');
  for (const { input, tokens } of spanish.cases) {
    assert.deepEqual(client.tokenize(input, stop, 'spanish'), tokens, `input: ${JSON.stringify(input)}`);
  }
});

test('Spanish terms agree with the Rust indexer on every folded word', () => {
  const entries = Object.entries(spanish.stems);
  assert.ok(entries.length > 300, 'a few hundred Spanish words');
  const wrong = entries.filter(([word, stem]) => client.stem(word, 'spanish') !== stem);
  assert.deepEqual(wrong.slice(0, 10).map(([w, s]) => `${w}: want ${s}, got ${client.stem(w, 'spanish')}`), []);
});

test('the Snowball Spanish port equals rust-stemmers on words as written, accents and all', () => {
  const entries = Object.entries(spanish.snowball);
  assert.ok(entries.length > 300);
  assert.ok(entries.some(([w]) => /[áéíóúüñ]/.test(w)), 'accented words are covered');
  const wrong = entries.filter(([word, stem]) => client.snowballSpanish(word) !== stem);
  assert.deepEqual(wrong.slice(0, 10).map(([w, s]) => `${w}: want ${s}, got ${client.snowballSpanish(w)}`), []);
});

test('adicción, adiccion and adicciones meet; so do the -ación words without accents', () => {
  const terms = (text) => client.tokenize(text, client.stopWords('spanish'), 'spanish').map(([t]) => t);
  assert.deepEqual(terms('adicción adiccion adicciones'), ['adiccion', 'adiccion', 'adiccion']);
  assert.deepEqual(terms('hospitalización hospitalizacion hospitalizaciones'), ['hospitaliz', 'hospitaliz', 'hospitaliz']);
  assert.deepEqual(terms('la terapia familiar'), terms('terapias familia'));
});

test('the stemmer follows the language code', () => {
  assert.equal(client.stemmerFor('en-US'), 'english');
  assert.equal(client.stemmerFor('es'), 'spanish');
  assert.equal(client.stemmerFor('es-MX'), 'spanish');
  assert.equal(client.stemmerFor('fr'), 'none');
  assert.equal(client.stem('therapies', 'none'), 'therapies');
  assert.throws(() => client.stem('x', 'klingon'));
});

test('tokenize defaults to the stemmer\'s own stop words', () => {
  assert.deepEqual(client.tokenize('la terapia de grupo', undefined, 'spanish'), [['terapi', 1], ['grup', 3]]);
  assert.deepEqual(client.tokenize('the group therapy'), [['group', 1], ['therapi', 2]]);
});
