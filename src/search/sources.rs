//! What is indexed of each page: its title, description, breadcrumb titles, the body cut into
//! sections at its headings, its FAQ (each question a section with its anchor), the glossary
//! terms it defines (each a section on the glossary page), and, as a weighted field, the
//! spellings of every glossary term whose full article it is (or, for a term without an article,
//! that the page defines).

use std::collections::HashMap;

use super::build::DocSource;
use super::text::{self, Section};
use crate::render::glossary::Glossary;
use crate::render::Rendered;
use crate::resolve::Site;

/// Everything `source` consults, gathered once.
pub struct Inputs<'a> {
    site: &'a Site,
    rendered: &'a Rendered,
    glossary: &'a Glossary,
    /// Entry → terms (indexes into `glossary.terms`) to weight on it.
    weighted: HashMap<usize, Vec<usize>>,
    /// Entry → terms defined on it but weighted on their article.
    defined: HashMap<usize, Vec<usize>>,
}

impl<'a> Inputs<'a> {
    pub fn new(site: &'a Site, rendered: &'a Rendered, glossary: &'a Glossary) -> Inputs<'a> {
        let by_url: HashMap<&str, usize> = site
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.url.as_str(), i))
            .collect();
        let mut weighted: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut defined: HashMap<usize, Vec<usize>> = HashMap::new();
        for (t, term) in glossary.terms.iter().enumerate() {
            // The term's full article ranks first for it; the glossary only when there is none
            // (the glossary still lists the term under its own heading).
            let article = term
                .article_url
                .as_ref()
                .map(|u| u.as_str())
                .map(|u| u.split('#').next().unwrap_or(u))
                .and_then(|u| by_url.get(u));
            let weighted_on = article.copied().unwrap_or(term.defined_in);
            weighted.entry(weighted_on).or_default().push(t);
            if weighted_on != term.defined_in {
                defined.entry(term.defined_in).or_default().push(t);
            }
        }
        Inputs {
            site,
            rendered,
            glossary,
            weighted,
            defined,
        }
    }

    /// The indexed view of entry `index`.
    pub fn source(&self, index: usize) -> DocSource {
        let entry = &self.site.entries[index];
        let front = entry.front();
        let crumbs = self
            .site
            .ancestors(index)
            .into_iter()
            // Home pages (one per language) have no parent and are not a crumb.
            .filter(|&a| self.site.entries[a].parent.is_some())
            .map(|a| self.site.entries[a].title().to_string())
            .collect();
        let markdown = self.rendered.markdown.get(index);
        let mut sections = markdown
            .map(|m| text::sections(&m.body.html))
            .unwrap_or_else(|| vec![Section::default()]);
        if let Some(markdown) = markdown {
            for ((id, answer), raw) in markdown.faq.iter().zip(&front.faq) {
                sections.push(Section {
                    anchor: id.clone(),
                    heading: raw.question.clone(),
                    text: text::plain(&answer.html),
                    subheadings: Vec::new(),
                });
            }
        }
        let mut glossary = Vec::new();
        for &t in self.weighted.get(&index).into_iter().flatten() {
            let term = &self.glossary.terms[t];
            glossary.push(term.term.clone());
            glossary.extend(term.acronym.iter().cloned());
            glossary.extend(term.aliases.iter().cloned());
        }
        let mut defined: Vec<usize> = self
            .weighted
            .get(&index)
            .into_iter()
            .flatten()
            .chain(self.defined.get(&index).into_iter().flatten())
            .copied()
            .filter(|&t| self.glossary.terms[t].defined_in == index)
            .collect();
        defined.sort_unstable();
        for t in defined {
            let term = &self.glossary.terms[t];
            let mut text = term.definition.clone();
            if !term.aliases.is_empty() {
                text.push(' ');
                text.push_str(
                    self.site
                        .strings
                        .get(&entry.lang, "also_called", "Also called:"),
                );
                text.push(' ');
                text.push_str(&term.aliases.join(", "));
                text.push('.');
            }
            sections.push(Section {
                anchor: term.id.clone(),
                heading: match &term.acronym {
                    Some(acronym) => format!("{} ({acronym})", term.term),
                    None => term.term.clone(),
                },
                text,
                subheadings: Vec::new(),
            });
        }
        DocSource {
            url: entry.url.clone(),
            title: entry.title().to_string(),
            description: front.description.clone().unwrap_or_default(),
            crumbs,
            sections,
            glossary,
        }
    }
}
