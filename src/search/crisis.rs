//! Crisis phrases: the queries that show the crisis resources above the results.
//!
//! Each language profile keeps its phrases as data (`src/lang/crisis/en.txt`, `es.txt`: one
//! phrase a line, `#` comments), and every index carries the phrases of every profile plus
//! every `crisis_terms` the site configures, in any language: a person in crisis may type in
//! their own language on a page in another. [`phrases`] folds each phrase with the index's word
//! splitter (lowercase, accents and apostrophes dropped, one space between words), keeping a
//! final `*` (a word that matches every word it starts). The client matches them on the query's
//! words with typo tolerance, split and joined words and an extra word inside longer phrases
//! (`crisisMatch` in search.js): a false alarm only shows the card, a miss is the worst error.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::tokenize::for_each_word;

/// The phrases of every built-in language profile, as written (comments and blank lines
/// left out).
pub(crate) fn builtin() -> impl Iterator<Item = &'static str> {
    crate::lang::PROFILES
        .iter()
        .flat_map(|p| p.crisis_phrases())
}

/// A phrase folded to its words joined by single spaces, a final `*` kept on a word; `None`
/// when it has no word.
pub fn fold(phrase: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in phrase.split_whitespace() {
        let before = out.len();
        for_each_word(piece, |word, _| out.push(word.to_string()));
        if piece.ends_with('*') && out.len() > before {
            if let Some(last) = out.last_mut() {
                last.push('*');
            }
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// Every built-in phrase and every configured one (`configured`), folded, sorted, once each.
/// A configured phrase without a word is a warning.
pub fn phrases<'a>(
    configured: impl IntoIterator<Item = &'a String>,
    diagnostics: &mut Diagnostics,
) -> Vec<String> {
    let mut out: BTreeSet<String> = builtin().filter_map(fold).collect();
    for phrase in configured {
        match fold(phrase) {
            Some(folded) => {
                out.insert(folded);
            }
            None => diagnostics.push(
                Diagnostic::warning(format!("search crisis term `{phrase}` has no words"))
                    .in_file("config.toml")
                    .help("write a word or phrase, e.g. \"want to die\""),
            ),
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_apostrophes_and_spaces_and_keeps_stars() {
        assert_eq!(
            fold("I  Don't want to LIVE").as_deref(),
            Some("i dont want to live")
        );
        assert_eq!(fold("Autolesión*").as_deref(), Some("autolesion*"));
        assert_eq!(fold("hacerme daño").as_deref(), Some("hacerme dano"));
        assert_eq!(fold(" * ! "), None);
    }

    #[test]
    fn every_profile_phrase_is_already_folded() {
        // The files are written folded, so the phrase a reviewer reads is the one matched.
        for phrase in builtin() {
            assert_eq!(fold(phrase).as_deref(), Some(phrase), "{phrase}");
        }
    }

    #[test]
    fn phrases_hold_every_language_and_the_site_own() {
        let mut diagnostics = Diagnostics::new();
        let extra = vec!["Quiero Desaparecer Ya".to_string(), "¿?".to_string()];
        let all = phrases(&extra, &mut diagnostics);
        for want in [
            "suicid*",
            "want* to die",
            "quiero morir*",
            "sobredosis",
            "quiero desaparecer ya",
        ] {
            assert!(all.iter().any(|p| p == want), "{want}");
        }
        assert_eq!(diagnostics.warning_count(), 1);
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, all);
    }
}
