//! Translations against their originals (docs/languages.md): a translation whose original
//! was reviewed or updated after the translation's own last review may miss a change
//! (`translation-stale`, on the translation); a translation on another review cycle than its
//! original (one is sample content and the other not, or their review intervals differ by
//! more than a month: `review-cycle`); and, once per other language that has pages,
//! the default-language pages that have no translation in it (`translation-missing`, on
//! config.toml). An original that is not meant to be translated says so with
//! `[checks] allow = ["translation-missing"]` and a reason, and is left out of the list.

use super::locate;
use super::rules::{Finding, Rule};
use crate::config::{Config, LanguageConfig};
use crate::diagnostics::Diagnostic;
use crate::load::Date;
use crate::resolve::{Entry, Site};

/// How many missing pages a finding names before "and N more".
const LISTED: usize = 10;

/// The original's latest date: its `last_reviewed` or its `updated`, whichever is later
/// (the review when they are the same day), with what happened then.
fn changed(original: &Entry) -> Option<(Date, &'static str)> {
    let front = original.front();
    let reviewed = front.last_reviewed.map(|d| (d, "reviewed"));
    let updated = front.updated.map(|d| (d, "updated"));
    match (reviewed, updated) {
        (Some(r), Some(u)) if u.0 > r.0 => Some(u),
        (Some(r), _) => Some(r),
        (None, u) => u,
    }
}

/// `Español (es)`, or the bare code of a language without a name.
fn label(language: &LanguageConfig) -> String {
    if language.name() == language.code {
        format!("`{}`", language.code)
    } else {
        format!("{} ({})", language.name(), language.code)
    }
}

/// Translations whose original changed after their last review. A translation with no
/// `last_reviewed` is left to `review-missing`.
pub fn stale(site: &Site) -> Vec<(Option<usize>, Finding)> {
    let mut findings = Vec::new();
    for (index, entry) in site.entries.iter().enumerate() {
        if entry.doc.source.text.is_empty() {
            continue;
        }
        let Some(original) = entry.original.map(|o| &site.entries[o]) else {
            continue;
        };
        let (Some(reviewed), Some((changed, what))) =
            (entry.front().last_reviewed, changed(original))
        else {
            continue;
        };
        if changed <= reviewed {
            continue;
        }
        let doc = &entry.doc;
        let original_file = original.doc.source.path.display();
        let span =
            locate::key_value(doc, "last_reviewed").unwrap_or_else(|| locate::missing_key(doc));
        let diagnostic = Rule::TranslationStale
            .at(
                &doc.source,
                span,
                format!(
                    "translation may be out of date: its original {original_file} was {what} on {changed}, after this translation ({}) was last reviewed on {reviewed}",
                    doc.source.path.display()
                ),
            )
            .help(format!(
                "re-review the translation against {original_file} (what changed since {reviewed}), then update last_reviewed and next_review here"
            ));
        findings.push((
            Some(index),
            Finding::new(Rule::TranslationStale, diagnostic),
        ));
    }
    findings
}

/// How a page stands in review, for comparing a translation with its original.
fn cycle(entry: &Entry) -> String {
    let front = entry.front();
    if front.review_status.is_some() {
        return "sample content awaiting review".to_string();
    }
    match (front.last_reviewed, front.next_review) {
        (Some(last), Some(next)) => {
            let days = (next.0 - last.0).num_days();
            format!("reviewed every {}", interval_text(days))
        }
        (Some(_), None) => "reviewed, with no next review".to_string(),
        _ => "not reviewed".to_string(),
    }
}

fn interval_text(days: i64) -> String {
    let months = (days as f64 / 30.44).round() as i64;
    match months {
        m if m % 12 == 0 && m >= 12 => {
            let years = m / 12;
            format!("{years} year{}", if years == 1 { "" } else { "s" })
        }
        m => format!("{m} month{}", if m == 1 { "" } else { "s" }),
    }
}

/// Translations whose review cycle differs from their original's: both follow one policy.
pub fn cycles(site: &Site) -> Vec<(Option<usize>, Finding)> {
    let mut findings = Vec::new();
    for (index, entry) in site.entries.iter().enumerate() {
        let Some(original) = entry.original.map(|o| &site.entries[o]) else {
            continue;
        };
        if entry.doc.source.text.is_empty()
            || original.doc.source.text.is_empty()
            || entry.front().draft
            || original.front().draft
        {
            continue;
        }
        let (mine, theirs) = (cycle(entry), cycle(original));
        let same = match (entry.front(), original.front()) {
            (a, b) if a.review_status.is_some() || b.review_status.is_some() => mine == theirs,
            (a, b) => match (
                a.last_reviewed,
                a.next_review,
                b.last_reviewed,
                b.next_review,
            ) {
                (Some(l1), Some(n1), Some(l2), Some(n2)) => {
                    ((n1.0 - l1.0).num_days() - (n2.0 - l2.0).num_days()).abs() <= 31
                }
                _ => mine == theirs,
            },
        };
        if same {
            continue;
        }
        let doc = &entry.doc;
        let key = ["next_review", "review_status", "last_reviewed"]
            .into_iter()
            .find_map(|k| locate::key_value(doc, k))
            .unwrap_or_else(|| locate::missing_key(doc));
        let diagnostic = Rule::ReviewCycle
            .at(
                &doc.source,
                key,
                format!(
                    "the translation {} is {mine}, its original {} is {theirs}",
                    doc.source.path.display(),
                    original.doc.source.path.display()
                ),
            )
            .help("a page and its translation follow the same review policy: give them the same review interval (or the same status)");
        findings.push((Some(index), Finding::new(Rule::ReviewCycle, diagnostic)));
    }
    findings
}

/// One finding per other language with at least one page: the default-language pages (and
/// sections) that have no translation in it.
pub fn missing(site: &Site, config: &Config) -> Vec<Finding> {
    let Some(default) = config.languages.first() else {
        return Vec::new();
    };
    let originals: Vec<&Entry> = {
        let mut list: Vec<&Entry> = site
            .entries
            .iter()
            .filter(|e| e.lang == default.code && !e.doc.source.text.is_empty())
            .filter(|e| {
                !e.front()
                    .checks
                    .allow
                    .iter()
                    .any(|a| a == Rule::TranslationMissing.id())
            })
            .collect();
        list.sort_by(|a, b| a.doc.rel_path.cmp(&b.doc.rel_path));
        list
    };
    let mut findings = Vec::new();
    for language in config.languages.iter().skip(1) {
        let has_pages = site
            .entries
            .iter()
            .any(|e| e.lang == language.code && !e.doc.source.text.is_empty());
        if !has_pages {
            continue;
        }
        // A page the build made up (a language's home without `_index.es.md`) has no text
        // and is not a translation.
        let translated = |e: &Entry| {
            site.in_language(&e.key, &language.code)
                .is_some_and(|i| !site.entries[i].doc.source.text.is_empty())
        };
        let untranslated: Vec<&str> = originals
            .iter()
            .filter(|e| !translated(e))
            .map(|e| e.doc.rel_path.as_str())
            .collect();
        if untranslated.is_empty() {
            continue;
        }
        let mut names = untranslated
            .iter()
            .take(LISTED)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if untranslated.len() > LISTED {
            names.push_str(&format!(" and {} more", untranslated.len() - LISTED));
        }
        let diagnostic = Diagnostic::warning(format!(
            "{} of {} pages in {} {} no translation in {}: {names}",
            untranslated.len(),
            originals.len(),
            label(default),
            if untranslated.len() == 1 { "has" } else { "have" },
            label(language),
        ))
        .in_file("config.toml")
        .help(format!(
            "translate them as NAME.{code}.md beside each original (docs/languages.md); until then they are absent in {}. A page not meant to be translated can say so with [checks] allow = [\"translation-missing\"] and a reason",
            language.name(),
            code = language.code,
        ));
        findings.push(Finding::new(Rule::TranslationMissing, diagnostic));
    }
    findings
}
