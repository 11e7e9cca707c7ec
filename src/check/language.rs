//! The language of a page, as far as the checks care: English and Spanish have their own
//! syllable counts, sentence rules and readability formulas; any other language gets only
//! the rules that do not depend on words (docs/checks.md lists which rules run where).

/// A page's language for the checks, from its `lang` code (`en`, `es-MX`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Spanish,
    /// A language the checks have no word rules or readability formula for.
    Other,
}

impl Language {
    /// By the primary subtag of a BCP 47 code: `es`, `es-MX` and `ES` are Spanish.
    pub fn of(code: &str) -> Language {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Language::English
        } else if primary.eq_ignore_ascii_case("es") {
            Language::Spanish
        } else {
            Language::Other
        }
    }

    /// Syllables from which a word counts as long, for ranking the hardest sentences (and,
    /// in English, for SMOG). Spanish words are longer on average (about two syllables
    /// against one and a half), so a Spanish word is long from four.
    pub fn long_word_syllables(self) -> usize {
        match self {
            Language::Spanish => 4,
            _ => 3,
        }
    }

    /// Syllables in a word of this language.
    pub fn syllables(self, word: &str) -> usize {
        match self {
            Language::Spanish => super::syllables_es::count(word),
            _ => super::syllables::count(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(Language::of("en"), Language::English);
        assert_eq!(Language::of("en-US"), Language::English);
        assert_eq!(Language::of("es"), Language::Spanish);
        assert_eq!(Language::of("es-MX"), Language::Spanish);
        assert_eq!(Language::of("ES"), Language::Spanish);
        assert_eq!(Language::of("fr"), Language::Other);
        assert_eq!(Language::of(""), Language::Other);
    }
}
