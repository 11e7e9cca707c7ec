//! Whole builds of small fixture sites: output shape, Markdown features, navigation,
//! determinism and atomic output.

mod common;

use common::{tree, TestSite};

/// The `features` fixture's whole output equals tests/fixtures/features/expected/.
/// Run with UPDATE_EXPECTED=1 to accept a deliberate change (then review the diff).
#[test]
fn features_site_matches_expected_output() {
    let site = TestSite::fixture("features");
    std::fs::remove_dir_all(site.root().join("expected")).ok();
    site.build_ok();
    let expected_dir = common::fixtures().join("features/expected");
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::remove_dir_all(&expected_dir).ok();
        common::copy_dir(&site.output(), &expected_dir);
    }
    let got = tree(&site.output());
    let want = tree(&expected_dir);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "the set of output files changed"
    );
    for (path, bytes) in &got {
        assert!(
            want[path] == *bytes,
            "{path} differs from the expected output:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn markdown_features_render() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let html = site.read("care/iop/index.html");
    // Unique, stable heading ids and a nested table of contents.
    assert!(html.contains(r#"<h2 id="how-it-works">How it works</h2>"#));
    assert!(html.contains(r#"<h2 id="how-it-works-1">How it works</h2>"#));
    assert!(html.contains(r##"<li><a href="#how-it-works">How it works</a> <a href="#the-schedule">The schedule</a></li>"##));
    // Tables, task lists, strikethrough, footnotes, smart punctuation.
    assert!(html.contains("<table><thead><tr><th>Day</th>"));
    assert!(html.contains(r#"<input disabled="" type="checkbox" checked=""/>"#));
    assert!(html.contains("<del>old</del>"));
    assert!(html.contains("footnote-definition"));
    assert!(html.contains("“It’s a big step” – and that’s OK."));
    // GitHub alerts become labelled callouts.
    assert!(
        html.contains(r#"<div class="callout callout-warning" role="note" aria-label="Warning">"#)
    );
    // Code is highlighted with classes, never inline styles.
    assert!(html.contains(r#"<span class="hl-storage hl-type hl-function hl-rust">fn</span>"#));
    assert!(!html.contains("style=\""));
    // The summary stops at <!-- more -->.
    let summary = html
        .split(r#"<div class="summary">"#)
        .nth(1)
        .unwrap()
        .split("</div>")
        .next()
        .unwrap();
    assert!(summary.contains("gives structure"));
    assert!(!summary.contains("How it works"));
    // Word count and reading time.
    assert!(html.contains("words, 1 min"), "{html}");
    // Dates are shown for people and machines.
    assert!(html.contains(r#"<time datetime="2026-11-15">November 15, 2026</time>"#));
}

#[test]
fn internal_links_are_rewritten_with_the_base_path() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let iop = site.read("care/iop/index.html");
    assert!(iop.contains(r#"<a href="/help/care/outpatient/">outpatient</a>"#));
    // A custom slug changes the URL the link points to.
    assert!(iop.contains(r#"<a href="/help/therapies/cbt-therapy/">CBT</a>"#));
    // Site-absolute source paths work too, and anchors survive.
    let cbt = site.read("therapies/cbt-therapy/index.html");
    assert!(cbt.contains(r#"<a href="/help/care/iop/">IOP</a>"#));
    let outpatient = site.read("care/outpatient/index.html");
    assert!(outpatient.contains(r#"href="/help/care/iop/#how-it-works""#));
    // Stylesheets through get_url: minified, with a content-hashed name, under the base path.
    let href = iop
        .split(r#"<link rel="stylesheet" href=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        href.starts_with("/help/assets/style.") && href.ends_with(".css"),
        "{href}"
    );
    let css =
        std::fs::read_to_string(site.output().join(href.trim_start_matches("/help/"))).unwrap();
    assert_eq!(css, "body{font-family:sans-serif;}");
    assert!(!site.output().join("style.css").exists());
}

#[test]
fn base_url_flag_overrides_config() {
    let site = TestSite::fixture("features");
    let mut options = site.options();
    options.base_url = Some("https://preview.example.net/pr-7/".into());
    let outcome = continuum::build(&options);
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let iop = site.read("care/iop/index.html");
    assert!(iop.contains(r#"href="/pr-7/care/outpatient/""#), "{iop}");
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://preview.example.net/pr-7/care/iop/</loc>"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("features");
    site.build_ok();
    assert!(!site.output().join("care/draft").exists());
    let mut options = site.options();
    options.drafts = true;
    let outcome = continuum::build(&options);
    assert!(!outcome.diagnostics.has_errors());
    assert!(site.read("care/draft/index.html").contains("Not ready"));
}

#[test]
fn sections_order_pages_and_link_neighbours() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let care = site.read("care/index.html");
    let order: Vec<usize> = ["Outpatient", "Intensive outpatient", "A bundle"]
        .iter()
        .map(|t| {
            care.find(&format!(">{t}</a></li>"))
                .unwrap_or_else(|| panic!("{t} missing"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "weight order: {care}"
    );
    // sort_by = "title" in therapies/_index.md.
    let therapies = site.read("therapies/index.html");
    assert!(therapies.find("Cognitive").unwrap() < therapies.find("Dialectical").unwrap());
    let iop = site.read("care/iop/index.html");
    assert!(iop.contains(r#"<a rel="prev" href="/help/care/outpatient/">Outpatient</a>"#));
    assert!(iop.contains(r#"<a rel="next" href="/help/care/bundle-page/">A bundle</a>"#));
    // Breadcrumbs come from the section tree.
    assert!(iop.contains(r#"<a href="/help/">Home</a> / <a href="/help/care/">Levels of care</a>"#));
}

#[test]
fn bundles_aliases_taxonomies_and_site_files() {
    let site = TestSite::fixture("features");
    site.build_ok();
    // A bundle's files are copied beside its page, and image paths follow.
    assert!(site.output().join("care/bundle-page/chart.svg").is_file());
    assert!(site
        .read("care/bundle-page/index.html")
        .contains(r#"src="/help/care/bundle-page/chart.svg""#));
    // Aliases become redirect pages.
    let redirect = site.read("old/iop/index.html");
    assert!(redirect.contains(r#"<meta http-equiv="refresh" content="0; url=/help/care/iop/">"#));
    assert!(
        redirect.contains(r#"<link rel="canonical" href="https://example.org/help/care/iop/">"#)
    );
    // Taxonomy list and term pages, with counts.
    let list = site.read("topics/therapies/index.html");
    assert!(
        list.contains(r#"<a href="/help/topics/therapies/cbt/">CBT</a> (3)"#),
        "{list}"
    );
    let term = site.read("topics/therapies/dbt/index.html");
    assert!(term.contains("Dialectical behavior therapy") && term.contains("Intensive outpatient"));
    // 404, sitemap with lastmod, robots.
    assert!(site.read("404.html").contains("Not found"));
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://example.org/help/care/outpatient/</loc>\n    <lastmod>2026-01-02</lastmod>"
    ));
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.org/help/sitemap.xml"));
}

#[test]
fn site_templates_override_theme_templates() {
    let site = TestSite::fixture("features");
    site.write(
        "templates/404.html",
        "<p>Our own 404 for {{ config.title }}</p>",
    );
    site.build_ok();
    assert_eq!(site.read("404.html"), "<p>Our own 404 for Features</p>");
}

#[test]
fn two_builds_in_different_folders_are_byte_identical() {
    let a = TestSite::fixture("features");
    let b = TestSite::fixture("features");
    a.build_ok();
    b.build_ok();
    a.build_ok();
    assert_eq!(tree(&a.output()), tree(&b.output()));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let before = tree(&site.output());
    site.page(
        "care/broken.md",
        "title = \"Broken\"\ndraft = \"no\"",
        "Text",
    );
    let outcome = site.build();
    assert!(outcome.diagnostics.has_errors());
    assert_eq!(tree(&site.output()), before);
    // No temporary folder is left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_replaces_stale_files() {
    let site = TestSite::fixture("features");
    site.build_ok();
    std::fs::remove_file(site.root().join("content/therapies/dbt.md")).unwrap();
    site.write(
        "content/therapies/cbt.md",
        "+++\ntitle = \"CBT\"\n+++\nText.",
    );
    site.build_ok();
    assert!(!site.output().join("therapies/dbt").exists());
}

#[test]
fn slugs_cannot_write_outside_the_output_folder() {
    let site = TestSite::minimal();
    site.page(
        "evil.md",
        "title = \"Evil\"\nslug = \"../../../../tmp/evil\"",
        "x",
    );
    site.page("win.md", "title = \"Win\"\nslug = \"..\\\\..\\\\CON\"", "x");
    let outcome = site.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    assert!(site.output().join("tmp-evil/index.html").is_file());
    assert!(site.output().join("con-page/index.html").is_file());
    assert!(!site.root().join("tmp").exists());
}

#[test]
fn output_folder_that_holds_a_site_is_refused() {
    let site = TestSite::minimal();
    let mut options = site.options();
    options.output = Some(site.root().to_path_buf());
    let outcome = continuum::build(&options);
    assert!(outcome.diagnostics.has_errors());
    assert!(
        site.root().join("config.toml").is_file(),
        "the site must survive"
    );
}

#[test]
fn json_ld_cannot_be_broken_out_of() {
    let site = TestSite::minimal();
    site.write(
        "templates/page.html",
        "<script type=\"application/ld+json\">{{ page.json_ld | safe }}</script>",
    );
    site.page("evil.md", "title = \"A </script><script>alert(1)</script>\"\nlast_reviewed = 2026-11-15\nreviewed_by = \"Team\"", "Text.");
    site.build_ok();
    let html = site.read("evil/index.html");
    assert_eq!(html.matches("</script>").count(), 1, "{html}");
    let json = html
        .trim_start_matches("<script type=\"application/ld+json\">")
        .trim_end_matches("</script>");
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let page = &value["@graph"][0];
    assert_eq!(page["@type"], "MedicalWebPage");
    assert_eq!(page["name"], "A </script><script>alert(1)</script>");
    assert_eq!(page["lastReviewed"], "2026-11-15");
    assert_eq!(page["reviewedBy"]["name"], "Team");
    assert_eq!(value["@graph"][1]["@type"], "BreadcrumbList");
}

#[test]
fn atom_feed_lists_dated_articles_newest_first() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let feed = site.read("atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    let iop = feed
        .find("<title>Intensive outpatient</title>")
        .expect("IOP in feed");
    let outpatient = feed
        .find("<title>Outpatient</title>")
        .expect("outpatient in feed");
    assert!(iop < outpatient, "2026-11-15 comes before 2026-01-02");
    assert!(
        !feed.contains("<title>Glossary</title>"),
        "undated pages are left out"
    );
}

/// The site's own robots.txt is there on purpose: it replaces the generated one (as in Hugo;
/// it used to be dropped without a word).
#[test]
fn a_static_robots_txt_replaces_the_generated_one() {
    let site = TestSite::minimal();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.write("static/notes.txt", "kept");
    site.build_ok();
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(site.read("notes.txt"), "kept");
}
