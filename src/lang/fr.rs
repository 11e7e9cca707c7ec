//! French: its common words, no stemming yet (see `stemmer`); no readability formula here yet
//! (Kandel and Moles' adaptation of Flesch would need French syllable counting), so the checks
//! say once that French pages are not scored. Crisis phrases are left to a clinician-reviewed
//! list. This profile is also the proof that a language is one file: it touches nothing else.

use super::{Abbreviations, Direction, NumberWords, Profile};

pub(super) const PROFILE: Profile = Profile {
    code: "fr",
    name: "French",
    direction: Direction::Ltr,
    // Snowball French is `Some(Stemmer { algorithm: rust_stemmers::Algorithm::French, name:
    // "french", prepare: None })`, once the search client no longer repeats each stemmer in
    // JavaScript (it refuses a stemmer it does not know, so a French index would not search).
    stemmer: None,
    // The short Snowball list's most frequent words, with question words ("comment",
    // "combien", "quand") as English has "how" and "when".
    stop_words: &[
        "a", "au", "aux", "avec", "ce", "ces", "combien", "comment", "dans", "de", "des", "du",
        "elle", "en", "est", "et", "eux", "il", "je", "la", "le", "les", "leur", "lui", "ma",
        "mais", "me", "mes", "moi", "mon", "ne", "nos", "notre", "nous", "on", "ou", "où", "par",
        "pas", "pour", "quand", "que", "quel", "quelle", "qui", "sa", "se", "ses", "son", "sur",
        "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous",
    ],
    filler_words: &["faire", "savoir", "veux", "besoin", "chose"],
    crisis_phrases: "",
    readability: None,
    abbreviations: Abbreviations {
        // *M. Dupont*, *Mme*, *Dr*, *p. ex.*, *env.*, *tél.*, *cf.*
        never_end: &[
            "m", "mme", "mlle", "dr", "p", "ex", "env", "tél", "cf", "vs", "fig",
        ],
        maybe_end: &["etc"],
        inverted_marks: false,
    },
    number_words: NumberWords {
        cardinals: &[
            "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
            "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
            "vingt",
        ],
        ordinals: &[
            ("troisième", 3),
            ("quatrième", 4),
            ("cinquième", 5),
            ("sixième", 6),
            ("septième", 7),
            ("huitième", 8),
            ("neuvième", 9),
            ("dixième", 10),
        ],
        both: &[],
    },
    english_word_choice: false,
    doubled_capital_plurals: false,
};
