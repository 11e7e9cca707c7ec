//! Taxonomies (levels of care, therapies, conditions, audience): which pages carry which
//! term. Terms are matched by slug, so `CBT` and `cbt` are one term; the first spelling met
//! (in source-path order) is the one shown.

use std::collections::{BTreeMap, HashMap};

use super::slug::slugify;
use super::Entry;
use crate::config::{Config, LanguageConfig};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};

#[derive(Debug, Clone)]
pub struct TaxonomyIndex {
    pub name: String,
    /// Each language has its own index of every taxonomy.
    pub lang: String,
    pub title: String,
    /// Output path of the list page, e.g. `topics/therapies/`.
    pub path: String,
    /// Sorted by slug.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    /// The name shown: the translated name in a language other than the default.
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Entries filed under the term, in title order.
    pub entries: Vec<usize>,
}

pub fn group(
    entries: &mut [Entry],
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<TaxonomyIndex> {
    let mut indexes = Vec::new();
    for language in &config.languages {
        let first = indexes.len();
        indexes.extend(group_language(
            entries,
            config,
            language,
            first,
            diagnostics,
        ));
    }
    indexes
}

/// The taxonomies of one language; `first` is the index its first taxonomy will have in
/// the site's list, which entries' `terms` refer to.
fn group_language(
    entries: &mut [Entry],
    config: &Config,
    language: &LanguageConfig,
    first: usize,
    diagnostics: &mut Diagnostics,
) -> Vec<TaxonomyIndex> {
    let names = &language.settings.terms;
    let mut terms: Vec<BTreeMap<String, Term>> = vec![BTreeMap::new(); config.taxonomies.len()];
    // (taxonomy, slug) → the first spelling met and its file, to tell `CBT` and `cbt` (one
    // term) from `C++` and `C` (two terms that would share an address).
    let mut spellings: HashMap<(usize, String), (String, String)> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if entry.lang != language.code {
            continue;
        }
        for (name, values) in &entry.front().taxonomies {
            let Some(t) = config.taxonomies.iter().position(|t| &t.name == name) else {
                let names = config.taxonomies.iter().map(|t| t.name.as_str());
                let help = match did_you_mean(name, names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None if config.taxonomies.is_empty() => {
                        "declare taxonomies in config.toml with [[taxonomies]] name = \"...\""
                            .to_string()
                    }
                    None => format!(
                        "taxonomies in config.toml: {}",
                        config
                            .taxonomies
                            .iter()
                            .map(|t| t.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                diagnostics.push(
                    Diagnostic::error(format!("unknown taxonomy `{name}`"))
                        .at(
                            &entry.doc.source,
                            entry
                                .doc
                                .spans
                                .key(&format!("taxonomies.{name}"))
                                .unwrap_or(0..0),
                        )
                        .help(help),
                );
                continue;
            };
            let taxonomy = &config.taxonomies[t];
            for (i, value) in values.iter().enumerate() {
                let span = entry
                    .doc
                    .spans
                    .value_or_parent(&format!("taxonomies.{name}.{i}"));
                if let Some(vocabulary) = &taxonomy.terms {
                    if !vocabulary.iter().any(|v| v == value) {
                        let help = match did_you_mean(value, vocabulary.iter().map(String::as_str)) {
                            Some(best) => format!("did you mean `{best}`? (terms are listed in config.toml)"),
                            None => format!("add `{value}` to the taxonomy's `terms` in config.toml, or use one of them"),
                        };
                        diagnostics.push(
                            Diagnostic::warning(format!(
                                "`{value}` is not a term of taxonomy `{name}`"
                            ))
                            .at(&entry.doc.source, span.clone())
                            .help(help),
                        );
                    }
                }
                let slug = slugify(value);
                if slug.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(format!(
                            "term `{value}` of taxonomy `{name}` has no letters or digits for its address"
                        ))
                        .at(&entry.doc.source, span)
                        .help("a term's page is named after its letters and digits (`Peer support` is at `peer-support/`); write the term with some"),
                    );
                    continue;
                }
                match spellings.get(&(t, slug.clone())) {
                    Some((first, _)) if same_term(first, value) => {}
                    Some((first, file)) => {
                        diagnostics.push(
                            Diagnostic::error(format!(
                                "terms `{first}` and `{value}` of taxonomy `{name}` would share one page, `{slug}/`"
                            ))
                            .at(&entry.doc.source, span)
                            .help(format!(
                                "`{first}` is in {file}; a term's address keeps only letters and digits, so spell one of them differently (e.g. `C plus plus` for `C++`)"
                            )),
                        );
                        continue;
                    }
                    None => {
                        spellings.insert(
                            (t, slug.clone()),
                            (value.clone(), entry.doc.source.path.display().to_string()),
                        );
                    }
                }
                let base = taxonomy_path(language, &taxonomy.name);
                let term = terms[t].entry(slug.clone()).or_insert_with(|| {
                    let name = names.get(value).cloned().unwrap_or_else(|| value.clone());
                    let shown_slug = slugify(&name);
                    let slug = if shown_slug.is_empty() {
                        slug
                    } else {
                        shown_slug
                    };
                    Term {
                        name,
                        path: format!("{base}{slug}/"),
                        slug,
                        entries: Vec::new(),
                    }
                });
                if !term.entries.contains(&index) {
                    term.entries.push(index);
                }
            }
        }
    }
    let mut indexes = Vec::new();
    for (t, taxonomy) in config.taxonomies.iter().enumerate() {
        let mut list: Vec<Term> = std::mem::take(&mut terms[t]).into_values().collect();
        for (term_index, term) in list.iter_mut().enumerate() {
            term.entries.sort_by(|&a, &b| {
                entries[a]
                    .title_key
                    .cmp(&entries[b].title_key)
                    .then(a.cmp(&b))
            });
            for &entry in &term.entries {
                entries[entry].terms.push((first + t, term_index));
            }
        }
        indexes.push(TaxonomyIndex {
            name: taxonomy.name.clone(),
            lang: language.code.clone(),
            title: language
                .settings
                .taxonomies
                .get(&taxonomy.name)
                .cloned()
                .unwrap_or_else(|| taxonomy.title.clone()),
            path: taxonomy_path(language, &taxonomy.name),
            terms: list,
        });
    }
    indexes
}

/// Whether two spellings with one slug name one term: they differ only in case or in the
/// spaces, hyphens and underscores between words (`Medication-assisted treatment`).
fn same_term(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        s.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    key(a) == key(b)
}

/// Taxonomy pages live under `topics/` (so a taxonomy may share its name with a section),
/// below the language's prefix.
fn taxonomy_path(language: &LanguageConfig, name: &str) -> String {
    format!("{}topics/{name}/", language.prefix)
}
