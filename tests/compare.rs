//! Comparison tables, inline facts and their errors.

mod common;

use common::{assert_diagnostic, single_error, TestSite};

fn site() -> TestSite {
    TestSite::fixture("features")
}

#[test]
fn compare_block_renders_an_accessible_table() {
    let site = site();
    site.build_ok();
    let html = site.read("care/index.html");
    assert!(
        html.contains("<caption>Comparing Outpatient and Intensive outpatient</caption>"),
        "{html}"
    );
    assert!(html.contains(r#"<th scope="col" data-item="care/iop/"><a href="/help/care/iop/">Intensive outpatient</a></th>"#));
    assert!(html.contains(
        r#"<th scope="row">Hours a week<span class="fact-help">Time in treatment.</span></th>"#
    ));
    assert!(
        html.contains(r#"<td data-label="Outpatient">No</td>"#),
        "booleans read Yes/No"
    );
}

#[test]
fn compare_page_has_the_full_table() {
    let site = site();
    site.build_ok();
    let html = site.read("care/compare/index.html");
    assert!(html.contains("<h1>Compare care</h1>"));
    assert!(
        html.contains(r#"<tr data-fact="overnight">"#)
            && html.contains(r#"<tr data-fact="hours">"#)
    );
}

#[test]
fn inline_fact_quotes_the_value() {
    let site = site();
    site.page(
        "care/note.md",
        "title = \"Note\"",
        "An IOP means {{ fact(item=\"iop.md\", key=\"hours\") }} hours.\n",
    );
    site.build_ok();
    let html = site.read("care/note/index.html");
    assert!(
        html.contains(r#"means <span class="fact" data-fact="hours">9 or more</span> hours."#),
        "{html}"
    );
}

#[test]
fn facts_template_function_lists_a_section() {
    let site = site();
    site.write("templates/404.html", "{% for item in facts(section=\"care\") %}{{ item.title }}={{ item.facts.0.value }};{% endfor %}");
    site.build_ok();
    assert_eq!(
        site.read("404.html"),
        "Outpatient=Under 9;Intensive outpatient=9 or more;"
    );
}

#[test]
fn missing_item_is_an_error_with_a_suggestion() {
    let site = site();
    site.page(
        "care/x.md",
        "title = \"X\"",
        "```compare\nitems = [\"iopp.md\", \"outpatient.md\"]\n```\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/x.md:4:1",
        "compare item `iopp.md` does not exist",
        "did you mean `iop.md`?",
    );
}

#[test]
fn item_without_facts_is_an_error() {
    let site = site();
    site.page(
        "care/x.md",
        "title = \"X\"",
        "```compare\nitems = [\"../therapies/dbt.md\"]\n```\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/x.md:4:1",
        "has no facts to compare",
        "[compare.SECTION]",
    );
}

#[test]
fn unknown_fact_key_in_a_block_is_an_error() {
    let site = site();
    site.page(
        "care/x.md",
        "title = \"X\"",
        "```compare\nitems = [\"iop.md\"]\nfacts = [\"hour\"]\n```\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/x.md:4:1",
        "unknown fact `hour`",
        "did you mean `hours`?",
    );
}

#[test]
fn malformed_block_is_an_error() {
    let site = site();
    site.page(
        "care/x.md",
        "title = \"X\"",
        "Text.\n\n```compare\nitems = iop.md\n```\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/x.md:6:1",
        "malformed compare block",
        "items = [",
    );
}

#[test]
fn missing_fact_is_not_specified_with_a_warning() {
    let site = site();
    site.write(
        "content/care/outpatient.md",
        "+++\ntitle = \"Outpatient\"\nweight = 10\n[facts]\nhours = \"Under 9\"\n+++\nText.\n",
    );
    let outcome = site.build_ok();
    let warning = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("has no fact `overnight`"))
        .expect("warning");
    assert_diagnostic(
        warning,
        "content/care/_index.md:7:1",
        "Not specified",
        "overnight = ...",
    );
    assert!(site
        .read("care/index.html")
        .contains(r#"<td data-label="Outpatient" class="not-specified">Not specified</td>"#));
}

#[test]
fn fact_of_the_wrong_type_is_an_error() {
    let site = site();
    site.write(
        "content/care/outpatient.md",
        "+++\ntitle = \"Outpatient\"\n[facts]\nhours = \"Under 9\"\novernight = \"no\"\n+++\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/outpatient.md:5:1",
        "fact `overnight` must be true or false",
        "schema",
    );
}

#[test]
fn unknown_fact_in_front_matter_is_an_error() {
    let site = site();
    site.write("content/care/outpatient.md", "+++\ntitle = \"Outpatient\"\n[facts]\nhours = \"Under 9\"\novernight = false\nhourz = \"x\"\n+++\n");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/outpatient.md:6:1",
        "unknown fact `hourz`",
        "did you mean `hours`?",
    );
}

#[test]
fn inline_fact_errors() {
    let site = site();
    site.page("care/x.md", "title = \"X\"", "Line one.\nIt is {{ fact(item=\"iop.md\", key=\"hour\") }} and {{ fact(item=\"nope.md\", key=\"hours\") }}.\n");
    let outcome = site.check();
    assert_eq!(
        outcome.diagnostics.error_count(),
        2,
        "{}",
        outcome.diagnostics.report(false)
    );
    let mut errors = outcome.diagnostics.iter().filter(|d| d.is_error());
    let first = errors.next().unwrap();
    let second = errors.next().unwrap();
    assert_diagnostic(
        first,
        "content/care/x.md:5:7",
        "unknown fact `hour`",
        "did you mean `hours`?",
    );
    assert_diagnostic(second, "content/care/x.md:5:", "not a comparable item", "");
}
