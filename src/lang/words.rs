//! The one word splitter: what a page's words are, for search indexing, the checks' word
//! counts and reading time alike. It takes text and calls back with each word, lowercased
//! and folded, with its position; it allocates only for words it must rewrite.
//!
//! The rules (the search client repeats them for queries; `tests/search-vectors.json` holds
//! cases both sides run):
//! 1. The text is split at ASCII whitespace; each piece that is not ASCII is normalized with
//!    NFKD and its combining marks (General_Category=Mark) are removed.
//! 2. A word is a run of alphanumeric characters (Unicode Alphabetic or Numeric). An
//!    apostrophe (`'` or `’`) between two such characters joins them and is dropped
//!    (`don't` → `dont`).
//! 3. A change between Han characters, hiragana, katakana and other scripts ends a word,
//!    and a run of Han characters is cut into dictionary words ([`super::segment`]): Chinese
//!    and Japanese write no spaces between words.
//! 4. The word is lowercased. Every word takes a position, so phrase adjacency is measured
//!    in the original text.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::segment::{self, Script};

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Calls `f(word, position)` for every lowercased word of `text`, in order; returns the number
/// of words. The dictionary words inside a long Han word follow it, at its position, and are
/// not counted.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, u32)) -> u32 {
    let mut position = 0u32;
    let mut word = String::new();
    // A part inside a longer word (Han text, see `segment::han_words`) shares its position.
    let mut emit = |w: &str, part: bool| {
        if part {
            f(w, position.saturating_sub(1));
        } else {
            f(w, position);
            position += 1;
        }
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

/// The number of words in `text` (reading time, word counts).
pub fn count(text: &str) -> usize {
    for_each_word(text, |_, _| {}) as usize
}

/// Splits one whitespace-free, normalized piece into lowercased words.
fn words_of_piece(piece: &str, word: &mut String, emit: &mut impl FnMut(&str, bool)) {
    if piece.is_ascii() {
        return ascii_words(piece.as_bytes(), word, emit);
    }
    word.clear();
    let mut chars = piece.chars().peekable();
    let mut lower = String::new();
    let mut script = Script::Other;
    let mut flush = |word: &mut String, script: Script, emit: &mut dyn FnMut(&str, bool)| {
        if word.is_empty() {
            return;
        }
        if script == Script::Han {
            segment::han_words(word, &mut |w, part| emit(w, part));
        } else {
            lower.clear();
            lower.push_str(&word.to_lowercase());
            emit(&lower, false);
        }
        word.clear();
    };
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            let this = segment::script(c);
            if this != script {
                flush(word, script, emit);
                script = this;
            }
            word.push(c);
        } else if is_apostrophe(c)
            && !word.is_empty()
            && chars.peek().is_some_and(|n| n.is_alphanumeric())
        {
            // Joined: "don't" is one word, "dont".
        } else {
            flush(word, script, emit);
        }
    }
    flush(word, script, emit);
}

/// The same rules on ASCII bytes, without decoding characters (most text takes this path). A
/// word already in lowercase and without an apostrophe is passed without copying.
fn ascii_words(piece: &[u8], word: &mut String, emit: &mut impl FnMut(&str, bool)) {
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
            emit(&text[start..i], false);
        } else {
            word.clear();
            word.extend(
                piece[start..i]
                    .iter()
                    .filter(|&&b| b != b'\'')
                    .map(|&b| char::from(b.to_ascii_lowercase())),
            );
            emit(word, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |w, _| out.push(w.to_string()));
        out
    }

    #[test]
    fn latin_words_fold_and_join_at_apostrophes() {
        assert_eq!(
            words("Don’t STOP co-occurring"),
            ["dont", "stop", "co", "occurring"]
        );
        assert_eq!(words("Señal café"), ["senal", "cafe"]);
        assert_eq!(count("Call 988 now."), 3);
    }

    #[test]
    fn chinese_sentences_are_cut_into_words() {
        let found = words("门诊治疗期间，您可以继续工作。");
        for word in ["门诊", "治疗", "工作", "继续"] {
            assert!(found.iter().any(|w| w == word), "{word} in {found:?}");
        }
        // Latin words beside Han characters stay whole: "IOP门诊" is two words.
        assert_eq!(words("IOP门诊"), ["iop", "门诊"]);
        // The parts of a long word share its position and are not counted.
        let mut at = Vec::new();
        let n = for_each_word("中华人民共和国 门诊", |w, p| {
            at.push((w.to_string(), p))
        });
        assert_eq!(n, 2);
        assert!(at.contains(&("人民".to_string(), 0)), "{at:?}");
        assert_eq!(at.last(), Some(&("门诊".to_string(), 1)));
    }

    #[test]
    fn japanese_script_changes_end_words() {
        // Kanji, hiragana and katakana runs are separate words.
        assert_eq!(
            words("カウンセリングを受ける"),
            ["カウンセリンク", "を", "受", "ける"]
        );
    }
}
