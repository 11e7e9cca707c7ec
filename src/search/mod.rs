//! The search index: built from the rendered pages into a chunked, versioned format that the
//! dependency-free client (`search.js`) loads piece by piece. docs/search-index.md documents it.
//!
//! `index` takes the [`Site`] and its [`Rendered`] pages and returns the files to write under
//! `search/` (and `es/search/` for a language with the prefix `es/`: one index per language,
//! each with its own tokenizer): it reads nothing and writes nothing itself. The parts: [`tokenize`] (shared with
//! the client through test vectors), [`text`] (HTML to sections), [`sources`] (what is indexed
//! per page), [`build`] (posting lists and impacts), [`format`] (the bytes) and [`write`] (the
//! files). Same input, same bytes.

pub mod build;
pub mod crisis;
pub mod facets;
pub mod format;
pub mod sources;
pub mod text;
pub mod tokenize;
pub mod write;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, LanguageConfig};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::glossary::Glossary;
use crate::render::{OutputFile, Rendered};
use crate::resolve::Site;
use tokenize::{Stemming, Tokenizer};

pub use crate::config::search::{OneOrMany, SearchConfig};

impl SearchConfig {
    /// The English tokenizer this configuration asks for.
    pub fn tokenizer(&self) -> Tokenizer {
        self.tokenizer_for(Stemming::for_language("en"))
    }

    /// The tokenizer of an index in `stemming`'s language: this configuration's stop words, or
    /// the language's.
    pub fn tokenizer_for(&self, stemming: Stemming) -> Tokenizer {
        match &self.stop_words {
            Some(words) => Tokenizer::with_stemming(stemming, words.iter().cloned()),
            None => Tokenizer::for_stemming(stemming),
        }
    }

    fn wanted(&self, site: &Site) -> bool {
        self.enabled.unwrap_or_else(|| {
            site.static_files.contains_key("search.js")
                || site.templates.contains_key("search.html")
        })
    }
}

/// The search settings of one language: its own `[languages.CODE.search]` when it has one;
/// else, for the default language, `[search]`; else the built-in defaults. (Whether an index
/// is written at all is `[search] enabled`; a language's `enabled = false` turns off only its
/// own.)
pub fn settings_for<'a>(config: &'a Config, language: &'a LanguageConfig) -> Cow<'a, SearchConfig> {
    match &language.settings.search {
        Some(own) => Cow::Borrowed(own),
        None if language.code == config.languages[0].code => Cow::Borrowed(&config.search),
        None => Cow::Owned(SearchConfig::default()),
    }
}

/// The folder of a language's index below the output folder: `search` for the default
/// language, `es/search` for a language with the prefix `es/`.
pub fn index_dir(language: &LanguageConfig) -> String {
    format!("{}{}", language.prefix, write::DIR)
}

/// Builds the index files (paths below the output folder): one index per language that has a
/// home page, each holding only that language's pages.
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
    let mut files = Vec::new();
    if !config.search.wanted(site) || site.entries.is_empty() {
        return (files, diagnostics, timings);
    }
    // Every index holds the crisis phrases of every language and every configured table.
    let configured: Vec<String> = config
        .languages
        .iter()
        .flat_map(|language| settings_for(config, language).crisis_terms.clone())
        .collect();
    let crisis = crisis::phrases(&configured, &mut diagnostics);
    for language in &config.languages {
        if !site.homes.contains_key(&language.code) {
            continue;
        }
        let search = settings_for(config, language);
        if search.enabled == Some(false) {
            continue;
        }
        let is_default = language.code == config.languages[0].code;
        if let Some(missing) = no_crisis_phrases(config, language, &search, is_default) {
            diagnostics.push(missing);
        }
        files.extend(index_language(
            site,
            rendered,
            config,
            Settings {
                language,
                search: &search,
                crisis: &crisis,
            },
            &mut diagnostics,
            &mut timings,
        ));
    }
    (files, diagnostics, timings)
}

/// A warning, once for the language, when its index would recognise no crisis phrasing
/// written in it: its profile has none (a new language's list must come from a clinician-
/// reviewed source, never a guess) and the site configures none for it. Queries in the other
/// languages still show the crisis card; queries in this one would not.
fn no_crisis_phrases(
    config: &Config,
    language: &LanguageConfig,
    search: &SearchConfig,
    is_default: bool,
) -> Option<Diagnostic> {
    let profile = crate::lang::profile(&language.code);
    if profile.crisis_phrases().next().is_some() || !search.crisis_terms.is_empty() {
        return None;
    }
    let name = profile.name_or(&language.code);
    let (table, at) = if is_default {
        ("search".to_string(), "default_language")
    } else {
        (format!("languages.{}.search", language.code), "")
    };
    // At the language's search table if it has one, else where the language is declared.
    let spans = crate::spans::Spans::toml(&config.source.text, 0);
    let declared = format!("languages.{}", language.code);
    let span = [table.as_str(), declared.as_str(), at]
        .iter()
        .find_map(|path| spans.key(path))
        .unwrap_or(0..0);
    Some(
        Diagnostic::warning(format!(
            "search knows no crisis phrases in {name} (`{}`): a query in {name} about suicide, self-harm or overdose will not show the crisis resources",
            language.code
        ))
        .at(&config.source, span)
        .help(format!(
            "add phrases in {name} from a clinician-reviewed crisis list to `crisis_terms` in `[{table}]` (docs/search-index.md, Crisis detection)"
        )),
    )
}

/// What one language's index is built with.
struct Settings<'a> {
    language: &'a LanguageConfig,
    search: &'a SearchConfig,
    /// The crisis phrases of every language (the same in every index).
    crisis: &'a [String],
}

/// One language's index.
fn index_language(
    site: &Site,
    rendered: &Rendered,
    config: &Config,
    settings: Settings,
    diagnostics: &mut Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Vec<OutputFile> {
    let Settings {
        language,
        search,
        crisis,
    } = settings;
    let mut clock = Instant::now();
    let mut lap = |timings: &mut Vec<(&'static str, Duration)>, phase| {
        timings.push((phase, clock.elapsed()));
        clock = Instant::now();
    };
    let stemming = Stemming::for_language(&language.code);
    let tokenizer = search.tokenizer_for(stemming);
    // The glossary's own problems were reported by `render`.
    let glossary = Glossary::build(site, config, &language.code, &mut Diagnostics::new());
    let inputs = sources::Inputs::new(site, rendered, &glossary);
    // Document ids number the language's entries in site order.
    let entries: Vec<usize> = (0..site.entries.len())
        .filter(|&i| site.entries[i].lang == language.code)
        .collect();
    let analyzed: Vec<(build::DocTerms, Vec<u8>)> = entries
        .par_iter()
        .map_init(
            || (build::Scratch::default(), write::doc_compressor()),
            |(scratch, compressor), &index| {
                let doc = inputs.source(index);
                let terms = build::analyze(&doc, &tokenizer, scratch);
                (terms, write::doc_file(&doc, compressor))
            },
        )
        .collect();
    lap(timings, "documents");
    let (docs, doc_files): (Vec<_>, Vec<_>) = analyzed.into_iter().unzip();
    let lists = build::postings(&docs);
    drop(docs);
    lap(timings, "postings");
    let extras = write::Extras {
        lang: language.code.clone(),
        stemmer: stemming.name(),
        stop: tokenizer.stop_words(),
        filler: filler(&tokenizer),
        synonyms: synonyms(search, &glossary, &tokenizer, diagnostics),
        crisis: crisis.to_vec(),
        facets: String::new(),
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
    // The facets file, named by its content, beside the entry file that names it.
    let facets = facets::facets(site, &config.base_path, &language.code, &entries);
    let facets_bytes = serde_json::to_vec(&facets).expect("JSON of plain data");
    let facets_name = format!("facets.{}.json", format::content_hash(&facets_bytes));
    let dir = index_dir(language);
    let extras = write::Extras {
        facets: facets_name.clone(),
        ..extras
    };
    let mut files = write::files(&dir, &lists, doc_files, extras);
    files.push(OutputFile {
        path: format!("{dir}/{facets_name}"),
        bytes: facets_bytes.into(),
    });
    lap(timings, "files");
    files
}

/// The language's filler words as terms, sorted, once each.
pub fn filler(tokenizer: &Tokenizer) -> Vec<String> {
    let mut out: Vec<String> = tokenizer
        .stemming()
        .filler_words()
        .iter()
        .filter_map(|word| tokenizer.term(word))
        .collect();
    out.sort();
    out.dedup();
    out
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
