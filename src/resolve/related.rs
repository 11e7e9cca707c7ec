//! Related pages: for each page, the five pages sharing the most taxonomy terms (two points a
//! term, one more if they link to it), excluding sections, other languages and pages its body
//! already links to; ties by title.
//!
//! Scoring every page that shares a term is quadratic: with ten conditions, each page shares a
//! term with a tenth of the site (191 s of a 100,000-article build). But pages filed under the
//! same terms in the same language score the same for any page, except for the few that link
//! to it. So pages are grouped by (language, terms), each group sorted by title; a page walks
//! only the groups that share a term with it, takes at most five eligible pages from each, and
//! scores the pages linking to it on their own. The result is the one full scoring gives.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::resolve::Site;

pub const RELATED_COUNT: usize = 5;

/// A taxonomy term: (taxonomy index, term index).
type Term = (usize, usize);

/// Pages filed under one set of terms, in one language, in title order.
struct Group<'a> {
    lang: &'a str,
    terms: Vec<Term>,
    entries: Vec<usize>,
}

pub fn related_all(
    site: &Site,
    outgoing: &[Vec<usize>],
    backlinks: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let mut by_title: Vec<usize> = (0..site.entries.len()).collect();
    by_title.par_sort_by(|&a, &b| {
        site.entries[a]
            .title_key
            .cmp(&site.entries[b].title_key)
            .then(a.cmp(&b))
    });
    let mut title_rank = vec![0u32; by_title.len()];
    for (rank, &entry) in by_title.iter().enumerate() {
        title_rank[entry] = rank as u32;
    }
    let mut index: HashMap<(&str, Vec<Term>), usize> = HashMap::new();
    let mut groups: Vec<Group> = Vec::new();
    for &entry in &by_title {
        let e = &site.entries[entry];
        if e.is_section() || e.terms.is_empty() {
            continue;
        }
        let mut terms = e.terms.clone();
        terms.sort_unstable();
        terms.dedup();
        let next = groups.len();
        let at = *index
            .entry((e.lang.as_str(), terms.clone()))
            .or_insert(next);
        if at == next {
            groups.push(Group {
                lang: &e.lang,
                terms,
                entries: Vec::new(),
            });
        }
        groups[at].entries.push(entry);
    }
    // The groups filed under each term.
    let mut by_term: HashMap<Term, Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for &term in &group.terms {
            by_term.entry(term).or_default().push(g);
        }
    }
    let graph = Ranking {
        site,
        outgoing,
        backlinks,
        title_rank: &title_rank,
        groups: &groups,
        by_term: &by_term,
    };
    (0..site.entries.len())
        .into_par_iter()
        .map_init(Vec::new, |seen, page| graph.related(page, seen))
        .collect()
}

struct Ranking<'a> {
    site: &'a Site,
    outgoing: &'a [Vec<usize>],
    backlinks: &'a [Vec<usize>],
    title_rank: &'a [u32],
    groups: &'a [Group<'a>],
    by_term: &'a HashMap<Term, Vec<usize>>,
}

impl Ranking<'_> {
    /// `seen` is scratch space: the groups already walked for this page.
    fn related(&self, page: usize, seen: &mut Vec<usize>) -> Vec<usize> {
        let entry = &self.site.entries[page];
        if entry.terms.is_empty() {
            return Vec::new();
        }
        let eligible = |other: usize| {
            other != page
                && !self.site.entries[other].is_section()
                && self.site.entries[other].lang == entry.lang
                && !self.outgoing[page].contains(&other)
        };
        let linking = &self.backlinks[page];
        let mut ranked: Vec<(u32, usize)> = Vec::with_capacity(RELATED_COUNT + 1);
        seen.clear();
        for term in &entry.terms {
            for &g in self.by_term.get(term).into_iter().flatten() {
                if seen.contains(&g) {
                    continue;
                }
                seen.push(g);
                let group = &self.groups[g];
                if group.lang != entry.lang {
                    continue;
                }
                let score = self.shared_terms(&entry.terms, &group.terms);
                let mut taken = 0;
                for &other in &group.entries {
                    if taken == RELATED_COUNT {
                        break;
                    }
                    // Pages linking here are scored below, with their extra point.
                    if eligible(other) && !linking.contains(&other) {
                        self.offer(&mut ranked, (score, other));
                        taken += 1;
                    }
                }
            }
        }
        for &other in linking {
            let terms = &self.site.entries[other].terms;
            let score = self.shared_terms(&entry.terms, terms);
            if score > 0 && eligible(other) {
                self.offer(&mut ranked, (score + 1, other));
            }
        }
        ranked.into_iter().map(|(_, i)| i).collect()
    }

    /// Two points for each of `page`'s terms that `other` is filed under.
    fn shared_terms(&self, page: &[Term], other: &[Term]) -> u32 {
        2 * page.iter().filter(|term| other.contains(term)).count() as u32
    }

    /// Keeps `candidate` if it is among the best [`RELATED_COUNT`] so far.
    fn offer(&self, ranked: &mut Vec<(u32, usize)>, candidate: (u32, usize)) {
        let better = |a: &(u32, usize), b: &(u32, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| self.title_rank[a.1].cmp(&self.title_rank[b.1]))
        };
        if ranked.len() < RELATED_COUNT || better(&candidate, ranked.last().expect("full")).is_lt()
        {
            let at = ranked.partition_point(|r| better(r, &candidate).is_lt());
            ranked.insert(at, candidate);
            ranked.truncate(RELATED_COUNT);
        }
    }
}
