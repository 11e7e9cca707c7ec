//! The search index: built from the rendered pages into a chunked, versioned format that the
//! dependency-free client (`search.js`) loads piece by piece. docs/search-index.md documents it.
//!
//! `index` takes the [`Site`] and its [`Rendered`] pages and returns the files to write under
//! `search/`: it reads nothing and writes nothing itself. The parts: [`tokenize`] (shared with
//! the client through test vectors), [`text`] (HTML to sections), [`sources`] (what is indexed
//! per page), [`build`] (posting lists and impacts), [`format`] (the bytes) and [`write`] (the
//! files). Same input, same bytes.

pub mod build;
pub mod format;
pub mod sources;
pub mod text;
pub mod tokenize;
pub mod write;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::glossary::Glossary;
use crate::render::{OutputFile, Rendered};
use crate::resolve::Site;
use tokenize::Tokenizer;

/// Crisis phrases used when config.toml names none.
pub const DEFAULT_CRISIS_TERMS: &[&str] = &[
    "suicide",
    "suicidal",
    "kill myself",
    "end my life",
    "want to die",
    "wanna die",
    "better off dead",
    "hurt myself",
    "harm myself",
    "self harm",
    "cutting myself",
    "overdose",
    "overdosed",
    "crisis",
    "emergency",
];

/// `[search]` in config.toml. docs/search-index.md describes every key.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Write the index: `true`, `false`, or unset to write it when the theme or the site has a
    /// search client (a static `search.js`) or a `search.html` template.
    pub enabled: Option<bool>,
    /// Query-time synonyms: `rehab = "residential treatment"` or a list of phrases. A query for
    /// the key also finds each phrase, and a query for a phrase also finds the key.
    pub synonyms: BTreeMap<String, OneOrMany>,
    /// Glossary terms, their acronyms and aliases find one another (`IOP` finds "intensive
    /// outpatient program").
    pub glossary_synonyms: bool,
    /// Queries containing one of these phrases show the crisis resources first.
    pub crisis_terms: Vec<String>,
    /// Words left out of the index and of queries; English by default.
    pub stop_words: Option<Vec<String>>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: None,
            synonyms: BTreeMap::new(),
            glossary_synonyms: true,
            crisis_terms: DEFAULT_CRISIS_TERMS.iter().map(|s| s.to_string()).collect(),
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

impl SearchConfig {
    /// The tokenizer this configuration asks for.
    pub fn tokenizer(&self) -> Tokenizer {
        match &self.stop_words {
            Some(words) => Tokenizer::new(words.iter().cloned()),
            None => Tokenizer::default(),
        }
    }

    fn wanted(&self, site: &Site) -> bool {
        self.enabled.unwrap_or_else(|| {
            site.static_files.contains_key("search.js")
                || site.templates.contains_key("search.html")
        })
    }
}

/// Builds the index files (paths below the output folder).
pub fn index(site: &Site, rendered: &Rendered, config: &Config) -> (Vec<OutputFile>, Diagnostics) {
    let (files, diagnostics, _) = index_timed(site, rendered, config);
    (files, diagnostics)
}

/// [`index`], also returning the time of each phase (for benchmarks).
pub fn index_timed(
    site: &Site,
    rendered: &Rendered,
    config: &Config,
) -> (Vec<OutputFile>, Diagnostics, Vec<(&'static str, Duration)>) {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Vec::new();
    let search = &config.search;
    if !search.wanted(site) || site.entries.is_empty() {
        return (Vec::new(), diagnostics, timings);
    }
    let mut clock = Instant::now();
    let mut lap = |timings: &mut Vec<(&'static str, Duration)>, phase| {
        timings.push((phase, clock.elapsed()));
        clock = Instant::now();
    };
    let tokenizer = search.tokenizer();
    // The glossary's own problems were reported by `render`.
    let glossary = Glossary::build(
        site,
        config,
        &config.languages[0].code,
        &mut Diagnostics::new(),
    );
    let inputs = sources::Inputs::new(site, rendered, &glossary);
    let analyzed: Vec<(build::DocTerms, Vec<u8>)> = (0..site.entries.len())
        .into_par_iter()
        .map_init(
            || (build::Scratch::default(), write::doc_compressor()),
            |(scratch, compressor), index| {
                let doc = inputs.source(index);
                let terms = build::analyze(&doc, &tokenizer, scratch);
                (terms, write::doc_file(&doc, compressor))
            },
        )
        .collect();
    lap(&mut timings, "documents");
    let (docs, doc_files): (Vec<_>, Vec<_>) = analyzed.into_iter().unzip();
    let lists = build::postings(&docs);
    drop(docs);
    lap(&mut timings, "postings");
    let extras = write::Extras {
        stop: tokenizer.stop_words(),
        synonyms: synonyms(search, &glossary, &tokenizer, &mut diagnostics),
        crisis: crisis(search, &tokenizer, &mut diagnostics),
        glossary: glossary
            .terms
            .iter()
            .map(|t| write::Suggestion {
                t: match &t.acronym {
                    Some(acronym) => format!("{} ({acronym})", t.term),
                    None => t.term.clone(),
                },
                u: t.url.clone(),
            })
            .collect(),
    };
    let files = write::files(&lists, doc_files, extras);
    lap(&mut timings, "files");
    (files, diagnostics, timings)
}

/// The synonym table: each key's token sequence (joined by spaces) to the token sequences it
/// also finds.
pub fn synonyms(
    search: &SearchConfig,
    glossary: &Glossary,
    tokenizer: &Tokenizer,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut table: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    let mut link = |a: &[String], b: &[String]| {
        if a.is_empty() || b.is_empty() || a == b {
            return;
        }
        let alternatives = table.entry(a.join(" ")).or_default();
        if !alternatives.iter().any(|x| x == b) {
            alternatives.push(b.to_vec());
        }
    };
    let terms = |phrase: &str| -> Vec<String> {
        tokenizer
            .tokens(phrase)
            .into_iter()
            .map(|t| t.term)
            .collect()
    };
    for (key, values) in &search.synonyms {
        let key_terms = terms(key);
        if key_terms.is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!("search synonym `{key}` has only stop words"))
                    .in_file("config.toml")
                    .help("a synonym needs a word the index keeps, e.g. `rehab`"),
            );
        }
        for value in values.items() {
            let value_terms = terms(value);
            link(&key_terms, &value_terms);
            link(&value_terms, &key_terms);
        }
    }
    if search.glossary_synonyms {
        for term in &glossary.terms {
            let spellings: Vec<Vec<String>> = std::iter::once(&term.term)
                .chain(term.acronym.iter())
                .chain(term.aliases.iter())
                .map(|s| terms(s))
                .collect();
            for a in &spellings {
                for b in &spellings {
                    link(a, b);
                }
            }
        }
    }
    for alternatives in table.values_mut() {
        alternatives.sort();
    }
    table
}

/// The crisis phrases as term sequences, stop words kept.
pub fn crisis(
    search: &SearchConfig,
    tokenizer: &Tokenizer,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for phrase in &search.crisis_terms {
        let terms = tokenizer.all_terms(phrase);
        if terms.is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!("search crisis term `{phrase}` has no words"))
                    .in_file("config.toml")
                    .help("write a word or phrase, e.g. \"want to die\""),
            );
        } else if !out.contains(&terms) {
            out.push(terms);
        }
    }
    out.sort();
    out
}
