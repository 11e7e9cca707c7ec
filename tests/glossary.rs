//! Glossary marking on rendered HTML: the first use of each term per page, never inside
//! headings, links or code, never on the glossary page itself; explicit `[[term]]` marks.

mod common;

use common::{assert_diagnostic, single_error, TestSite};

fn site_with_glossary() -> TestSite {
    let site = TestSite::minimal();
    site.write(
        "content/glossary.md",
        "+++\ntitle = \"Glossary\"\n\n[[glossary]]\nterm = \"Intensive outpatient program\"\nacronym = \"IOP\"\n\
         aliases = [\"intensive outpatient\"]\ndefinition = \"Care for 9 or more hours a week.\"\nlink = \"iop.md\"\n\n\
         [[glossary]]\nterm = \"Motivational interviewing\"\nacronym = \"MI\"\ndefinition = \"A way of talking about change.\"\n+++\n\
         An IOP is defined here and never marked on this page.\n",
    );
    site.page(
        "iop.md",
        "title = \"IOP\"",
        "## What an IOP is\n\nAn IOP meets often. Another IOP sentence.\n",
    );
    site
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn first_use_per_page_is_marked_with_an_accessible_definition() {
    let site = site_with_glossary();
    site.build_ok();
    let html = site.read("iop/index.html");
    assert_eq!(count(&html, "class=\"term\""), 1, "{html}");
    assert!(html.contains(
        r#"<a class="term" href="/help/glossary/#intensive-outpatient-program" aria-describedby="term-intensive-outpatient-program-1"><abbr title="Intensive outpatient program">IOP</abbr></a><span class="term-tip" id="term-intensive-outpatient-program-1" role="tooltip">Care for 9 or more hours a week.</span> meets often"#
    ), "{html}");
    // Not in the heading.
    assert!(html.contains(r#"<h2 id="what-an-iop-is">What an IOP is</h2>"#));
}

#[test]
fn never_inside_links_code_or_on_the_glossary_page() {
    let site = site_with_glossary();
    site.page("a.md", "title = \"A\"", "[An IOP link](iop.md) and `IOP` in code.\n\n```\nIOP\n```\n\nThen intensive outpatient care.\n");
    site.build_ok();
    let html = site.read("a/index.html");
    assert_eq!(count(&html, "class=\"term\""), 1, "{html}");
    assert!(html.contains(r#"<a href="/help/iop/">An IOP link</a>"#));
    assert!(html.contains("<code>IOP</code>"));
    // The alias is matched without regard to case.
    assert!(html.contains(">intensive outpatient</a>"), "{html}");
    let glossary = site.read("glossary/index.html");
    assert_eq!(count(&glossary, "class=\"term\""), 0);
    assert!(glossary.contains(r#"<dt id="intensive-outpatient-program">"#));
}

#[test]
fn acronyms_match_only_as_written_and_as_whole_words() {
    let site = site_with_glossary();
    site.page(
        "a.md",
        "title = \"A\"",
        "Mi casa. MIND games. Then MI helps.\n",
    );
    site.build_ok();
    let html = site.read("a/index.html");
    assert_eq!(count(&html, "class=\"term\""), 1, "{html}");
    assert!(html.contains("<abbr title=\"Motivational interviewing\">MI</abbr></a>"));
    assert!(html.contains("Mi casa. MIND games. Then "));
}

#[test]
fn explicit_terms_are_marked_even_when_repeated() {
    let site = site_with_glossary();
    site.page(
        "a.md",
        "title = \"A\"",
        "An IOP here. Later [[IOP|the program]].\n",
    );
    site.build_ok();
    let html = site.read("a/index.html");
    assert_eq!(count(&html, "class=\"term\""), 2, "{html}");
    assert!(html.contains(">the program</a>"));
}

#[test]
fn unknown_explicit_term_is_an_error() {
    let site = site_with_glossary();
    site.page("a.md", "title = \"A\"", "Ask about [[IPO]].\n");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/a.md:4:11",
        "unknown glossary term `[[IPO]]`",
        "did you mean `[[IOP]]`?",
    );
}

#[test]
fn duplicate_spellings_are_errors() {
    let site = site_with_glossary();
    site.write(
        "content/more.md",
        "+++\ntitle = \"More\"\n\n[[glossary]]\nterm = \"In-person outpatient\"\nacronym = \"IOP\"\ndefinition = \"x\"\n+++\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/more.md:5:",
        "glossary spelling `IOP` is used by two terms",
        "Intensive outpatient program",
    );
}

#[test]
fn backlinks_and_related_articles() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let iop = site.read("care/iop/index.html");
    let backlinks = iop
        .split(r#"<ul class="backlinks">"#)
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    // The articles that link to the IOP page, by title. The FAQ, the glossary (whose `link`
    // points here), the home page and the section link here too, but the footer and menu link
    // them from every page, so they are left out.
    for title in ["Cognitive behavioral therapy", "Outpatient"] {
        assert!(
            backlinks.contains(&format!(">{title}</a>")),
            "{title} missing from {backlinks}"
        );
    }
    for title in ["FAQ", "Glossary", "Home", "Levels of care"] {
        assert!(
            !backlinks.contains(&format!(">{title}</a>")),
            "{title} is not an article: {backlinks}"
        );
    }
    // Related: shares DBT, not linked from the body; pages already linked are left out.
    let related = iop
        .split(r#"<ul class="related">"#)
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert!(
        related.contains("Dialectical behavior therapy"),
        "{related}"
    );
    assert!(
        !related.contains("Cognitive behavioral therapy"),
        "{related}"
    );
}
