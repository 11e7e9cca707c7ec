// Crisis detection: every phrasing in tests/search-crisis.json shows the crisis card, in every
// language's index of the bundled site (a person may type Spanish on an English page), and the
// ordinary queries there do not. A miss fails the test with the phrasings missed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { buildSite, importClient, repo } from './helpers.mjs';

const set = JSON.parse(readFileSync(join(repo, 'tests/search-crisis.json'), 'utf8'));
const languages = Object.keys(set).filter((k) => k !== 'about');
const site = buildSite();
const client = await importClient(site);
const indexes = { en: site, es: join(site, 'es') };

describe('crisis phrasings', () => {
  test('the set has at least 60 phrasings per language, English and Spanish', () => {
    assert.deepEqual(languages.sort(), ['en', 'es']);
    for (const lang of languages) assert.ok(set[lang].positive.length >= 60, `${lang}: ${set[lang].positive.length}`);
  });

  for (const [name, base] of Object.entries(indexes)) {
    test(`every phrasing of every language shows the card in the ${name} index`, async () => {
      const missed = [];
      for (const lang of languages) {
        for (const q of set[lang].positive) {
          if (!(await client.isCrisis(q, { base }))) missed.push(`${lang}: ${q}`);
        }
      }
      assert.deepEqual(missed, [], `missed:\n${missed.join('\n')}`);
      assert.equal((await client.search('he took too many pills', { base })).crisis, true);
    });

    test(`ordinary queries do not show the card in the ${name} index`, async () => {
      const alarms = [];
      for (const lang of languages) {
        for (const q of set[lang].negative) if (await client.isCrisis(q, { base })) alarms.push(`${lang}: ${q}`);
      }
      assert.deepEqual(alarms, []);
    });
  }

  test('the index lists the phrases folded, from every language profile', async () => {
    const entry = await new client.SearchIndex({ base: site }).entry();
    for (const p of ['suicid*', 'want to die', 'quiero morir*', 'no esta respirando', 'cant go on']) {
      assert.ok(entry.crisis.includes(p), p);
    }
  });
});

describe('crisisMatch', () => {
  const phrases = ['kill* myself', 'want to die', 'end it', 'dont want to live', 'suicid*'];
  test('typos, apostrophes, split and joined words, one extra word', () => {
    for (const q of ['kill my self', 'killmyself', 'killing myself', 'i wnat to die', 'i want to just die',
      'I dont want to live', "I don't want to live", 'i do not want to live', 'sui cide', 'suicidal', 'sucidal',
      'want to dye', 'end it']) {
      assert.equal(client.crisisMatch(q, phrases), true, q);
    }
  });
  test('no typo in short words, no extra word in two-word phrases, no added letter to a short word', () => {
    for (const q of ['and it', 'end of it', 'how to diet', 'skill myself', 'kill', '']) {
      assert.equal(client.crisisMatch(q, phrases), false, q);
    }
  });
});
