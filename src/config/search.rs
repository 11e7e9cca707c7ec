//! `[search]` in config.toml and `[languages.CODE.search]`: the search index's settings,
//! owned by config so config imports no stage; `crate::search` re-exports them and adds the
//! methods that need its tokenizer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `[search]` in config.toml, or `[languages.CODE.search]` for one language's index.
/// docs/search-index.md describes every key.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Write the index: `true`, `false`, or unset to write it when the theme or the site has a
    /// search client (a static `search.js`) or a `search.html` template. In a language's table,
    /// `false` leaves that language without an index.
    pub enabled: Option<bool>,
    /// Query-time synonyms: `rehab = "residential treatment"` or a list of phrases. A query for
    /// the key also finds each phrase, and a query for a phrase also finds the key.
    pub synonyms: BTreeMap<String, OneOrMany>,
    /// Glossary terms, their acronyms and aliases find one another (`IOP` finds "intensive
    /// outpatient program").
    pub glossary_synonyms: bool,
    /// Phrases added to the built-in crisis phrases of every language (`crisis/*.txt`):
    /// queries matching any of them show the crisis resources first, in every language's index.
    pub crisis_terms: Vec<String>,
    /// Words left out of the index and of queries; unset, the language's built-in list.
    pub stop_words: Option<Vec<String>>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: None,
            synonyms: BTreeMap::new(),
            glossary_synonyms: true,
            crisis_terms: Vec::new(),
            stop_words: None,
        }
    }
}

/// One phrase or several.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn items(&self) -> &[String] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}
