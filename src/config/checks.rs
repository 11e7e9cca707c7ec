//! The settings of the editorial checks that files hold: `[checks]` in config.toml
//! ([`ChecksConfig`]) and `[checks]` in a page's front matter ([`PageChecks`]). Every field is
//! documented in docs/checks.md; defaults follow shared/CONTENT.md (grade 8, reviews every
//! three years, descriptions of 160 characters). Owned by config, so config imports no stage.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a rule's findings are: `off` silences it, the others set its severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Off,
    Warning,
    Error,
}

/// `[checks]` in config.toml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChecksConfig {
    /// Highest Flesch-Kincaid grade an English article may have.
    pub max_grade: f64,
    /// Lowest INFLESZ score (Szigriszt-Pazos perspicuity) a Spanish article may have: 55,
    /// the start of the scale's "normal" band.
    pub min_inflesz: f64,
    /// Articles with fewer prose words are not judged on readability: the formulas mean
    /// little on a few sentences.
    pub min_words: usize,
    /// Longest time from `last_reviewed` to `next_review`.
    pub review_interval_years: u32,
    /// Sources published longer ago than this are reported (`source-age`).
    pub max_source_age_years: u32,
    /// Longest sentence, in words.
    pub max_sentence_words: usize,
    /// Longest paragraph, in words.
    pub max_paragraph_words: usize,
    /// Longest `description`, in characters (it is the search snippet).
    pub max_description_chars: usize,
    /// Acronyms readers know without a glossary entry. Replaces the default list.
    pub allowed_acronyms: Vec<String>,
    /// Words and phrases to avoid, with the plainer word to use. Adds to (or, for the same
    /// word, replaces) the built-in list; an empty alternative removes a built-in entry.
    pub avoid: BTreeMap<String, String>,
    /// Origins (`https://host`) content may load images, frames or scripts from.
    pub allowed_origins: Vec<String>,
    /// Phone numbers the site publishes besides `[[extra.crisis_lines]]` (and 988, 911):
    /// numbers close to any of them are reported as likely typos.
    pub phone_numbers: Vec<String>,
    /// Per-rule severity: `rule-id = "off" | "warning" | "error"`.
    pub rules: BTreeMap<String, RuleLevel>,
    /// `--external`: seconds to wait for one address.
    pub external_timeout_secs: u64,
    /// `--external`: addresses checked at once.
    pub external_concurrency: usize,
    /// `--external`: URL prefixes never requested (sites that refuse automated requests).
    pub external_ignore: Vec<String>,
}

/// Acronyms most readers know; a site can replace the list in `[checks]`.
pub const DEFAULT_ALLOWED_ACRONYMS: &[&str] = &["AM", "FAQ", "ID", "OK", "PM", "TV", "US", "USA"];

impl Default for ChecksConfig {
    fn default() -> Self {
        ChecksConfig {
            max_grade: 8.0,
            min_inflesz: 55.0,
            min_words: 100,
            review_interval_years: 3,
            max_source_age_years: 10,
            max_sentence_words: 30,
            max_paragraph_words: 120,
            max_description_chars: 160,
            allowed_acronyms: DEFAULT_ALLOWED_ACRONYMS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            avoid: BTreeMap::new(),
            allowed_origins: Vec::new(),
            phone_numbers: Vec::new(),
            rules: BTreeMap::new(),
            external_timeout_secs: 10,
            external_concurrency: 8,
            external_ignore: Vec::new(),
        }
    }
}

/// `[checks]` in a page's front matter: per-article overrides. Each needs a `reason`, so a
/// reviewer can see why the article is allowed to differ.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PageChecks {
    /// This (English) article's highest Flesch-Kincaid grade, instead of the site's.
    pub max_grade: Option<f64>,
    /// This (Spanish) article's lowest INFLESZ score, instead of the site's.
    pub min_inflesz: Option<f64>,
    /// Rules silenced on this article, by id.
    pub allow: Vec<String>,
    /// Why the overrides above are right for this article.
    pub reason: Option<String>,
}

impl PageChecks {
    pub fn has_overrides(&self) -> bool {
        self.max_grade.is_some() || self.min_inflesz.is_some() || !self.allow.is_empty()
    }

    pub fn has_reason(&self) -> bool {
        self.reason.as_deref().is_some_and(|r| !r.trim().is_empty())
    }
}
