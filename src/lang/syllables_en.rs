//! Syllable counts: from a table derived from the CMU Pronouncing Dictionary (BSD licence,
//! see data/LICENSE-cmudict; data/README.md says how the table was made), embedded in the
//! binary and parsed once, with a rule-based estimate for words the dictionary lacks.
//! Hyphenated words count as the sum of their parts; numbers count as one syllable.

use std::sync::OnceLock;

/// `word<TAB>syllables`, one a line, lowercase, the first pronunciation of each word.
const TABLE: &str = include_str!("data/syllables.tsv");

/// The table as (word, count) pairs in the file's (sorted) order, for binary search: parsing
/// it takes a few milliseconds, much less than hashing 125,000 words.
fn dictionary() -> &'static [(&'static str, u8)] {
    static DICTIONARY: OnceLock<Vec<(&'static str, u8)>> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let mut entries = Vec::with_capacity(130_000);
        for line in TABLE.lines() {
            if let Some((word, count)) = line.split_once('\t') {
                if let Ok(count) = count.parse::<u8>() {
                    entries.push((word, count));
                }
            }
        }
        entries
    })
}

fn lookup(word: &str) -> Option<u8> {
    let dict = dictionary();
    dict.binary_search_by(|(entry, _)| (*entry).cmp(word))
        .ok()
        .map(|i| dict[i].1)
}

/// Whether the dictionary knows `word` (lowercase).
pub fn in_dictionary(word: &str) -> bool {
    lookup(word).is_some()
}

/// Syllables in a token (a word as the checks' sentences cuts it). At least 1.
pub fn count(token: &str) -> usize {
    count_lowercase(&token.to_lowercase().replace('’', "'"))
}

/// [`count`] of a token already in lowercase with plain apostrophes. (The checks call it
/// through [`super::Profile::syllables_lowercase`], which remembers the answers.)
pub fn count_lowercase(lower: &str) -> usize {
    super::syllables_of_parts(lower, count_part)
}

fn count_part(word: &str) -> usize {
    if let Some(n) = lookup(word) {
        return usize::from(n).max(1);
    }
    // Possessives and plurals the dictionary lacks: "IOP's", "IOPs".
    for suffix in ["'s", "s'", "'", "s"] {
        if let Some(base) = word.strip_suffix(suffix).filter(|b| b.len() > 1) {
            if let Some(n) = lookup(base) {
                return usize::from(n).max(1);
            }
        }
    }
    estimate(word)
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'
            | 'á'
            | 'â'
            | 'ä'
            | 'è'
            | 'é'
            | 'ê'
            | 'ë'
            | 'ì'
            | 'í'
            | 'î'
            | 'ï'
            | 'ò'
            | 'ó'
            | 'ô'
            | 'ö'
            | 'ù'
            | 'ú'
            | 'û'
            | 'ü'
    )
}

/// The rule-based fallback: groups of vowels, less a silent final `e` and the silent `e` of
/// `-es` and `-ed`, plus the vowel pairs usually said as two syllables (`ia`, `io`, `eo`).
pub fn estimate(word: &str) -> usize {
    let chars: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if chars.is_empty() {
        return 0;
    }
    if chars.len() <= 3 {
        return 1;
    }
    let mut count = 0usize;
    let mut previous_vowel = false;
    for (i, &c) in chars.iter().enumerate() {
        // A leading y is a consonant ("yes").
        let vowel = is_vowel(c) && !(c == 'y' && i == 0);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    count += split_vowel_pairs(&chars);
    count = count.saturating_sub(silent_endings(&chars));
    count.max(1)
}

/// Vowel pairs that are two syllables ("radio", "video", "trial"), except in `-tion`-like
/// endings, where `i` is part of "sh".
fn split_vowel_pairs(chars: &[char]) -> usize {
    let mut extra = 0;
    for i in 1..chars.len().saturating_sub(1) {
        let pair = (chars[i], chars[i + 1]);
        let before = chars[i - 1];
        let shun = matches!(before, 't' | 's' | 'c' | 'x' | 'g');
        if matches!(pair, ('i', 'a') | ('i', 'o') | ('e', 'o') | ('i', 'u')) && !shun {
            extra += 1;
        }
    }
    extra
}

/// Silent vowels at the end: "make", "makes", "jumped" (but not "table", "tables", "boxes",
/// "wanted").
fn silent_endings(chars: &[char]) -> usize {
    let n = chars.len();
    let consonant = |i: usize| !is_vowel(chars[i]);
    // "-le" after a consonant is a syllable of its own.
    let syllabic_le = |l: usize| chars[l] == 'l' && l > 0 && consonant(l - 1);
    let silent = match (chars[n - 2], chars[n - 1]) {
        (_, 'e') => consonant(n - 2) && !syllabic_le(n - 2),
        ('e', 's') => {
            consonant(n - 3)
                && !matches!(chars[n - 3], 's' | 'x' | 'z' | 'c' | 'g' | 'h')
                && !syllabic_le(n - 3)
        }
        ('e', 'd') => consonant(n - 3) && !matches!(chars[n - 3], 't' | 'd'),
        _ => false,
    };
    usize::from(silent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_is_sorted_and_well_formed() {
        let mut previous = "";
        for line in TABLE.lines() {
            let (word, n) = line.split_once('\t').expect("tab");
            assert!(word > previous, "{word} after {previous}");
            assert!(n.parse::<u8>().is_ok(), "{line}");
            previous = word;
        }
        assert!(dictionary().len() > 120_000);
    }

    #[test]
    fn dictionary_words() {
        for (word, n) in [
            ("the", 1),
            ("treatment", 2),
            ("medication", 4),
            ("utilize", 3),
            ("people", 2),
            ("Buprenorphine", 4),
        ] {
            assert_eq!(count(word), n, "{word}");
        }
    }

    #[test]
    fn hyphens_possessives_numbers() {
        assert_eq!(count("co-occurring"), 4);
        assert_eq!(count("one-on-one"), 3);
        assert_eq!(count("program's"), 2);
        assert_eq!(count("988"), 1);
    }

    #[test]
    fn fallback_rules() {
        for (word, n) in [
            ("zorble", 2),
            ("snarfed", 1),
            ("blimpify", 3),
            ("prozzle", 2),
            ("frimbate", 2),
            ("glorbing", 2),
            ("quazzles", 2),
            ("flomtonia", 4),
            ("IOP", 1),
        ] {
            assert_eq!(estimate(word), n, "{word}");
        }
    }
}
