//! Readability of an article's prose. English: Flesch-Kincaid grade (Kincaid et al. 1975),
//! Flesch Reading Ease (Flesch 1948) and SMOG grade (McLaughlin 1969). Spanish:
//! Fernández-Huerta's *lecturabilidad* (1959, as corrected by Law 2011) and Szigriszt-Pazos'
//! perspicuity (1993) read on the INFLESZ scale (Barrio-Cantalejo et al. 2008). All come
//! from counts of sentences, words, syllables and long words. The rule compares the
//! article's score with its target (the page's `[checks]` override or the site's) and names
//! the hardest sentences, so an editor knows what to rewrite.

use serde::Serialize;

use super::prose::Prose;
use super::rules::{Finding, Rule};
use super::sentences::{Analyzed, Sentence};
use super::Language;
use super::PageContext;
use crate::lang::Formula;

/// What the formulas are computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    /// Long words: of three or more syllables in English, four or more in Spanish
    /// ([`crate::lang::Profile::long_word_syllables`]).
    pub polysyllables: usize,
}

/// The three scores; `None` fields never happen once there is a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub grade: f64,
    pub reading_ease: f64,
    pub smog: f64,
}

/// The Spanish scores. Higher is easier, as with Flesch Reading Ease.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpanishScores {
    /// Fernández-Huerta: 206.84 − 60 × syllables/words − 1.02 × words/sentences.
    pub fernandez_huerta: f64,
    /// Szigriszt-Pazos perspicuity, the INFLESZ score: 206.835 − 62.3 × syllables/words
    /// − words/sentences.
    pub inflesz: f64,
}

/// The bands of the INFLESZ scale (Barrio-Cantalejo et al. 2008), each from its lower
/// bound: below 40, 40 to 55, 55 to 65, 65 to 80, 80 and above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum InfleszBand {
    MuyDificil,
    AlgoDificil,
    Normal,
    BastanteFacil,
    MuyFacil,
}

impl InfleszBand {
    pub fn of(score: f64) -> InfleszBand {
        match score {
            s if s >= 80.0 => InfleszBand::MuyFacil,
            s if s >= 65.0 => InfleszBand::BastanteFacil,
            s if s >= 55.0 => InfleszBand::Normal,
            s if s >= 40.0 => InfleszBand::AlgoDificil,
            _ => InfleszBand::MuyDificil,
        }
    }

    /// The band's name on the scale, in Spanish as published.
    pub fn name(self) -> &'static str {
        match self {
            InfleszBand::MuyDificil => "muy difícil",
            InfleszBand::AlgoDificil => "algo difícil",
            InfleszBand::Normal => "normal",
            InfleszBand::BastanteFacil => "bastante fácil",
            InfleszBand::MuyFacil => "muy fácil",
        }
    }
}

impl SpanishScores {
    pub fn band(&self) -> InfleszBand {
        InfleszBand::of(self.inflesz)
    }
}

impl Counts {
    /// The counts of English text.
    pub fn of(analyzed: &Analyzed) -> Counts {
        Counts::in_language(analyzed, crate::lang::profile("en"))
    }

    /// The counts of text in `language`: syllables and long words by its rules.
    pub fn in_language(analyzed: &Analyzed, language: Language) -> Counts {
        let mut counts = Counts::default();
        for sentence in analyzed.sentences.iter().filter(|s| is_prose(analyzed, s)) {
            let one = sentence_counts(analyzed, sentence, language);
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

    /// The Spanish scores, or `None` for a text with no words.
    pub fn spanish_scores(&self) -> Option<SpanishScores> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let words_per_sentence = self.words as f64 / self.sentences as f64;
        let syllables_per_word = self.syllables as f64 / self.words as f64;
        Some(SpanishScores {
            fernandez_huerta: 206.84 - 60.0 * syllables_per_word - 1.02 * words_per_sentence,
            inflesz: 206.835 - 62.3 * syllables_per_word - words_per_sentence,
        })
    }
}

fn is_prose(analyzed: &Analyzed, sentence: &Sentence) -> bool {
    analyzed.blocks[sentence.block].kind.is_prose()
}

/// Counts of one sentence.
pub fn sentence_counts(analyzed: &Analyzed, sentence: &Sentence, language: Language) -> Counts {
    let mut counts = Counts {
        sentences: 1,
        ..Counts::default()
    };
    let long = language.long_word_syllables();
    for token in analyzed.words(sentence) {
        let n = match token.kind {
            super::sentences::TokenKind::Word => {
                language.syllables_lowercase(analyzed.lower(token))
            }
            _ => 1,
        };
        counts.words += 1;
        counts.syllables += n;
        if n >= long {
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
    /// Words plus three per long word: the longest sentences with the most long words rank
    /// first. (The grade formula of one sentence would rank a one-word heading like
    /// "Overview" above a 40-word sentence.)
    pub score: f64,
}

/// The `n` hardest prose sentences, hardest first (ties: the earlier one).
pub fn hardest(analyzed: &Analyzed, n: usize, language: Language) -> Vec<HardSentence> {
    let mut ranked: Vec<HardSentence> = analyzed
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| is_prose(analyzed, s))
        .map(|(index, s)| {
            let counts = sentence_counts(analyzed, s, language);
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

/// The rule: warns (errors with `--strict`, applied by `run`) when the article's score is
/// beyond its target: an English grade above `max_grade`, a Spanish INFLESZ score below
/// `min_inflesz`. Other languages have no formula here and are not judged.
pub fn check(page: &PageContext, findings: &mut Vec<Finding>) {
    if page.counts.words < page.config.min_words {
        return;
    }
    let formula = page.language.readability.map(|r| r.formula);
    let problem = match (formula, page.scores, page.spanish) {
        (Some(Formula::FleschKincaid), Some(scores), _) if scores.grade > page.max_grade => format!(
            "reading level is grade {} (Flesch-Kincaid), above the target of {}",
            grade_text(scores.grade),
            trim_number(page.max_grade)
        ),
        (Some(Formula::Inflesz), _, Some(scores)) if scores.inflesz < page.min_inflesz => format!(
            "reading ease is {} on the INFLESZ scale (\"{}\"; Fernández-Huerta {}), below the target of {}",
            grade_text(scores.inflesz),
            scores.band().name(),
            grade_text(scores.fernandez_huerta),
            trim_number(page.min_inflesz)
        ),
        _ => return,
    };
    let hard = hardest(&page.analyzed, 3, page.language);
    let Some(first) = hard.first() else {
        return;
    };
    let source = &page.entry.doc.source;
    let sentence = &page.analyzed.sentences[first.index];
    let span = first_line(&source.text, sentence.span.clone());
    let long = page.language.long_word_syllables();
    let lines: Vec<String> = hard
        .iter()
        .map(|h| {
            let s = &page.analyzed.sentences[h.index];
            let line = crate::diagnostics::line_col(&source.text, s.span.start).0;
            format!(
                "line {line}: \"{}\" ({} words, {} of {long}+ syllables)",
                excerpt(&page.prose, &page.analyzed, s, 8),
                h.counts.words,
                h.counts.polysyllables
            )
        })
        .collect();
    let diagnostic = Rule::Readability.at(source, span, problem).help(format!(
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
        let hard = hardest(&analyzed, 2, crate::lang::profile("en"));
        assert_eq!(hard[0].index, 1);
        assert_eq!(
            excerpt(&prose, &analyzed, &analyzed.sentences[1], 3),
            "Comprehensive, multidisciplinary evaluation …"
        );
    }

    fn spanish(md: &str) -> Counts {
        let prose = Prose::parse(md, 0, true);
        Counts::in_language(
            &Analyzed::in_language(&prose, crate::lang::profile("es")),
            crate::lang::profile("es"),
        )
    }

    #[test]
    fn spanish_one_short_sentence() {
        // "El niño come pan." El 1, ni-ño 2, co-me 2, pan 1: 1 sentence, 4 words,
        // 6 syllables.
        // Fernández-Huerta = 206.84 − 60 × 6/4 − 1.02 × 4/1 = 206.84 − 90 − 4.08 = 112.76
        // INFLESZ = 206.835 − 62.3 × 1.5 − 4 = 206.835 − 93.45 − 4 = 109.385 (muy fácil)
        let c = spanish("El niño come pan.");
        assert_eq!(
            c,
            Counts {
                sentences: 1,
                words: 4,
                syllables: 6,
                polysyllables: 0
            }
        );
        let s = c.spanish_scores().unwrap();
        close(s.fernandez_huerta, 112.76);
        close(s.inflesz, 109.385);
        assert_eq!(s.band(), InfleszBand::MuyFacil);
    }

    #[test]
    fn spanish_clinical_sentences() {
        // "La terapia ayuda a la persona con adicción." La 1, te-ra-pia 3, a-yu-da 3, a 1,
        //   la 1, per-so-na 3, con 1, a-dic-ción 3: 8 words, 16 syllables.
        // "El psiquiatra revisa la medicación cada día." El 1, psi-quia-tra 3, re-vi-sa 3,
        //   la 1, me-di-ca-ción 4, ca-da 2, dí-a 2: 7 words, 16 syllables, 1 word of 4+.
        // Totals: 2 sentences, 15 words, 32 syllables.
        // Fernández-Huerta = 206.84 − 60 × 32/15 − 1.02 × 15/2 = 206.84 − 128 − 7.65 = 71.19
        // INFLESZ = 206.835 − 62.3 × 2.1333 − 7.5 = 206.835 − 132.9067 − 7.5 = 66.4283
        //   (bastante fácil)
        let c = spanish(
            "La terapia ayuda a la persona con adicción. El psiquiatra revisa la medicación cada día.",
        );
        assert_eq!(
            c,
            Counts {
                sentences: 2,
                words: 15,
                syllables: 32,
                polysyllables: 1
            }
        );
        let s = c.spanish_scores().unwrap();
        close(s.fernandez_huerta, 71.19);
        close(s.inflesz, 66.4283);
        assert_eq!(s.band(), InfleszBand::BastanteFacil);
    }

    #[test]
    fn spanish_hard_sentence() {
        // La 1, hos-pi-ta-li-za-ción 6, par-cial 2, pro-por-cio-na 4, in-ter-ven-cio-nes 5,
        // psi-co-te-ra-péu-ti-cas 7, in-ten-si-vas 4, y 1, su-per-vi-sión 4,
        // far-ma-co-ló-gi-ca 6, con-ti-nua-da 4: 1 sentence, 11 words, 44 syllables,
        // 8 words of 4+.
        // Fernández-Huerta = 206.84 − 60 × 4 − 1.02 × 11 = 206.84 − 240 − 11.22 = −44.38
        // INFLESZ = 206.835 − 62.3 × 4 − 11 = 206.835 − 249.2 − 11 = −53.365 (muy difícil)
        let c = spanish(
            "La hospitalización parcial proporciona intervenciones psicoterapéuticas intensivas y supervisión farmacológica continuada.",
        );
        assert_eq!(
            c,
            Counts {
                sentences: 1,
                words: 11,
                syllables: 44,
                polysyllables: 8
            }
        );
        let s = c.spanish_scores().unwrap();
        close(s.fernandez_huerta, -44.38);
        close(s.inflesz, -53.365);
        assert_eq!(s.band(), InfleszBand::MuyDificil);
    }

    #[test]
    fn inflesz_bands_start_at_their_lower_bound() {
        for (score, band) in [
            (39.9, InfleszBand::MuyDificil),
            (40.0, InfleszBand::AlgoDificil),
            (54.9, InfleszBand::AlgoDificil),
            (55.0, InfleszBand::Normal),
            (64.9, InfleszBand::Normal),
            (65.0, InfleszBand::BastanteFacil),
            (79.9, InfleszBand::BastanteFacil),
            (80.0, InfleszBand::MuyFacil),
        ] {
            assert_eq!(InfleszBand::of(score), band, "{score}");
        }
        assert_eq!(InfleszBand::AlgoDificil.name(), "algo difícil");
    }

    #[test]
    fn spanish_pages_are_judged_on_inflesz() {
        use crate::check::testing::{findings_for, findings_with, page_in};
        // Two easy sentences and the hard one, four times: 12 sentences, 108 words,
        // 304 syllables. INFLESZ = 206.835 − 62.3 × 304/108 − 108/12 = 22.47;
        // Fernández-Huerta = 206.84 − 60 × 304/108 − 1.02 × 9 = 28.77.
        let hard = "La terapia ayuda a la persona con adicción. La terapia ayuda a la persona con adicción. La hospitalización parcial proporciona intervenciones psicoterapéuticas intensivas y supervisión farmacológica continuada. ".repeat(4);
        let page = page_in("es", "title = \"A\"", &hard);
        let found: Vec<String> = findings_for(&page, "2026-06-01")
            .into_iter()
            .filter(|(r, _)| *r == Rule::Readability)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("reading ease is 22.5 on the INFLESZ scale (\"muy difícil\"; Fernández-Huerta 28.8), below the target of 55"),
            "{found:?}"
        );
        assert!(found[0].contains("8 of 4+ syllables"), "{found:?}");
        assert!(!found[0].contains("Flesch-Kincaid"));
        // The site's target, and the page's own.
        let site_target = findings_with(&page, "2026-06-01", "[checks]\nmin_inflesz = 20\n");
        assert!(!site_target.iter().any(|(r, _)| *r == Rule::Readability));
        let page = page_in(
            "es",
            "title = \"A\"\n[checks]\nmin_inflesz = 20\nreason = \"Para profesionales.\"",
            &hard,
        );
        let found = findings_for(&page, "2026-06-01");
        assert!(
            !found
                .iter()
                .any(|(r, _)| matches!(r, Rule::Readability | Rule::CheckOverride)),
            "{found:?}"
        );
        // Other languages have no formula.
        let page = page_in("fr", "title = \"A\"", &hard);
        assert!(!findings_for(&page, "2026-06-01")
            .iter()
            .any(|(r, _)| *r == Rule::Readability));
    }

    #[test]
    fn empty_text_has_no_scores() {
        assert_eq!(counts("").scores(), None);
        assert_eq!(counts("```\ncode\n```").scores(), None);
    }
}
