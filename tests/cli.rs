//! The `continuum` binary: exit codes (0 ok, 1 content errors, 2 usage errors) and the text
//! editors read.

mod common;

use assert_cmd::Command;
use common::TestSite;
use predicates::prelude::*;

fn continuum() -> Command {
    let mut cmd = Command::cargo_bin("continuum").expect("binary");
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn build_succeeds_with_exit_0_and_a_summary() {
    let site = TestSite::fixture("features");
    continuum()
        .args(["build", "--root"])
        .arg(site.root())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("built 10 pages"));
    assert!(site.output().join("index.html").is_file());
    // Run again with nothing changed, from the site folder (a relative output path).
    continuum()
        .current_dir(site.root())
        .arg("build")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "public is up to date: nothing changed since its last build (10 pages,",
        ));
    site.page("new.md", "title = \"New\"", "A new page.\n");
    continuum()
        .current_dir(site.root())
        .arg("build")
        .assert()
        .code(0)
        .stdout(
            predicate::str::is_match(r"built 11 pages \(\d+ files, [\d.]+ MB, \d+ unchanged\)")
                .unwrap(),
        );
}

#[test]
fn output_flag_chooses_the_folder() {
    let site = TestSite::minimal();
    let out = site.root().join("elsewhere/site");
    continuum()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&out)
        .assert()
        .code(0);
    assert!(out.join("index.html").is_file());
    assert!(!site.output().exists());
}

#[test]
fn content_errors_exit_1_with_file_line_snippet_and_help() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"\ndraft = \"no\"", "Text");
    site.page("b.md", "title = \"B\"", "[x](missing.md)");
    continuum()
        .args(["build", "--root"])
        .arg(site.root())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error: invalid front matter"))
        .stderr(predicate::str::contains("content/a.md:3:9"))
        .stderr(predicate::str::contains("draft = \"no\""))
        .stderr(predicate::str::contains("help: "))
        .stderr(predicate::str::contains("content/b.md:4:1"))
        .stderr(predicate::str::ends_with("2 errors, 0 warnings\n"));
    assert!(!site.output().exists(), "a failed build writes nothing");
}

#[test]
fn warnings_still_exit_0() {
    let site = TestSite::minimal();
    site.page(
        "a.md",
        "title = \"A\"\n[taxonomies]\ntherapies = [\"ACT\"]",
        "",
    );
    continuum()
        .args(["build", "--root"])
        .arg(site.root())
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: `ACT` is not a term of taxonomy `therapies`",
        ));
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::fixture("features");
    continuum()
        .args(["check", "--root"])
        .arg(site.root())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no errors"));
    assert!(!site.output().exists());
}

#[test]
fn usage_errors_exit_2() {
    continuum().arg("bild").assert().code(2);
    continuum()
        .args(["build", "--no-such-flag"])
        .assert()
        .code(2);
    let site = TestSite::minimal();
    continuum()
        .args(["build", "--base-url", "not a url", "--root"])
        .arg(site.root())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--base-url"));
}

#[test]
fn missing_config_names_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    continuum()
        .args(["build", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot read"))
        .stderr(predicate::str::contains("continuum init"));
}

#[test]
fn timings_flag_prints_each_stage_and_peak_memory() {
    let site = TestSite::minimal();
    continuum()
        .args(["build", "--timings", "--root"])
        .arg(site.root())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("load:"))
        .stderr(predicate::str::contains("render:"))
        .stderr(predicate::str::contains("emit:"))
        .stderr(predicate::str::contains("peak:"));
}

/// `check` and `build` go through the same load, resolve and render: the security policies
/// give both the same errors, and both exit 1.
#[test]
fn check_and_build_report_the_same_policy_errors() {
    let site = TestSite::minimal();
    site.write(
        "content/a.md",
        "+++\ntitle = \"A\"\n\n[[faq]]\nquestion = \"Q\"\nanswer = \"## More {onfocus=alert(1)}\"\n\n[[sources]]\ntitle = \"S\"\nurl = \"javascript:alert(2)\"\n+++\n## Title {#t autofocus}\n\n[x](<java\tscript:alert(3)>)\n",
    );
    let expected = [
        "content/a.md:6:20",
        "heading attribute `onfocus` is not allowed",
        "content/a.md:10:8",
        "`url` pointing to a `javascript:` address is not allowed",
        "content/a.md:12:14",
        "heading attribute `autofocus` is not allowed",
        "content/a.md:14:6",
        "a link to a `javascript:` address is not allowed",
        "help: use https://, mailto:, tel: or a relative link",
        "4 errors",
    ];
    let mut outputs = Vec::new();
    for command in ["check", "build"] {
        let output = continuum()
            .args([command, "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        for fragment in expected {
            assert!(
                stderr.contains(fragment),
                "{command}: no `{fragment}` in\n{stderr}"
            );
        }
        let errors: Vec<String> = stderr
            .lines()
            .filter(|l| l.starts_with("error") || l.trim_start().starts_with("-->"))
            .map(str::to_string)
            .collect();
        outputs.push(errors);
    }
    assert_eq!(outputs[0], outputs[1]);
    assert!(!site.output().exists());
}

/// File names and quoted text with escape sequences or invisible characters are shown
/// escaped: the terminal's colours never change and a zero-width space is visible.
#[cfg(unix)]
#[test]
fn diagnostics_escape_control_and_invisible_characters() {
    let site = TestSite::minimal();
    site.write(
        "content/\u{1b}[31mred.md",
        "+++\ntitle = \"Red\"\n+++\nA [link](other\u{200b}.md) and [b](\u{202e}x.md).\n",
    );
    let output = continuum()
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("content/\\u{1b}[31mred.md:4:"), "{stderr}");
    assert!(stderr.contains("other\\u{200b}.md"), "{stderr}");
    assert!(stderr.contains("\\u{202e}x.md"), "{stderr}");
    for c in ['\u{1b}', '\u{200b}', '\u{202e}'] {
        assert!(!stderr.contains(c), "raw {c:?} in {stderr}");
    }
}

/// A site at `OUTER/site` (so its parent folder is a temporary one too) with its own
/// `static/` and `templates/`, and a user's folder `OUTER/documents` holding a file.
fn nested_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    common::copy_dir(&common::fixtures().join("minimal"), &root);
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/notes.txt"), "static notes").unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates/extra.html"), "extra").unwrap();
    std::fs::create_dir_all(outer.path().join("documents")).unwrap();
    std::fs::write(outer.path().join("documents/letter.txt"), "my letter").unwrap();
    (outer, root)
}

/// Every `--output` that would replace or grow the site's own files is refused with exit 2
/// before anything is written: every file around the site is byte-identical afterwards.
#[test]
fn output_folders_that_hold_inputs_are_refused_and_left_untouched() {
    let (outer, root) = nested_site();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("content"), outer.path().join("link")).unwrap();
    let cases = [
        ("content", "it is the site's `content/` folder"),
        ("themes", "it is the site's `themes/` folder"),
        ("templates", "it is the site's `templates/` folder"),
        ("static", "it is the site's `static/` folder"),
        ("i18n", "it is the site's `i18n/` folder"),
        (".", "it is the site's own folder"),
        ("content/out", "it is inside the site's `content/` folder"),
        (
            "themes/plain/static",
            "it is inside the site's `themes/` folder",
        ),
        ("..", "it holds the site's own folder"),
        (
            "../documents",
            "it is not empty and continuum did not write it",
        ),
        #[cfg(unix)]
        ("../link/out", "it is inside the site's `content/` folder"),
    ];
    for (output, reason) in cases {
        let before = common::tree(outer.path());
        continuum()
            .current_dir(&root)
            .args(["build", "--output", output])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to write the site into"))
            .stderr(predicate::str::contains(reason))
            .stderr(predicate::str::contains("help: "));
        assert_eq!(common::tree(outer.path()), before, "--output {output}");
    }
}

#[test]
fn replace_output_builds_into_a_foreign_folder() {
    let (outer, root) = nested_site();
    let documents = outer.path().join("documents");
    continuum()
        .current_dir(&root)
        .args(["build", "--replace-output", "--output"])
        .arg(&documents)
        .assert()
        .code(0);
    assert!(documents.join("index.html").is_file());
    assert!(!documents.join("letter.txt").exists());
    // Now it is continuum's own output: no flag needed.
    continuum()
        .current_dir(&root)
        .args(["build", "--output"])
        .arg(&documents)
        .assert()
        .code(0);
    // The flag never allows an input folder.
    continuum()
        .current_dir(&root)
        .args(["build", "--replace-output", "--output", "content"])
        .assert()
        .code(2);
}

#[test]
fn a_new_output_folder_and_its_own_previous_output_are_built_into() {
    let (outer, root) = nested_site();
    let output = outer.path().join("new/deep/out");
    for round in 0..3 {
        if round == 2 {
            std::fs::write(
                root.join("content/extra.md"),
                "+++\ntitle = \"Extra\"\n+++\nMore.\n",
            )
            .unwrap();
        }
        continuum()
            .current_dir(&root)
            .args(["build", "--output"])
            .arg(&output)
            .assert()
            .code(0);
    }
    assert!(output.join("extra/index.html").is_file());
    assert_eq!(
        std::fs::read_to_string(outer.path().join("documents/letter.txt")).unwrap(),
        "my letter"
    );
}

#[test]
fn a_missing_site_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-site");
    for command in ["build", "check"] {
        continuum()
            .args([command, "--root"])
            .arg(&missing)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no-such-site"))
            .stderr(predicate::str::contains("does not exist"));
    }
}
