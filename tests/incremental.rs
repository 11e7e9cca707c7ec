//! Incremental rebuilds (what `serve` does) give byte-for-byte the output of a full build of
//! the same files, after every kind of edit, while redoing only what changed.

mod common;

use common::TestSite;
use continuum::render::OutputFile;
use continuum::{BuildOptions, Cache};

fn files(produced: Option<(continuum::resolve::Site, Vec<OutputFile>)>) -> Vec<OutputFile> {
    produced.expect("the build succeeds").1
}

/// Rebuilds with the long-lived cache and from scratch, and compares.
fn assert_same_as_full(options: &BuildOptions, cache: &mut Cache) -> continuum::Outcome {
    let (incremental, outcome) = continuum::produce_cached(options, cache);
    let (full, full_outcome) = continuum::produce(options);
    assert_eq!(
        outcome.diagnostics.report(false),
        full_outcome.diagnostics.report(false),
        "the same warnings, from cached and fresh checks"
    );
    let (incremental, full) = (files(incremental), files(full));
    assert_eq!(incremental.len(), full.len());
    for (a, b) in incremental.iter().zip(&full) {
        assert_eq!(a.path, b.path);
        if a.bytes != b.bytes {
            let (a_text, b_text) = (
                String::from_utf8_lossy(&a.bytes),
                String::from_utf8_lossy(&b.bytes),
            );
            let first = a_text.lines().zip(b_text.lines()).find(|(x, y)| x != y);
            panic!(
                "{} differs from a full build; first different line:\n{first:?}",
                a.path
            );
        }
    }
    outcome
}

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let site = TestSite::fixture("features");
    let options = site.options();
    let mut cache = Cache::default();
    assert_same_as_full(&options, &mut cache);

    // Body text of one page.
    site.page(
        "therapies/dbt.md",
        "title = \"Dialectical behavior therapy\"\n[taxonomies]\ntherapies = [\"DBT\"]",
        "New words. See [CBT](cbt.md).\n",
    );
    assert_same_as_full(&options, &mut cache);
    // A title, which other pages show in their listings, backlinks and compare tables.
    site.page(
        "care/outpatient.md",
        "title = \"Outpatient care\"\nweight = 10\n[facts]\nhours = \"Under 9\"\novernight = false",
        "Text. See [IOP](iop.md#how-it-works).\n",
    );
    assert_same_as_full(&options, &mut cache);
    // A new page linking to another, and a deleted page.
    site.page(
        "care/new.md",
        "title = \"New\"\n[taxonomies]\ntherapies = [\"CBT\"]",
        "[IOP](iop.md)\n",
    );
    std::fs::remove_file(site.root().join("content/care/bundle-page/index.md")).unwrap();
    assert_same_as_full(&options, &mut cache);
    // A glossary definition, which every page that uses the term shows.
    let glossary = std::fs::read_to_string(site.root().join("content/glossary.md")).unwrap();
    site.write(
        "content/glossary.md",
        &glossary.replace("while you live at home", "while living at home"),
    );
    assert_same_as_full(&options, &mut cache);
    // A template and the configuration.
    site.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>{{ page.content | safe }}",
    );
    assert_same_as_full(&options, &mut cache);
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", &config.replace("Features", "Renamed"));
    assert_same_as_full(&options, &mut cache);
}

#[test]
fn a_body_edit_renders_only_that_page() {
    let site = TestSite::fixture("features");
    let options = site.options();
    let mut cache = Cache::default();
    assert_same_as_full(&options, &mut cache);
    let untouched = assert_same_as_full(&options, &mut cache);
    assert_eq!(untouched.render_work.markdown_rendered, 0);
    assert_eq!(untouched.render_work.pages_rendered, 0);

    // The body only: the front matter stays as it is, byte for byte (cache keys hash it whole,
    // so even a blank line there is a change to every page that shows this one).
    let path = site.root().join("content/therapies/dbt.md");
    let text = std::fs::read_to_string(&path).unwrap();
    site.write(
        "content/therapies/dbt.md",
        &text.replace("DBT teaches skills.", "DBT teaches new skills."),
    );
    let outcome = assert_same_as_full(&options, &mut cache);
    assert_eq!(outcome.render_work.markdown_rendered, 1);
    assert_eq!(outcome.render_work.pages_rendered, 1);
}

#[test]
fn translation_edits_match_a_full_build() {
    let site = TestSite::fixture("languages");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&theme, &site.root().join("themes/default"));
    let options = site.options();
    let mut cache = Cache::default();
    assert_same_as_full(&options, &mut cache);
    // A new translation: the original gains an alternate, links from Spanish pages move to it.
    site.page(
        "care/php.es.md",
        "title = \"Hospitalización parcial\"\nslug = \"hospitalizacion-parcial\"",
        "Un programa de día.\n",
    );
    assert_same_as_full(&options, &mut cache);
    // A changed interface string (the fallback marker and the switcher label).
    let es = site.root().join("themes/default/i18n/es.toml");
    let text = std::fs::read_to_string(&es).unwrap();
    std::fs::write(&es, text.replace("(en inglés)", "(solo en inglés)")).unwrap();
    assert_same_as_full(&options, &mut cache);
    // A removed translation: its links fall back to the original again.
    std::fs::remove_file(site.root().join("content/care/php.es.md")).unwrap();
    assert_same_as_full(&options, &mut cache);
    // A translated fact label in config.toml.
    let config = site.root().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("label = \"Horas\"", "label = \"Horas por semana\""),
    )
    .unwrap();
    assert_same_as_full(&options, &mut cache);
}

/// reviews.toml alone changes (a second approval of a page that no longer says "sample"): the
/// page shows the new reviewer, as a full build does.
#[test]
fn a_new_approval_reaches_the_page() {
    use continuum::review::approve::{approve, Request};
    let site = TestSite::minimal();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&theme, &site.root().join("themes/default"));
    site.write(
        "config.toml",
        "title = \"Governed\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\n\n[governance]\nrequire_approval = true\n",
    );
    site.page(
        "_index.md",
        "title = \"Home\"\ndescription = \"Home.\"\nreview_status = \"sample\"",
        "Welcome.\n",
    );
    site.page(
        "iop.md",
        "title = \"IOP\"\ndescription = \"What an IOP is.\"",
        "Adults get 9 hours a week.\n",
    );
    let today = continuum::load::Date::parse("2026-12-01").unwrap();
    let by = |name: &str| {
        approve(&Request {
            root: site.root(),
            path: "content/iop.md",
            by: Some(name),
            role: Some("Psychiatrist"),
            team: None,
            today,
            next_review: None,
        })
        .unwrap();
    };
    by("Ana Ruiz, MD");
    let mut options = site.options();
    options.checks.today = Some(today);
    let mut cache = Cache::default();
    assert_same_as_full(&options, &mut cache);
    by("Bo Chen, MD");
    assert_same_as_full(&options, &mut cache);
}
