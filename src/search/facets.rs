//! Facets: what the client filters results by. For one language's documents (ids in site
//! order), the top-level section each is in and the taxonomy terms it is filed under, written
//! to `facets.HASH.json` (named in the entry file) and fetched only when a query is filtered
//! or the results page draws its filter control. Titles are the language's (translated terms).

use std::collections::HashMap;

use serde::Serialize;

use crate::resolve::Site;

/// The facets file's JSON: `sections` and `terms` are the choices, `docs[id]` the section index
/// (or -1 for the home page) followed by the term indexes of document `id`.
#[derive(Debug, Default, Serialize)]
pub struct Facets {
    pub sections: Vec<Choice>,
    pub taxonomies: Vec<Taxonomy>,
    pub terms: Vec<TermChoice>,
    pub docs: Vec<Vec<i64>>,
}

/// A section to filter by: its title and URL (site-absolute).
#[derive(Debug, Serialize)]
pub struct Choice {
    pub t: String,
    pub u: String,
}

/// A taxonomy: its name in config.toml and its title in the language.
#[derive(Debug, Serialize)]
pub struct Taxonomy {
    pub n: String,
    pub t: String,
}

/// A taxonomy term: its taxonomy (index into `taxonomies`), title and URL.
#[derive(Debug, Serialize)]
pub struct TermChoice {
    pub x: usize,
    pub t: String,
    pub u: String,
}

/// The facets of `entries` (the language's entries, in document id order).
pub fn facets(site: &Site, base_path: &str, lang: &str, entries: &[usize]) -> Facets {
    let doc_of: HashMap<usize, usize> = entries.iter().enumerate().map(|(d, &e)| (e, d)).collect();
    let mut out = Facets {
        docs: vec![vec![-1]; entries.len()],
        ..Facets::default()
    };
    let mut section_ids: HashMap<usize, i64> = HashMap::new();
    for (d, &e) in entries.iter().enumerate() {
        let Some(top) = top_section(site, e) else {
            continue;
        };
        let next = section_ids.len() as i64;
        let id = *section_ids.entry(top).or_insert_with(|| {
            let entry = &site.entries[top];
            out.sections.push(Choice {
                t: entry.title().to_string(),
                u: entry.url.clone(),
            });
            next
        });
        out.docs[d][0] = id;
    }
    for taxonomy in site.taxonomies.iter().filter(|t| t.lang == lang) {
        let x = out.taxonomies.len();
        out.taxonomies.push(Taxonomy {
            n: taxonomy.name.clone(),
            t: taxonomy.title.clone(),
        });
        for term in &taxonomy.terms {
            let docs: Vec<usize> = term
                .entries
                .iter()
                .filter_map(|e| doc_of.get(e).copied())
                .collect();
            if docs.is_empty() {
                continue;
            }
            let id = out.terms.len() as i64;
            out.terms.push(TermChoice {
                x,
                t: term.name.clone(),
                u: format!("{base_path}{}", term.path),
            });
            for d in docs {
                out.docs[d].push(id);
            }
        }
    }
    out
}

/// The section right below the home page that holds entry `e` (itself when it is one).
fn top_section(site: &Site, mut e: usize) -> Option<usize> {
    loop {
        let parent = site.entries[e].parent?;
        if site.entries[parent].parent.is_none() {
            return Some(e);
        }
        e = parent;
    }
}
