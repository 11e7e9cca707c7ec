//! Plain-language helpers: sentences over `[checks] max_sentence_words`, paragraphs over
//! `max_paragraph_words` (in every language), and English words and phrases with a plainer
//! alternative (a built-in list after plainlanguage.gov's, extended or changed by
//! `[checks.avoid]`; on English pages only, since the list and its word endings are
//! English).

use std::collections::BTreeMap;

use super::prose::BlockKind;
use super::readability::{excerpt, first_line};
use super::rules::{Finding, Rule};
use super::sentences::{Analyzed, BlockText, TokenKind};
use super::{ChecksConfig, PageContext};
use crate::search::tokenize::FastMap;

/// Words and phrases to avoid, with the plainer choice.
pub const DEFAULT_AVOID: &[(&str, &str)] = &[
    ("a majority of", "most"),
    ("accordingly", "so"),
    ("adjacent to", "next to"),
    ("aforementioned", "this, that or the name of the thing"),
    ("ameliorate", "improve"),
    ("approximately", "about"),
    ("ascertain", "find out"),
    ("at this point in time", "now"),
    ("commence", "start"),
    ("demonstrate", "show"),
    ("due to the fact that", "because"),
    ("endeavor", "try"),
    ("expedite", "speed up"),
    ("facilitate", "help"),
    ("henceforth", "from now on"),
    ("in lieu of", "instead of"),
    ("in order to", "to"),
    ("in regard to", "about"),
    ("in the event that", "if"),
    ("individuals", "people"),
    ("initiate", "start"),
    ("numerous", "many"),
    ("obtain", "get"),
    ("optimal", "best"),
    ("pertaining to", "about"),
    ("prior to", "before"),
    ("purchase", "buy"),
    ("subsequent to", "after"),
    ("sufficient", "enough"),
    ("terminate", "end"),
    ("utilization", "use"),
    ("utilize", "use"),
    ("with regard to", "about"),
];

/// The endings a word to avoid may carry ("utilizes", "utilized").
const ENDINGS: [&str; 6] = ["s", "es", "d", "ed", "ing", "ly"];
/// The endings that replace a final `e` ("utilizing", "utilization").
const ENDINGS_AFTER_E: [&str; 3] = ["ing", "ion", "ions"];

/// The effective list, each phrase split into lowercase words.
pub struct AvoidList {
    entries: Vec<(Vec<String>, String)>,
    /// Each way a token may be written to start an entry (the entry's first word, or that
    /// word with an ending [`inflected`] allows) → the entries it may start, in list order
    /// (the first that matches wins). A token is compared with those few entries only.
    by_form: FastMap<String, Vec<usize>>,
}

impl AvoidList {
    pub fn new(config: &ChecksConfig) -> AvoidList {
        let mut merged: BTreeMap<String, String> = DEFAULT_AVOID
            .iter()
            .map(|(word, alternative)| (word.to_string(), alternative.to_string()))
            .collect();
        for (word, alternative) in &config.avoid {
            let key = word.trim().to_lowercase();
            if alternative.trim().is_empty() {
                merged.remove(&key);
            } else {
                merged.insert(key, alternative.clone());
            }
        }
        let entries = merged
            .into_iter()
            .map(|(phrase, alternative)| {
                let words = phrase.split_whitespace().map(str::to_string).collect();
                (words, alternative)
            })
            .filter(|(words, _): &(Vec<String>, String)| !words.is_empty())
            .collect::<Vec<_>>();
        let mut by_form: FastMap<String, Vec<usize>> = FastMap::default();
        for (index, (words, _)) in entries.iter().enumerate() {
            for form in forms(&words[0]) {
                let list = by_form.entry(form).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
        AvoidList { entries, by_form }
    }

    /// Every match in one block: (first token, token count, alternative).
    fn matches<'a>(
        &'a self,
        analyzed: &Analyzed,
        block: &BlockText,
        text: &str,
    ) -> Vec<(usize, usize, &'a str)> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < block.tokens.len() {
            let candidates = self
                .by_form
                .get(analyzed.lower(&block.tokens[i]))
                .map_or(&[][..], Vec::as_slice);
            let hit = candidates
                .iter()
                .map(|&index| &self.entries[index])
                .find(|(words, _)| phrase_at(analyzed, block, i, words, text));
            match hit {
                Some((words, alternative)) => {
                    found.push((i, words.len(), alternative.as_str()));
                    i += words.len();
                }
                None => i += 1,
            }
        }
        found
    }
}

/// `word` and `word` with each ending [`inflected`] allows.
fn forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    forms.extend(ENDINGS.iter().map(|ending| format!("{word}{ending}")));
    if let Some(stem) = word.strip_suffix('e').filter(|stem| !stem.is_empty()) {
        forms.extend(
            ENDINGS_AFTER_E
                .iter()
                .map(|ending| format!("{stem}{ending}")),
        );
    }
    forms
}

/// Whether `words` start at token `i`, written with only spaces between them; the last
/// word may carry an ending ("utilizes", "utilized", "utilizing").
fn phrase_at(
    analyzed: &Analyzed,
    block: &BlockText,
    i: usize,
    words: &[String],
    text: &str,
) -> bool {
    let tokens = &block.tokens;
    if i + words.len() > tokens.len() {
        return false;
    }
    for (k, word) in words.iter().enumerate() {
        let token = &tokens[i + k];
        if token.kind != TokenKind::Word {
            return false;
        }
        let lower = analyzed.lower(token);
        let last = k + 1 == words.len();
        if !(lower == word || (last && inflected(lower, word))) {
            return false;
        }
        if k > 0 {
            let gap = text
                .get(tokens[i + k - 1].at.end..token.at.start)
                .unwrap_or("x");
            if !gap.chars().all(char::is_whitespace) {
                return false;
            }
        }
    }
    true
}

fn inflected(word: &str, base: &str) -> bool {
    let Some(ending) = word.strip_prefix(base) else {
        // "utilizing": the final e dropped.
        return base
            .strip_suffix('e')
            .and_then(|stem| word.strip_prefix(stem))
            .is_some_and(|ending| ENDINGS_AFTER_E.contains(&ending));
    };
    ENDINGS.contains(&ending)
}

pub fn check(page: &PageContext, avoid: &AvoidList, findings: &mut Vec<Finding>) {
    sentence_length(page, findings);
    paragraph_length(page, findings);
    if page.language.english_word_choice {
        word_choice(page, avoid, findings);
    }
}

fn sentence_length(page: &PageContext, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    let limit = page.config.max_sentence_words;
    let analyzed = &page.analyzed;
    for sentence in &analyzed.sentences {
        if !analyzed.blocks[sentence.block].kind.is_prose() {
            continue;
        }
        let words = analyzed.words(sentence).count();
        if words <= limit {
            continue;
        }
        findings.push(Finding::new(
            Rule::SentenceLength,
            Rule::SentenceLength
                .at(
                    source,
                    first_line(&source.text, sentence.span.clone()),
                    format!("sentence has {words} words, over the limit of {limit}"),
                )
                .help(format!(
                    "split \"{}\" into shorter sentences; most should be under 20 words",
                    excerpt(&page.prose, analyzed, sentence, 8)
                )),
        ));
    }
}

fn paragraph_length(page: &PageContext, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    let limit = page.config.max_paragraph_words;
    for block in &page.analyzed.blocks {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let words = block.tokens.iter().filter(|t| t.counts()).count();
        let Some(first) = block.tokens.first() else {
            continue;
        };
        if words > limit {
            findings.push(Finding::new(
                Rule::ParagraphLength,
                Rule::ParagraphLength
                    .at(
                        source,
                        first_line(&source.text, first.span.start..block.tokens[block.tokens.len() - 1].span.end),
                        format!("paragraph has {words} words, over the limit of {limit}"),
                    )
                    .help("break it into shorter paragraphs of one idea each, or turn steps into a list"),
            ));
        }
    }
}

fn word_choice(page: &PageContext, avoid: &AvoidList, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    for block in &page.analyzed.blocks {
        let text = &page.prose.blocks[block.block].mapped.text;
        for (start, len, alternative) in avoid.matches(&page.analyzed, block, text) {
            let first = &block.tokens[start];
            let last = &block.tokens[start + len - 1];
            let written = text.get(first.at.start..last.at.end).unwrap_or_default();
            findings.push(Finding::new(
                Rule::WordChoice,
                Rule::WordChoice
                    .at(
                        source,
                        first.span.start..last.span.end,
                        format!("`{written}` has a plainer alternative"),
                    )
                    .help(format!("write \"{alternative}\" instead of \"{written}\"")),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{findings_for, findings_with, of_rule, page_in, page_with};
    use crate::check::Rule;

    #[test]
    fn word_choice_is_english_only_lengths_are_not() {
        let long = vec!["palabra"; 31].join(" ");
        let page = page_in(
            "es",
            "title = \"A\"",
            &format!("Dice \"utilize\" y \"prior to\" en inglés.\n\n{long}.\n"),
        );
        let found = findings_for(&page, "2026-06-01");
        assert!(
            !found.iter().any(|(r, _)| *r == Rule::WordChoice),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(r, _)| *r == Rule::SentenceLength),
            "{found:?}"
        );
    }

    #[test]
    fn long_sentences_and_paragraphs() {
        let long = vec!["word"; 31].join(" ");
        let page = page_with("title = \"A\"", &format!("{long}.\n\nShort one.\n"));
        let found = of_rule(&page, Rule::SentenceLength);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("31 words"), "{found:?}");
        let paragraph =
            vec!["Ten words in this sentence make it count for the test."; 13].join(" ");
        let page = page_with("title = \"A\"", &paragraph);
        let found = of_rule(&page, Rule::ParagraphLength);
        assert!(found[0].contains("143 words"), "{found:?}");
    }

    #[test]
    fn words_to_avoid_with_endings_and_phrases() {
        let page = page_with(
            "title = \"A\"",
            "We utilized tools in order to help. Order, to be clear, prior to care.\n\n| Facilitating |\n|--|\n| x |\n",
        );
        let found = of_rule(&page, Rule::WordChoice);
        let helps: Vec<&str> = found
            .iter()
            .map(|f| f.split(" | ").nth(1).unwrap())
            .collect();
        assert_eq!(
            helps,
            vec![
                "write \"use\" instead of \"utilized\"",
                "write \"to\" instead of \"in order to\"",
                "write \"before\" instead of \"prior to\"",
                "write \"help\" instead of \"Facilitating\"",
            ]
        );
    }

    #[test]
    fn config_adds_and_removes_words() {
        let page = page_with("title = \"A\"", "We utilize and leverage it.");
        let found: Vec<String> = findings_with(
            &page,
            "2026-06-01",
            "[checks.avoid]\nutilize = \"\"\nleverage = \"use\"\n",
        )
        .into_iter()
        .filter(|(r, _)| *r == Rule::WordChoice)
        .map(|(_, t)| t)
        .collect();
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("leverage"), "{found:?}");
    }
}
