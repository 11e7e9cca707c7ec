//! The tokenizer, shared word for word with the client (`themes/default/static/search.js`):
//! both run the cases of `tests/search-vectors.json`. Text is cut into words, each word is
//! normalized (Unicode NFKD, combining marks dropped, lowercased), stop words are skipped, and
//! the rest are stemmed with the index language's Snowball stemmer ([`Stemming`]: English
//! (Porter2), Spanish, or none).
//!
//! The exact rules, which the JavaScript side repeats:
//! 1. The text is split at ASCII whitespace; each piece that is not ASCII is normalized with
//!    NFKD and its combining marks (General_Category=Mark) are removed.
//! 2. A word is a run of alphanumeric characters (Unicode Alphabetic or Numeric). An apostrophe
//!    (`'` or `’`) between two such characters joins them and is dropped (`don't` → `dont`).
//! 3. The word is lowercased. Every word takes a position (stop words included), so phrase
//!    adjacency is measured in the original text.
//! 4. Stop words are skipped; words longer than [`MAX_WORD`] characters are skipped.
//! 5. Words made only of the letters a to z and longer than two letters are stemmed; others
//!    (numbers, `988`, non-Latin scripts) are kept as they are.
//!
//! Folding comes before stemming, in every language: the stemmer only ever sees the folded
//! word, so *adicción*, *adiccion* and *adicciones* (and a query typed without accents) reach
//! the same term. Spanish Snowball's step 1 has three suffixes that carry an accent (`ación`,
//! `ución`, `logía(s)`); a folded word ending in `acion`, `ucion` or `logia(s)` gets that accent
//! back before the stemmer runs ([`spanish_stem`]), so *hospitalizacion* meets
//! *hospitalizaciones*. The stemmer's own rules (R1, R2, RV) decide the rest.

use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longer words (URLs run together, hashes) are not indexed.
pub const MAX_WORD: usize = 40;

/// The stemmer of an index's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stemming {
    /// Snowball English (Porter2).
    English,
    /// Snowball Spanish, on the folded word (see [`spanish_stem`]).
    Spanish,
    /// Words are kept as they are (folded and lowercased): languages without a stemmer here.
    None,
}

impl Stemming {
    /// The stemmer of a BCP 47 language code, by its primary subtag: `en`, `en-US` → English,
    /// `es`, `es-MX` → Spanish, anything else → none.
    pub fn for_language(code: &str) -> Stemming {
        match crate::i18n::word_language(code) {
            Some(crate::i18n::WordLanguage::English) => Stemming::English,
            Some(crate::i18n::WordLanguage::Spanish) => Stemming::Spanish,
            None => Stemming::None,
        }
    }

    /// Its name in the index's entry file (`stemmer`), which the client reads.
    pub fn name(self) -> &'static str {
        match self {
            Stemming::English => "english",
            Stemming::Spanish => "spanish",
            Stemming::None => "none",
        }
    }

    /// The language's filler words: indexed, but a query word among them never counts against
    /// a page that lacks it ("what *happens* in group therapy").
    pub fn filler_words(self) -> &'static [&'static str] {
        match self {
            Stemming::English => ENGLISH_FILLER,
            Stemming::Spanish => SPANISH_FILLER,
            Stemming::None => &[],
        }
    }

    /// The built-in stop words of the language (none for [`Stemming::None`]).
    pub fn default_stop_words(self) -> &'static [&'static str] {
        match self {
            Stemming::English => DEFAULT_STOP_WORDS,
            Stemming::Spanish => SPANISH_STOP_WORDS,
            Stemming::None => &[],
        }
    }
}

/// English stop words: skipped when indexing and in queries. Question words are here so that
/// "how long does IOP last" searches for "long IOP last".
pub const DEFAULT_STOP_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by",
    "can", "could", "did", "do", "does", "doing", "done", "for", "from", "had", "has", "have",
    "having", "he", "her", "hers", "him", "his", "how", "i", "if", "im", "in", "into", "is", "it",
    "its", "itself", "ive", "just", "me", "might", "much", "must", "my", "myself", "of", "on",
    "or", "our", "ours", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "to", "too",
    "us", "very", "was", "we", "were", "what", "whats", "when", "where", "which", "who", "whom",
    "why", "will", "with", "would", "you", "your", "youre", "yours", "yourself",
];

/// English filler: the verbs and nouns of a question's frame rather than its subject. Unlike
/// stop words they are indexed and score where they are (a heading "What happens in a PHP").
pub const ENGLISH_FILLER: &[&str] = &[
    "actually",
    "anyone",
    "come",
    "expect",
    "find",
    "get",
    "gets",
    "getting",
    "go",
    "goes",
    "going",
    "happen",
    "happens",
    "happening",
    "know",
    "like",
    "look",
    "looking",
    "make",
    "mean",
    "means",
    "need",
    "needs",
    "please",
    "really",
    "someone",
    "something",
    "tell",
    "thing",
    "things",
    "want",
    "wants",
    "way",
    "ways",
];

/// Spanish filler, as [`ENGLISH_FILLER`] (written folded, without accents).
pub const SPANISH_FILLER: &[&str] = &[
    "alguien",
    "algun",
    "alguna",
    "cosa",
    "cosas",
    "encontrar",
    "forma",
    "hacer",
    "hace",
    "hago",
    "ir",
    "manera",
    "necesita",
    "necesito",
    "ocurre",
    "pasa",
    "pasar",
    "quiere",
    "quiero",
    "realmente",
    "saber",
    "significa",
    "sucede",
    "tener",
    "tengo",
    "tiene",
    "va",
    "voy",
];

/// Spanish stop words (as written; they are folded like any word, so `más` is `mas`): the
/// short Snowball list's most frequent words, plus question words and "puedo/puede/pueden",
/// as the English list has "how" and "can", so "¿cuánto dura el programa?" searches for
/// "dura programa".
pub const SPANISH_STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "algunas", "algunos", "ante", "antes", "como", "con", "contra", "cual",
    "cuando", "cuál", "cuáles", "cuándo", "cuánta", "cuántas", "cuánto", "cuántos", "cómo", "de",
    "del", "desde", "donde", "durante", "dónde", "e", "el", "ella", "ellas", "ellos", "en",
    "entre", "era", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estar", "estas", "este",
    "esto", "estos", "estoy", "está", "están", "fue", "ha", "han", "hasta", "hay", "he", "hemos",
    "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "mucho", "muchos", "muy", "más",
    "mí", "nada", "ni", "no", "nos", "nosotros", "o", "os", "otra", "otras", "otro", "otros",
    "para", "pero", "poco", "por", "porque", "puede", "pueden", "puedo", "que", "quien", "quienes",
    "quién", "qué", "se", "ser", "sin", "sobre", "son", "soy", "su", "sus", "sí", "también",
    "tanto", "te", "ti", "todo", "todos", "tu", "tus", "tú", "u", "un", "una", "uno", "unos", "y",
    "ya", "yo", "él",
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Calls `f(word, position)` for every lowercased word of `text`, in order; returns the number
/// of words. `scratch` is reused between calls to avoid allocating.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, u32)) -> u32 {
    let mut position = 0u32;
    let mut word = String::new();
    let mut emit = |w: &str| {
        f(w, position);
        position += 1;
    };
    if text.is_ascii() {
        // Whitespace never joins words, so ASCII text needs no splitting first.
        ascii_words(text.as_bytes(), &mut word, &mut emit);
        return position;
    }
    let mut normalized = String::new();
    for piece in text.split(|c: char| c.is_ascii_whitespace()) {
        if piece.is_empty() {
            continue;
        }
        let piece = if piece.is_ascii() {
            piece
        } else {
            normalized.clear();
            normalized.extend(piece.nfkd().filter(|&c| !is_combining_mark(c)));
            normalized.as_str()
        };
        words_of_piece(piece, &mut word, &mut emit);
    }
    position
}

/// Splits one whitespace-free, normalized piece into lowercased words.
fn words_of_piece(piece: &str, word: &mut String, emit: &mut impl FnMut(&str)) {
    if piece.is_ascii() {
        return ascii_words(piece.as_bytes(), word, emit);
    }
    word.clear();
    let mut chars = piece.chars().peekable();
    let mut lower = String::new();
    let mut flush = |word: &mut String, emit: &mut dyn FnMut(&str)| {
        if word.is_empty() {
            return;
        }
        lower.clear();
        lower.push_str(&word.to_lowercase());
        emit(&lower);
        word.clear();
    };
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            word.push(c);
        } else if is_apostrophe(c)
            && !word.is_empty()
            && chars.peek().is_some_and(|n| n.is_alphanumeric())
        {
            // Joined: "don't" is one word, "dont".
        } else {
            flush(word, emit);
        }
    }
    flush(word, emit);
}

/// The same rules on ASCII bytes, without decoding characters (most text takes this path). A
/// word already in lowercase and without an apostrophe is passed without copying.
fn ascii_words(piece: &[u8], word: &mut String, emit: &mut impl FnMut(&str)) {
    let n = piece.len();
    let text = std::str::from_utf8(piece).unwrap_or_default();
    let mut i = 0;
    while i < n {
        while i < n && !piece[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        let mut plain = true;
        loop {
            while i < n && piece[i].is_ascii_alphanumeric() {
                plain &= !piece[i].is_ascii_uppercase();
                i += 1;
            }
            if i + 1 < n && piece[i] == b'\'' && piece[i + 1].is_ascii_alphanumeric() {
                plain = false;
                i += 1;
                continue;
            }
            break;
        }
        if plain {
            emit(&text[start..i]);
        } else {
            word.clear();
            word.extend(
                piece[start..i]
                    .iter()
                    .filter(|&&b| b != b'\'')
                    .map(|&b| char::from(b.to_ascii_lowercase())),
            );
            emit(word);
        }
    }
}

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

/// The Spanish stem of a folded word: the accent of Snowball Spanish's step-1 suffixes
/// `ación`, `ución` and `logía(s)` restored (the stemmer matches them only with it), then
/// Snowball Spanish (as rust-stemmers implements it), whose last step drops accents again.
pub fn spanish_stem(stemmer: &Stemmer, word: &str) -> String {
    stemmer.stem(&restore_spanish_accents(word)).into_owned()
}

/// `…acion` → `…ación`, `…ucion` → `…ución`, `…logia(s)` → `…logía(s)`; other words unchanged.
pub fn restore_spanish_accents(word: &str) -> std::borrow::Cow<'_, str> {
    const RESTORED: [(&str, &str); 4] = [
        ("acion", "ación"),
        ("ucion", "ución"),
        ("logia", "logía"),
        ("logias", "logías"),
    ];
    for (plain, accented) in RESTORED {
        if let Some(stem) = word.strip_suffix(plain) {
            return format!("{stem}{accented}").into();
        }
    }
    word.into()
}

/// The tokenizer: the stop list and the stemmer. Cheap to share between threads; each thread
/// keeps its own [`TermCache`].
pub struct Tokenizer {
    stop: HashSet<String>,
    stemming: Stemming,
    stemmer: Option<Stemmer>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new(DEFAULT_STOP_WORDS.iter().map(|s| s.to_string()))
    }
}

impl Tokenizer {
    /// An English tokenizer with the given stop words (normalized like any word).
    pub fn new(stop: impl IntoIterator<Item = String>) -> Tokenizer {
        Tokenizer::with_stemming(Stemming::English, stop)
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
        let stemmer = match stemming {
            Stemming::English => Some(Stemmer::create(Algorithm::English)),
            Stemming::Spanish => Some(Stemmer::create(Algorithm::Spanish)),
            Stemming::None => None,
        };
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
            Some(stemmer) if stemmable(word) => match self.stemming {
                Stemming::Spanish => spanish_stem(stemmer, word),
                _ => stemmer.stem(word).into_owned(),
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
        Tokenizer::for_stemming(Stemming::Spanish)
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
        assert_eq!(Stemming::for_language("en-US"), Stemming::English);
        assert_eq!(Stemming::for_language("es"), Stemming::Spanish);
        assert_eq!(Stemming::for_language("ES-mx"), Stemming::Spanish);
        assert_eq!(Stemming::for_language("fr"), Stemming::None);
        let none = Tokenizer::for_stemming(Stemming::None);
        assert_eq!(none.stem("therapies"), "therapies");
        assert!(!none.is_stop("the"));
    }
}
