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
        match crate::i18n::word_language(code) {
            Some(crate::i18n::WordLanguage::English) => Language::English,
            Some(crate::i18n::WordLanguage::Spanish) => Language::Spanish,
            None => Language::Other,
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
        self.syllables_lowercase(&word.to_lowercase().replace('’', "'"))
    }

    /// [`Language::syllables`] of a word written in lowercase with plain apostrophes (as
    /// [`super::sentences::Analyzed::lower`] gives it). Prose repeats its words, so each
    /// thread remembers its answers (a bounded memo, cleared when full).
    pub fn syllables_lowercase(self, lower: &str) -> usize {
        type Memo = crate::search::tokenize::FastMap<String, usize>;
        thread_local! {
            /// English (and other languages), then Spanish.
            static MEMO: std::cell::RefCell<[Memo; 2]> = std::cell::RefCell::default();
        }
        const MEMO_LIMIT: usize = 20_000;
        let (which, count): (usize, fn(&str) -> usize) = match self {
            Language::Spanish => (1, super::syllables_es::count_lowercase),
            _ => (0, super::syllables::count_lowercase),
        };
        MEMO.with(|memo| {
            let memo = &mut memo.borrow_mut()[which];
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

    #[test]
    fn remembered_syllables_are_the_counts() {
        for _ in 0..2 {
            for word in ["Medication", "IOP’s", "co-occurring", "utilize", "988"] {
                let n = super::super::syllables::count(word);
                assert_eq!(Language::English.syllables(word), n, "{word}");
                assert_eq!(Language::Other.syllables(word), n, "{word}");
            }
            for word in ["Psiquiatra", "día", "EE", "pingüino"] {
                let n = super::super::syllables_es::count(word);
                assert_eq!(Language::Spanish.syllables(word), n, "{word}");
            }
        }
        // The same spelling counts by each language's rules.
        assert_eq!(Language::English.syllables_lowercase("dia"), 2);
        assert_eq!(Language::Spanish.syllables_lowercase("dia"), 1);
    }
}
