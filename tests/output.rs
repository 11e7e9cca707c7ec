//! `build` and `check` output at scale: warnings grouped by rule with a count and the first
//! few in full, every one of them in `check --format json`, `--quiet`, and one line per
//! extra finding on a source line already quoted.

mod common;

use assert_cmd::Command;
use common::TestSite;

fn continuum() -> Command {
    Command::cargo_bin("continuum").unwrap()
}

/// Eight warnings of one kind: two on one line of `a0.md`, one in each of six more pages;
/// and the eight pages (the home page too) each lack a description and a review date.
fn site_with_many_warnings() -> TestSite {
    let site = TestSite::minimal();
    site.page(
        "a0.md",
        "title = \"A0\"\n[taxonomies]\ntherapies = [\"ACT\", \"EMDR\"]",
        "Text.\n",
    );
    for i in 1..=6 {
        site.page(
            &format!("p{i}.md"),
            &format!("title = \"P{i}\"\n[taxonomies]\ntherapies = [\"ACT\"]"),
            "Text.\n",
        );
    }
    site
}

fn stderr_of(site: &TestSite, args: &[&str]) -> String {
    let output = continuum()
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn build_and_check_group_warnings_with_a_count_and_the_first_few() {
    let site = site_with_many_warnings();
    for args in [&["build"][..], &["check"][..]] {
        let stderr = stderr_of(&site, args);
        assert!(
            stderr.contains("warning: 8 findings like \"`…` is not a term of taxonomy `…`\"; the first 3 follow"),
            "{args:?}: {stderr}"
        );
        // The editorial checks' warnings are grouped by their rule's name.
        assert!(
            stderr.contains("warning: 8 findings of rule `review-missing`; the first 3 follow"),
            "{stderr}"
        );
        assert!(stderr.contains("the first 3 follow"), "{stderr}");
        assert_eq!(
            stderr.matches("is not a term of taxonomy").count(),
            4,
            "the header and three examples: {stderr}"
        );
        // Two findings on one line: the line is quoted once, the second finding is one line.
        assert_eq!(
            stderr.matches("therapies = [\"ACT\", \"EMDR\"]").count(),
            1,
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "content/a0.md:4:22: warning: `EMDR` is not a term of taxonomy `therapies`"
            ),
            "{stderr}"
        );
        assert!(
            stderr.ends_with("0 errors, 24 warnings (15 warnings not shown)\n"),
            "{stderr}"
        );
    }
}

#[test]
fn quiet_prints_errors_and_the_summary_line_only() {
    let site = site_with_many_warnings();
    for args in [&["build", "--quiet"][..], &["check", "-q"][..]] {
        let stderr = stderr_of(&site, args);
        assert_eq!(
            stderr, "0 errors, 24 warnings (24 warnings not shown)\n",
            "{args:?}"
        );
    }
    site.page("broken.md", "title = \"B\"", "[x](missing.md)\n");
    let output = continuum()
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error: broken link"), "{stderr}");
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert!(
        stderr.ends_with("warnings not shown)\n") && stderr.starts_with("error: broken link"),
        "{stderr}"
    );
}

#[test]
fn check_json_lists_every_finding() {
    let site = site_with_many_warnings();
    let output = continuum()
        .args(["check", "--format", "json", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let taxonomy = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("is not a term of taxonomy"))
        })
        .count();
    assert_eq!(taxonomy, 8);
}
