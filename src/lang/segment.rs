//! Cutting text written without spaces into words. Han characters (Chinese, and the kanji of
//! Japanese) are cut with jieba's default dictionary (jieba-rs), on its most probable path
//! without the HMM guesser: what the index holds is then a dictionary word or a single
//! character, which a client can find again in a query by matching the index's own words.
//! Kana are not cut further: a run of hiragana or of katakana is one word (a rough cut for
//! Japanese; a Japanese dictionary would do better, see docs/languages.md).

use std::sync::OnceLock;

/// The script classes whose changes separate words even without a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Han,
    Hiragana,
    Katakana,
    /// Everything else: words of these scripts end only at non-alphanumeric characters.
    Other,
}

/// The class of a character.
pub(crate) fn script(c: char) -> Script {
    match c {
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3005}'
        | '\u{3007}' => Script::Han,
        '\u{3041}'..='\u{309F}' => Script::Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => Script::Katakana,
        _ => Script::Other,
    }
}

/// Calls `emit(word, false)` with each word of a run of Han characters, in order, and after
/// a word of three characters or more `emit(part, true)` with each shorter dictionary word
/// inside it (jieba's search mode), so a query for 门诊 finds 门诊部. The dictionary is read
/// the first time a build meets Han text (a few hundred milliseconds, once per process).
pub(crate) fn han_words(run: &str, emit: &mut impl FnMut(&str, bool)) {
    if run.chars().nth(1).is_none() {
        return emit(run, false);
    }
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    let jieba = JIEBA.get_or_init(jieba_rs::Jieba::new);
    for token in jieba.cut(run, false) {
        let word = token.word;
        emit(word, false);
        if word.chars().nth(2).is_some() {
            for part in jieba.cut_for_search(word, false) {
                if part.word != word {
                    emit(part.word, true);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of a run, and the parts inside them in brackets.
    fn cut(run: &str) -> Vec<String> {
        let mut out = Vec::new();
        han_words(run, &mut |w, part| {
            out.push(if part {
                format!("[{w}]")
            } else {
                w.to_string()
            })
        });
        out
    }

    #[test]
    fn han_runs_are_cut_into_dictionary_words() {
        let words = cut("门诊治疗不影响工作");
        for word in ["门诊", "治疗", "工作"] {
            assert!(words.iter().any(|w| w == word), "{word} in {words:?}");
        }
        let whole: String = words
            .iter()
            .filter(|w| !w.starts_with('['))
            .cloned()
            .collect();
        assert_eq!(whole, "门诊治疗不影响工作", "nothing lost or added");
        assert_eq!(cut("药"), ["药"]);
    }

    #[test]
    fn long_words_bring_their_parts() {
        let words = cut("中华人民共和国");
        assert_eq!(words[0], "中华人民共和国");
        for part in ["[中华]", "[人民]", "[共和国]"] {
            assert!(words.iter().any(|w| w == part), "{part} in {words:?}");
        }
    }

    #[test]
    fn scripts() {
        assert_eq!(script('治'), Script::Han);
        assert_eq!(script('の'), Script::Hiragana);
        assert_eq!(script('カ'), Script::Katakana);
        assert_eq!(script('ー'), Script::Katakana);
        assert_eq!(script('a'), Script::Other);
        assert_eq!(script('한'), Script::Other);
    }
}
