// Continuum search client: one dependency-free ES module for browsers and Node 20.
// It reads the index that `continuum build` writes under search/ (and {prefix}search/ for each
// other language: docs/search-index.md), fetching only the chunks a query needs, and enhances
// the default theme's search box and /search/ page. The tokenizer (English and Spanish
// stemmers) repeats src/search/tokenize.rs; tests/search-vectors.json holds the cases both
// must agree on.

const FORMAT = 'continuum-search';
const VERSION = 3;

// ---- Tokenizer (mirrors src/search/tokenize.rs) ----

const MAX_WORD = 40;
const WORD = /[\p{Alphabetic}\p{N}]+(?:['\u2019][\p{Alphabetic}\p{N}]+)*/gu;
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['\u2019]/g;
const NON_ASCII = /[^\x00-\x7f]/;
// Scripts written without spaces between words, whose words the indexer finds with a
// dictionary (Chinese; Japanese kana likewise): the client segments a query's runs of them by
// looking words up in the index (SearchIndex#segmentCjk), up to CJK_WORD characters a word.
const CJK_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
const CJK = new RegExp(`[${CJK_CLASS}]`, 'u');
// A change of script ends a word, as in the indexer (src/lang/words.rs): Han, hiragana and
// katakana runs apart, and other text.
const CJK_RUNS = new RegExp(`\\p{Script=Han}+|\\p{Script=Hiragana}+|\\p{Script=Katakana}+|[^${CJK_CLASS}]+`, 'gu');
const HAN = /\p{Script=Han}/u;
const CJK_WORD = 4;

/** Normalized, lowercased words of `text` in order (stop words included). */
export function words(text) {
  const out = [];
  for (let piece of String(text).split(/[\t\n\f\r ]+/)) {
    if (!piece) continue;
    if (NON_ASCII.test(piece)) piece = piece.normalize('NFKD').replace(MARKS, '');
    for (const m of piece.matchAll(WORD)) out.push(m[0].replace(APOSTROPHES, '').toLowerCase());
  }
  return out;
}

/**
 * Tokens of `text`: [term, position] pairs, stop words skipped but counted. `stop` defaults to
 * the stemmer's built-in stop words.
 */
export function tokenize(text, stop, stemmer = 'english') {
  if (!stop) stop = stopWords(stemmer);
  const out = [];
  words(text).forEach((word, position) => {
    const term = termOf(word, stop, stemmer);
    if (term !== null) out.push([term, position]);
  });
  return out;
}

const stemCaches = new Map();

function termOf(word, stop, stemmer = 'english') {
  if (stop.has(word) || [...word].length > MAX_WORD) return null;
  let cache = stemCaches.get(stemmer);
  if (!cache) stemCaches.set(stemmer, (cache = new Map()));
  let term = cache.get(word);
  if (term === undefined) {
    if (cache.size > 100000) cache.clear();
    term = stem(word, stemmer);
    cache.set(word, term);
  }
  return term;
}

export const DEFAULT_STOP_WORDS = ('a about am an and any are as at be been being but by can could did do does ' +
  'doing done for from had has have having he her hers him his how i if im in into is it its itself ive ' +
  'just me might much must my myself of on or our ours shall she should so some such than that the ' +
  'their theirs them then there these they this those to too us very was we were what whats when ' +
  'where which who whom why will with would you your youre yours yourself').split(' ');

/** Spanish stop words as written (src/search/tokenize.rs: SPANISH_STOP_WORDS); fold with words(). */
export const SPANISH_STOP_WORDS = ('a al algo algunas algunos ante antes como con contra cual cuando cuál cuáles ' +
  'cuándo cuánta cuántas cuánto cuántos cómo de del desde donde durante dónde e el ella ellas ellos en entre era es ' +
  'esa esas ese eso esos esta estar estas este esto estos estoy está están fue ha han hasta hay he hemos la las le ' +
  'les lo los me mi mis mucho muchos muy más mí nada ni no nos nosotros o os otra otras otro otros para pero poco ' +
  'por porque puede pueden puedo que quien quienes quién qué se ser sin sobre son soy su sus sí también tanto te ti ' +
  'todo todos tu tus tú u un una uno unos y ya yo él').split(' ');

const builtInStops = new Map();

/** The built-in stop words of a stemmer's language, folded like any word (a shared Set). */
export function stopWords(stemmer = 'english') {
  if (!builtInStops.has(stemmer)) {
    const list = stemmer === 'english' ? DEFAULT_STOP_WORDS : stemmer === 'spanish' ? SPANISH_STOP_WORDS : [];
    builtInStops.set(stemmer, new Set(list.flatMap((w) => words(w))));
  }
  return builtInStops.get(stemmer);
}

/** The stemmer of a BCP 47 language code (as the indexer picks it): en → english, es → spanish, else none. */
export function stemmerFor(lang) {
  const primary = String(lang || '').split(/[-_]/)[0].toLowerCase();
  return primary === 'en' ? 'english' : primary === 'es' ? 'spanish' : 'none';
}

/**
 * The term of a normalized word: its stem in the stemmer's language ('english', 'spanish' or
 * 'none'). Only words of 3+ letters a-z are stemmed; others are returned as they are.
 */
export function stem(word, stemmer = 'english') {
  if (stemmer === 'english') return stemEnglish(word);
  if (stemmer === 'spanish') return stemSpanish(word);
  if (stemmer === 'none') return word;
  throw new Error(`continuum search: unknown stemmer ${stemmer}`);
}

const STEMMERS = new Set(['english', 'spanish', 'none']);

// ---- Snowball English (Porter2) stemmer, as the rust-stemmers crate implements it ----

const EXCEPTIONS = new Map(Object.entries({
  skis: 'ski', skies: 'sky', dying: 'die', lying: 'lie', tying: 'tie', idly: 'idl', gently: 'gentl',
  ugly: 'ugli', early: 'earli', only: 'onli', singly: 'singl', sky: 'sky', news: 'news', howe: 'howe',
  atlas: 'atlas', cosmos: 'cosmos', bias: 'bias', andes: 'andes',
}));
const EXCEPTIONS_AFTER_1A = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);
const STEP2 = [['ational', 'ate'], ['ization', 'ize'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'],
  ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'], ['alism', 'al'],
  ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'], ['enci', 'ence'], ['anci', 'ance'],
  ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'], ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', '']];
const STEP3 = [['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
  ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', '']];
const STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive',
  'ize', 'ion', 'al', 'er', 'ic'];
const DOUBLES = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const isVowel = (c) => c !== undefined && 'aeiouy'.includes(c);

/** The Porter2 stem of a lowercased word; words that are not 3+ letters a-z are returned as is. */
export function stemEnglish(word) {
  if (!/^[a-z]{3,}$/.test(word)) return word;
  const exception = EXCEPTIONS.get(word);
  if (exception) return exception;
  let w = word[0] === 'y' ? 'Y' + word.slice(1) : word;
  for (let i = 1; i < w.length; i++) {
    if (w[i] === 'y' && isVowel(w[i - 1])) w = w.slice(0, i) + 'Y' + w.slice(i + 1);
  }
  // R1 and R2: after the first non-vowel that follows a vowel.
  const after = (from) => {
    let i = from;
    while (i < w.length && !isVowel(w[i])) i++;
    while (i < w.length && isVowel(w[i])) i++;
    return i < w.length ? i + 1 : w.length;
  };
  const special = /^(gener|commun|arsen)/.exec(w);
  const p1 = special ? special[0].length : after(0);
  const p2 = after(p1);
  const shortAt = (end) => { // a short syllable ends at `end`
    const a = w[end - 1], b = w[end - 2], c = w[end - 3];
    if (end >= 3 && !'aeiouywxY'.includes(a) && isVowel(b) && !isVowel(c)) return true;
    return end === 2 && !isVowel(a) && isVowel(b);
  };
  const ends = (s) => w.endsWith(s);
  const cut = (n, add = '') => { w = w.slice(0, w.length - n) + add; };
  // Step 1a
  if (ends('sses')) cut(2);
  else if (ends('ied') || ends('ies')) cut(3, w.length > 4 ? 'i' : 'ie');
  else if (ends('us') || ends('ss')) { /* unchanged */ } else if (ends('s') && /[aeiouy]/.test(w.slice(0, -2))) cut(1);
  if (!EXCEPTIONS_AFTER_1A.has(w)) {
    // Step 1b
    const s1b = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find(ends);
    if (s1b === 'eed' || s1b === 'eedly') {
      if (w.length - s1b.length >= p1) cut(s1b.length, 'ee');
    } else if (s1b && /[aeiouy]/.test(w.slice(0, -s1b.length))) {
      cut(s1b.length);
      if (ends('at') || ends('bl') || ends('iz')) w += 'e';
      else if (DOUBLES.some(ends)) cut(1);
      else if (w.length === p1 && shortAt(w.length)) w += 'e';
    }
    // Step 1c
    if (w.length > 2 && (ends('y') || ends('Y')) && !isVowel(w[w.length - 2])) cut(1, 'i');
    // Step 2
    const s2 = STEP2.find(([s]) => ends(s));
    if (s2 && w.length - s2[0].length >= p1) {
      const before = w[w.length - s2[0].length - 1];
      if (s2[0] === 'ogi') { if (before === 'l') cut(3, 'og'); } else if (s2[0] === 'li') { if (before && 'cdeghkmnrt'.includes(before)) cut(2); } else cut(s2[0].length, s2[1]);
    }
    // Step 3
    const s3 = STEP3.find(([s]) => ends(s));
    if (s3 && w.length - s3[0].length >= p1 && (s3[0] !== 'ative' || w.length - 5 >= p2)) cut(s3[0].length, s3[1]);
    // Step 4
    const s4 = STEP4.find(ends);
    if (s4 && w.length - s4.length >= p2) {
      if (s4 !== 'ion') cut(s4.length);
      else if ('st'.includes(w[w.length - 4] || '-')) cut(3);
    }
    // Step 5
    const at = w.length - 1;
    if (ends('e') && (at >= p2 || (at >= p1 && !shortAt(at)))) cut(1);
    else if (ends('l') && at >= p2 && w[at - 1] === 'l') cut(1);
  }
  return w.replace(/Y/g, 'y');
}

// ---- Snowball Spanish stemmer, as the rust-stemmers crate implements it ----
// A port of the generated Rust (src/snowball/algorithms/spanish.rs in rust-stemmers 1.2). The
// regions RV, R1 and R2 are UTF-8 byte offsets there, measured on the word before any change;
// they are here too, so a step that drops an accent moves later positions exactly as it does
// in Rust. tests/search-vectors.json holds the words both must agree on.

const ES_VOWELS = 'aeiouáéíóúü';
const esVowel = (c) => c !== undefined && c.length === 1 && ES_VOWELS.includes(c);

/** UTF-8 bytes of w's first i UTF-16 units (a surrogate pair counts 4, on its first half). */
function utf8Offset(w, i) {
  let n = 0;
  for (let k = 0; k < i; k++) {
    const c = w.charCodeAt(k);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
  }
  return n;
}

/** RV, R1 and R2 of a word, as byte offsets (the word's length when a region is empty). */
function spanishRegions(w) {
  const n = w.length;
  const isV = (i) => i < n && esVowel(w[i]);
  const isC = (i) => i < n && !esVowel(w[i]);
  // "gopast": the position after the next vowel (or non-vowel) from i, or -1.
  const pastV = (i) => { while (i < n && !esVowel(w[i])) i++; return i < n ? i + 1 : -1; };
  const pastC = (i) => { while (i < n && esVowel(w[i])) i++; return i < n ? i + 1 : -1; };
  let pV = n;
  if (isV(0)) {
    // A vowel first: after the next vowel when the second letter is a consonant, else after
    // the next consonant.
    let at = isC(1) ? pastV(2) : -1;
    if (at < 0 && isV(1)) at = pastC(2);
    if (at >= 0) pV = at;
  } else if (isC(0)) {
    // A consonant first: after the next vowel when the second letter is a consonant, else
    // after the third letter.
    let at = isC(1) ? pastV(2) : -1;
    if (at < 0 && isV(1) && n > 2) at = 3;
    if (at >= 0) pV = at;
  }
  let p1 = n;
  let p2 = n;
  const a = pastV(0);
  const b = a < 0 ? -1 : pastC(a);
  if (b >= 0) {
    p1 = b;
    const c = pastV(b);
    const d = c < 0 ? -1 : pastC(c);
    if (d >= 0) p2 = d;
  }
  return { pV: utf8Offset(w, pV), p1: utf8Offset(w, p1), p2: utf8Offset(w, p2) };
}

const ES_PRONOUNS = ['la', 'sela', 'le', 'me', 'se', 'lo', 'selo', 'las', 'selas', 'les', 'los', 'selos', 'nos'];
const ES_BEFORE_PRONOUN = [['ando', 6], ['iendo', 6], ['yendo', 7], ['ándo', 2], ['iéndo', 1], ['ar', 6], ['er', 6],
  ['ir', 6], ['ár', 3], ['ér', 4], ['ír', 5]];
const ES_STANDARD = [['ica', 1], ['ancia', 2], ['encia', 5], ['adora', 2], ['osa', 1], ['ista', 1], ['iva', 9],
  ['anza', 1], ['logía', 3], ['idad', 8], ['able', 1], ['ible', 1], ['ante', 2], ['mente', 7], ['amente', 6],
  ['ación', 2], ['ución', 4], ['ico', 1], ['ismo', 1], ['oso', 1], ['amiento', 1], ['imiento', 1], ['ivo', 9],
  ['ador', 2], ['icas', 1], ['ancias', 2], ['encias', 5], ['adoras', 2], ['osas', 1], ['istas', 1], ['ivas', 9],
  ['anzas', 1], ['logías', 3], ['idades', 8], ['ables', 1], ['ibles', 1], ['aciones', 2], ['uciones', 4],
  ['adores', 2], ['antes', 2], ['icos', 1], ['ismos', 1], ['osos', 1], ['amientos', 1], ['imientos', 1], ['ivos', 9]];
const ES_AMENTE = [['ic', 0], ['ad', 0], ['os', 0], ['iv', 1]];
const ES_MENTE = ['able', 'ible', 'ante'];
const ES_IDAD = ['ic', 'abil', 'iv'];
const ES_Y_VERB = ['ya', 'ye', 'yan', 'yen', 'yeron', 'yendo', 'yo', 'yas', 'yes', 'yais', 'yamos', 'yó'];
const ES_VERB = [...['en', 'es', 'éis', 'emos'].map((s) => [s, 1]), ...('aba ada ida ara iera ía aría ería iría ad ed ' +
  'id ase iese aste iste an aban aran ieran ían arían erían irían asen iesen aron ieron arán erán irán ado ido ando ' +
  'iendo ar er ir as abas adas idas aras ieras ías arías erías irías ases ieses abais arais ierais íais aríais ' +
  'eríais iríais aseis ieseis asteis isteis áis aréis eréis iréis ados idos amos ábamos áramos iéramos íamos ' +
  'aríamos eríamos iríamos aremos eremos iremos ásemos iésemos imos arás erás irás ís ará erá irá aré eré iré ió')
  .split(' ').map((s) => [s, 2])];
const ES_RESIDUAL = [['a', 1], ['e', 2], ['o', 1], ['os', 1], ['á', 1], ['é', 2], ['í', 1], ['ó', 1]];
const ES_ACCENTS = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' };

/**
 * The longest of `list` (strings, or [string, code] pairs) that ends w's first `end` units and
 * starts at byte `lb` or later: { start, code }, or null.
 */
function longestSuffix(list, w, end, lb) {
  const head = w.slice(0, end);
  let best = null;
  for (const item of list) {
    const [s, code] = typeof item === 'string' ? [item, 1] : item;
    if (best && s.length <= end - best.start) continue;
    if (head.endsWith(s) && utf8Offset(w, end - s.length) >= lb) best = { start: end - s.length, code };
  }
  return best;
}

/** Snowball Spanish on a lowercased word (accents and all), as rust-stemmers computes it. */
export function snowballSpanish(word) {
  let w = String(word);
  const { pV, p1, p2 } = spanishRegions(w);
  const at = (i) => utf8Offset(w, i);
  // Step 0: an attached pronoun after a gerund or infinitive.
  const pronoun = longestSuffix(ES_PRONOUNS, w, w.length, 0);
  if (pronoun) {
    const verb = longestSuffix(ES_BEFORE_PRONOUN, w, pronoun.start, 0);
    if (verb && at(verb.start) >= pV) {
      const restored = { 1: 'iendo', 2: 'ando', 3: 'ar', 4: 'er', 5: 'ir' }[verb.code];
      if (restored) w = w.slice(0, verb.start) + restored;
      else if (verb.code === 6 || (verb.code === 7 && w[verb.start - 1] === 'u')) w = w.slice(0, pronoun.start);
    }
  }
  // Step 1: standard suffixes.
  const standard = () => {
    const m = longestSuffix(ES_STANDARD, w, w.length, 0);
    if (!m) return false;
    const r1 = (i) => at(i) >= p1;
    const r2 = (i) => at(i) >= p2;
    if (m.code === 6 ? !r1(m.start) : !r2(m.start)) return false;
    const cut = (i, add = '') => { w = w.slice(0, i) + add; };
    const cutEnd = (s) => { if (w.endsWith(s) && r2(w.length - s.length)) { cut(w.length - s.length); return true; } return false; };
    const cutAmong = (list) => {
      const t = longestSuffix(list, w, w.length, 0);
      if (!t || !r2(t.start)) return null;
      cut(t.start);
      return t;
    };
    switch (m.code) {
      case 1: cut(m.start); break;
      case 2: cut(m.start); cutEnd('ic'); break;
      case 3: cut(m.start, 'log'); break;
      case 4: cut(m.start, 'u'); break;
      case 5: cut(m.start, 'ente'); break;
      case 6: { cut(m.start); const t = cutAmong(ES_AMENTE); if (t && t.code === 1) cutEnd('at'); break; }
      case 7: cut(m.start); cutAmong(ES_MENTE); break;
      case 8: cut(m.start); cutAmong(ES_IDAD); break;
      case 9: cut(m.start); cutEnd('at'); break;
      default: break;
    }
    return true;
  };
  // Step 2a: verb suffixes beginning with y, after a u, in RV.
  const yVerb = () => {
    if (at(w.length) < pV) return false;
    const m = longestSuffix(ES_Y_VERB, w, w.length, pV);
    if (!m || w[m.start - 1] !== 'u' || m.start < 1) return false;
    w = w.slice(0, m.start);
    return true;
  };
  // Step 2b: other verb suffixes in RV.
  const verb = () => {
    if (at(w.length) < pV) return false;
    const m = longestSuffix(ES_VERB, w, w.length, pV);
    if (!m) return false;
    let start = m.start;
    if (m.code === 1 && start >= 2 && w[start - 1] === 'u' && w[start - 2] === 'g') start--;
    w = w.slice(0, start);
    return true;
  };
  if (!standard() && !yVerb()) verb();
  // Step 3: residual suffixes in RV.
  const residual = longestSuffix(ES_RESIDUAL, w, w.length, 0);
  if (residual && at(residual.start) >= pV) {
    w = w.slice(0, residual.start);
    if (residual.code === 2 && w.endsWith('gu') && at(w.length - 1) >= pV) w = w.slice(0, -1);
  }
  // Postlude: acute accents dropped.
  return w.replace(/[áéíóú]/g, (c) => ES_ACCENTS[c]);
}

/**
 * The Spanish term of a folded word: the accent of `acion`, `ucion` and `logia(s)` restored
 * (Snowball's step 1 matches those suffixes only with it), then Snowball Spanish. Words that
 * are not 3+ letters a-z are returned as they are.
 */
export function stemSpanish(word) {
  if (!/^[a-z]{3,}$/.test(word)) return word;
  return snowballSpanish(restoreSpanishAccents(word));
}

function restoreSpanishAccents(word) {
  for (const [plain, accented] of [['acion', 'ación'], ['ucion', 'ución'], ['logia', 'logía'], ['logias', 'logías']]) {
    if (word.endsWith(plain)) return word.slice(0, -plain.length) + accented;
  }
  return word;
}

// ---- Distances ----

/** Optimal string alignment distance (adjacent swaps count one), or max + 1 once past `max`. */
export function editDistance(a, b, max = 2) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = null;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length];
}

const codeCompare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Words one edit from `word` (a-z words only; the first letter is kept). */
function wordEdits(word) {
  if (!/^[a-z]{4,20}$/.test(word)) return [];
  const out = new Set();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 1; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of letters) {
      out.add(head + c + tail);
      if (tail) out.add(head + c + tail.slice(1));
    }
  }
  out.delete(word);
  return out;
}

// ---- Crisis detection ----
// The index's entry file lists the crisis phrases of every language (src/lang/crisis/*.txt
// and the site's crisis_terms) as folded words. A query matches a phrase when its words do,
// allowing typos, words split or run together, and one extra word inside a longer phrase: a
// false alarm only shows the crisis card, a miss is the worst error search can make.

/** Typos a crisis word of `n` letters tolerates. */
function crisisTolerance(n) {
  return n >= 9 ? 2 : n >= 4 ? 1 : 0;
}

/**
 * Whether query word `q` matches phrase word `p` (a final `*` in `p`: any word it starts). The
 * first letter must be right, as for every typo match in search.
 */
function crisisWord(p, q) {
  if (p[0] !== q[0]) return false;
  if (p.endsWith('*')) {
    const head = p.slice(0, -1);
    if (q.startsWith(head)) return true;
    const tol = crisisTolerance(head.length);
    for (let k = Math.max(1, head.length - tol); tol && k <= Math.min(q.length, head.length + tol); k++) {
      if (editDistance(head, q.slice(0, k), tol) <= tol) return true;
    }
    return false;
  }
  if (p === q) return true;
  // A three-letter word allows one changed or missing letter after the first ("dye" or "di"
  // for "die", "of" for "off"), but no added one ("diet" is not "die").
  if (p.length === 3) return q.length >= 2 && q.length <= 3 && editDistance(p, q, 1) <= 1;
  const tol = crisisTolerance(p.length);
  return tol > 0 && Math.abs(p.length - q.length) <= tol && editDistance(p, q, tol) <= tol;
}

/** Whether phrase words p[j..] match query words q[i..] (`gaps`: extra query words allowed). */
function crisisFrom(p, j, q, i, gaps) {
  if (j === p.length) return true;
  if (i >= q.length) return false;
  // One phrase word against one to three query words run together ("sui cide", "my self").
  let joined = '';
  for (let k = i; k < Math.min(q.length, i + 3); k++) {
    joined += q[k];
    if (crisisWord(p[j], joined) && crisisFrom(p, j + 1, q, k + 1, gaps)) return true;
  }
  // Two or three phrase words written as one ("killmyself", "selfharm").
  let run = p[j].replace(/\*$/, '');
  for (let m = j + 1; m < Math.min(p.length, j + 3); m++) {
    run += p[m];
    if (crisisWord(run, q[i]) && crisisFrom(p, m + 1, q, i + 1, gaps)) return true;
    if (run.endsWith('*')) break;
  }
  // An extra word inside the phrase ("want to just die", "no quiero seguir viviendo").
  return j > 0 && gaps > 0 && crisisFrom(p, j, q, i + 1, gaps - 1);
}

const crisisTables = new WeakMap();

/** Phrases as word lists grouped by their first letter (built once per list). */
function crisisTable(phrases) {
  let table = crisisTables.get(phrases);
  if (!table) {
    table = new Map();
    for (const phrase of phrases) {
      const p = typeof phrase === 'string' ? phrase.split(' ') : phrase;
      if (!p.length || !p[0]) continue;
      if (!table.has(p[0][0])) table.set(p[0][0], []);
      table.get(p[0][0]).push(p);
    }
    crisisTables.set(phrases, table);
  }
  return table;
}

/**
 * Whether `query` matches one of `phrases` (folded words joined by spaces, a final `*` on a
 * word matching every word it starts), as the crisis card needs: typos in words of four letters
 * or more (two from nine), words split or joined, apostrophes optional ("dont", "im"), and one
 * extra word inside a phrase of three words or more.
 */
export function crisisMatch(query, phrases) {
  const q = words(query);
  const table = crisisTable(phrases);
  for (let i = 0; i < q.length; i++) {
    for (const p of table.get(q[i][0]) || []) {
      if (crisisFrom(p, 0, q, i, p.length >= 3 ? 1 : 0)) return true;
    }
  }
  return false;
}

// ---- Loading ----

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

function resolveBase(base) {
  if (base instanceof URL) base = base.href;
  if (!base) return new URL('./', import.meta.url).href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(base) && !/^[a-z]:[\\/]/i.test(base)) return base.endsWith('/') ? base : base + '/';
  if (isNode) {
    // A directory path (Node): made absolute against the working directory.
    const path = base.replace(/\\/g, '/');
    const absolute = path.startsWith('/') ? path : (process.cwd().replace(/\\/g, '/') + '/' + path);
    return new URL('file://' + (absolute.startsWith('/') ? '' : '/') + absolute.replace(/\/?$/, '/')).href;
  }
  return new URL(base.endsWith('/') ? base : base + '/', location.href).href;
}

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function readVarint(bytes, state) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[state.at++];
    if (b === undefined) throw new Error('continuum search: truncated index data');
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return value;
    shift += 7;
  }
}

const utf8 = new TextDecoder();

function decodeVocab(bytes) {
  const state = { at: 0 };
  const count = readVarint(bytes, state);
  const out = new Array(count);
  let previous = new Uint8Array(0);
  for (let i = 0; i < count; i++) {
    const shared = bytes[state.at++];
    const len = readVarint(bytes, state);
    const termBytes = new Uint8Array(shared + len);
    termBytes.set(previous.subarray(0, shared));
    termBytes.set(bytes.subarray(state.at, state.at + len), shared);
    state.at += len;
    previous = termBytes;
    const term = utf8.decode(termBytes);
    const df = readVarint(bytes, state);
    const head = readVarint(bytes, state);
    const list = () => ({ chunk: readVarint(bytes, state), offset: readVarint(bytes, state), len: readVarint(bytes, state) });
    out[i] = { term, df, head, list: list(), tail: head < df ? list() : null };
  }
  return out;
}

/** Two doc-ordered posting lists as one. */
function merge(a, b) {
  const n = a.docs.length + b.docs.length;
  const out = { docs: new Uint32Array(n), impacts: new Uint8Array(n), masks: new Uint32Array(n) };
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    const from = j >= b.docs.length || (i < a.docs.length && a.docs[i] < b.docs[j]) ? a : b;
    const at = from === a ? i++ : j++;
    out.docs[k] = from.docs[at];
    out.impacts[k] = from.impacts[at];
    out.masks[k] = from.masks[at];
  }
  return out;
}

function decodePostings(bytes, count) {
  const docs = new Uint32Array(count);
  const impacts = new Uint8Array(count);
  const masks = new Uint32Array(count);
  const state = { at: 0 };
  let doc = 0;
  for (let i = 0; i < count; i++) {
    doc += readVarint(bytes, state);
    docs[i] = doc;
    impacts[i] = bytes[state.at++];
    masks[i] = readVarint(bytes, state);
  }
  return { docs, impacts, masks };
}

// ---- Query analysis ----

// Weights of the ways a query word can match a term.
const W_EXACT = 1;
const W_SYNONYM = 0.9;
const W_STEM_PREFIX = 0.75;
const W_PREFIX = 0.7;
const W_TYPO = [1, 0.6, 0.45];
const MAX_PREFIX = 6;
const MAX_TYPOS = 3;
const EXCERPT_WORDS = 26;
// Results scoring under this share of the best are dropped.
const MIN_RELATIVE_SCORE = 0.15;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A search index served at `base` (a site root URL, or in Node a directory path). */
export class SearchIndex {
  constructor({ base, fetch: fetcher } = {}) {
    this.base = resolveBase(base);
    this.fetcher = fetcher || null;
    this.stats = { requests: 0, bytes: 0 };
    this.cache = new Map();
    this.docCache = new Map();
    this.listCache = new Map();
    this.expansions = new Map();
    this.docTokens = new Map();
  }

  async bytes(path) {
    const url = new URL(path, this.base + 'search/');
    let data;
    if (this.fetcher) {
      data = new Uint8Array(await this.fetcher(url.href));
    } else if (url.protocol === 'file:') {
      const { readFile } = await import('node:fs/promises');
      data = new Uint8Array(await readFile(url));
    } else {
      const response = await fetch(url.href);
      if (!response.ok) throw new Error(`continuum search: ${url.href}: HTTP ${response.status}`);
      data = new Uint8Array(await response.arrayBuffer());
    }
    this.stats.requests++;
    this.stats.bytes += data.length;
    return data;
  }

  once(key, make) {
    if (!this.cache.has(key)) {
      const promise = make();
      this.cache.set(key, promise);
      promise.catch(() => this.cache.delete(key));
    }
    return this.cache.get(key);
  }

  json(path) {
    return this.once(path, async () => JSON.parse(utf8.decode(await this.bytes(path))));
  }

  inflated(path) {
    return this.once(path, async () => inflate(await this.bytes(path)));
  }

  /** The entry file (through the manifest), with derived lookups. */
  entry() {
    return this.once('entry', async () => {
      const manifest = await this.json('manifest.json');
      if (manifest.format !== FORMAT || manifest.version !== VERSION) {
        throw new Error(`continuum search: unsupported index ${manifest.format} v${manifest.version}`);
      }
      const entry = await this.json(manifest.entry);
      if (!STEMMERS.has(entry.stemmer)) throw new Error(`continuum search: unsupported stemmer ${entry.stemmer}`);
      entry.stopSet = new Set(entry.stop);
      entry.fillerSet = new Set(entry.filler || []);
      entry.vocabFirst = entry.vocab.map((v) => v[0]);
      entry.synonymKeys = new Map(Object.entries(entry.synonyms));
      return entry;
    });
  }

  vocabChunk(i) {
    return this.once('v' + i, async () => {
      const entry = await this.entry();
      return decodeVocab(await this.inflated(`v/${entry.vocab[i][1]}.bin`));
    });
  }

  /** Indexes of the vocabulary chunks that may hold terms in [lo, hi). */
  chunksFor(entry, lo, hi) {
    const first = entry.vocabFirst;
    let start = 0;
    while (start + 1 < first.length && codeCompare(first[start + 1], lo) <= 0) start++;
    const out = [start];
    for (let i = start + 1; i < first.length && (hi === null || codeCompare(first[i], hi) < 0); i++) out.push(i);
    return out;
  }

  /** Terms in [prefix, prefix + U+10FFFF). */
  async termsWithPrefix(entry, prefix, maxChunks = Infinity) {
    const hi = prefix.slice(0, -1) + String.fromCodePoint(prefix.codePointAt(prefix.length - 1) + 1);
    const chunks = this.chunksFor(entry, prefix, hi);
    if (chunks.length > maxChunks) return null;
    const lists = await Promise.all(chunks.map((i) => this.vocabChunk(i)));
    return lists.flat().filter((t) => t.term.startsWith(prefix));
  }

  /** A term's postings: its head (the best by impact) or, with `full`, all of them. */
  list(entry, info, full) {
    const key = `${info.term}|${full && info.tail ? 'full' : 'head'}`;
    if (!this.listCache.has(key)) {
      const part = async (ref, count) => {
        const chunk = await this.inflated(`p/${entry.postings[ref.chunk]}.bin`);
        return decodePostings(chunk.subarray(ref.offset, ref.offset + ref.len), count);
      };
      this.listCache.set(key, (async () => {
        const head = await part(info.list, info.head);
        if (!full || !info.tail) return head;
        return merge(head, await part(info.tail, info.df - info.head));
      })());
    }
    return this.listCache.get(key);
  }

  doc(id) {
    return this.once('d' + id, async () => {
      const entry = await this.entry();
      const dir = entry.docDirs[Math.floor(id / entry.docBucket)];
      const doc = JSON.parse(utf8.decode(await this.inflated(`d/${dir}/${id}.bin`)));
      doc.id = id;
      return doc;
    });
  }

  /**
   * The facets: { sections: [{ title, url }], taxonomies: [{ name, title, terms: [{ title, url }] }] }
   * (what results can be filtered by), and per document its section and terms.
   */
  facets() {
    return this.once('facets', async () => {
      const entry = await this.entry();
      const raw = await this.json(entry.facets);
      const terms = raw.terms.map((t) => ({ title: t.t, url: t.u, taxonomy: t.x }));
      return {
        sections: raw.sections.map((c) => ({ title: c.t, url: c.u })),
        taxonomies: raw.taxonomies.map((x, i) => ({
          name: x.n, title: x.t, terms: terms.filter((t) => t.taxonomy === i).map(({ title, url }) => ({ title, url })),
        })),
        raw,
      };
    });
  }

  /**
   * The documents `filter` allows ({ section: a section's URL, terms: [term URLs] }: in that
   * section and filed under every term), as a Uint8Array by id; null for no filter.
   */
  async allowed(filter) {
    const terms = (filter && filter.terms ? [].concat(filter.terms) : []).filter(Boolean);
    const section = filter && filter.section;
    if (!section && !terms.length) return null;
    const { raw } = await this.facets();
    const sectionId = section ? raw.sections.findIndex((c) => c.u === section) : -1;
    const termIds = terms.map((u) => raw.terms.findIndex((t) => t.u === u));
    const out = new Uint8Array(raw.docs.length);
    if ((section && sectionId < 0) || termIds.includes(-1)) return out;
    raw.docs.forEach((doc, d) => {
      if (section && doc[0] !== sectionId) return;
      if (termIds.every((t) => doc.indexOf(t, 1) > 0)) out[d] = 1;
    });
    return out;
  }

  /** Whether `query` matches a crisis phrase of any language (see crisisMatch). */
  async isCrisis(query) {
    const entry = await this.entry();
    return crisisMatch(query, entry.crisis);
  }

  /** Concepts of a query: each a list of alternatives { terms, weight }. */
  async analyze(query) {
    const entry = await this.entry();
    const typing = !/\s$/.test(query);
    const tokens = [];
    for (const whole of words(query)) {
      // A run of CJK characters is split into the index's words (see segmentCjk).
      const parts = CJK.test(whole) ? await this.segmentCjk(entry, whole) : [whole];
      for (const word of parts) {
        const term = termOf(word, entry.stopSet, entry.stemmer);
        if (term !== null) tokens.push({ word, term });
      }
    }
    const concepts = [];
    for (let i = 0; i < tokens.length;) {
      let matched = 0;
      for (let n = Math.min(4, tokens.length - i); n >= 1 && !matched; n--) {
        const key = tokens.slice(i, i + n).map((t) => t.term);
        const alternatives = entry.synonymKeys.get(key.join(' '));
        if (alternatives) {
          concepts.push({
            words: tokens.slice(i, i + n).map((t) => t.word),
            alternatives: [{ terms: key, weight: W_EXACT }, ...alternatives.map((terms) => ({ terms, weight: W_SYNONYM }))],
            last: i + n === tokens.length && typing,
          });
          matched = n;
        }
      }
      if (!matched) {
        concepts.push({
          words: [tokens[i].word],
          alternatives: [{ terms: [tokens[i].term], weight: W_EXACT }],
          last: i + 1 === tokens.length && typing,
          filler: entry.fillerSet.has(tokens[i].term),
        });
        matched = 1;
      }
      i += matched;
    }
    await Promise.all(concepts.map(async (c) => {
      c.alone = concepts.length === 1;
      // The vocabulary never changes: a word's expansion is computed once.
      const key = `${c.words.join(' ')}|${c.last}|${c.alone}`;
      if (!this.expansions.has(key)) {
        this.expansions.set(key, this.expand(entry, c).then(() => c.alternatives));
      }
      c.alternatives = await this.expansions.get(key);
    }));
    return concepts;
  }

  /** Adds the vocabulary's view: term infos, prefix completions, stem prefixes and typos. */
  async expand(entry, concept) {
    const lookups = [];
    for (const alt of concept.alternatives) {
      lookups.push(Promise.all(alt.terms.map((t) => this.lookup(entry, t))).then((infos) => { alt.infos = infos; }));
    }
    await Promise.all(lookups);
    if (concept.words.length !== 1) return;
    const word = concept.words[0];
    const exact = concept.alternatives[0];
    const term = exact.terms[0];
    const extra = new Map();
    const add = (info, weight) => {
      if (info.term === term) return;
      const seen = extra.get(info.term);
      if (!seen || seen.weight < weight) extra.set(info.term, { terms: [info.term], infos: [info], weight });
    };
    const len = [...word].length;
    // Completions of the word being typed; not of a word that is already a term when other
    // words come before it ("want to die" is not "want to dietitian").
    if (concept.last && len >= 1 && (concept.alone || !exact.infos[0])) {
      const found = (await this.termsWithPrefix(entry, term)) || [];
      if (word !== term && word.startsWith(term) === false) found.push(...((await this.termsWithPrefix(entry, word)) || []));
      found.sort((a, b) => b.df - a.df || codeCompare(a.term, b.term));
      // A word that is already a term is probably complete: its completions count for less.
      const w = exact.infos[0] ? W_PREFIX / 2 : W_PREFIX;
      for (const info of found.slice(0, MAX_PREFIX)) add(info, w * (0.6 + 0.4 * term.length / info.term.length));
    }
    if (len >= 5) {
      // A stem that starts the word: "therapist" also finds "therapi" (therapy, therapies).
      const candidates = (await this.termsWithPrefix(entry, word.slice(0, 4), 4)) || [];
      for (const info of candidates) {
        if (info.term.length >= 4 && word.startsWith(info.term) && len - info.term.length <= 3) add(info, W_STEM_PREFIX);
      }
    }
    if (!exact.infos[0] && len >= 4 && !(concept.last && extra.size)) {
      const max = len >= 8 ? 2 : 1;
      let candidates = await this.termsWithPrefix(entry, term.slice(0, 1), 4);
      if (candidates === null) candidates = (await this.termsWithPrefix(entry, term.slice(0, 2), 4)) || [];
      const typos = [];
      for (const info of candidates) {
        const d = editDistance(term, info.term, max);
        if (d <= max) typos.push({ info, d });
      }
      // One edit to the word itself, then stemmed: "mindfullness" → "mindfulness" → "mind".
      const byTerm = new Map(candidates.map((info) => [info.term, info]));
      for (const variant of wordEdits(word)) {
        const info = byTerm.get(stem(variant, entry.stemmer));
        if (info && info.term !== term) typos.push({ info, d: 1 });
      }
      typos.sort((a, b) => a.d - b.d || b.info.df - a.info.df || codeCompare(a.info.term, b.info.term));
      for (const { info, d } of typos.slice(0, MAX_TYPOS)) add(info, W_TYPO[d]);
    }
    concept.alternatives.push(...[...extra.values()].sort((a, b) => b.weight - a.weight || codeCompare(a.terms[0], b.terms[0])));
  }

  /**
   * A word of the query that holds CJK characters, as the index's words: the site's indexer
   * segments Chinese into words (with a dictionary the client does not ship), so the client
   * looks up every substring of one to CJK_WORD characters of each CJK run in the vocabulary
   * and keeps the segmentation with the fewest pieces, a character the index does not have
   * counting as two (the longest matches win); a tie keeps the longer first piece. Other
   * letters and digits in the word stay words of their own ("adhd焦虑" is adhd, 焦虑).
   */
  async segmentCjk(entry, word) {
    const out = [];
    for (const run of word.match(CJK_RUNS)) {
      // The indexer keeps a kana run whole (no Japanese dictionary): so does the query.
      if (!HAN.test(run)) { out.push(run); continue; }
      const chars = [...run];
      const n = chars.length;
      // known[i][l - 1]: whether the l characters from i are a term.
      const known = await Promise.all(chars.map((_, i) => Promise.all(
        Array.from({ length: Math.min(CJK_WORD, n - i) }, (_, l) => this.lookup(entry, chars.slice(i, i + l + 1).join('')).then(Boolean)))));
      // cost[i]: the cheapest segmentation of chars[i..]; step[i]: its first piece's length.
      const cost = new Array(n + 1).fill(Infinity);
      const step = new Array(n + 1).fill(1);
      cost[n] = 0;
      for (let i = n - 1; i >= 0; i--) {
        for (let l = known[i].length; l >= 1; l--) {
          const c = (known[i][l - 1] ? 1 : l === 1 ? 2 : Infinity) + cost[i + l];
          if (c < cost[i]) { cost[i] = c; step[i] = l; }
        }
      }
      for (let i = 0; i < n; i += step[i]) out.push(chars.slice(i, i + step[i]).join(''));
    }
    return out;
  }

  async lookup(entry, term) {
    const [i] = this.chunksFor(entry, term, null);
    const chunk = await this.vocabChunk(i);
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (codeCompare(chunk[mid].term, term) < 0) lo = mid + 1;
      else hi = mid;
    }
    return chunk[lo] && chunk[lo].term === term ? chunk[lo] : null;
  }

  /**
   * Searches. Resolves to [{ url, title, section, excerpt, score, crumbs }], best first;
   * `excerpt` is HTML (escaped text with <mark> around matched words). The array's `crisis`
   * property is true when the query matches a crisis phrase.
   */
  async search(query, { limit = 10, filter } = {}) {
    const entry = await this.entry();
    const [concepts, crisis, allowed] = await Promise.all([this.analyze(query), this.isCrisis(query), this.allowed(filter)]);
    const results = [];
    results.crisis = crisis;
    const usable = concepts.filter((c) => c.alternatives.some((a) => a.infos.some(Boolean)));
    if (!usable.length) return results;
    // One concept of single words needs only the heads: a document outside every head has
    // `head` better documents before it. Anything else sums terms, so it reads whole lists.
    // A filter may leave out every page of a head, so it reads whole lists too.
    const headsOnly = usable.length === 1 && limit <= entry.head && !allowed;
    const lists = new Map();
    await Promise.all(usable.flatMap((c) => c.alternatives.flatMap((a) => a.infos.filter(Boolean).map(async (info) => {
      const full = !headsOnly || a.terms.length > 1;
      if (!lists.has(info.term) || full) lists.set(info.term, await this.list(entry, info, full));
    }))));
    const ranked = this.rank(entry, concepts, lists, Math.max(limit, 1), allowed);
    const docs = await Promise.all(ranked.map((r) => this.doc(r.doc)));
    // Words typed and one-word alternatives mark wherever they are; a synonym of several words
    // only where they stand together ("dialectical behavior therapy", not every "therapy").
    const termConcept = new Map();
    termConcept.phrases = [];
    concepts.forEach((c, i) => c.alternatives.forEach((a) => {
      if (a.terms.length > 1 && a.weight < 1) termConcept.phrases.push({ terms: a.terms, concept: i });
      else {
        a.terms.forEach((t) => {
          // A CJK word of several characters marks the run of character spans it is.
          if (CJK.test(t) && [...t].length > 1) termConcept.phrases.push({ terms: [...t], concept: i });
          else if (!termConcept.has(t)) termConcept.set(t, i);
        });
      }
    }));
    for (let i = 0; i < ranked.length; i++) {
      results.push(present(docs[i], ranked[i].score, termConcept, concepts.length, entry));
    }
    results.sort((a, b) => b.score - a.score || a.doc - b.doc);
    // A result far below the best is noise (pages that mention an acronym's words in passing).
    const floor = results.length ? results[0].score * MIN_RELATIVE_SCORE : 0;
    while (results.length && results[results.length - 1].score < floor) results.pop();
    results.length = Math.min(results.length, limit);
    for (const r of results) delete r.doc;
    return results;
  }

  /** Scores every document the lists touch; returns the best `k` as { doc, score }. */
  rank(entry, concepts, lists, k, allowed = null) {
    const n = entry.docs;
    const scale = entry.impactMax / 255;
    // Score arrays are kept between queries (and cleared where touched) to spare the GC.
    if (!this.scratch || this.scratch.n !== n) this.scratch = { n, best: [], masks: [], touched: new Uint8Array(n) };
    const scratch = this.scratch;
    while (scratch.best.length < concepts.length) {
      scratch.best.push(new Float32Array(n));
      scratch.masks.push(new Uint32Array(n));
    }
    const { best, masks, touched } = scratch;
    const docsTouched = [];
    concepts.forEach((concept, c) => {
      // Another spelling of the concept (a synonym, a completion) is worth at most what the
      // words typed are: a rare synonym must not outrank the query's own common words.
      const exact = concept.alternatives[0].infos.filter(Boolean);
      const cap = exact.length ? exact.reduce((a, info) => a + idf(n, info.df), 0) / exact.length : Infinity;
      const idfOf = (alt, info) => (alt.weight < 1 ? Math.min(cap, idf(n, info.df)) : idf(n, info.df));
      for (const alt of concept.alternatives) {
        const infos = alt.infos;
        if (!infos.some(Boolean)) continue;
        if (infos.length === 1) {
          const list = lists.get(infos[0].term);
          const w = alt.weight * idfOf(alt, infos[0]) * scale;
          for (let i = 0; i < list.docs.length; i++) {
            const d = list.docs[i];
            const s = w * list.impacts[i];
            if (s > best[c][d]) { best[c][d] = s; masks[c][d] = list.masks[i]; }
            if (!touched[d]) { touched[d] = 1; docsTouched.push(d); }
          }
        } else {
          // A phrase alternative: the sum of its terms over the root of their number (a
          // three-word synonym must not weigh three words), scaled by the share present; a
          // synonym counts only whole and with its words in one section.
          const sum = new Map();
          infos.forEach((info) => {
            if (!info) return;
            const list = lists.get(info.term);
            const w = idfOf(alt, info) * scale;
            for (let i = 0; i < list.docs.length; i++) {
              const d = list.docs[i];
              const cur = sum.get(d) || { s: 0, found: 0, mask: ~0 >>> 0 };
              cur.s += w * list.impacts[i];
              cur.found++;
              cur.mask &= list.masks[i];
              sum.set(d, cur);
            }
          });
          for (const [d, { s, found, mask }] of sum) {
            const ratio = found / infos.length;
            if (alt.weight < 1 && (ratio < 1 || !mask)) continue;
            const score = alt.weight * (s / Math.sqrt(infos.length)) * ratio * ratio * (ratio === 1 && mask ? 1.2 : 1);
            if (score > best[c][d]) { best[c][d] = score; masks[c][d] = mask; }
            if (!touched[d]) { touched[d] = 1; docsTouched.push(d); }
          }
        }
      }
    });
    const m = concepts.length;
    // Coverage counts the concepts found in the index that are not filler ("what happens in
    // group therapy" asks about group therapy), unless there is none; a page matching only
    // filler is left out.
    const counted = concepts.map((c) => !c.filler && c.alternatives.some((a) => a.infos.some(Boolean)));
    let required = counted.filter(Boolean).length;
    if (!required) { counted.fill(true); required = m; }
    const scored = [];
    for (const d of docsTouched) {
      if (allowed && !allowed[d]) continue;
      let total = 0;
      let matched = 0;
      let covered = 0;
      let all = ~0 >>> 0;
      let any = 0;
      let overlap = 0;
      for (let c = 0; c < m; c++) {
        const s = best[c][d];
        if (s > 0) {
          total += s;
          matched++;
          if (counted[c]) covered++;
          const mask = masks[c][d];
          if (any & mask) overlap = 1;
          any |= mask;
          all &= mask;
        }
      }
      if (!covered) continue;
      const coverage = covered / required;
      let score = total * coverage * coverage;
      if (matched > 1) score *= all ? 1.25 : overlap ? 1.1 : 1;
      // Keep the best k, sorted, without sorting every document touched.
      if (scored.length === k && !better(score, d, scored[k - 1])) continue;
      let at = scored.length === k ? k - 1 : scored.length;
      while (at > 0 && better(score, d, scored[at - 1])) {
        scored[at] = scored[at - 1];
        at--;
      }
      scored[at] = { doc: d, score };
    }
    for (const d of docsTouched) {
      touched[d] = 0;
      for (let c = 0; c < m; c++) { best[c][d] = 0; masks[c][d] = 0; }
    }
    return scored;
  }
}

function better(score, doc, than) {
  return score > than.score || (score === than.score && doc < than.doc);
}

// The least IDF: a word on nearly every page ("IOP" on a site about IOPs) still ranks the
// pages by where it is (title, glossary, headings) instead of counting for nothing.
const IDF_FLOOR = 0.15;

function idf(n, df) {
  return Math.max(IDF_FLOOR, Math.log(1 + (n - df + 0.5) / (df + 0.5)));
}

// ---- Presenting a result: the best section, a phrase bonus and a highlighted excerpt ----

const RAW_WORD = /[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*/gu;

/** Words of `text` with their offsets and terms (computed once per document). */
function spans(text, entry) {
  const out = [];
  for (const m of text.matchAll(RAW_WORD)) {
    if (CJK.test(m[0])) {
      // One span a CJK character (others as words): a query's CJK word matches a run of them.
      for (const r of m[0].matchAll(CJK_RUNS)) {
        const at = m.index + r.index;
        if (!CJK.test(r[0])) { out.push(...spans(r[0], entry).map((x) => ({ ...x, start: x.start + at, end: x.end + at }))); continue; }
        let offset = at;
        for (const ch of r[0]) {
          const folded = words(ch).join('');
          out.push({ start: offset, end: offset + ch.length, terms: folded ? [folded] : [] });
          offset += ch.length;
        }
      }
      continue;
    }
    const terms = [];
    for (const word of words(m[0])) {
      const term = termOf(word, entry.stopSet, entry.stemmer);
      if (term !== null) terms.push(term);
    }
    out.push({ start: m.index, end: m.index + m[0].length, terms });
  }
  return out;
}

/** The concept each word matches (-1 for none); `termConcept.phrases` match only whole. */
function conceptsOf(list, termConcept) {
  const out = new Int16Array(list.length).fill(-1);
  for (let i = 0; i < list.length; i++) {
    for (const t of list[i].terms) {
      const c = termConcept.get(t);
      if (c !== undefined) { out[i] = c; break; }
    }
  }
  for (const { terms, concept } of termConcept.phrases || []) {
    for (let i = 0; i < list.length; i++) {
      // The phrase's terms in order from word i, stop words between them skipped.
      const at = [];
      for (let k = i; k < list.length && at.length < terms.length; k++) {
        if (!list[k].terms.length && at.length) continue;
        if (!list[k].terms.includes(terms[at.length])) break;
        at.push(k);
      }
      if (at.length === terms.length) for (const k of at) if (out[k] < 0) out[k] = concept;
    }
  }
  return out;
}

function tokensOf(doc, entry) {
  if (!doc.tokens) {
    doc.tokens = {
      title: spans(doc.t, entry),
      description: spans(doc.d || '', entry),
      sections: doc.s.map(([, heading, text]) => [spans(heading, entry), spans(text, entry)]),
    };
  }
  return doc.tokens;
}

function present(doc, score, termConcept, conceptCount, entry) {
  const tokens = tokensOf(doc, entry);
  const titleHits = new Set([...conceptsOf(tokens.title, termConcept)].filter((c) => c >= 0));
  let chosen = 0;
  let chosenRank = -1;
  let chosenBody = null;
  let chosenConcepts = null;
  let phrase = 0;
  tokens.sections.forEach(([head, body], i) => {
    const bc = conceptsOf(body, termConcept);
    const hits = new Set();
    let count = 0;
    for (const c of bc) if (c >= 0) { hits.add(c); count++; }
    const headHits = new Set([...conceptsOf(head, termConcept)].filter((c) => c >= 0));
    headHits.forEach((c) => hits.add(c));
    // Adjacent query words (a stop word may sit between) earn a phrase bonus.
    for (let j = 1; j < bc.length && !phrase; j++) {
      if (bc[j] > 0 && (bc[j - 1] === bc[j] - 1 || (j > 1 && bc[j - 2] === bc[j] - 1))) phrase = 1;
    }
    const rank = hits.size * 1000 + headHits.size * 100 + Math.min(count, 99) - (i === 0 ? 0 : 0.5);
    if (rank > chosenRank) { chosen = i; chosenRank = rank; chosenBody = body; chosenConcepts = bc; }
  });
  if (conceptCount > 1 && phrase) score *= 1.2;
  const [anchor, heading, text] = doc.s[chosen] || ['', '', ''];
  // A page whose title has every query word is the answer itself: link to its top.
  const linkSection = anchor && titleHits.size < conceptCount;
  // The excerpt: the best window of the section; else (a heading or title hit) the section's
  // start, or the description when it has the words.
  let excerpt;
  const dc = conceptsOf(tokens.description, termConcept);
  if (chosenConcepts && chosenConcepts.some((c) => c >= 0)) excerpt = excerptOf(text, chosenBody, chosenConcepts);
  else if (text && (chosen > 0 || !dc.some((c) => c >= 0))) excerpt = escapeHtml(shorten(text));
  else excerpt = excerptOf(doc.d || '', tokens.description, dc);
  return {
    url: linkSection ? `${doc.u}#${anchor}` : doc.u,
    title: doc.t,
    section: linkSection ? heading : null,
    excerpt,
    score: Math.round(score * 1000) / 1000,
    crumbs: doc.c,
    doc: doc.id,
  };
}

function shorten(text) {
  const w = text.split(/\s+/);
  return w.length > EXCERPT_WORDS ? w.slice(0, EXCERPT_WORDS).join(' ') + ' …' : text;
}

/** The window of the text with the most distinct matched words, escaped, matches marked. */
function excerptOf(text, list, concepts) {
  let bestStart = 0;
  let bestKey = -1;
  for (let i = 0; i < list.length; i++) {
    if (concepts[i] < 0) continue;
    const start = Math.max(0, i - 4);
    const seen = new Set();
    let hits = 0;
    for (let j = start; j < Math.min(list.length, start + EXCERPT_WORDS); j++) {
      if (concepts[j] >= 0) { seen.add(concepts[j]); hits++; }
    }
    const key = seen.size * 100 + hits;
    if (key > bestKey) { bestKey = key; bestStart = start; }
  }
  const end = Math.min(list.length, bestStart + EXCERPT_WORDS);
  const from = bestStart === 0 ? 0 : list[bestStart].start;
  const to = end === list.length ? text.length : list[end - 1].end;
  let html = bestStart > 0 ? '… ' : '';
  let at = from;
  for (let j = bestStart; j < end; j++) {
    if (concepts[j] < 0) continue;
    const s = list[j];
    html += escapeHtml(text.slice(at, s.start)) + '<mark>' + escapeHtml(text.slice(s.start, s.end)) + '</mark>';
    at = s.end;
  }
  html += escapeHtml(text.slice(at, to));
  if (to < text.length) html += ' …';
  return html;
}

// ---- Module-level API ----

const indexes = new Map();

/** The shared index for `base` (default: the folder this module is served from). */
export function getIndex(base) {
  const key = resolveBase(base);
  if (!indexes.has(key)) indexes.set(key, new SearchIndex({ base: key }));
  return indexes.get(key);
}

/**
 * Searches the site; see SearchIndex#search. Options: limit (10), base (site root URL or path),
 * filter ({ section: URL, terms: [URL, …] }; see facets()).
 */
export function search(query, { limit = 10, base, filter } = {}) {
  return getIndex(base).search(query, { limit, filter });
}

/** What results can be filtered by: { sections, taxonomies } with titles and URLs. */
export async function facets({ base } = {}) {
  const { sections, taxonomies } = await getIndex(base).facets();
  return { sections, taxonomies };
}

/** Whether the query asks for crisis help. */
export function isCrisis(query, { base } = {}) {
  return getIndex(base).isCrisis(query);
}

/**
 * How close glossary word `t` is to query word `q` (both terms), lower is closer, or Infinity:
 * 0 the same, 1 one starts the other (three letters or more), 2 or 3 the typos search itself
 * allows (one from four letters, two from eight, the first letter right). A three-letter
 * acronym one letter off is another acronym ("ocd" is not "oud").
 */
function likeness(q, t) {
  if (q === t) return 0;
  if ((q.length >= 3 && t.startsWith(q)) || (t.length >= 4 && q.startsWith(t))) return 1;
  const max = q.length >= 8 ? 2 : q.length >= 4 ? 1 : 0;
  if (!max || q[0] !== t[0]) return Infinity;
  const d = editDistance(q, t, max);
  return d <= max ? 1 + d : Infinity;
}

/**
 * Glossary terms similar to the query's words, for "no results" hints: by the share of query
 * words they resemble, then how closely, then shortest. None when nothing resembles the query
 * (the page then offers the site map); never the first terms of the alphabet.
 */
export async function suggest(query, { base, limit = 5 } = {}) {
  const index = getIndex(base);
  const entry = await index.entry();
  const glossary = await index.json(entry.glossary);
  // Words as typed and as terms: "bipoler" is one typo from "bipolar", though not its stem.
  const forms = (text) => words(text).filter((w) => !entry.stopSet.has(w)).map((w) => [w, stem(w, entry.stemmer)]);
  const qs = forms(query);
  const scored = [];
  glossary.forEach((g, i) => {
    const ts = forms(g.t);
    const acronym = /\(([^()]+)\)\s*$/.exec(g.t);
    const acronymWords = acronym ? words(acronym[1]) : [];
    let found = 0;
    let distance = 0;
    for (const [qw, qt] of qs) {
      // The term's own acronym typed exactly comes first ("iop": the IOP entry, not "Virtual IOP").
      let best = acronymWords.includes(qw) ? -1 : Infinity;
      for (const [tw, tt] of ts) best = Math.min(best, likeness(qt, tt), likeness(qw, tw));
      if (best < Infinity) { found++; distance += best; }
    }
    if (found) scored.push({ g, found, distance, i });
  });
  scored.sort((a, b) => b.found - a.found || a.distance - b.distance || a.g.t.length - b.g.t.length || a.i - b.i);
  return scored.slice(0, limit).map(({ g }) => ({ title: g.t, url: g.u }));
}

// ---- User interface (the default theme's search box and /search/ page) ----

// The interface's English text, for forms without data-text-* attributes. {n} is the number of
// results, {query} the query.
const BOX_TEXT = {
  unavailable: 'Search is not available right now.',
  results: '{n} results. Use the up and down arrows to choose.',
  resultsOne: '{n} result. Use the up and down arrows to choose.',
  noResults: 'No results.',
};
const PAGE_TEXT = {
  unavailable: 'Search is not available right now.',
  results: '{n} results for “{query}”.',
  resultsOne: '{n} result for “{query}”.',
  noResults: 'No results for “{query}”.',
  filterSection: 'Section',
  filterAll: 'All',
};

/**
 * A form's settings from its data-* attributes (the first of `elements` that has each wins):
 * `base` from data-search-base (the site root of the page's language; unset, the folder of
 * this module), and `text(key, n, query)` from data-text-unavailable, data-text-no-results,
 * data-text-results and its plural forms data-text-results-one (-zero, -two, -few, -many),
 * chosen by Intl.PluralRules for <html lang>, else `defaults` (English).
 */
function settingsOf(elements, defaults, baseElements = elements) {
  const data = (list, name) => {
    for (const el of list) {
      const value = el && el.dataset ? el.dataset[name] : undefined;
      if (value) return value;
    }
    return undefined;
  };
  const lang = (typeof document !== 'undefined' && document.documentElement && document.documentElement.lang) || 'en';
  let plural;
  try { plural = new Intl.PluralRules(lang); } catch { plural = new Intl.PluralRules('en'); }
  const fill = (template, n, query) => template.replace(/\{n\}/g, () => String(n)).replace(/\{query\}/g, () => query);
  const text = (key, n = 0, query = '') => {
    let template;
    if (key === 'results') {
      const category = plural.select(n);
      if (category !== 'other') template = data(elements, 'textResults' + category[0].toUpperCase() + category.slice(1));
      template = template || data(elements, 'textResults') || (n === 1 ? defaults.resultsOne : defaults.results);
    } else {
      template = data(elements, 'text' + key[0].toUpperCase() + key.slice(1)) || defaults[key];
    }
    return fill(template, n, query);
  };
  return { base: data(baseElements, 'searchBase'), text };
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

function renderResult(r, id) {
  const crumbs = r.crumbs && r.crumbs.length ? `<span class="search-result-crumbs">${r.crumbs.map(escapeHtml).join(' › ')}</span>` : '';
  const section = r.section ? `<span class="search-result-section">${escapeHtml(r.section)}</span>` : '';
  const attrs = id ? ` role="option" id="${id}" tabindex="-1" aria-selected="false"` : '';
  return `<a class="search-result" href="${escapeHtml(r.url)}"${attrs}>${crumbs}<span class="search-result-title">${escapeHtml(r.title)}</span>${section}<span class="search-result-excerpt">${r.excerpt}</span></a>`;
}

function resultsHtml(results, idPrefix) {
  return results.map((r, i) => `<li${idPrefix ? ' role="none"' : ''} data-search-result>${renderResult(r, idPrefix ? `${idPrefix}-${i}` : '')}</li>`).join('');
}

async function showEmpty(root, query, base) {
  const empty = root.querySelector('[data-search-empty]');
  if (!empty) return;
  const list = empty.querySelector('[data-search-suggestions]');
  if (list) {
    const terms = await suggest(query, { base }).catch(() => []);
    list.innerHTML = terms.map((t) => `<li><a href="${escapeHtml(t.url)}">${escapeHtml(t.title)}</a></li>`).join('');
    // The list's visible label, shown only when there is something to try.
    const label = empty.querySelector('[data-search-suggestions-label]');
    if (label) label.hidden = terms.length === 0;
  }
  empty.hidden = false;
}

/**
 * Marks `el` enhanced (data-search-ready); false when it already was, so that two copies of the
 * client (the fingerprinted one and the site root's) never both enhance one form.
 */
function enhanceOnce(el) {
  if (!el.dataset) return true;
  if (el.dataset.searchReady !== undefined) return false;
  el.dataset.searchReady = '';
  return true;
}

function enhanceBox(form) {
  const input = form.querySelector('[data-search-input]');
  const popup = form.querySelector('[data-search-popup]');
  const list = form.querySelector('[data-search-results]');
  const status = form.querySelector('[data-search-status]');
  const crisis = form.querySelector('[data-search-crisis]');
  const empty = form.querySelector('[data-search-empty]');
  if (!input || !popup || !list || !enhanceOnce(form)) return;
  const { base, text } = settingsOf([form], BOX_TEXT);
  let active = -1;
  let sequence = 0;
  const options = () => [...list.querySelectorAll('[role="option"]')];
  const setActive = (i) => {
    const all = options();
    all.forEach((o, j) => o.setAttribute('aria-selected', String(j === i)));
    active = all.length ? i : -1;
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const open = (yes) => {
    popup.hidden = !yes;
    input.setAttribute('aria-expanded', String(yes));
    if (!yes) setActive(-1);
  };
  const run = async () => {
    const query = input.value;
    const mine = ++sequence;
    if (!query.trim()) { list.innerHTML = ''; if (status) status.textContent = ''; open(false); return; }
    let results;
    try { results = await search(query, { limit: 8, base }); } catch (error) {
      if (status) status.textContent = text('unavailable');
      return;
    }
    if (mine !== sequence) return;
    list.innerHTML = resultsHtml(results, input.id + '-option');
    if (crisis) crisis.hidden = !results.crisis;
    if (empty) empty.hidden = true;
    if (!results.length) await showEmpty(form, query, base);
    if (status) status.textContent = text(results.length ? 'results' : 'noResults', results.length, query.trim());
    setActive(-1);
    open(true);
  };
  const later = debounce(run, 120);
  input.addEventListener('input', later);
  input.addEventListener('focus', () => { if (input.value.trim() && list.children.length) open(true); });
  input.addEventListener('keydown', (event) => {
    const all = options();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (popup.hidden) { if (input.value.trim()) run(); return; }
      event.preventDefault();
      if (!all.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : all.length - 1) : (active + step + all.length) % all.length);
    } else if (event.key === 'Enter' && active >= 0 && !popup.hidden) {
      event.preventDefault();
      window.location.href = all[active].href;
    } else if (event.key === 'Escape') {
      if (!popup.hidden) { event.preventDefault(); open(false); } else if (input.value) { event.preventDefault(); input.value = ''; }
    }
  });
  // Loaded on first focus (search-box.js): what was typed while the client loaded counts.
  if (input.value.trim() && document.activeElement === input) later();
  form.addEventListener('focusout', (event) => {
    if (!form.contains(event.relatedTarget)) setTimeout(() => { if (!form.contains(document.activeElement)) open(false); }, 150);
  });
  list.addEventListener('mousemove', (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) setActive(options().indexOf(option));
  });
}

function enhancePage(root) {
  const form = root.querySelector('form') || root;
  const input = root.querySelector('[data-search-input]');
  const list = root.querySelector('[data-search-results]');
  const status = root.querySelector('[data-search-status]');
  const crisis = root.querySelector('[data-search-crisis]');
  const empty = root.querySelector('[data-search-empty]');
  if (!input || !list || !enhanceOnce(root)) return;
  // The page's form (or wrapper) may say where its index is; else the header box does.
  const header = document.querySelector('[data-search-box]');
  const { base, text } = settingsOf([form, root], PAGE_TEXT, [form, root, header]);
  let sequence = 0;
  let filter = () => ({});
  const run = async (push) => {
    const query = input.value;
    const mine = ++sequence;
    const url = new URL(window.location.href);
    if (query.trim()) url.searchParams.set('q', query); else url.searchParams.delete('q');
    const chosen = filter();
    url.searchParams.delete('section');
    url.searchParams.delete('term');
    if (chosen.section) url.searchParams.set('section', chosen.section);
    for (const t of chosen.terms || []) url.searchParams.append('term', t);
    if (push) window.history.replaceState(null, '', url);
    if (!query.trim()) { list.innerHTML = ''; if (crisis) crisis.hidden = true; if (empty) empty.hidden = true; if (status) status.textContent = ''; return; }
    let results;
    try { results = await search(query, { limit: 20, base, filter: chosen }); } catch (error) {
      if (status) status.textContent = text('unavailable');
      return;
    }
    if (mine !== sequence) return;
    list.innerHTML = resultsHtml(results, '');
    if (crisis) crisis.hidden = !results.crisis;
    if (empty) empty.hidden = true;
    if (!results.length) await showEmpty(root, query, base);
    if (status) status.textContent = text(results.length ? 'results' : 'noResults', results.length, query.trim());
  };
  const noJs = root.querySelector('[data-search-nojs]');
  if (noJs) noJs.hidden = true;
  form.addEventListener('submit', (event) => { event.preventDefault(); run(true); });
  input.addEventListener('input', debounce(() => run(true), 200));
  const q = new URLSearchParams(window.location.search).get('q');
  const filtered = /[?&](section|term)=/.test(window.location.search);
  addFilters(root, form, base, text, () => run(true)).then((read) => {
    filter = read;
    if (q && filtered) run(false);
  }).catch(() => {});
  if (q) { input.value = q; run(false); }
}

/**
 * The results page's filters: a labelled <select> for the section and one per taxonomy, built
 * from the index's facets into [data-search-filters] (or the end of the form), chosen from the
 * URL (?section=URL&term=URL); returns a function reading the choice as a search filter.
 */
async function addFilters(root, form, base, text, changed) {
  let f;
  // Filters are an extra: without the facets (or a full DOM) the page searches unfiltered.
  try { f = await facets({ base }); } catch { return () => ({}); }
  if (typeof document.createElement !== 'function') return () => ({});
  let host = root.querySelector('[data-search-filters]');
  if (!host) {
    host = document.createElement('div');
    host.className = 'search-filters';
    host.setAttribute('data-search-filters', '');
    form.appendChild(host);
  }
  const params = new URLSearchParams(window.location.search);
  const selects = [];
  const add = (name, label, choices, value) => {
    if (!choices.length) return;
    const wrap = document.createElement('div');
    wrap.className = 'search-filter';
    const labelEl = document.createElement('label');
    const select = document.createElement('select');
    select.id = `search-filter-${name}`;
    labelEl.htmlFor = select.id;
    labelEl.textContent = label;
    const all = document.createElement('option');
    all.value = '';
    all.textContent = text('filterAll');
    select.appendChild(all);
    for (const c of choices) {
      const option = document.createElement('option');
      option.value = c.url;
      option.textContent = c.title;
      option.selected = c.url === value;
      select.appendChild(option);
    }
    select.addEventListener('change', changed);
    wrap.append(labelEl, select);
    host.appendChild(wrap);
    selects.push({ name, select });
  };
  add('section', text('filterSection'), f.sections, params.get('section'));
  const terms = params.getAll('term');
  // A taxonomy's label: the page's data-text-filter-NAME (NAME as in config.toml), else its
  // title in the index's language.
  const own = (name) => [form, root].map((el) => el.getAttribute && el.getAttribute(`data-text-filter-${name}`)).find(Boolean);
  for (const x of f.taxonomies) add(`term-${x.name}`, own(x.name) || x.title, x.terms, terms.find((u) => x.terms.some((t) => t.url === u)));
  return () => {
    const out = { terms: [] };
    for (const { name, select } of selects) {
      if (!select.value) continue;
      if (name === 'section') out.section = select.value; else out.terms.push(select.value);
    }
    return out;
  };
}

function isTyping(target) {
  return target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName));
}

function init() {
  document.querySelectorAll('[data-search-box]').forEach(enhanceBox);
  document.querySelectorAll('[data-search-page]').forEach(enhancePage);
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const input = document.querySelector('[data-search-page] [data-search-input]') || document.querySelector('[data-search-input]');
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}
