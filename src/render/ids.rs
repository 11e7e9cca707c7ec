//! The anchor ids of one page (headings, FAQ questions, glossary terms). Takes wanted ids in
//! page order and gives each a unique one: the id itself if free, else `id-1`, `id-2`... the
//! first suffix not taken. It remembers, per base id, the suffix it last reached, so N equal
//! headings cost O(N) lookups instead of O(N²), while giving exactly the ids the plain
//! "probe from 1" rule gives (ids are only ever added, so a suffix found taken stays taken).

use std::collections::{HashMap, HashSet};

/// The ids in use on one page.
#[derive(Debug, Default)]
pub struct UniqueIds {
    taken: HashSet<String>,
    /// Base id → the lowest suffix not yet known to be taken.
    next: HashMap<String, usize>,
    /// Set lookups made so far, for the tests that show the work is linear.
    probes: usize,
}

impl UniqueIds {
    /// Marks `id` as used as it is (glossary anchors are claimed before headings).
    pub(crate) fn claim(&mut self, id: String) {
        self.taken.insert(id);
    }

    /// `id`, or `id-N` with the lowest N whose id is free; empty ids become `section`.
    pub(crate) fn unique(&mut self, id: String) -> String {
        let base = if id.is_empty() {
            "section".to_string()
        } else {
            id
        };
        self.probes += 1;
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            self.probes += 1;
            // A literal `a-1` heading may have taken a suffix already: skip it.
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    /// Set lookups made so far.
    #[cfg(test)]
    pub(crate) fn probes(&self) -> usize {
        self.probes
    }

    /// The ids in use, for anchor checks.
    pub(crate) fn into_set(self) -> HashSet<String> {
        self.taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule before memoisation: probe suffixes from 1 every time.
    fn probe_from_one(id: &str, taken: &mut HashSet<String>) -> String {
        let base = if id.is_empty() { "section" } else { id };
        let mut candidate = base.to_string();
        let mut n = 1;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        candidate
    }

    #[test]
    fn gives_the_same_ids_as_probing_from_one() {
        // Literal headings that look like generated suffixes, interleaved with duplicates.
        let wanted = [
            "a", "a", "a-1", "a", "a-2", "a-3", "a", "a-1", "", "section", "", "a-1-1", "a-1", "a",
            "b-1", "b", "b", "b", "a",
        ];
        let mut ids = UniqueIds::default();
        ids.claim("b-2".to_string());
        let mut taken = HashSet::from(["b-2".to_string()]);
        for id in wanted {
            assert_eq!(
                ids.unique(id.to_string()),
                probe_from_one(id, &mut taken),
                "{id}"
            );
        }
        assert_eq!(ids.into_set(), taken);
    }

    #[test]
    fn equal_headings_cost_linear_work() {
        let probes = |n: usize| {
            let mut ids = UniqueIds::default();
            for _ in 0..n {
                ids.unique("faq".to_string());
            }
            ids.probes()
        };
        let (one, four) = (probes(1_000), probes(4_000));
        // Each id costs at most two lookups, at any size; probing from 1 would cost n²/2.
        assert!(one <= 2 * 1_000, "{one}");
        assert!(four <= 2 * 4_000, "{four}");
    }
}
