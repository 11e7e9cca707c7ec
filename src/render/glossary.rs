//! The glossary: terms defined once (in any page's `[[glossary]]` front matter, usually
//! `content/glossary.md`) and marked up where pages use them. The first use of each term on a
//! page becomes a link to its entry, with the short definition attached accessibly
//! (`aria-describedby`, shown on hover and focus by the theme). Terms and aliases match
//! without regard to case; acronyms must match exactly, so "MI" never matches "mi".

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{CowStr, Event};
use serde::Serialize;

use super::highlight::html_escape;
use super::links::{resolve_link, InternalLink, Resolved};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::slug::slugify;
use crate::resolve::Site;
use crate::url_policy::SafeUrl;

/// One term as pages and templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryTerm {
    pub term: String,
    pub acronym: Option<String>,
    pub aliases: Vec<String>,
    pub definition: String,
    /// Anchor on the glossary page.
    pub id: String,
    /// The glossary page's URL with the anchor.
    pub url: String,
    /// The full article, if any.
    pub article_url: Option<SafeUrl>,
    /// The entry (page) that defines the term.
    #[serde(skip)]
    pub defined_in: usize,
}

struct Pattern {
    term: usize,
    spelling: String,
    /// Acronyms match only with their exact case.
    exact_case: bool,
}

/// All terms plus a matcher over their spellings.
#[derive(Default)]
pub struct Glossary {
    pub terms: Vec<GlossaryTerm>,
    patterns: Vec<Pattern>,
    matcher: Option<AhoCorasick>,
    /// Entry index → the term ids defined on it (its anchors).
    pub ids_by_entry: HashMap<usize, Vec<String>>,
    /// Entry index → the links its terms make to full articles (part of the link graph).
    pub links_by_entry: HashMap<usize, Vec<InternalLink>>,
}

/// Which terms a page has marked already.
pub struct PageState {
    marked: HashSet<usize>,
    /// Terms defined on this page are never marked on it.
    own_page: usize,
    next_tip: usize,
    /// Event index → the plain text of each marked term, so the summary can show it unmarked
    /// (a listing has no room for definitions, and a page showing summary and body must not
    /// repeat the tooltip ids).
    pub plain: Vec<(usize, String)>,
}

impl PageState {
    /// The entry being rendered.
    pub fn page(&self) -> usize {
        self.own_page
    }
}

impl Glossary {
    /// One glossary per language, in the order of `config.languages`.
    pub fn build_all(site: &Site, config: &Config, diagnostics: &mut Diagnostics) -> Vec<Glossary> {
        config
            .languages
            .iter()
            .map(|language| Glossary::build(site, config, &language.code, diagnostics))
            .collect()
    }

    /// Collects the terms of every entry in language `lang`; duplicate spellings are errors.
    pub fn build(
        site: &Site,
        config: &Config,
        lang: &str,
        diagnostics: &mut Diagnostics,
    ) -> Glossary {
        let mut glossary = Glossary::default();
        let mut spellings: HashMap<String, usize> = HashMap::new();
        let mut ids = super::ids::UniqueIds::default();
        for (index, entry) in site.entries.iter().enumerate() {
            if entry.lang != lang {
                continue;
            }
            for (i, raw) in entry.front().glossary.iter().enumerate() {
                let span = entry
                    .doc
                    .spans
                    .value_or_parent(&format!("glossary.{i}.term"));
                let id = super::markdown::unique_id(slugify(&raw.term), &mut ids);
                let term_index = glossary.terms.len();
                let mut all = vec![(raw.term.clone(), false)];
                all.extend(raw.acronym.iter().map(|a| (a.clone(), true)));
                all.extend(raw.aliases.iter().map(|a| (a.clone(), false)));
                for (spelling, exact) in all {
                    let key = spelling.to_lowercase();
                    if key.trim().is_empty() {
                        continue;
                    }
                    if let Some(&other) = spellings.get(&key) {
                        diagnostics.push(
                            Diagnostic::error(format!(
                                "glossary spelling `{spelling}` is used by two terms"
                            ))
                            .at(&entry.doc.source, span.clone())
                            .help(format!(
                                "`{}` already has it; each term, acronym and alias must be unique",
                                glossary.terms[other].term
                            )),
                        );
                        continue;
                    }
                    spellings.insert(key, term_index);
                    glossary.patterns.push(Pattern {
                        term: term_index,
                        spelling,
                        exact_case: exact,
                    });
                }
                let article_url = raw.link.as_ref().and_then(|link| {
                    match resolve_link(link, &entry.doc.rel_path, span.clone(), site, config) {
                        Ok(Resolved::Internal { url, link, .. }) => {
                            glossary.links_by_entry.entry(index).or_default().push(link);
                            SafeUrl::new(&url)
                        }
                        // A refused address was reported when the page loaded.
                        Ok(_) => SafeUrl::new(link),
                        Err(error) => {
                            diagnostics.push(error.to_diagnostic(&entry.doc.source, span.clone()));
                            None
                        }
                    }
                });
                glossary
                    .ids_by_entry
                    .entry(index)
                    .or_default()
                    .push(id.clone());
                glossary.terms.push(GlossaryTerm {
                    url: format!("{}#{id}", entry.url),
                    term: raw.term.clone(),
                    acronym: raw.acronym.clone(),
                    aliases: raw.aliases.clone(),
                    definition: raw.definition.clone(),
                    id,
                    article_url,
                    defined_in: index,
                });
            }
        }
        if !glossary.patterns.is_empty() {
            let spellings: Vec<&str> = glossary
                .patterns
                .iter()
                .map(|p| p.spelling.as_str())
                .collect();
            glossary.matcher = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&spellings)
                .ok();
        }
        glossary
    }

    pub fn page_state(&self, entry: usize) -> PageState {
        PageState {
            marked: HashSet::new(),
            own_page: entry,
            next_tip: 0,
            plain: Vec::new(),
        }
    }

    /// Looks a term up by its term, acronym or alias (for explicit `[[IOP]]` marks).
    pub fn find(&self, spelling: &str) -> Option<usize> {
        let lower = spelling.to_lowercase();
        self.terms.iter().position(|t| {
            t.term.to_lowercase() == lower
                || t.acronym.as_deref() == Some(spelling)
                || t.aliases.iter().any(|a| a.to_lowercase() == lower)
        })
    }

    /// Every term, acronym and alias, for suggestions.
    pub fn spellings(&self) -> Vec<String> {
        self.patterns.iter().map(|p| p.spelling.clone()).collect()
    }

    /// An explicitly marked term: always marked, and it counts as the page's first use.
    pub fn markup_explicit(&self, term: usize, shown: &str, state: &mut PageState) -> String {
        state.marked.insert(term);
        self.markup(term, shown, state)
    }

    /// Pushes `text` as events, with the first use of each term on the page marked up.
    pub fn mark<'a>(&self, text: &CowStr<'a>, state: &mut PageState, events: &mut Vec<Event<'a>>) {
        let Some(matcher) = &self.matcher else {
            events.push(Event::Text(text.clone()));
            return;
        };
        let mut last = 0;
        for found in matcher.find_iter(text.as_ref()) {
            let pattern = &self.patterns[found.pattern().as_usize()];
            let term = &self.terms[pattern.term];
            let matched = &text[found.start()..found.end()];
            if state.marked.contains(&pattern.term)
                || term.defined_in == state.own_page
                || !at_word_boundaries(text, found.start(), found.end())
                || (pattern.exact_case && pattern.spelling != matched)
            {
                continue;
            }
            state.marked.insert(pattern.term);
            if found.start() > last {
                events.push(Event::Text(CowStr::from(
                    text[last..found.start()].to_string(),
                )));
            }
            state.plain.push((events.len(), matched.to_string()));
            events.push(Event::InlineHtml(
                self.markup(pattern.term, matched, state).into(),
            ));

            last = found.end();
        }
        if last == 0 {
            events.push(Event::Text(text.clone()));
        } else if last < text.len() {
            events.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }

    /// The HTML for one marked term: a link to its entry, described by its definition.
    pub fn markup(&self, term: usize, text: &str, state: &mut PageState) -> String {
        let term = &self.terms[term];
        state.next_tip += 1;
        let tip_id = format!("term-{}-{}", term.id, state.next_tip);
        let shown = match &term.acronym {
            Some(acronym) if acronym == text => format!(
                "<abbr title=\"{}\">{}</abbr>",
                html_escape(&term.term),
                html_escape(text)
            ),
            _ => html_escape(text),
        };
        format!(
            "<a class=\"term\" href=\"{}\" aria-describedby=\"{tip_id}\">{shown}</a><span class=\"term-tip\" id=\"{tip_id}\" role=\"tooltip\">{}</span>",
            html_escape(&term.url),
            html_escape(&term.definition)
        )
    }
}

fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
