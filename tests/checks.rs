//! The editorial checks on real sites: the `checks` fixture has one article per rule, checked
//! as of 2027-01-15; each test asserts the finding's file:line, message and help. Then the
//! command line (`check --format json|github`, `--report`, `--strict`), `--external`
//! against a server on 127.0.0.1 started by the test, and the bundled site. The `checks-es`
//! fixture is a site in English and Spanish: Spanish readability, rules by language, and
//! translations checked against their originals.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::{assert_diagnostic, TestSite};
use continuum::check::CheckOptions;
use continuum::load::Date;
use continuum::{BuildOptions, Diagnostic, Outcome, Severity};
use predicates::prelude::*;

const TODAY: &str = "2027-01-15";

fn options(site: &TestSite, strict: bool, external: bool) -> BuildOptions {
    BuildOptions {
        checks: CheckOptions {
            strict,
            external,
            today: Some(Date::parse(TODAY).expect("date")),
        },
        ..site.options()
    }
}

fn fixture() -> TestSite {
    TestSite::fixture("checks")
}

fn check(site: &TestSite) -> Outcome {
    continuum::prepare(&options(site, false, false)).1
}

/// The diagnostics in `file` (a path below content/).
fn in_file<'a>(outcome: &'a Outcome, file: &str) -> Vec<&'a Diagnostic> {
    let path = format!("content/{file}");
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.path.as_deref() == Some(Path::new(&path)))
        .collect()
}

/// The one diagnostic in `file` whose message contains `message`.
fn find<'a>(outcome: &'a Outcome, file: &str, message: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = in_file(outcome, file)
        .into_iter()
        .filter(|d| d.message.contains(message))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{message}` in {file}, got:\n{}",
        outcome.diagnostics.report(false)
    );
    found[0]
}

fn assert_severity(d: &Diagnostic, severity: Severity) {
    assert_eq!(d.severity, severity, "{}", d.render(false));
}

#[test]
fn readability_above_target_names_the_hardest_sentences() {
    let outcome = check(&fixture());
    let d = find(&outcome, "readability/hard.md", "reading level is grade");
    assert_diagnostic(
        d,
        "content/readability/hard.md:12:1",
        "(Flesch-Kincaid), above the target of 8",
        "the hardest sentences are line 12: \"Comprehensive psychiatric evaluation determines",
    );
    let help = d.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("line 12: \"Participants typically") && help.contains("line 14: \"Ongoing"),
        "{help}"
    );
    assert_severity(d, Severity::Warning);
}

#[test]
fn readability_override_with_a_reason_is_accepted() {
    let outcome = check(&fixture());
    assert!(in_file(&outcome, "readability/allowed.md").is_empty());
    assert!(in_file(&outcome, "readability/easy.md").is_empty());
    let article = outcome
        .report
        .articles
        .iter()
        .find(|a| a.file == "content/readability/allowed.md")
        .expect("in the report");
    assert_eq!(article.max_grade, 16.0);
    let grade = article.grade.unwrap();
    assert!(grade > 8.0 && grade <= 16.0, "{grade}");
}

#[test]
fn override_without_a_reason_is_an_error() {
    let outcome = check(&fixture());
    let d = find(&outcome, "readability/no-reason.md", "override");
    assert_diagnostic(
        d,
        "content/readability/no-reason.md:9:13",
        "`[checks] max_grade` override has no `reason`",
        "add reason = ",
    );
    assert_severity(d, Severity::Error);
}

#[test]
fn strict_makes_readability_an_error() {
    let site = fixture();
    let outcome = continuum::prepare(&options(&site, true, false)).1;
    let d = find(&outcome, "readability/hard.md", "reading level");
    assert_severity(d, Severity::Error);
}

#[test]
fn review_dates() {
    let outcome = check(&fixture());
    let cases = [
        (
            "missing.md",
            2,
            "has no `last_reviewed` date",
            "add last_reviewed = 2027-01-15 and next_review = 2030-01-15",
            Severity::Warning,
        ),
        (
            "no-next.md",
            5,
            "has no `next_review` date",
            "add next_review = 2029-03-01 (3 years after the last review)",
            Severity::Warning,
        ),
        (
            "overdue.md",
            6,
            "was due on 2026-11-01 and is overdue",
            "update last_reviewed and next_review",
            Severity::Warning,
        ),
        (
            "order.md",
            6,
            "`next_review` 2025-05-01 is before `last_reviewed` 2026-05-01",
            "next_review = 2029-05-01",
            Severity::Error,
        ),
        (
            "future.md",
            5,
            "`last_reviewed` 2027-03-01 is in the future (today is 2027-01-15)",
            "actually happened",
            Severity::Error,
        ),
        (
            "interval.md",
            6,
            "more than 3 years after `last_reviewed` 2026-01-10",
            "next_review = 2029-01-10",
            Severity::Warning,
        ),
    ];
    for (file, line, message, help, severity) in cases {
        let file = format!("review/{file}");
        let d = find(&outcome, &file, message);
        assert_diagnostic(d, &format!("content/{file}:{line}:"), message, help);
        assert_severity(d, severity);
    }
}

#[test]
fn images_need_alt_text() {
    let outcome = check(&fixture());
    let file = "accessibility/images.md";
    let d = find(&outcome, file, "image has no alt text");
    assert_diagnostic(
        d,
        "content/accessibility/images.md:10:1",
        "no alt text",
        "describe what the image shows",
    );
    assert_severity(d, Severity::Error);
    let d = find(&outcome, file, "`image` is a generic word");
    assert_diagnostic(
        d,
        "content/accessibility/images.md:12:1",
        "alt text",
        "say what the image shows",
    );
    let d = find(&outcome, file, "`hours.png` is the file name");
    assert_diagnostic(
        d,
        "content/accessibility/images.md:14:1",
        "alt text",
        "say what the image shows",
    );
    let d = find(&outcome, file, "no alt attribute");
    assert_diagnostic(
        d,
        "content/accessibility/images.md:18:1",
        "<img",
        "alt=\"\" if it is only decoration",
    );
    assert_eq!(in_file(&outcome, file).len(), 4);
}

#[test]
fn headings_form_an_outline() {
    let outcome = check(&fixture());
    let d = find(&outcome, "accessibility/headings.md", "second H1");
    assert_diagnostic(
        d,
        "content/accessibility/headings.md:8:1",
        "title is already the page's H1",
        "## A second title",
    );
    let d = find(&outcome, "accessibility/headings.md", "skips level 3");
    assert_diagnostic(
        d,
        "content/accessibility/headings.md:12:1",
        "heading level 4",
        "### Skipped a level",
    );
    let d = find(&outcome, "accessibility/headings.md", "heading has no text");
    assert_diagnostic(
        d,
        "content/accessibility/headings.md:16:1",
        "no text",
        "give the heading words",
    );
}

#[test]
fn links_need_meaningful_text() {
    let outcome = check(&fixture());
    let d = find(&outcome, "accessibility/links.md", "`click here`");
    assert_diagnostic(
        d,
        "content/accessibility/links.md:8:12",
        "does not say where it goes",
        "destination's name",
    );
    let d = find(&outcome, "accessibility/links.md", "link has no text");
    assert_diagnostic(
        d,
        "content/accessibility/links.md:8:53",
        "no text",
        "[the article's title](../readability/easy.md)",
    );
    assert_severity(d, Severity::Error);
    assert_eq!(in_file(&outcome, "accessibility/links.md").len(), 2);
}

#[test]
fn tables_need_a_header_row() {
    let outcome = check(&fixture());
    let d = find(&outcome, "accessibility/tables.md", "header row");
    assert_diagnostic(
        d,
        "content/accessibility/tables.md:8:1",
        "table has no header row",
        "label for each column",
    );
}

#[test]
fn descriptions_and_titles() {
    let outcome = check(&fixture());
    let d = find(
        &outcome,
        "accessibility/no-description.md",
        "no `description`",
    );
    assert_diagnostic(
        d,
        "content/accessibility/no-description.md:2:",
        "description",
        "at most 160 characters",
    );
    let d = find(&outcome, "accessibility/long-description.md", "characters");
    assert_diagnostic(
        d,
        "content/accessibility/long-description.md:3:",
        "description is 176 characters, over the limit of 160",
        "shorten it by 16 characters",
    );
    let d = find(&outcome, "accessibility/same-title-b.md", "title");
    assert_diagnostic(
        d,
        "content/accessibility/same-title-b.md:2:",
        "title `Group  Therapy` is also used",
        "content/accessibility/same-title-a.md has the same title",
    );
    assert!(in_file(&outcome, "accessibility/same-title-a.md").is_empty());
}

#[test]
fn acronyms_must_be_explained() {
    let outcome = check(&fixture());
    let found = in_file(&outcome, "plain/acronyms.md");
    assert_eq!(
        found.len(),
        1,
        "IOP is in the glossary, SAMHSA is spelled out, US and FAQ are allowed"
    );
    assert_diagnostic(
        found[0],
        "content/plain/acronyms.md:13:29",
        "acronym `NIMH` is not explained",
        "acronym = \"NIMH\"",
    );
}

#[test]
fn long_sentences_and_paragraphs() {
    let outcome = check(&fixture());
    let d = find(&outcome, "plain/long-sentence.md", "sentence");
    assert_diagnostic(
        d,
        "content/plain/long-sentence.md:8:1",
        "sentence has 31 words, over the limit of 30",
        "split \"This sentence keeps going",
    );
    let d = find(&outcome, "plain/long-paragraph.md", "paragraph");
    assert_diagnostic(
        d,
        "content/plain/long-paragraph.md:8:1",
        "paragraph has 135 words, over the limit of 120",
        "shorter paragraphs",
    );
}

#[test]
fn words_with_plainer_alternatives() {
    let outcome = check(&fixture());
    let d = find(&outcome, "plain/word-choice.md", "`Prior to`");
    assert_diagnostic(
        d,
        "content/plain/word-choice.md:8:1",
        "has a plainer alternative",
        "write \"before\" instead of \"Prior to\"",
    );
    let d = find(&outcome, "plain/word-choice.md", "`utilize`");
    assert_diagnostic(
        d,
        "content/plain/word-choice.md:8:34",
        "plainer",
        "write \"use\" instead of \"utilize\"",
    );
}

#[test]
fn third_party_content_is_an_error_unless_allowed() {
    let outcome = check(&fixture());
    let file = "safety/third-party.md";
    let cases = [
        (
            8,
            "image loads content from another site, `https://maps.example.com`",
        ),
        (
            10,
            "`<iframe>` loads content from another site, `https://video.example.net`",
        ),
        (
            12,
            "`<script>` loads content from another site, `https://tracker.example.io`",
        ),
        (
            14,
            "`<img>` looks like a tracking pixel from `https://pixel.example.io`",
        ),
    ];
    for (line, message) in cases {
        let d = find(&outcome, file, message);
        assert_diagnostic(
            d,
            &format!("content/{file}:{line}:"),
            message,
            "[checks] allowed_origins",
        );
        assert_severity(d, Severity::Error);
    }
    // The allowed CDN and the ordinary link are fine.
    assert_eq!(in_file(&outcome, file).len(), 4);
}

#[test]
fn mistyped_crisis_numbers_are_errors() {
    let outcome = check(&fixture());
    let file = "safety/phone.md";
    let d = find(&outcome, file, "`9888`");
    assert_diagnostic(
        d,
        "content/safety/phone.md:8:36",
        "looks like a mistyped 988 Suicide & Crisis Lifeline number",
        "the number is 988",
    );
    let d = find(&outcome, file, "`1-800-662-4375`");
    assert_diagnostic(
        d,
        "content/safety/phone.md:10:31",
        "mistyped SAMHSA National Helpline number",
        "the number is 1-800-662-4357",
    );
    assert_severity(d, Severity::Error);
    let d = find(&outcome, file, "`98 8`");
    assert_diagnostic(
        d,
        "content/safety/phone.md:12:27",
        "splits the number 988",
        "no spaces",
    );
    assert_eq!(
        in_file(&outcome, file).len(),
        3,
        "right numbers and 9-19 hours are fine"
    );
}

#[test]
fn rules_can_be_configured_and_allowed_per_page() {
    let site = fixture();
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace(
            "[checks]\n",
            "[checks]\nrules = { word-choice = \"off\", table-header = \"error\" }\n",
        ),
    );
    site.write(
        "content/plain/long-sentence.md",
        &std::fs::read_to_string(site.root().join("content/plain/long-sentence.md"))
            .unwrap()
            .replace("+++\nThis", "\n[checks]\nallow = [\"sentence-length\"]\nreason = \"Shows a long sentence.\"\n+++\nThis"),
    );
    let outcome = check(&site);
    assert!(in_file(&outcome, "plain/word-choice.md").is_empty());
    assert!(in_file(&outcome, "plain/long-sentence.md").is_empty());
    assert_severity(
        find(&outcome, "accessibility/tables.md", "header row"),
        Severity::Error,
    );
}

#[test]
fn report_has_one_row_per_article() {
    let outcome = check(&fixture());
    let report = &outcome.report;
    assert_eq!(report.articles.len(), 25);
    let easy = report
        .articles
        .iter()
        .find(|a| a.file == "content/readability/easy.md")
        .unwrap();
    assert!(easy.judged && easy.grade.unwrap() < 8.0, "{easy:?}");
    assert_eq!(easy.last_reviewed.unwrap().to_string(), "2026-06-01");
}

#[test]
fn checks_are_skipped_when_the_site_has_content_errors() {
    let site = fixture();
    site.page("broken.md", "title = \"B\"", "[x](missing.md)");
    let outcome = check(&site);
    assert_eq!(
        outcome.diagnostics.iter().count(),
        1,
        "{}",
        outcome.diagnostics.report(false)
    );
}

/// The two-language fixture: `a`, `b`, `c` are translated (`a.es.md` is hard to read and
/// older than its original, `b.md` was updated after `b.es.md` was reviewed, `c.es.md` is
/// current and easy), `d` is not, `e` is not meant to be.
fn spanish_fixture() -> TestSite {
    TestSite::fixture("checks-es")
}

fn article<'a>(outcome: &'a Outcome, file: &str) -> &'a continuum::check::ArticleReport {
    outcome
        .report
        .articles
        .iter()
        .find(|a| a.file == format!("content/{file}"))
        .unwrap_or_else(|| panic!("{file} is not in the report"))
}

#[test]
fn spanish_pages_get_spanish_readability() {
    let outcome = check(&spanish_fixture());
    let d = find(&outcome, "a.es.md", "reading ease is");
    assert_diagnostic(
        d,
        "content/a.es.md:12:1",
        "on the INFLESZ scale (\"muy difícil\"; Fernández-Huerta ",
        "the hardest sentences are line 12: \"La evaluación psiquiátrica exhaustiva",
    );
    assert!(
        d.message.ends_with("below the target of 55"),
        "{}",
        d.message
    );
    assert!(
        d.help.as_deref().unwrap().contains("of 4+ syllables"),
        "{:?}",
        d.help
    );
    assert_severity(d, Severity::Warning);
    assert!(in_file(&outcome, "a.es.md")
        .iter()
        .all(|d| !d.message.contains("Flesch-Kincaid")));
    // The report has the Spanish scores, and no English ones, for Spanish pages.
    let hard = article(&outcome, "a.es.md");
    assert_eq!(hard.language, "es");
    assert_eq!(
        (hard.grade, hard.reading_ease, hard.smog),
        (None, None, None)
    );
    assert!(hard.inflesz.unwrap() < 55.0 && hard.fernandez_huerta.is_some());
    assert_eq!(hard.inflesz_band, Some("muy difícil"));
    let easy = article(&outcome, "c.es.md");
    assert!(easy.judged && easy.inflesz.unwrap() >= 55.0, "{easy:?}");
    assert!(in_file(&outcome, "c.es.md").is_empty());
    assert!(article(&outcome, "a.md").grade.is_some());
    // --strict makes it an error, as in English.
    let site = spanish_fixture();
    let strict = continuum::prepare(&options(&site, true, false)).1;
    assert_severity(find(&strict, "a.es.md", "reading ease"), Severity::Error);
}

#[test]
fn spanish_readability_target_can_be_set_for_the_site_and_the_page() {
    let site = spanish_fixture();
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("{config}\n[checks]\nmin_inflesz = 40\n"),
    );
    let outcome = check(&site);
    assert_diagnostic(
        find(&outcome, "a.es.md", "reading ease"),
        "content/a.es.md:12:1",
        "below the target of 40",
        "shorter sentences",
    );
    let page = std::fs::read_to_string(site.root().join("content/a.es.md")).unwrap();
    site.write(
        "content/a.es.md",
        &page.replacen(
            "+++\n## ",
            "[checks]\nmin_inflesz = 20\nreason = \"Resume un informe técnico.\"\n+++\n## ",
            1,
        ),
    );
    let outcome = check(&site);
    assert!(in_file(&outcome, "a.es.md")
        .iter()
        .all(|d| !d.message.contains("reading ease")));
    // A Flesch-Kincaid target on a Spanish page would do nothing: it is an error.
    site.write(
        "content/a.es.md",
        &page.replacen(
            "+++\n## ",
            "[checks]\nmax_grade = 12\nreason = \"Resume un informe técnico.\"\n+++\n## ",
            1,
        ),
    );
    let outcome = check(&site);
    let d = find(&outcome, "a.es.md", "max_grade");
    assert_diagnostic(
        d,
        "content/a.es.md:8:13",
        "is the target of English pages (Flesch-Kincaid), and this page is in `es`",
        "use min_inflesz",
    );
    assert_severity(d, Severity::Error);
}

#[test]
fn english_only_rules_do_not_run_on_spanish_pages() {
    let outcome = check(&spanish_fixture());
    // a.md and a.es.md both contain "utilize"; the English word list runs on English only.
    let d = find(&outcome, "a.md", "`utilize`");
    assert_diagnostic(d, "content/a.md:14:", "plainer alternative", "\"use\"");
    assert!(
        in_file(&outcome, "a.es.md")
            .iter()
            .all(|d| !d.message.contains("plainer alternative")),
        "{}",
        outcome.diagnostics.report(false)
    );
}

#[test]
fn stale_translations_name_both_files_and_dates() {
    let outcome = check(&spanish_fixture());
    let d = find(&outcome, "a.es.md", "out of date");
    assert_diagnostic(
        d,
        "content/a.es.md:4:17",
        "its original content/a.md was reviewed on 2026-09-01, after this translation (content/a.es.md) was last reviewed on 2026-03-01",
        "re-review the translation against content/a.md",
    );
    assert_severity(d, Severity::Warning);
    let d = find(&outcome, "b.es.md", "out of date");
    assert_diagnostic(
        d,
        "content/b.es.md:4:17",
        "content/b.md was updated on 2026-10-01, after this translation (content/b.es.md) was last reviewed on 2026-06-01",
        "what changed since 2026-06-01",
    );
    assert!(in_file(&outcome, "c.es.md").is_empty());
}

#[test]
fn missing_translations_are_listed_per_language() {
    let site = spanish_fixture();
    // French is declared but has no page: no report for it.
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace(
            "[languages.es]",
            "[languages.fr]\nname = \"Français\"\n\n[languages.es]",
        ),
    );
    let outcome = check(&site);
    let missing: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("no translation in"))
        .collect();
    assert_eq!(missing.len(), 1, "{}", outcome.diagnostics.report(false));
    let d = missing[0];
    assert_eq!(d.path.as_deref(), Some(Path::new("config.toml")));
    assert_eq!(
        d.message,
        "2 of 5 pages in `en` have no translation in Español (es): _index.md, d.md"
    );
    assert!(d.help.as_deref().unwrap().contains("NAME.es.md"));
    assert_severity(d, Severity::Warning);
    // Both rules can be turned off like any other.
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!(
            "{config}\n[checks]\nrules = {{ translation-missing = \"off\", translation-stale = \"off\" }}\n"
        ),
    );
    let outcome = check(&site);
    assert!(outcome
        .diagnostics
        .iter()
        .all(|d| !d.message.contains("no translation") && !d.message.contains("out of date")));
}

#[test]
fn missing_translations_list_at_most_ten_names() {
    let site = spanish_fixture();
    for i in 0..12 {
        site.page(
            &format!("more/p{i:02}.md"),
            &format!("title = \"P{i}\""),
            "Text.",
        );
    }
    let outcome = check(&site);
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("no translation in"))
        .expect("listed");
    assert!(
        d.message.starts_with("14 of 17 pages in `en` have no translation in Español (es): _index.md, d.md, more/p00.md,"),
        "{}",
        d.message
    );
    assert!(
        d.message.ends_with("more/p07.md and 4 more"),
        "{}",
        d.message
    );
}

#[test]
fn check_json_labels_the_translation_rules() {
    let site = spanish_fixture();
    let output = continuum()
        .args(["check", "--format", "json", "--today", TODAY, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    for rule in ["translation-stale", "translation-missing", "readability"] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }
    let spanish = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["file"] == "content/a.es.md")
        .unwrap();
    assert_eq!(spanish["inflesz_band"], "muy difícil");
    assert_eq!(spanish["grade"], serde_json::Value::Null);
}

fn continuum() -> Command {
    let mut cmd = Command::cargo_bin("continuum").expect("binary");
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn check_prints_a_summary_table_and_exits_1_on_errors() {
    let site = fixture();
    continuum()
        .args(["check", "--today", TODAY, "--root"])
        .arg(site.root())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: `9888` looks like a mistyped",
        ))
        .stdout(predicate::str::contains("article (in content/)"))
        .stdout(
            predicate::str::is_match(r"readability/hard\.md +[0-9.]+ +109  2026-06-01  1 warning")
                .unwrap(),
        )
        .stdout(predicate::function(|out: &str| {
            out.lines().all(|l| l.chars().count() <= 100)
        }));
}

#[test]
fn check_format_json() {
    let site = fixture();
    let output = continuum()
        .args(["check", "--format", "json", "--today", TODAY, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let phone = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`9888`"))
        .unwrap();
    assert_eq!(phone["severity"], "error");
    assert_eq!(phone["rule"], "crisis-number");
    assert_eq!(phone["file"], "content/safety/phone.md");
    assert_eq!(phone["line"], 8);
    assert_eq!(phone["column"], 36);
    assert!(phone["help"].as_str().unwrap().contains("988"));
    assert_eq!(json["articles"].as_array().unwrap().len(), 25);
    assert!(json["errors"].as_u64().unwrap() > 0);
}

#[test]
fn check_format_github() {
    let site = fixture();
    continuum()
        .args(["check", "--format", "github", "--today", TODAY, "--root"])
        .arg(site.root())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=content/safety/phone.md,line=8,col=36,title=crisis-number::`9888` looks like a mistyped 988 Suicide & Crisis Lifeline number%0Ahelp: ",
        ))
        .stdout(predicate::str::contains("::warning file=content/plain/word-choice.md,line=8,col=1,title=word-choice::"));
}

#[test]
fn check_writes_a_self_contained_html_report() {
    let site = fixture();
    let report = site.root().join("report.html");
    continuum()
        .args(["check", "--today", TODAY, "--report"])
        .arg(&report)
        .arg("--root")
        .arg(site.root())
        .assert()
        .code(1);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<table>") && html.contains("readability/hard.md"));
    assert!(html.contains("&lt;script&gt;"), "messages are escaped");
    for external in ["<script", "<link", " src=", "@import"] {
        assert!(!html.contains(external), "{external} in the report");
    }
}

#[test]
fn build_shows_findings_and_fails_only_on_errors() {
    let site = TestSite::minimal();
    site.page(
        "a.md",
        "title = \"A\"\ndescription = \"An article.\"",
        "We utilize it.",
    );
    continuum()
        .args(["build", "--root"])
        .arg(site.root())
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: `utilize` has a plainer alternative",
        ));
    site.page("b.md", "title = \"B\"", "Call 9888 now.");
    continuum()
        .args(["build", "--root"])
        .arg(site.root())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: `9888` looks like a mistyped",
        ));
}

/// A tiny HTTP server on 127.0.0.1 for `--external`: `/ok` answers 200, `/no-head` 405 to
/// HEAD and 200 to GET, anything else 404. It counts requests and stops by itself after 20
/// connections or 30 seconds.
fn serve() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&requests);
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut served = 0;
        while served < 20 && Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    served += 1;
                    counter.fetch_add(1, Ordering::SeqCst);
                    answer(stream);
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(_) => break,
            }
        }
    });
    (port, requests)
}

fn answer(stream: TcpStream) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Read the headers up to the blank line (a bounded number).
    for _ in 0..100 {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let status = match (method, path) {
        (_, "/ok") => "200 OK",
        ("HEAD", "/no-head") => "405 Method Not Allowed",
        (_, "/no-head") => "200 OK",
        _ => "404 Not Found",
    };
    let mut stream = &stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

#[test]
fn external_links_are_checked_only_when_asked() {
    let (port, requests) = serve();
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let site = TestSite::minimal();
    site.page(
        "links.md",
        &format!("title = \"Links\"\n[[sources]]\ntitle = \"Gone\"\nurl = \"{base}/gone\""),
        &format!(
            "See [a page]({base}/ok), [a missing page]({base}/missing#part) and [the old HEAD-less page]({base}/no-head).\n\nAgain: [missing]({base}/missing).\n\nDown: [closed](http://127.0.0.1:{closed}/x).\n"
        ),
    );
    let outcome = continuum::prepare(&options(&site, false, false)).1;
    assert!(outcome
        .diagnostics
        .iter()
        .all(|d| !d.message.contains("external link")));
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "no request without --external"
    );

    let outcome = continuum::prepare(&options(&site, false, true)).1;
    let broken: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("external link"))
        .collect();
    assert_eq!(broken.len(), 4, "{}", outcome.diagnostics.report(false));
    let at = |message: &str, position: &str| {
        let d = broken
            .iter()
            .find(|d| d.message.contains(message) && d.position().unwrap().starts_with(position))
            .unwrap_or_else(|| panic!("no `{message}` at {position}"));
        assert!(d.help.as_deref().unwrap().contains("fix the address"));
    };
    let missing =
        format!("external link `{base}/missing` is broken: the server answered 404 Not Found");
    at(&missing, "content/links.md:7:");
    at(&missing, "content/links.md:9:");
    at(
        "/gone` is broken: the server answered 404",
        "content/links.md:5:",
    );
    at(
        &format!(":{closed}/x` is broken: connection failed"),
        "content/links.md:11:",
    );
    assert!(broken.iter().all(|d| d.is_error()));
    // One request per address: /ok, /missing (twice on the page), /no-head (HEAD then GET), /gone.
    assert_eq!(requests.load(Ordering::SeqCst), 5);
}

#[test]
fn bundled_site_passes_strict_check() {
    let options = BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        checks: CheckOptions {
            strict: true,
            ..CheckOptions::default()
        },
        ..BuildOptions::default()
    };
    let outcome = continuum::prepare(&options).1;
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let over: Vec<String> = outcome
        .report
        .articles
        .iter()
        .filter(|a| a.grade.is_some_and(|g| g > 8.0))
        .map(|a| a.file.clone())
        .collect();
    assert!(over.is_empty(), "above grade 8: {over:?}");
}
