//! The bundled knowledge base: it builds with no errors and no warnings, and its coverage
//! (articles per section, FAQ, glossary, required front matter, facts) cannot silently shrink.

use std::path::Path;

use continuum::render::Rendered;
use continuum::resolve::Site;
use continuum::BuildOptions;

fn prepared() -> (Site, Rendered) {
    let options = BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        ..BuildOptions::default()
    };
    let (prepared, outcome) = continuum::prepare(&options);
    assert!(
        outcome.diagnostics.is_empty(),
        "the bundled site must build with zero errors and zero warnings:\n{}",
        outcome.diagnostics.report(false)
    );
    let prepared = prepared.expect("no errors");
    (prepared.site, prepared.rendered)
}

fn pages_in(site: &Site, section: &str) -> usize {
    let index = site.by_path[&format!("{section}/_index.md")];
    site.entries[index].pages.len()
}

#[test]
fn builds_cleanly_into_a_fresh_folder() {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    };
    let outcome = continuum::build(&options);
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        outcome.diagnostics.report(false)
    );
    for page in [
        "index.html",
        "levels-of-care/intensive-outpatient/index.html",
        "levels-of-care/compare/index.html",
        "faq/index.html",
        "glossary/index.html",
        "404.html",
        "sitemap.xml",
    ] {
        assert!(
            out.path().join("public").join(page).is_file(),
            "{page} missing"
        );
    }
}

#[test]
fn covers_every_section_of_the_content_plan() {
    let (site, _) = prepared();
    for (section, at_least) in [
        ("levels-of-care", 8),
        ("comparisons", 4),
        ("iop", 8),
        ("therapies", 14),
        ("conditions", 9),
        ("families", 2),
        ("about", 3),
    ] {
        let n = pages_in(&site, section);
        assert!(
            n >= at_least,
            "{section} has {n} articles, needs {at_least}"
        );
    }
    let articles = site.entries.iter().filter(|e| !e.is_section()).count();
    assert!(articles >= 50, "{articles} articles, needs 50");
    for path in ["faq.md", "glossary.md", "get-help-now.md"] {
        assert!(site.by_path.contains_key(path), "{path} missing");
    }
}

#[test]
fn faq_and_glossary_are_complete() {
    let (site, _) = prepared();
    let faq = &site.entries[site.by_path["faq.md"]].front().faq;
    assert!(faq.len() >= 20, "{} FAQ entries, needs 20", faq.len());
    let glossary = &site.entries[site.by_path["glossary.md"]].front().glossary;
    assert!(
        glossary.len() >= 40,
        "{} glossary terms, needs 40",
        glossary.len()
    );
    for acronym in ["IOP", "PHP", "ASAM", "MAT", "CBT", "DBT", "MI"] {
        assert!(
            glossary
                .iter()
                .any(|t| t.acronym.as_deref() == Some(acronym)),
            "glossary lacks {acronym}"
        );
    }
}

#[test]
fn every_article_carries_the_required_front_matter_and_links() {
    let (site, rendered) = prepared();
    let mut problems = Vec::new();
    for (index, entry) in site.entries.iter().enumerate() {
        let front = entry.front();
        let path = &entry.doc.rel_path;
        let description = front.description.as_deref().unwrap_or_default();
        if description.is_empty() || description.chars().count() > 160 {
            problems.push(format!(
                "{path}: description missing or over 160 characters"
            ));
        }
        // Sample content says so and names no reviewer (docs/governance.md); an approved page
        // has its dates and a structured reviewer. A page and its translation are in the same state.
        let sample = front.review_status.is_some();
        let approved = front.last_reviewed.is_some()
            && front.next_review.is_some()
            && front.reviewer.is_some();
        if sample == approved || front.reviewed_by.is_some() {
            problems.push(format!(
                "{path}: neither honest sample content nor approved"
            ));
        }
        if let Some(original) = entry.original {
            if site.entries[original].front().review_status != front.review_status {
                problems.push(format!("{path}: not on its original's review cycle"));
            }
        }
        // Location pages and the finder (docs/locations.md) are not articles.
        let not_article = !front.location.is_empty() || entry.template == "finder.html";
        if entry.is_section() || not_article {
            continue;
        }
        if front.sources.is_empty() {
            problems.push(format!("{path}: no sources"));
        }
        if rendered.graph.outgoing[index].len() < 3 {
            problems.push(format!("{path}: fewer than 3 internal links"));
        }
        let words = rendered.markdown[index].body.word_count;
        let exempt = ["faq.md", "glossary.md"].contains(&entry.key.as_str());
        if words < 300 && !exempt {
            problems.push(format!("{path}: {words} words, needs 300"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_level_of_care_is_described_by_facts() {
    let (site, _) = prepared();
    let keys = [
        "asam_level",
        "setting",
        "hours_per_week",
        "days_per_week",
        "overnight_stay",
        "supervision",
        "typical_length",
        "best_for",
        "relative_cost",
    ];
    for level in [
        "outpatient",
        "intensive-outpatient",
        "partial-hospitalization",
        "residential",
        "inpatient",
        "withdrawal-management",
        "virtual-iop",
    ] {
        let entry = &site.entries[site.by_path[&format!("levels-of-care/{level}.md")]];
        for key in keys {
            assert!(
                entry.front().facts.contains_key(key),
                "{level} lacks fact {key}"
            );
        }
    }
}

#[test]
fn comparison_articles_use_generated_tables_only() {
    let (site, rendered) = prepared();
    for path in [
        "levels-of-care/_index.md",
        "comparisons/iop-vs-php.md",
        "comparisons/iop-vs-inpatient-and-residential.md",
        "comparisons/iop-vs-outpatient.md",
    ] {
        let index = site.by_path[path];
        let source = site.entries[index].doc.body_text();
        assert!(source.contains("```compare"), "{path} has no compare block");
        assert!(
            !source.lines().any(|l| l.trim_start().starts_with('|')),
            "{path} has a hand-typed table"
        );
        assert!(
            rendered.markdown[index]
                .body
                .html
                .contains("<table class=\"compare-table\">"),
            "{path} renders no table"
        );
    }
}

#[test]
fn every_article_has_its_spanish_translation_under_es() {
    let (site, _) = prepared();
    let mut missing = Vec::new();
    for entry in site.entries.iter().filter(|e| e.lang == "en") {
        match site.in_language(&entry.key, "es") {
            Some(t) => assert!(
                site.entries[t].path.starts_with("es/"),
                "{} is not under es/",
                site.entries[t].path
            ),
            None => missing.push(entry.doc.rel_path.clone()),
        }
    }
    assert!(missing.is_empty(), "untranslated: {missing:?}");
    // The issue's minimum, by name.
    for key in [
        "levels-of-care/_index.md",
        "levels-of-care/intensive-outpatient.md",
        "levels-of-care/partial-hospitalization.md",
        "comparisons/iop-vs-php.md",
        "comparisons/iop-vs-inpatient-and-residential.md",
        "comparisons/iop-vs-outpatient.md",
        "faq.md",
        "therapies/family-therapy.md",
        "therapies/cbt.md",
        "therapies/dbt.md",
        "therapies/medication-assisted-treatment.md",
        "glossary.md",
        "get-help-now.md",
    ] {
        assert!(
            site.in_language(key, "es").is_some(),
            "{key} has no Spanish translation"
        );
    }
}
