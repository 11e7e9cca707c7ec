//! Images and file links are part of the link graph: a missing image or document is an error
//! at its line and column with the nearest existing file suggested; alt text is plain text;
//! a table row with more cells than its header is reported instead of losing a cell.

mod common;

use common::{assert_diagnostic, single_error, TestSite};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

#[test]
fn a_missing_image_is_an_error_that_suggests_the_nearest_file() {
    let site = TestSite::minimal();
    site.write_bytes("content/care/chart.png", PNG);
    site.page(
        "care/iop.md",
        "title = \"IOP\"",
        "Intro.\n\nSee ![the chart](chrat.png) here.\n",
    );
    let d = single_error(&site.build());
    assert_diagnostic(
        &d,
        "content/care/iop.md:6:5",
        "broken file link: `care/chrat.png` does not exist",
        "did you mean `chart.png`?",
    );
}

#[test]
fn a_missing_file_link_is_an_error_and_page_bundles_resolve() {
    let site = TestSite::minimal();
    site.write_bytes("content/care/bundle/plan.pdf", b"%PDF-1.4\n");
    site.write_bytes("content/care/bundle/chart.png", PNG);
    site.page(
        "care/bundle/index.md",
        "title = \"Bundle\"",
        "![Chart](chart.png) and [the plan](plan.pdf).\n",
    );
    site.page(
        "care/php.md",
        "title = \"PHP\"",
        "Print [the plan](bundle/plan.pdf) or [the old one](bundle/plan-old.pdf).\n",
    );
    let d = single_error(&site.build());
    assert_diagnostic(
        &d,
        "content/care/php.md:4:38",
        "broken file link: `care/bundle/plan-old.pdf` does not exist",
        "did you mean `bundle/plan.pdf`?",
    );
}

#[test]
fn images_and_files_that_exist_build() {
    let site = TestSite::minimal();
    site.write_bytes("content/care/bundle/chart.png", PNG);
    site.write_bytes("static/forms/intake.pdf", b"%PDF-1.4\n");
    site.page(
        "care/bundle/index.md",
        "title = \"Bundle\"",
        "![Chart](chart.png), [intake form](/forms/intake.pdf), [tags](/tags/) and [feed](/feed.xml).\n",
    );
    site.build_ok();
    let html = site.read("care/bundle/index.html");
    assert!(
        html.contains("src=\"/help/care/bundle/chart.png\""),
        "{html}"
    );
}

#[test]
fn alt_text_is_never_marked_as_a_glossary_term() {
    let site = TestSite::minimal();
    site.write(
        "content/glossary.md",
        "+++\ntitle = \"Glossary\"\n\n[[glossary]]\nterm = \"Intensive outpatient program\"\nacronym = \"IOP\"\n\
         definition = \"Care for 9 or more hours a week.\"\n+++\n",
    );
    site.write_bytes("content/chart.png", PNG);
    site.page(
        "a.md",
        "title = \"A\"",
        "![Hours in an IOP each week](chart.png)\n\nAn IOP meets often.\n",
    );
    site.build_ok();
    let html = site.read("a/index.html");
    assert!(
        html.contains("alt=\"Hours in an IOP each week\""),
        "alt text holds markup: {html}"
    );
    // The term is still marked once, in the running text after the image.
    assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
    assert!(
        html.contains("</abbr></a><span class=\"term-tip\""),
        "{html}"
    );
}

#[test]
fn a_table_row_with_more_cells_than_its_header_is_a_warning_at_the_row() {
    let site = TestSite::minimal();
    site.page(
        "a.md",
        "title = \"A\"",
        "| Level | Hours |\n|---|---|\n| IOP | 9 |\n| PHP | 20 | daily |\n",
    );
    let outcome = site.build_ok();
    let warnings: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("table row"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", outcome.diagnostics.report(false));
    assert!(!warnings[0].is_error());
    assert_diagnostic(
        warnings[0],
        "content/a.md:7:1",
        "table row has 3 cells but the header has 2",
        "add a header cell",
    );
}
