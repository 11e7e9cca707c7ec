//! Clinical governance end to end (docs/governance.md): drafts, approvals recorded in
//! reviews.toml and bound to the text, the reviewer on the page and in JSON-LD, sample
//! content, translation parity and review cycles, and the staff register.

mod common;

use common::TestSite;
use continuum::load::Date;
use continuum::review::approve::{approve, Request};
use continuum::{Diagnostic, Outcome, Severity};

const CONFIG: &str = "title = \"Governed\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\n\n[governance]\nrequire_approval = true\nregister = true\n\n[languages.es]\nname = \"Español\"\n";

const IOP_EN: &str = "title = \"Intensive outpatient\"\ndescription = \"What an IOP is.\"";
const IOP_EN_BODY: &str =
    "## Key points\n\nAdults get 9 hours a week. Teens get 6 or more.\n\nCall 1-800-662-4357.\n";
const IOP_ES: &str = "title = \"Programa intensivo\"\ndescription = \"Qué es un IOP.\"";
const IOP_ES_BODY: &str = "## Puntos clave\n\nLos adultos reciben 9 horas por semana. Los adolescentes, 6 o más.\n\nLlame al 1 800 662 4357.\n";

fn site() -> TestSite {
    let site = TestSite::minimal();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&theme, &site.root().join("themes/default"));
    site.write("config.toml", CONFIG);
    site.page(
        "_index.md",
        "title = \"Home\"\ndescription = \"Home.\"\nreview_status = \"sample\"",
        "Welcome.\n",
    );
    site.page(
        "_index.es.md",
        "title = \"Inicio\"\ndescription = \"Inicio.\"\nreview_status = \"sample\"",
        "Bienvenida.\n",
    );
    site.page("iop.md", IOP_EN, IOP_EN_BODY);
    site.page("iop.es.md", IOP_ES, IOP_ES_BODY);
    site
}

fn today() -> Date {
    Date::parse("2026-12-01").unwrap()
}

fn approve_page(
    site: &TestSite,
    path: &str,
    by: Option<&str>,
    team: Option<&str>,
    next: Option<&str>,
) {
    approve(&Request {
        root: site.root(),
        path,
        by,
        role: Some("Psychiatrist"),
        team,
        today: today(),
        next_review: next.map(|n| Date::parse(n).unwrap()),
    })
    .unwrap();
}

fn approve_both(site: &TestSite) {
    approve_page(site, "content/iop.md", Some("Ana Ruiz, MD"), None, None);
    approve_page(
        site,
        "content/iop.es.md",
        None,
        Some("Equipo clínico"),
        None,
    );
}

/// Edits a file in place, as an editor would (its review fields stay).
fn edit(site: &TestSite, rel: &str, replacements: &[(&str, &str)]) {
    let path = site.root().join(rel);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in replacements {
        assert!(text.contains(from), "{text}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(path, text).unwrap();
}

fn check(site: &TestSite, strict: bool) -> Outcome {
    let mut options = site.options();
    options.checks.today = Some(today());
    options.checks.strict = strict;
    continuum::prepare(&options).1
}

fn with(outcome: &Outcome, file: &str, message: &str) -> Vec<Diagnostic> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| {
            d.path.as_ref().is_some_and(|p| p.ends_with(file)) && d.message.contains(message)
        })
        .cloned()
        .collect()
}

fn errors(outcome: &Outcome) -> Vec<String> {
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect()
}

#[test]
fn published_pages_need_a_recorded_approval() {
    let site = site();
    let outcome = check(&site, false);
    for file in ["content/iop.md", "content/iop.es.md"] {
        let found = with(&outcome, file, "no clinician's approval is recorded");
        assert_eq!(found.len(), 1, "{}", outcome.diagnostics.report(false));
        assert_eq!(found[0].severity, Severity::Error);
        assert!(found[0]
            .help
            .as_deref()
            .unwrap()
            .contains(&format!("continuum review approve {file}")));
    }
    // The sample home pages are published honestly, without an approval.
    assert!(with(&outcome, "_index.md", "approval").is_empty());
    approve_both(&site);
    let outcome = check(&site, true);
    assert!(
        errors(&outcome).is_empty(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let record = std::fs::read_to_string(site.root().join("reviews.toml")).unwrap();
    assert!(
        record.contains("[\"iop.md\"]") && record.contains("[\"iop.es.md\"]"),
        "{record}"
    );
    // A review written by hand, without the record, is not an approval.
    site.page("other.md", "title = \"Other\"\ndescription = \"D.\"\nlast_reviewed = 2026-11-01\nnext_review = 2029-11-01\nreviewer = { name = \"X Y\", credentials = \"RN\" }", "Text.\n");
    let outcome = check(&site, false);
    let found = with(
        &outcome,
        "content/other.md",
        "is not recorded in reviews.toml",
    );
    assert_eq!(found.len(), 1, "{}", outcome.diagnostics.report(false));
    // And a reviewer without credentials is incomplete.
    site.page("other.md", "title = \"Other\"\ndescription = \"D.\"\nlast_reviewed = 2026-11-01\nnext_review = 2029-11-01\nreviewed_by = \"TODO: the reviewing clinician\"", "Text.\n");
    let outcome = check(&site, false);
    assert_eq!(
        with(&outcome, "content/other.md", "names no reviewer").len(),
        1
    );
    assert_eq!(
        with(&outcome, "content/other.md", "placeholder `TODO`").len(),
        1
    );
}

#[test]
fn an_edit_after_approval_is_reported_with_what_changed() {
    let site = site();
    approve_both(&site);
    edit(
        &site,
        "content/iop.md",
        &[
            ("a week", "each week"),
            ("4357.\n", "4357.\n\n## More\n\nNew text.\n"),
        ],
    );
    let outcome = check(&site, false);
    let found = with(
        &outcome,
        "content/iop.md",
        "changed since review on 2026-12-01",
    );
    assert_eq!(found.len(), 1, "{}", outcome.diagnostics.report(false));
    assert!(
        found[0]
            .message
            .contains("section “Key points” edited; section “More” added"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(with(&outcome, "content/iop.es.md", "changed since review").is_empty());
    let strict = check(&site, true);
    assert_eq!(
        with(&strict, "content/iop.md", "changed since review")[0].severity,
        Severity::Error
    );
}

#[test]
fn nine_horas_that_became_six_horas_is_an_error_naming_both_files() {
    let site = site();
    approve_both(&site);
    edit(&site, "content/iop.es.md", &[("9 horas", "6 horas")]);
    let outcome = check(&site, false);
    let found = with(&outcome, "content/iop.es.md", "the number 9");
    assert_eq!(found.len(), 1, "{}", outcome.diagnostics.report(false));
    let d = &found[0];
    assert_eq!(d.severity, Severity::Error);
    // Both files were approved, so their review lines come first: the body starts at line 9.
    assert!(
        d.message.contains(
            "says `6` (content/iop.es.md:10) where its original says `9` (content/iop.md:10)"
        ),
        "{}",
        d.message
    );
    assert!(
        d.position().unwrap().starts_with("content/iop.es.md:10:"),
        "{}",
        d.render(false)
    );
}

#[test]
fn translation_review_cycles_that_differ_are_reported() {
    let site = site();
    approve_page(&site, "content/iop.md", Some("Ana Ruiz, MD"), None, None);
    approve_page(
        &site,
        "content/iop.es.md",
        None,
        Some("Equipo clínico"),
        Some("2027-12-01"),
    );
    let outcome = check(&site, false);
    let found = with(&outcome, "content/iop.es.md", "review");
    let cycle: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| {
            d.message.contains(
                "reviewed every 1 year, its original content/iop.md is reviewed every 3 years",
            )
        })
        .collect();
    assert_eq!(cycle.len(), 1, "{}", outcome.diagnostics.report(false));
}

#[test]
fn the_reviewer_is_on_the_page_and_in_json_ld_and_sample_content_says_so() {
    let site = site();
    approve_both(&site);
    let mut options = site.options();
    options.checks.today = Some(today());
    let outcome = continuum::build(&options);
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let page = site.read("iop/index.html");
    assert!(
        page.contains("Reviewed by Ana Ruiz, MD (Psychiatrist)"),
        "{page}"
    );
    assert!(page.contains(r#""reviewedBy":{"@type":"Person","honorificSuffix":"MD","jobTitle":"Psychiatrist","name":"Ana Ruiz"}"#), "{page}");
    let es = site.read("es/iop/index.html");
    assert!(
        es.contains(r#""reviewedBy":{"@type":"Organization","name":"Equipo clínico"}"#),
        "{es}"
    );
    let home = site.read("index.html");
    assert!(home.contains("Sample content: not yet reviewed by a clinician"));
    assert!(!home.contains("reviewedBy") && !home.contains("lastReviewed"));
    assert!(site.read("es/index.html").contains("Contenido de muestra"));
    // Sample content that claims a review is a contradiction.
    site.page("_index.md", "title = \"Home\"\ndescription = \"Home.\"\nreview_status = \"sample\"\nreviewed_by = \"Clinical team\"", "Welcome.\n");
    let outcome = check(&site, false);
    assert_eq!(
        with(
            &outcome,
            "content/_index.md",
            "cannot be both unreviewed and reviewed"
        )
        .len(),
        1
    );
}

#[test]
fn the_register_is_written_for_staff_and_nowhere_linked() {
    let site = site();
    approve_both(&site);
    site.page(
        "draft.md",
        "title = \"Draft\"\ndescription = \"\"\ndraft = true",
        "TODO\n",
    );
    let mut options = site.options();
    options.checks.today = Some(today());
    let outcome = continuum::build(&options);
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let html = site.read("review-register/index.html");
    assert!(html.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    let csv = site.read("review-register/register.csv");
    assert!(csv
        .starts_with("path,title,language,status,reviewer,credentials,role,approved,next_review"));
    assert!(csv.contains("content/iop.md,Intensive outpatient,en,approved,Ana Ruiz,MD,Psychiatrist,2026-12-01,2029-12-01,no,no,,0,,es: approved"), "{csv}");
    assert!(
        csv.contains("content/_index.md,Home,en,sample: awaiting review"),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("review-register/register.json")).unwrap();
    assert_eq!(
        json.as_array().unwrap().len(),
        4,
        "drafts are left out of a build's register"
    );
    // Nothing else in the output names it: not the sitemap, the search index or any page.
    for entry in walkdir::WalkDir::new(site.output()) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(site.output())
            .unwrap()
            .to_string_lossy()
            .to_string();
        if entry.file_type().is_file() && !rel.starts_with("review-register") {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("review-register"),
                "{rel} names the register"
            );
        }
    }
}

#[test]
fn review_commands_through_the_binary() {
    let site = site();
    let run = |args: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("continuum").unwrap();
        cmd.env("NO_COLOR", "1")
            .args(args)
            .arg("--root")
            .arg(site.root());
        cmd.assert()
    };
    run(&[
        "review",
        "approve",
        "content/iop.md",
        "--by",
        "Ana Ruiz",
        "--role",
        "Psychiatrist",
    ])
    .code(2)
    .stderr(predicates::str::contains("credentials after a comma"));
    run(&[
        "review",
        "approve",
        "content/iop.md",
        "--by",
        "Ana Ruiz, MD",
        "--role",
        "Psychiatrist",
        "--today",
        "2026-12-01",
    ])
    .code(0)
    .stdout(predicates::str::contains(
        "reviewed by Ana Ruiz, MD (Psychiatrist) on 2026-12-01, next review 2029-12-01",
    ));
    let listed = run(&["review", "list", "--format", "csv", "--today", "2026-12-01"]).code(0);
    let csv = String::from_utf8(listed.get_output().stdout.clone()).unwrap();
    assert!(
        csv.contains("content/iop.md,Intensive outpatient,en,approved,Ana Ruiz,MD"),
        "{csv}"
    );
    assert!(
        csv.contains("content/iop.es.md,Programa intensivo,es,not reviewed"),
        "{csv}"
    );
    let table = run(&["review", "list", "--today", "2026-12-01"]).code(0);
    let table = String::from_utf8(table.get_output().stdout.clone()).unwrap();
    assert!(table.lines().next().unwrap().starts_with("path"), "{table}");
}
