//! The link graph: which entries each entry links to, its backlinks and its related pages.
//! It takes the site and each page's links as its Markdown was read ([`PageLinks`]), and
//! guarantees deterministic lists: outgoing links in first-link order without repeats or
//! self-links, backlinks by title and only within one language, related pages best first.

use std::sync::Arc;

use super::links::PageLinks;
use super::Site;

/// The link graph.
#[derive(Debug, Default)]
pub struct Graph {
    /// Entries each entry links to, deduplicated, in first-link order.
    pub outgoing: Vec<Vec<usize>>,
    /// Entries linking to each entry, by title.
    pub backlinks: Vec<Vec<usize>>,
    /// Related pages not already linked from the body, best first.
    pub related: Vec<Vec<usize>>,
}

/// A hash of everything the link graph is computed from: each entry's links, taxonomy
/// terms, title and kind.
pub fn graph_inputs<P: PageLinks>(site: &Site, pages: &[Arc<P>]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (entry, page) in site.entries.iter().zip(pages) {
        hasher.update(entry.title_key.as_bytes());
        hasher.update(&[u8::from(entry.is_section())]);
        for &(t, term) in &entry.terms {
            hasher.update(&(t as u64).to_le_bytes());
            hasher.update(&(term as u64).to_le_bytes());
        }
        for (links, _) in page.parts() {
            for link in links {
                hasher.update(&(link.target as u64).to_le_bytes());
            }
        }
        hasher.update(&[0xff]);
    }
    hasher.digest()
}

/// Outgoing links, backlinks, and related pages ranked by shared taxonomy terms and links.
pub fn link_graph<P: PageLinks>(site: &Site, pages: &[Arc<P>]) -> Graph {
    let n = site.entries.len();
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, page) in pages.iter().enumerate() {
        for link in page.parts().flat_map(|(links, _)| links) {
            if link.target != from && !outgoing[from].contains(&link.target) {
                outgoing[from].push(link.target);
            }
        }
    }
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, targets) in outgoing.iter().enumerate() {
        // A translation linking an untranslated original is not one of its backlinks.
        for &to in targets {
            if site.entries[to].lang == site.entries[from].lang {
                backlinks[to].push(from);
            }
        }
    }
    let by_title = |list: &mut Vec<usize>| {
        list.sort_by(|&a, &b| {
            site.entries[a]
                .title_key
                .cmp(&site.entries[b].title_key)
                .then(a.cmp(&b))
        })
    };
    backlinks.iter_mut().for_each(by_title);
    let related = super::related::related_all(site, &outgoing, &backlinks);
    Graph {
        outgoing,
        backlinks,
        related,
    }
}
