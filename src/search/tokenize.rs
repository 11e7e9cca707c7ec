//! The search tokenizer, shared word for word with the client
//! (`themes/default/static/search.js`): both run the cases of `tests/search-vectors.json`.
//! Words come from the one word splitter ([`crate::lang::words`]: Unicode NFKD, combining
//! marks dropped, lowercased, Han runs cut into dictionary words); then
//! 1. stop words (the language profile's, or the site's `stop_words`) are skipped, and so
//!    are words longer than [`MAX_WORD`] characters (every word still takes a position);
//! 2. words made only of the letters a to z and longer than two letters are stemmed with the
//!    profile's Snowball stemmer ([`Stemming`]); others (numbers, `988`, non-Latin scripts)
//!    are kept as they are.
//!
//! Folding comes before stemming, in every language: the stemmer only ever sees the folded
//! word, so *adicción*, *adiccion* and *adicciones* (and a query typed without accents) reach
//! the same term; a profile may prepare the folded word for its stemmer (Spanish puts back
//! the accents of its step-1 suffixes, `crate::lang::es::restore_accents`).

use std::collections::{HashMap, HashSet};

pub use crate::lang::words::for_each_word;
use crate::lang::{self, Profile};

/// Longer words (URLs run together, hashes) are not indexed.
pub const MAX_WORD: usize = 40;

/// The stemming and word lists of an index's language: its [`Profile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stemming(&'static Profile);

impl Stemming {
    /// The stemming of a BCP 47 language code, by its primary subtag: `en`, `en-US` →
    /// English, `es`, `es-MX` → Spanish, a language without a profile → none.
    pub fn for_language(code: &str) -> Stemming {
        Stemming(lang::profile(code))
    }

    /// The language's profile.
    pub fn profile(self) -> &'static Profile {
        self.0
    }

    /// Its name in the index's entry file (`stemmer`), which the client reads.
    pub fn name(self) -> &'static str {
        self.0.stemmer_name()
    }

    /// The language's filler words: indexed, but a query word among them never counts against
    /// a page that lacks it ("what *happens* in group therapy").
    pub fn filler_words(self) -> &'static [&'static str] {
        self.0.filler_words
    }

    /// The built-in stop words of the language (none without a profile).
    pub fn default_stop_words(self) -> &'static [&'static str] {
        self.0.stop_words
    }
}

/// English stop words (the default of a site's `[search] stop_words`).
pub const DEFAULT_STOP_WORDS: &[&str] = lang::en::STOP_WORDS;
/// Spanish stop words.
pub const SPANISH_STOP_WORDS: &[&str] = lang::es::STOP_WORDS;

/// Whether the stemmer applies: only words of the letters a to z, longer than two letters.
pub fn stemmable(word: &str) -> bool {
    word.len() > 2 && word.bytes().all(|b| b.is_ascii_lowercase())
}

/// One token: the stemmed term and its word position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub position: u32,
}

/// The tokenizer: the stop list and the stemmer. Cheap to share between threads; each thread
/// keeps its own [`TermCache`].
pub struct Tokenizer {
    stop: HashSet<String>,
    stemming: Stemming,
    stemmer: Option<(rust_stemmers::Stemmer, lang::Stemmer)>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new(DEFAULT_STOP_WORDS.iter().map(|s| s.to_string()))
    }
}

impl Tokenizer {
    /// An English tokenizer with the given stop words (normalized like any word).
    pub fn new(stop: impl IntoIterator<Item = String>) -> Tokenizer {
        Tokenizer::with_stemming(Stemming::for_language("en"), stop)
    }

    /// A tokenizer for `stemming`'s language with its built-in stop words.
    pub fn for_stemming(stemming: Stemming) -> Tokenizer {
        Tokenizer::with_stemming(
            stemming,
            stemming.default_stop_words().iter().map(|s| s.to_string()),
        )
    }

    /// A tokenizer with the given stemmer and stop words (normalized like any word).
    pub fn with_stemming(stemming: Stemming, stop: impl IntoIterator<Item = String>) -> Tokenizer {
        let mut set = HashSet::new();
        for word in stop {
            for_each_word(&word, |w, _| {
                set.insert(w.to_string());
            });
        }
        let stemmer = stemming
            .profile()
            .stemmer
            .map(|s| (rust_stemmers::Stemmer::create(s.algorithm), s));
        Tokenizer {
            stop: set,
            stemming,
            stemmer,
        }
    }

    /// The stemmer this tokenizer runs.
    pub fn stemming(&self) -> Stemming {
        self.stemming
    }

    /// The stop words, sorted (as the index's entry file lists them).
    pub fn stop_words(&self) -> Vec<String> {
        let mut words: Vec<String> = self.stop.iter().cloned().collect();
        words.sort();
        words
    }

    pub fn is_stop(&self, word: &str) -> bool {
        self.stop.contains(word)
    }

    /// The term of one normalized word: `None` for stop words and overlong words.
    pub fn term(&self, word: &str) -> Option<String> {
        if self.stop.contains(word) || word.chars().count() > MAX_WORD {
            return None;
        }
        Some(self.stem(word))
    }

    /// The stem of a normalized word (the word itself when it is not stemmable).
    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some((stemmer, profile)) if stemmable(word) => match profile.prepare {
                Some(prepare) => stemmer.stem(&prepare(word)).into_owned(),
                None => stemmer.stem(word).into_owned(),
            },
            _ => word.to_string(),
        }
    }

    /// Every token of `text` (stop words skipped, positions counted).
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for_each_word(text, |word, position| {
            if let Some(term) = self.term(word) {
                out.push(Token { term, position });
            }
        });
        out
    }
}

/// FxHash (as in rustc): fast for the short keys of the term caches; not DoS-resistant, which
/// does not matter for a build's own text.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(last) ^ rest.len() as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The multiply-rotate steps only carry bits upward, so the low bits (which pick a
    /// hash table's bucket) would depend on a key's first bytes alone: words sharing their
    /// first letters would pile into few buckets, and a page of many distinct words would
    /// index in super-linear time. A splitmix64 finalizer spreads every bit to every bit.
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// A hash map with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Per-thread memo of word → term id, so each distinct spelling is stemmed once per thread.
/// Term ids index [`TermCache::terms`].
#[derive(Default)]
pub struct TermCache {
    ids: FastMap<String, Option<u32>>,
    by_term: FastMap<std::sync::Arc<str>, u32>,
    pub terms: Vec<std::sync::Arc<str>>,
}

impl TermCache {
    /// The id of `word`'s term, `None` for a stop word.
    pub fn id(&mut self, tokenizer: &Tokenizer, word: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = tokenizer.term(word).map(|term| {
            if let Some(&id) = self.by_term.get(term.as_str()) {
                return id;
            }
            let id = self.terms.len() as u32;
            let term: std::sync::Arc<str> = term.into();
            self.terms.push(term.clone());
            self.by_term.insert(term, id);
            id
        });
        self.ids.insert(word.to_string(), id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distinct words sharing their first letters, as on a page of generated or listed
    /// terms: `baaaa`, `baaab`, ...
    fn generated_words(n: usize) -> Vec<String> {
        (0..n)
            .map(|mut i| {
                let mut word = vec![b'b'];
                for _ in 0..5 {
                    word.push(b'a' + (i % 26) as u8);
                    i /= 26;
                }
                word.reverse();
                String::from_utf8(word).unwrap()
            })
            .collect()
    }

    /// Work that grows with collisions: how many words land in an already used bucket of a
    /// table with as many buckets as words (the low bits, as hashbrown uses them). Evenly
    /// spread keys leave about n/e such words; keys hashed by their first bytes alone pile up.
    #[test]
    fn term_cache_keys_spread_over_buckets() {
        use std::hash::{BuildHasher, BuildHasherDefault};
        for n in [1usize << 14, 1 << 16] {
            let hasher = BuildHasherDefault::<FxHasher>::default();
            let mut used = vec![false; n];
            let mut collisions = 0;
            for word in generated_words(n) {
                let bucket = hasher.hash_one(word.as_str()) as usize & (n - 1);
                collisions += usize::from(std::mem::replace(&mut used[bucket], true));
            }
            assert!(collisions < n * 2 / 5, "{collisions} of {n} words collide");
        }
    }

    fn terms(text: &str) -> Vec<String> {
        Tokenizer::default()
            .tokens(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(
            terms("Terapia FAMILIAR Señal"),
            ["terapia", "familiar", "senal"]
        );
        assert_eq!(terms("CAFÉ cafe\u{301}"), ["cafe", "cafe"]);
    }

    #[test]
    fn stems_english_and_skips_stop_words() {
        assert_eq!(terms("the therapies"), ["therapi"]);
        assert_eq!(terms("Therapy"), ["therapi"]);
        assert_eq!(terms("How long does IOP last?"), ["long", "iop", "last"]);
    }

    #[test]
    fn positions_count_stop_words() {
        let tokens = Tokenizer::default().tokens("want to die");
        assert_eq!(tokens[1].position, 2);
    }

    #[test]
    fn apostrophes_join_and_hyphens_split() {
        assert_eq!(
            terms("don't co-occurring patient's"),
            ["dont", "co", "occur", "patient"]
        );
    }

    #[test]
    fn numbers_and_long_words() {
        assert_eq!(terms("Call 988 now"), ["call", "988", "now"]);
        assert!(terms(&"x".repeat(41)).is_empty());
    }

    fn spanish(text: &str) -> Vec<String> {
        Tokenizer::for_stemming(Stemming::for_language("es"))
            .tokens(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn spanish_accents_and_plurals_meet() {
        assert_eq!(spanish("adicción adiccion adicciones"), ["adiccion"; 3]);
        assert_eq!(
            spanish("hospitalización hospitalizacion hospitalizaciones"),
            ["hospitaliz"; 3]
        );
        assert_eq!(spanish("psicología psicologia psicólogo"), ["psicolog"; 3]);
        assert_eq!(spanish("la terapia familiar"), ["terapi", "famili"]);
        assert_eq!(spanish("¿Puedo seguir trabajando?"), ["segu", "trabaj"]);
    }

    #[test]
    fn stemming_follows_the_language_code() {
        assert_eq!(Stemming::for_language("en-US").name(), "english");
        assert_eq!(Stemming::for_language("es").name(), "spanish");
        assert_eq!(Stemming::for_language("ES-mx").name(), "spanish");
        assert_eq!(Stemming::for_language("de").name(), "none");
        let none = Tokenizer::for_stemming(Stemming::for_language("de"));
        assert_eq!(none.stem("therapies"), "therapies");
        assert!(!none.is_stop("the"));
    }
}
