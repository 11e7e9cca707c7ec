//! Language profiles: everything the engine knows about a language, in one value per
//! language. A [`Profile`] holds the language's word rules (stop words, question filler,
//! stemming or segmentation, number words, sentence-ending abbreviations), its crisis
//! phrases, its readability formula with syllable counting (or none, which the checks report
//! once per language), and its text direction. Search, the checks and the scaffold read a
//! page's profile through [`profile`]; none of them matches on language codes.
//!
//! Adding a language is one file here (`xx.rs`, data only, registered in [`PROFILES`]), its
//! interface strings (`themes/default/i18n/xx.toml`) and its line in docs/languages.md. A
//! language without a profile gets [`GENERIC`]: words as the shared splitter cuts them, no
//! stop words, no stemming, no readability formula.
//!
//! This module is a leaf: it depends on no other module of the crate, so the stages can all
//! depend on it. [`words`] is the one word splitter they share.

mod ar;
pub(crate) mod en;
pub(crate) mod es;
mod fr;
mod segment;
pub mod syllables_en;
pub mod syllables_es;
pub mod words;
mod zh;

use std::borrow::Cow;
use std::collections::HashMap;

/// Every built-in profile. A new language is one more line here.
pub const PROFILES: &[&Profile] = &[
    &ar::PROFILE,
    &en::PROFILE,
    &es::PROFILE,
    &fr::PROFILE,
    &zh::PROFILE,
];

/// The profile of languages the engine has no rules for.
pub const GENERIC: Profile = Profile {
    code: "",
    name: "",
    direction: Direction::Ltr,
    stemmer: None,
    stop_words: &[],
    filler_words: &[],
    crisis_phrases: "",
    readability: None,
    abbreviations: Abbreviations::NONE,
    number_words: NumberWords::NONE,
    english_word_choice: false,
    doubled_capital_plurals: false,
};

/// The profile of a BCP 47 code, by its primary subtag, ignoring case: `es`, `es-MX` and
/// `ES` are Spanish; a code without a profile gets [`GENERIC`].
pub fn profile(code: &str) -> &'static Profile {
    let primary = code.split(['-', '_']).next().unwrap_or_default();
    PROFILES
        .iter()
        .find(|p| p.code.eq_ignore_ascii_case(primary))
        .copied()
        .unwrap_or(&GENERIC)
}

/// The reading direction of a language: by its script subtag when it has one (`Arab`,
/// `Hebr` and the other right-to-left scripts: `pa-Arab`), else its profile's, or for a
/// language without one, right to left for the languages that are (Hebrew, Persian, Urdu…).
pub fn direction(code: &str) -> Direction {
    const RTL_LANGUAGES: &[&str] = &["he", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug", "syr"];
    const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];
    let mut subtags = code.split(['-', '_']);
    let primary = subtags.next().unwrap_or_default();
    if let Some(script) = subtags.next().filter(|s| s.len() == 4) {
        let rtl = RTL_SCRIPTS.iter().any(|s| s.eq_ignore_ascii_case(script));
        return if rtl { Direction::Rtl } else { Direction::Ltr };
    }
    let profile = profile(code);
    if profile.is_generic()
        && RTL_LANGUAGES
            .iter()
            .any(|c| c.eq_ignore_ascii_case(primary))
    {
        Direction::Rtl
    } else {
        profile.direction
    }
}

/// Whether a code has a profile of its own (not [`GENERIC`]).
pub fn is_known(code: &str) -> bool {
    !profile(code).is_generic()
}

/// Reading direction of a language's script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The value of HTML's `dir` attribute.
    pub fn attribute(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A Snowball stemmer and what it needs.
#[derive(Clone, Copy)]
pub struct Stemmer {
    pub algorithm: rust_stemmers::Algorithm,
    /// Its name in the search index's entry file (`stemmer`), which the client reads.
    pub name: &'static str,
    /// Prepares a folded word for the stemmer (Spanish puts back the accents its step-1
    /// suffixes need, see [`es::restore_accents`]); `None` leaves the word as it is.
    pub prepare: Option<fn(&str) -> Cow<'_, str>>,
}

/// A readability formula the checks compute (check/readability.rs holds the arithmetic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// Flesch-Kincaid grade (with Flesch Reading Ease and SMOG): the target is a highest
    /// grade, `max_grade`.
    FleschKincaid,
    /// Szigriszt-Pazos on the INFLESZ scale (with Fernández-Huerta): the target is a lowest
    /// score, `min_inflesz`.
    Inflesz,
}

impl Formula {
    /// The `[checks]` key of the formula's target.
    pub fn target_key(self) -> &'static str {
        match self {
            Formula::FleschKincaid => "max_grade",
            Formula::Inflesz => "min_inflesz",
        }
    }
}

/// How a language's readability is measured.
#[derive(Clone, Copy)]
pub struct Readability {
    pub formula: Formula,
    /// Syllables of a word in lowercase with plain apostrophes (at least 1).
    pub syllables: fn(&str) -> usize,
    /// Syllables from which a word counts as long (for SMOG and for ranking the hardest
    /// sentences).
    pub long_word_syllables: usize,
}

/// Abbreviations after whose full stop a sentence goes on, lowercase, without the final
/// stop (`e.g`, `dr`).
#[derive(Clone, Copy)]
pub struct Abbreviations {
    /// Never end a sentence.
    pub never_end: &'static [&'static str],
    /// End a sentence only when a capital follows (`etc.`).
    pub maybe_end: &'static [&'static str],
    /// The language opens questions and exclamations with `¿` and `¡`: an opening mark
    /// with a capital starts a sentence even after a word without a stop, and a lowercase
    /// word after `?` or `!` goes on with the same one (`¿Tiene fiebre? ¿tos?`).
    pub inverted_marks: bool,
}

impl Abbreviations {
    /// No abbreviations, and no opening marks.
    pub const NONE: Abbreviations = Abbreviations {
        never_end: &[],
        maybe_end: &[],
        inverted_marks: false,
    };
}

/// Number words, for comparing the numbers a translation states with the original's.
#[derive(Clone, Copy)]
pub struct NumberWords {
    /// The words for one to twenty, in order, lowercase.
    pub cardinals: &'static [&'static str],
    /// Ordinals worth reading as numbers, lowercase, with their values.
    pub ordinals: &'static [(&'static str, u32)],
    /// (previous word, word) pairs where a number word means "both" (Spanish "los dos").
    pub both: &'static [(&'static str, &'static str)],
}

impl NumberWords {
    /// No number words: numbers are read from digits only.
    pub const NONE: NumberWords = NumberWords {
        cardinals: &[],
        ordinals: &[],
        both: &[],
    };
}

/// One language's rules.
pub struct Profile {
    /// The primary subtag (`en`); empty for [`GENERIC`].
    pub code: &'static str,
    /// The language's English name, for messages.
    pub name: &'static str,
    pub direction: Direction,
    /// Stemming for search; `None` indexes words as they are (folded and lowercased).
    /// Whether runs of Han characters are cut into words is the word splitter's (by script,
    /// in every language: [`words`]).
    pub stemmer: Option<Stemmer>,
    /// Skipped when indexing and in queries (normalized like any word).
    pub stop_words: &'static [&'static str],
    /// Words of a question's frame ("what *happens* in group therapy"): indexed, but a
    /// query word among them never counts against a page that lacks it.
    pub filler_words: &'static [&'static str],
    /// Crisis phrases, one a line, `#` comments: the queries that show the crisis card.
    pub crisis_phrases: &'static str,
    /// `None`: the checks have no formula for the language and say so once.
    pub readability: Option<Readability>,
    pub abbreviations: Abbreviations,
    pub number_words: NumberWords,
    /// The built-in plain-language word list (written in English) applies.
    pub english_word_choice: bool,
    /// Plurals of abbreviations double their capitals (*EE. UU.*, *FF. AA.*), so a doubled
    /// all-capitals token is not an undefined acronym.
    pub doubled_capital_plurals: bool,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Profile({})",
            if self.is_generic() {
                "generic"
            } else {
                self.code
            }
        )
    }
}

/// A profile is known by its code (the registry holds each code once).
impl PartialEq for Profile {
    fn eq(&self, other: &Profile) -> bool {
        self.code == other.code
    }
}

impl Eq for Profile {}

impl Profile {
    pub fn is_generic(&self) -> bool {
        self.code.is_empty()
    }

    /// The language's name for messages ("Chinese"), or its code when it has no profile.
    pub fn name_or<'a>(&'a self, code: &'a str) -> &'a str {
        if self.is_generic() {
            code
        } else {
            self.name
        }
    }

    /// The stemmer's name in the search index (`none` without one).
    pub fn stemmer_name(&self) -> &'static str {
        self.stemmer.map_or("none", |s| s.name)
    }

    /// Syllables from which a word counts as long (3 without a formula).
    pub fn long_word_syllables(&self) -> usize {
        self.readability.map_or(3, |r| r.long_word_syllables)
    }

    /// Syllables in a word of this language: its formula's counting, or the English rules
    /// (used only to rank sentences) when it has none.
    pub fn syllables(&self, word: &str) -> usize {
        self.syllables_lowercase(&word.to_lowercase().replace('’', "'"))
    }

    /// [`Profile::syllables`] of a word written in lowercase with plain apostrophes. Prose
    /// repeats its words, so each thread remembers its answers (a bounded memo per counting
    /// function, cleared when full).
    pub fn syllables_lowercase(&self, lower: &str) -> usize {
        type Memo = HashMap<String, usize>;
        thread_local! {
            static MEMO: std::cell::RefCell<Vec<(usize, Memo)>> = const {
                std::cell::RefCell::new(Vec::new())
            };
        }
        const MEMO_LIMIT: usize = 20_000;
        let count = self
            .readability
            .map_or(syllables_en::count_lowercase as fn(&str) -> usize, |r| {
                r.syllables
            });
        // The counting function is the memo's key: languages that count alike share one.
        let key = count as usize;
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let at = match memo.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    memo.push((key, Memo::default()));
                    memo.len() - 1
                }
            };
            let memo = &mut memo[at].1;
            if let Some(&n) = memo.get(lower) {
                return n;
            }
            let n = count(lower);
            if memo.len() >= MEMO_LIMIT {
                memo.clear();
            }
            memo.insert(lower.to_string(), n);
            n
        })
    }

    /// The crisis phrases as written (comments and blank lines left out).
    pub fn crisis_phrases(&self) -> impl Iterator<Item = &'static str> {
        self.crisis_phrases
            .lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|line| !line.is_empty())
    }

    /// The value of a number word from two to twenty (or an ordinal), `None` for other
    /// words and where the word means "both" after `previous`.
    pub fn number_word(&self, word: &str, previous: &str) -> Option<u32> {
        let lower = word.to_lowercase();
        let numbers = &self.number_words;
        let value = numbers
            .cardinals
            .iter()
            .position(|w| *w == lower)
            .map(|i| i as u32 + 1)
            .or_else(|| {
                numbers
                    .ordinals
                    .iter()
                    .find(|(w, _)| *w == lower)
                    .map(|(_, v)| *v)
            })?;
        let previous = previous.to_lowercase();
        let both = numbers
            .both
            .iter()
            .any(|(p, w)| *p == previous && *w == lower);
        (value >= 2 && !both).then_some(value)
    }
}

/// Syllables of a lowercase token by `part`'s count of each of its parts: a hyphenated or
/// slashed token adds up its parts, punctuation around a part is ignored; at least 1.
fn syllables_of_parts(lower: &str, part: fn(&str) -> usize) -> usize {
    let total: usize = lower
        .split(['-', '/'])
        .map(|p| p.trim_matches(|c: char| !c.is_alphabetic()))
        .filter(|p| !p.is_empty())
        .map(part)
        .sum();
    total.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_find_profiles_by_primary_subtag() {
        assert_eq!(profile("en"), &en::PROFILE);
        assert_eq!(profile("en-US"), &en::PROFILE);
        assert_eq!(profile("es"), &es::PROFILE);
        assert_eq!(profile("es-MX"), &es::PROFILE);
        assert_eq!(profile("ES"), &es::PROFILE);
        assert_eq!(profile("zh-Hans"), &zh::PROFILE);
        assert_eq!(profile("fr-CA"), &fr::PROFILE);
        assert!(profile("tl").is_generic());
        assert!(profile("").is_generic());
        assert!(!is_known("de") && is_known("es"));
    }

    #[test]
    fn every_profile_is_registered_once_and_named() {
        for (i, p) in PROFILES.iter().enumerate() {
            assert!(!p.code.is_empty() && !p.name.is_empty(), "{p:?}");
            assert_eq!(profile(p.code), *p, "{} is found by its code", p.code);
            assert!(
                PROFILES[i + 1..].iter().all(|q| q.code != p.code),
                "{} twice",
                p.code
            );
            // Number words, when a language has them, are one to twenty.
            let n = p.number_words.cardinals.len();
            assert!(n == 0 || n == 20, "{}: {n} cardinals", p.code);
        }
    }

    #[test]
    fn directions() {
        assert_eq!(direction("ar-EG"), Direction::Rtl);
        assert_eq!(direction("he"), Direction::Rtl);
        assert_eq!(direction("fa"), Direction::Rtl);
        assert_eq!(direction("en"), Direction::Ltr);
        assert_eq!(direction("zh"), Direction::Ltr);
        assert_eq!(direction("tl"), Direction::Ltr);
        assert_eq!(direction("ar").attribute(), "rtl");
        assert_eq!(direction("pa-Arab"), Direction::Rtl);
        assert_eq!(direction("ar-Latn"), Direction::Ltr);
        assert_eq!(direction("az-Arab-IR"), Direction::Rtl);
    }

    #[test]
    fn generic_profile_has_no_word_rules() {
        let generic = profile("tl");
        assert_eq!(generic.stemmer_name(), "none");
        assert!(generic.stop_words.is_empty() && generic.readability.is_none());
        assert_eq!(generic.name_or("tl"), "tl");
        assert_eq!(profile("es").name_or("es"), "Spanish");
    }

    #[test]
    fn remembered_syllables_are_the_counts() {
        let (en, es) = (profile("en"), profile("es"));
        for _ in 0..2 {
            for word in ["Medication", "IOP’s", "co-occurring", "utilize", "988"] {
                let n = syllables_en::count(word);
                assert_eq!(en.syllables(word), n, "{word}");
                assert_eq!(GENERIC.syllables(word), n, "{word}");
            }
            for word in ["Psiquiatra", "día", "EE", "pingüino"] {
                assert_eq!(es.syllables(word), syllables_es::count(word), "{word}");
            }
        }
        // The same spelling counts by each language's rules.
        assert_eq!(en.syllables_lowercase("dia"), 2);
        assert_eq!(es.syllables_lowercase("dia"), 1);
    }

    #[test]
    fn number_words() {
        let (en, es) = (profile("en"), profile("es"));
        assert_eq!(en.number_word("Twelve", ""), Some(12));
        assert_eq!(en.number_word("one", ""), None);
        assert_eq!(en.number_word("third", ""), Some(3));
        assert_eq!(es.number_word("dos", "las"), None);
        assert_eq!(es.number_word("dos", "cada"), Some(2));
        assert_eq!(profile("zh").number_word("two", ""), None);
    }

    #[test]
    fn arabic_hebrew_and_arabic_script_are_right_to_left() {
        for code in ["ar", "ar-EG", "he", "fa", "ur", "ku-Arab", "pa_Arab"] {
            assert_eq!(direction(code).attribute(), "rtl", "{code}");
        }
        for code in ["en", "es-MX", "zh-Hant", "ku", "arn", "tl"] {
            assert_eq!(direction(code).attribute(), "ltr", "{code}");
        }
    }
}
