//! `continuum init` and `continuum new` through the binary.

use assert_cmd::Command;
use predicates::prelude::*;

fn continuum() -> Command {
    let mut cmd = Command::cargo_bin("continuum").expect("binary");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn build_has_no_diagnostics(root: &std::path::Path) {
    let outcome = continuum::build(&continuum::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    });
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        outcome.diagnostics.report(false)
    );
    assert!(root.join("public/index.html").is_file());
}

#[test]
fn init_writes_the_sample_site_which_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    continuum()
        .arg("init")
        .arg(&site)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote"));
    assert!(site.join("themes/default/templates/page.html").is_file());
    assert!(site
        .join("content/levels-of-care/intensive-outpatient.md")
        .is_file());
    build_has_no_diagnostics(&site);
}

#[test]
fn init_minimal_writes_a_starter_that_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    continuum()
        .arg("init")
        .arg(dir.path())
        .arg("--minimal")
        .assert()
        .code(0);
    assert!(dir
        .path()
        .join("content/articles/first-article.md")
        .is_file());
    assert!(!dir.path().join("content/levels-of-care").exists());
    build_has_no_diagnostics(dir.path());
}

#[test]
fn init_refuses_a_non_empty_folder_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    continuum()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"))
        .stderr(predicate::str::contains("--force"));
    assert!(!dir.path().join("config.toml").exists());
    continuum()
        .arg("init")
        .arg(dir.path())
        .arg("--minimal")
        .arg("--force")
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn new_creates_a_draft_that_cannot_be_published_unfinished() {
    let dir = tempfile::tempdir().unwrap();
    continuum()
        .arg("init")
        .arg(dir.path())
        .arg("--minimal")
        .assert()
        .code(0);
    continuum()
        .args([
            "new",
            "articles/art-therapy.md",
            "--title",
            "Art \"therapy\"",
            "--root",
        ])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("art-therapy.md"));
    let text = std::fs::read_to_string(dir.path().join("content/articles/art-therapy.md")).unwrap();
    assert!(text.contains("title = \"Art \\\"therapy\\\"\""), "{text}");
    assert!(text.contains("draft = true") && text.contains("sources = []"));
    assert!(!text.contains("review") && !text.contains("TODO"), "{text}");
    // A draft is left out of the build, which stays clean.
    let options = continuum::BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let outcome = continuum::build(&options);
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    // Published as it is, it is an error: nobody approved it and it holds placeholders.
    let path = dir.path().join("content/articles/art-therapy.md");
    std::fs::write(&path, text.replace("draft = true\n", "")).unwrap();
    let outcome = continuum::build(&options);
    let report = outcome.diagnostics.report(false);
    assert!(outcome.diagnostics.has_errors());
    assert!(
        report.contains("no clinician's approval is recorded"),
        "{report}"
    );
    assert!(
        report.contains("continuum review approve content/articles/art-therapy.md"),
        "{report}"
    );
    assert!(report.contains("the description is empty"), "{report}");
    assert!(report.contains("empty list item"), "{report}");
}

#[test]
fn new_refuses_existing_files_and_bad_paths() {
    let dir = tempfile::tempdir().unwrap();
    continuum()
        .arg("init")
        .arg(dir.path())
        .arg("--minimal")
        .assert()
        .code(0);
    continuum()
        .args(["new", "articles/first-article.md", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    continuum()
        .args(["new", "../escape.md", "--root"])
        .arg(dir.path())
        .assert()
        .code(2);
    continuum()
        .args(["new", "notes.txt", "--root"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Markdown path"));
}
