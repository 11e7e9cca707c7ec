//! Readability of an article's prose: Flesch-Kincaid grade (Kincaid et al. 1975), Flesch
//! Reading Ease (Flesch 1948) and SMOG grade (McLaughlin 1969), from counts of sentences,
//! words, syllables and words of three or more syllables. The rule compares the grade with
//! the target (the page's `[checks] max_grade` or the site's) and names the hardest
//! sentences, so an editor knows what to rewrite.

use serde::Serialize;

use super::prose::Prose;
use super::rules::{Finding, Rule};
use super::sentences::{Analyzed, Sentence};
use super::syllables;
use super::PageContext;

/// What the formulas are computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
}

/// The three scores; `None` fields never happen once there is a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub grade: f64,
    pub reading_ease: f64,
    pub smog: f64,
}

impl Counts {
    pub fn of(analyzed: &Analyzed) -> Counts {
        let mut counts = Counts::default();
        for sentence in analyzed.sentences.iter().filter(|s| is_prose(analyzed, s)) {
            let one = sentence_counts(analyzed, sentence);
            if one.words > 0 {
                counts.sentences += 1;
                counts.words += one.words;
                counts.syllables += one.syllables;
                counts.polysyllables += one.polysyllables;
            }
        }
        counts
    }

    /// The scores, or `None` for a text with no words.
    pub fn scores(&self) -> Option<Scores> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let words_per_sentence = self.words as f64 / self.sentences as f64;
        let syllables_per_word = self.syllables as f64 / self.words as f64;
        Some(Scores {
            grade: 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59,
            reading_ease: 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word,
            smog: 1.0430 * (self.polysyllables as f64 * 30.0 / self.sentences as f64).sqrt()
                + 3.1291,
        })
    }
}

fn is_prose(analyzed: &Analyzed, sentence: &Sentence) -> bool {
    analyzed.blocks[sentence.block].kind.is_prose()
}

/// Counts of one sentence.
pub fn sentence_counts(analyzed: &Analyzed, sentence: &Sentence) -> Counts {
    let mut counts = Counts {
        sentences: 1,
        ..Counts::default()
    };
    for token in analyzed.words(sentence) {
        let n = match token.kind {
            super::sentences::TokenKind::Word => syllables::count(&token.text),
            _ => 1,
        };
        counts.words += 1;
        counts.syllables += n;
        if n >= 3 {
            counts.polysyllables += 1;
        }
    }
    counts
}

/// A sentence ranked by difficulty.
#[derive(Debug, Clone)]
pub struct HardSentence {
    pub index: usize,
    pub counts: Counts,
    /// Words plus three per word of 3+ syllables: the longest sentences with the most long
    /// words rank first. (The grade formula of one sentence would rank a one-word heading
    /// like "Overview" above a 40-word sentence.)
    pub score: f64,
}

/// The `n` hardest prose sentences, hardest first (ties: the earlier one).
pub fn hardest(analyzed: &Analyzed, n: usize) -> Vec<HardSentence> {
    let mut ranked: Vec<HardSentence> = analyzed
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| is_prose(analyzed, s))
        .map(|(index, s)| {
            let counts = sentence_counts(analyzed, s);
            let score = (counts.words + 3 * counts.polysyllables) as f64;
            HardSentence {
                index,
                counts,
                score,
            }
        })
        .filter(|h| h.counts.words > 0)
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
    ranked.truncate(n);
    ranked
}

/// The first words of a sentence as written (without Markdown), for a help line.
pub fn excerpt(prose: &Prose, analyzed: &Analyzed, sentence: &Sentence, words: usize) -> String {
    let tokens = analyzed.tokens(sentence);
    let (Some(first), Some(last)) = (tokens.first(), tokens[..words.min(tokens.len())].last())
    else {
        return String::new();
    };
    let text = &prose.blocks[analyzed.blocks[sentence.block].block]
        .mapped
        .text;
    let shown = text.get(first.at.start..last.at.end).unwrap_or_default();
    let mut shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    if tokens.len() > words {
        shown.push_str(" …");
    }
    shown
}

/// Formats a grade for messages and tables: one decimal.
pub fn grade_text(grade: f64) -> String {
    format!("{grade:.1}")
}

/// The rule: warns (errors with `--strict`, applied by `run`) when the grade is above target.
pub fn check(page: &PageContext, findings: &mut Vec<Finding>) {
    let Some(scores) = page.scores else {
        return;
    };
    if page.counts.words < page.config.min_words || scores.grade <= page.max_grade {
        return;
    }
    let hard = hardest(&page.analyzed, 3);
    let Some(first) = hard.first() else {
        return;
    };
    let source = &page.entry.doc.source;
    let sentence = &page.analyzed.sentences[first.index];
    let span = first_line(&source.text, sentence.span.clone());
    let lines: Vec<String> = hard
        .iter()
        .map(|h| {
            let s = &page.analyzed.sentences[h.index];
            let line = crate::diagnostics::line_col(&source.text, s.span.start).0;
            format!(
                "line {line}: \"{}\" ({} words, {} of 3+ syllables)",
                excerpt(&page.prose, &page.analyzed, s, 8),
                h.counts.words,
                h.counts.polysyllables
            )
        })
        .collect();
    let diagnostic = Rule::Readability
        .at(
            source,
            span,
            format!(
                "reading level is grade {} (Flesch-Kincaid), above the target of {}",
                grade_text(scores.grade),
                trim_number(page.max_grade)
            ),
        )
        .help(format!(
            "use shorter sentences and shorter words; the hardest sentences are {}",
            lines.join("; ")
        ));
    findings.push(Finding::new(Rule::Readability, diagnostic));
}

/// `8` rather than `8.0`; `8.5` stays.
pub fn trim_number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

/// The part of `span` on its first line, so a snippet stays one line long.
pub fn first_line(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let end = text
        .get(span.clone())
        .and_then(|s| s.find('\n'))
        .map_or(span.end, |i| span.start + i);
    span.start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(md: &str) -> Counts {
        Counts::of(&Analyzed::new(&Prose::parse(md, 0, true)))
    }

    /// Scores must match hand computation to within 0.01.
    fn close(got: f64, want: f64) {
        assert!((got - want).abs() < 0.01, "got {got}, want {want}");
    }

    #[test]
    fn one_short_sentence() {
        // "The cat sat on the mat." 1 sentence, 6 words, 6 syllables (every word has one),
        // no word of 3+ syllables.
        // grade = 0.39 × 6/1 + 11.8 × 6/6 − 15.59 = 2.34 + 11.8 − 15.59 = −1.45
        // ease  = 206.835 − 1.015 × 6 − 84.6 × 1 = 206.835 − 6.09 − 84.6 = 116.145
        // SMOG  = 1.0430 × √(0 × 30 / 1) + 3.1291 = 3.1291
        let c = counts("The cat sat on the mat.");
        assert_eq!(
            c,
            Counts {
                sentences: 1,
                words: 6,
                syllables: 6,
                polysyllables: 0
            }
        );
        let s = c.scores().unwrap();
        close(s.grade, -1.45);
        close(s.reading_ease, 116.145);
        close(s.smog, 3.1291);
    }

    #[test]
    fn clinical_sentences() {
        // "Your treatment team will review your medication." treatment 2, medication 4,
        //   review 2, the other four words 1 each: 7 words, 12 syllables, 1 polysyllable.
        // "Intensive outpatient programs meet many times a week." intensive 3, outpatient 3,
        //   programs 2, many 2, meet, times, a, week 1 each: 8 words, 14 syllables,
        //   2 polysyllables.
        // Totals: 2 sentences, 15 words, 26 syllables, 3 polysyllables.
        // grade = 0.39 × 15/2 + 11.8 × 26/15 − 15.59 = 2.925 + 20.4533 − 15.59 = 7.7883
        // ease  = 206.835 − 1.015 × 7.5 − 84.6 × 1.7333 = 206.835 − 7.6125 − 146.64 = 52.5825
        // SMOG  = 1.0430 × √(3 × 30 / 2) + 3.1291 = 1.0430 × 6.7082 + 3.1291 = 10.1258
        let c = counts(
            "Your treatment team will review your medication. Intensive outpatient programs meet many times a week.",
        );
        assert_eq!(
            c,
            Counts {
                sentences: 2,
                words: 15,
                syllables: 26,
                polysyllables: 3
            }
        );
        let s = c.scores().unwrap();
        close(s.grade, 7.7883);
        close(s.reading_ease, 52.5825);
        close(s.smog, 10.1258);
    }

    #[test]
    fn headings_and_list_items_are_sentences_tables_and_code_are_not() {
        // Heading "Key points" (2 words, 2 syllables), item "Call us" (2, 2), item
        // "Bring your card" (3, 3); the table and the code block are left out.
        // 3 sentences, 7 words, 7 syllables:
        // grade = 0.39 × 7/3 + 11.8 × 1 − 15.59 = 0.91 + 11.8 − 15.59 = −2.88
        let c = counts(
            "## Key points\n\n- Call us\n- Bring your card\n\n| Long | Table |\n| --- | --- |\n| words | everywhere |\n\n```\nignored code here\n```\n",
        );
        assert_eq!(
            c,
            Counts {
                sentences: 3,
                words: 7,
                syllables: 7,
                polysyllables: 0
            }
        );
        close(c.scores().unwrap().grade, -2.88);
    }

    #[test]
    fn hardest_sentence_comes_first() {
        let prose = Prose::parse(
            "Go now. Comprehensive, multidisciplinary\nevaluation determines appropriate placement. Rest.",
            0,
            true,
        );
        let analyzed = Analyzed::new(&prose);
        let hard = hardest(&analyzed, 2);
        assert_eq!(hard[0].index, 1);
        assert_eq!(
            excerpt(&prose, &analyzed, &analyzed.sentences[1], 3),
            "Comprehensive, multidisciplinary evaluation …"
        );
    }

    #[test]
    fn empty_text_has_no_scores() {
        assert_eq!(counts("").scores(), None);
        assert_eq!(counts("```\ncode\n```").scores(), None);
    }
}
