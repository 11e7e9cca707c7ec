//! English: Snowball English (Porter2) stemming, Flesch-Kincaid readability with syllables
//! from the CMU Pronouncing Dictionary ([`super::syllables_en`]), left to right.

use super::{Abbreviations, Direction, Formula, NumberWords, Profile, Readability, Stemmer};

pub(super) const PROFILE: Profile = Profile {
    code: "en",
    name: "English",
    direction: Direction::Ltr,
    stemmer: Some(Stemmer {
        algorithm: rust_stemmers::Algorithm::English,
        name: "english",
        prepare: None,
    }),
    stop_words: STOP_WORDS,
    filler_words: FILLER,
    crisis_phrases: include_str!("crisis/en.txt"),
    readability: Some(Readability {
        formula: Formula::FleschKincaid,
        syllables: super::syllables_en::count_lowercase,
        long_word_syllables: 3,
    }),
    abbreviations: Abbreviations {
        never_end: &[
            "e.g", "i.e", "vs", "dr", "mr", "mrs", "ms", "st", "no", "approx", "fig", "cf", "ca",
        ],
        maybe_end: &["etc", "a.m", "p.m", "u.s", "inc", "jr", "sr", "ltd", "co"],
        inverted_marks: false,
    },
    number_words: NumberWords {
        cardinals: &[
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        // Third to tenth (an 8th-grade level); "first" and "second" say other things as often.
        ordinals: &[
            ("third", 3),
            ("fourth", 4),
            ("fifth", 5),
            ("sixth", 6),
            ("seventh", 7),
            ("eighth", 8),
            ("ninth", 9),
            ("tenth", 10),
        ],
        both: &[],
    },
    english_word_choice: true,
    doubled_capital_plurals: false,
};

/// Stop words: skipped when indexing and in queries. Question words are here so that "how
/// long does IOP last" searches for "long IOP last".
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by",
    "can", "could", "did", "do", "does", "doing", "done", "for", "from", "had", "has", "have",
    "having", "he", "her", "hers", "him", "his", "how", "i", "if", "im", "in", "into", "is", "it",
    "its", "itself", "ive", "just", "me", "might", "much", "must", "my", "myself", "of", "on",
    "or", "our", "ours", "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "to", "too",
    "us", "very", "was", "we", "were", "what", "whats", "when", "where", "which", "who", "whom",
    "why", "will", "with", "would", "you", "your", "youre", "yours", "yourself",
];

/// Filler: the verbs and nouns of a question's frame rather than its subject. Unlike stop
/// words they are indexed and score where they are (a heading "What happens in a PHP").
const FILLER: &[&str] = &[
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
