//! Every editor mistake is one diagnostic with file, line, message and hint; a run reports
//! them all together. Each test builds a small broken site.

mod common;

use common::{assert_diagnostic, single_error, TestSite};

#[test]
fn unclosed_front_matter() {
    let site = TestSite::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\n\nBody");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/a.md:1:1",
        "front matter is never closed",
        "+++",
    );
}

#[test]
fn mixed_front_matter_delimiters() {
    let site = TestSite::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\n---\nBody");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/a.md:3:1",
        "closed with a different delimiter",
        "same line",
    );
}

#[test]
fn invalid_toml_points_at_the_line() {
    let site = TestSite::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\nweight = = 3\n+++\n");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md:3:", "invalid front matter", "TOML");
}

#[test]
fn invalid_yaml_points_at_the_line() {
    let site = TestSite::minimal();
    site.write(
        "content/a.md",
        "---\ntitle: A\ndescription: [unclosed\n---\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md:", "invalid YAML front matter", "YAML");
    assert!(d.line_col().unwrap().0 >= 3, "{}", d.render(false));
}

#[test]
fn wrong_field_type() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"\ndraft = \"false\"", "");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md:3:9", "invalid type", "true/false");
}

#[test]
fn impossible_date() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"\nlast_reviewed = \"2026-02-30\"", "");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md:3:", "not a valid date", "");
}

#[test]
fn missing_title() {
    let site = TestSite::minimal();
    site.page("a.md", "description = \"No title\"", "");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md:1:1", "has no `title`", "title = ");
}

#[test]
fn no_front_matter() {
    let site = TestSite::minimal();
    site.write("content/a.md", "# Just text\n");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md:1:1", "no front matter", "+++");
}

#[test]
fn misspelled_front_matter_key() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"\nlast_reviewd = 2026-01-01", "");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/a.md:3:1",
        "unknown key `last_reviewd`",
        "did you mean `last_reviewed`?",
    );
}

#[test]
fn misspelled_config_key() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        "title = \"F\"\nbase_url = \"https://e.org\"\ntheme = \"plain\"\ntaxonomys = []\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "config.toml:4:1",
        "unknown key `taxonomys`",
        "did you mean `taxonomies`?",
    );
}

#[test]
fn duplicate_output_paths_differing_in_case() {
    let site = TestSite::minimal();
    site.page("care/IOP.md", "title = \"One\"", "");
    site.page("care/iop.md", "title = \"Two\"", "");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/iop.md",
        "same address `/care/iop/`",
        "care/IOP.md",
    );
}

#[test]
fn duplicate_output_paths_from_slug() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"\nslug = \"b\"", "");
    site.page("b.md", "title = \"B\"", "");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/b.md", "same address `/b/`", "a.md");
}

#[test]
fn unknown_template() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"\ntemplate = \"pgae.html\"", "");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/a.md:3:13",
        "unknown template `pgae.html`",
        "did you mean `page.html`?",
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = TestSite::minimal();
    site.write("templates/404.html", "<p>\n{{ config.title }\n</p>");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "templates/404.html:2:", "template `404.html`", "Tera");
}

#[test]
fn template_runtime_error_names_template() {
    let site = TestSite::minimal();
    site.write("templates/404.html", "{{ no_such_variable }}");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "templates/404.html", "template `404.html`", "");
    assert!(d.message.contains("no_such_variable"), "{}", d.message);
}

#[test]
fn broken_link_suggests_the_closest_path() {
    let site = TestSite::minimal();
    site.page("care/iop.md", "title = \"IOP\"", "## Schedule\n");
    site.page(
        "care/php.md",
        "title = \"PHP\"",
        "Compare with [IOP](iop-program.md).\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/php.md:4:14",
        "broken link: `care/iop-program.md`",
        "did you mean `iop.md`?",
    );
}

#[test]
fn broken_anchor_suggests_the_closest_heading() {
    let site = TestSite::minimal();
    site.page("care/iop.md", "title = \"IOP\"", "## Schedule\n");
    site.page(
        "care/php.md",
        "title = \"PHP\"",
        "See [the schedule](iop.md#schedul).\n",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "content/care/php.md:4:5",
        "has no heading `#schedul`",
        "did you mean `#schedule`?",
    );
}

#[test]
fn link_to_a_draft_is_an_error() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"\ndraft = true", "");
    site.page("b.md", "title = \"B\"", "[A](a.md)");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/b.md:4:1", "which is a draft", "--drafts");
}

#[test]
fn link_escaping_content_is_an_error() {
    let site = TestSite::minimal();
    site.page("b.md", "title = \"B\"", "[A](../../etc/passwd.md)");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/b.md:4:1", "points outside content/", "");
}

#[test]
fn case_mismatched_link_is_an_error() {
    let site = TestSite::minimal();
    site.page("care/iop.md", "title = \"IOP\"", "");
    site.page("b.md", "title = \"B\"", "[IOP](care/IOP.md)");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/b.md:4:1", "differs in case", "care/iop.md");
}

#[test]
fn unknown_taxonomy_and_unknown_term() {
    let site = TestSite::minimal();
    site.page(
        "a.md",
        "title = \"A\"\n[taxonomies]\ntherapy = [\"CBT\"]\ntherapies = [\"DTB\"]",
        "",
    );
    let outcome = site.check();
    let d = single_error(&outcome);
    assert_diagnostic(
        &d,
        "content/a.md:4:1",
        "unknown taxonomy `therapy`",
        "did you mean `therapies`?",
    );
    let warning = outcome
        .diagnostics
        .iter()
        .find(|d| !d.is_error())
        .expect("a warning");
    assert_diagnostic(
        warning,
        "content/a.md:5:",
        "`DTB` is not a term",
        "did you mean `DBT`?",
    );
}

#[test]
fn alias_colliding_with_a_page_is_an_error() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"", "");
    site.page("b.md", "title = \"B\"\naliases = [\"/a/\"]", "");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/b.md", "same address `/a/`", "a.md");
}

#[test]
fn missing_theme_lists_the_available_ones() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        "title = \"F\"\nbase_url = \"https://e.org\"\ntheme = \"nope\"\n",
    );
    let outcome = site.check();
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("theme `nope`"))
        .expect("theme error");
    assert_diagnostic(d, "themes/nope", "not found", "plain");
}

#[test]
fn every_problem_of_a_run_is_reported_together() {
    let site = TestSite::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\n");
    site.page("b.md", "title = \"B\"\ndraft = 1", "");
    site.page("c.md", "title = \"C\"", "[x](nope.md)");
    site.page("d.md", "title = \"D\"\ntemplate = \"x.html\"", "");
    let outcome = site.check();
    assert_eq!(
        outcome.diagnostics.error_count(),
        4,
        "{}",
        outcome.diagnostics.report(false)
    );
    let report = outcome.diagnostics.report(false);
    assert!(
        report.trim_end().ends_with("4 errors, 0 warnings"),
        "{report}"
    );
}

#[test]
fn toml_dates_written_wrongly_get_the_yyyy_mm_dd_help() {
    for value in ["12/01/2026", "2026-1-5", "2026-02-30", "2026-13-01"] {
        let site = TestSite::minimal();
        site.page(
            "a.md",
            &format!("title = \"A\"\nlast_reviewed = {value}"),
            "",
        );
        let d = single_error(&site.check());
        assert_diagnostic(
            &d,
            "content/a.md:3:17",
            &format!("`{value}` is not a valid date"),
            "YYYY-MM-DD",
        );
    }
}

/// Runs the real binary: a stack overflow would abort the test process itself.
fn build_with_binary(site: &TestSite) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_continuum"))
        .args(["build", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_macro_calling_itself_is_an_error_not_a_stack_overflow() {
    let site = TestSite::minimal();
    site.write(
        "templates/macros.html",
        "{% macro down(n) -%}\n{{ self::down(n=n + 1) }}\n{%- endmacro down %}\n",
    );
    site.write(
        "templates/404.html",
        "{% import \"macros.html\" as m %}<p>{{ m::down(n=1) }}</p>",
    );
    let (code, stderr) = build_with_binary(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("macro `down` of `macros.html` calls itself without end"),
        "{stderr}"
    );
    // At the macro, once.
    assert!(stderr.contains("--> templates/macros.html:1:1"), "{stderr}");
    assert!(stderr.contains("1 error, 0 warnings"), "{stderr}");
}

#[test]
fn macros_calling_each_other_without_end_are_an_error() {
    let site = TestSite::minimal();
    site.write(
        "templates/macros.html",
        "{% macro ping(n) %}{{ self::pong(n=n) }}{% endmacro ping %}\n{% macro pong(n) %}{% if n > 0 %}{{ self::ping(n=n) }}{% endif %}{% endmacro pong %}\n",
    );
    site.write(
        "templates/404.html",
        "{% import \"macros.html\" as m %}<p>{{ m::ping(n=1) }}</p>",
    );
    let (code, stderr) = build_with_binary(&site);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("calls itself without end"), "{stderr}");
    assert!(stderr.contains("macros.html"), "{stderr}");
}

/// The minimal site with three more pages and the theme's page.html copied to the site's
/// templates/ with `from` replaced by `to`.
fn site_with_page_template(from: &str, to: &str) -> TestSite {
    let site = TestSite::minimal();
    for i in 1..=3 {
        site.page(&format!("p{i}.md"), &format!("title = \"P{i}\""), "Text.\n");
    }
    let theme =
        std::fs::read_to_string(site.root().join("themes/plain/templates/page.html")).unwrap();
    assert!(theme.contains(from));
    site.write("templates/page.html", &theme.replacen(from, to, 1));
    site
}

#[test]
fn an_unknown_variable_is_one_error_at_the_template_with_a_suggestion() {
    let site = site_with_page_template("{{ page.word_count }}", "{{ page.word_cont }}");
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "templates/page.html:5:",
        "template `page.html`: unknown variable `page.word_cont`",
        "did you mean `page.word_count`? (met rendering 3 pages, the first content/p1.md)",
    );
    let text = std::fs::read_to_string(site.root().join("templates/page.html")).unwrap();
    let line = text.lines().nth(4).unwrap();
    let column = line.find("page.word_cont").unwrap() + 1;
    assert_eq!(d.line_col(), Some((5, column)));
}

#[test]
fn an_unknown_filter_is_one_error_at_the_template_with_a_suggestion() {
    let site = site_with_page_template(
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title | uppr }}</h1>",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "templates/page.html:4:",
        "unknown filter `uppr`",
        "did you mean `upper`? (met rendering 3 pages",
    );
}

#[test]
fn a_template_syntax_error_has_its_column() {
    let site = TestSite::minimal();
    site.write(
        "templates/404.html",
        "<p>\n  <b>{{ config.title }</b>\n</p>",
    );
    let d = single_error(&site.check());
    assert_diagnostic(&d, "templates/404.html:2:22", "template `404.html`", "Tera");
}

#[test]
fn an_unclosed_if_is_reported_where_it_opens() {
    let site = site_with_page_template(
        "<h1>{{ page.title }}</h1>",
        "<h1>{% if page.title %}{{ page.title }}</h1>",
    );
    let d = single_error(&site.check());
    assert_diagnostic(
        &d,
        "templates/page.html:4:5",
        "this `{% if %}` is never closed",
        "close it with `{% endif %}`",
    );
}
