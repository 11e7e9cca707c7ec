//! Related pages are ranked without scoring every page that shares a term (that was
//! quadratic); this checks the shortcut against full scoring, written out plainly here, on the
//! bundled knowledge base and on random sites full of ties, shared terms and links.

mod common;

use common::TestSite;
use continuum::resolve::Site;

/// Every page sharing a term scored: two points a shared term, one more if it links here;
/// sections, other languages and pages the body links to left out; ties by title.
fn full_scoring(site: &Site, outgoing: &[Vec<usize>], backlinks: &[Vec<usize>]) -> Vec<Vec<usize>> {
    (0..site.entries.len())
        .map(|page| {
            let entry = &site.entries[page];
            let mut scores = vec![0u32; site.entries.len()];
            for &(t, term) in &entry.terms {
                for &other in &site.taxonomies[t].terms[term].entries {
                    scores[other] += 2;
                }
            }
            for &other in &backlinks[page] {
                if scores[other] > 0 {
                    scores[other] += 1;
                }
            }
            let mut ranked: Vec<usize> = (0..site.entries.len())
                .filter(|&other| {
                    scores[other] > 0
                        && other != page
                        && !site.entries[other].is_section()
                        && site.entries[other].lang == entry.lang
                        && !outgoing[page].contains(&other)
                })
                .collect();
            ranked.sort_by(|&a, &b| {
                scores[b]
                    .cmp(&scores[a])
                    .then_with(|| site.entries[a].title_key.cmp(&site.entries[b].title_key))
                    .then(a.cmp(&b))
            });
            ranked.truncate(5);
            ranked
        })
        .collect()
}

fn assert_same_as_full_scoring(site: &TestSite) {
    let (prepared, outcome) = continuum::prepare(&site.options());
    let prepared = prepared.unwrap_or_else(|| panic!("{}", outcome.diagnostics.report(false)));
    let graph = &prepared.rendered.graph;
    let expected = full_scoring(&prepared.site, &graph.outgoing, &graph.backlinks);
    assert!(
        expected.iter().any(|r| r.len() == 5),
        "the site has full lists"
    );
    for (page, (got, want)) in graph.related.iter().zip(&expected).enumerate() {
        assert_eq!(
            got, want,
            "related pages of {}",
            prepared.site.entries[page].doc.rel_path
        );
    }
}

#[test]
fn the_bundled_knowledge_base() {
    let site = TestSite::minimal();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "themes"] {
        common::copy_dir(&root.join(dir), &site.root().join(dir));
    }
    std::fs::copy(root.join("config.toml"), site.root().join("config.toml")).unwrap();
    assert_same_as_full_scoring(&site);
}

#[test]
fn random_sites_with_ties_and_links() {
    let conditions = ["anxiety", "depression", "trauma", "alcohol", "opioids"];
    let therapies = ["CBT", "DBT"];
    for seed in 1..=4u64 {
        let site = TestSite::minimal();
        let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
        site.write(
            "config.toml",
            &format!("{config}\n[[taxonomies]]\nname = \"conditions\"\n"),
        );
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n) as usize
        };
        let pages = 120;
        for i in 0..pages {
            let pick = |list: &[&str], next: &mut dyn FnMut(u64) -> usize| -> String {
                let mut chosen: Vec<String> = (0..1 + next(2))
                    .map(|_| format!("\"{}\"", list[next(list.len() as u64)]))
                    .collect();
                chosen.sort();
                chosen.dedup();
                chosen.join(", ")
            };
            let terms = format!(
                "[taxonomies]\nconditions = [{}]\ntherapies = [{}]",
                pick(&conditions, &mut next),
                pick(&therapies, &mut next)
            );
            let links: String = (0..next(4))
                .map(|_| format!("See [another](p{}.md). ", next(pages as u64)))
                .collect();
            // Few distinct titles, so ties are broken by title and then by order.
            site.page(
                &format!("p{i}.md"),
                &format!("title = \"Topic {}\"\n{terms}", next(15)),
                &format!("Some text. {links}\n"),
            );
        }
        assert_same_as_full_scoring(&site);
    }
}
