//! The hostile and broken content corpus. Each folder of `tests/fixtures/hostile/` is a set of
//! files copied over the `minimal` site, with `expected.txt` saying what the build must do, one
//! expectation a line:
//!
//! ```text
//! error content/a.md:3: fragment of the message     (exactly these errors, no others)
//! warning content/a.md:5: fragment                  (at least these warnings)
//! exists a/index.html                               (an output file, build succeeded)
//! contains a/index.html: fragment                   (in that output file)
//! absent a/index.html: fragment                     (not in that output file; no fragment:
//!                                                    the path must not exist)
//! ```
//!
//! Cases whose files a checkout cannot hold on every system (names differing only in case or
//! Unicode normalization, reserved or invalid names, symlinks) or that are too big to commit
//! are generated in code below and checked the same way. Every case must finish without a
//! panic.

mod common;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{copy_dir, fixtures, Rng, TestSite};
use continuum::{Diagnostic, Outcome, Severity};

#[derive(Debug)]
enum Expect {
    Diagnostic {
        severity: Severity,
        position: String,
        fragment: String,
    },
    Exists(String),
    Contains(String, String),
    Absent(String, Option<String>),
}

fn parse_expected(text: &str) -> Vec<Expect> {
    let mut expected = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
        let (subject, fragment) = match rest.split_once(": ") {
            Some((subject, fragment)) => (subject.to_string(), Some(fragment.to_string())),
            None => (rest.trim_end_matches(':').to_string(), None),
        };
        expected.push(match kind {
            "error" | "warning" => Expect::Diagnostic {
                severity: if kind == "error" {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                position: subject,
                fragment: fragment.unwrap_or_default(),
            },
            "exists" => Expect::Exists(subject),
            "contains" => Expect::Contains(subject, fragment.expect("contains PATH: TEXT")),
            "absent" => Expect::Absent(subject, fragment),
            other => panic!("unknown expectation `{other}` in `{line}`"),
        });
    }
    expected
}

/// `content/a.md:3` matches `content/a.md:3:7`; `content/a.md` matches any line of that file.
fn position_matches(d: &Diagnostic, expected: &str) -> bool {
    let at = d.position().unwrap_or_default();
    at == expected || at.starts_with(&format!("{expected}:"))
}

/// Checks `outcome` and the output against the expectations; returns the problems found.
fn verify(name: &str, expected: &[Expect], outcome: &Outcome, output: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut used = vec![false; outcome.diagnostics.iter().count()];
    let all: Vec<&Diagnostic> = outcome.diagnostics.iter().collect();
    let mut expected_errors = 0;
    for expect in expected {
        match expect {
            Expect::Diagnostic {
                severity,
                position,
                fragment,
            } => {
                if *severity == Severity::Error {
                    expected_errors += 1;
                }
                let found = all.iter().enumerate().position(|(i, d)| {
                    !used[i]
                        && d.severity == *severity
                        && position_matches(d, position)
                        && d.message.contains(fragment.as_str())
                });
                match found {
                    Some(i) => used[i] = true,
                    None => problems.push(format!(
                        "{name}: no {severity:?} at `{position}` containing `{fragment}`"
                    )),
                }
            }
            Expect::Exists(path) => {
                if !output.join(path).exists() {
                    problems.push(format!("{name}: output `{path}` missing"));
                }
            }
            Expect::Contains(path, fragment) => match fs::read_to_string(output.join(path)) {
                Ok(text) if text.contains(fragment.as_str()) => {}
                Ok(_) => problems.push(format!("{name}: `{path}` lacks `{fragment}`")),
                Err(e) => problems.push(format!("{name}: cannot read `{path}`: {e}")),
            },
            Expect::Absent(path, None) => {
                if output.join(path).exists() {
                    problems.push(format!("{name}: `{path}` should not exist"));
                }
            }
            Expect::Absent(path, Some(fragment)) => match fs::read_to_string(output.join(path)) {
                Ok(text) if !text.contains(fragment.as_str()) => {}
                Ok(_) => problems.push(format!("{name}: `{path}` contains `{fragment}`")),
                Err(e) => problems.push(format!("{name}: cannot read `{path}`: {e}")),
            },
        }
    }
    let errors = outcome.diagnostics.error_count();
    if errors != expected_errors {
        problems.push(format!(
            "{name}: expected {expected_errors} errors, got {errors}"
        ));
    }
    if !problems.is_empty() {
        problems.push(format!(
            "{name}: the diagnostics were:\n{}",
            outcome.diagnostics.report(false)
        ));
    }
    problems
}

/// Builds `site` (never panicking) and checks it against `expected`.
fn run_case(name: &str, site: &TestSite, expected: &str) -> Vec<String> {
    let expected = parse_expected(expected);
    let outcome = catch_unwind(AssertUnwindSafe(|| site.build()));
    match outcome {
        Ok(outcome) => verify(name, &expected, &outcome, &site.output()),
        Err(_) => vec![format!("{name}: the build panicked")],
    }
}

fn assert_no_problems(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The committed cases.
fn corpus() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(fixtures().join("hostile"))
        .expect("tests/fixtures/hostile")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn the_corpus_has_at_least_thirty_cases() {
    assert!(corpus().len() >= 30, "{} cases", corpus().len());
}

#[test]
fn every_committed_case_gets_its_expected_diagnostics() {
    let mut problems = Vec::new();
    for case in corpus() {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = fs::read_to_string(case.join("expected.txt"))
            .unwrap_or_else(|_| panic!("{name} has no expected.txt"));
        let site = TestSite::minimal();
        copy_dir(&case, site.root());
        fs::remove_file(site.root().join("expected.txt")).unwrap();
        problems.extend(run_case(&name, &site, &expected));
    }
    assert_no_problems(problems);
}

/// One generated case: files (path, bytes) written over `minimal`, and its expectations.
fn generated(name: &str, files: &[(&str, Vec<u8>)], expected: &str) -> Vec<String> {
    let site = TestSite::minimal();
    for (rel, bytes) in files {
        site.write_bytes(rel, bytes);
    }
    run_case(name, &site, expected)
}

fn page(title: &str, body: &str) -> Vec<u8> {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}").into_bytes()
}

#[test]
fn names_differing_only_in_case_or_normalization_are_errors() {
    let mut problems = generated(
        "case-duplicate",
        &[
            ("content/care/IOP.md", page("One", "")),
            ("content/care/iop.md", page("Two", "")),
        ],
        "error content/care/iop.md:1: same address `/care/iop/`",
    );
    // `adicción.md` written precomposed (NFC, as macOS and most editors do) and decomposed (NFD).
    problems.extend(generated(
        "nfc-nfd-duplicate",
        &[
            ("content/adicci\u{f3}n.md", page("One", "")),
            ("content/adiccio\u{301}n.md", page("Two", "")),
        ],
        "error content/adicci\u{f3}n.md:1: same address `/adiccion/`",
    ));
    assert_no_problems(problems);
}

#[test]
fn the_other_name_is_named_in_the_duplicate_error() {
    let site = TestSite::minimal();
    site.write_bytes("content/adicci\u{f3}n.md", &page("One", ""));
    site.write_bytes("content/adiccio\u{301}n.md", &page("Two", ""));
    let outcome = site.check();
    let d = outcome.diagnostics.iter().find(|d| d.is_error()).unwrap();
    // The location names one file, the help the other: both spellings appear.
    let named = format!("{} {}", d.position().unwrap(), d.help.clone().unwrap());
    assert!(named.contains("adicci\u{f3}n.md"), "{named}");
    assert!(named.contains("adiccio\u{301}n.md"), "{named}");
}

#[cfg(unix)]
#[test]
fn hostile_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let mut problems = generated(
        "windows-reserved-file-name",
        &[
            ("content/con.md", page("Con", "")),
            ("content/aux/nul.md", page("Nul", "")),
        ],
        "exists con-page/index.html\nexists aux-page/nul-page/index.html",
    );
    problems.extend(generated(
        "backslash-in-file-name",
        &[("content/a\\..\\b.md", page("Backslash", ""))],
        // The walk reads `\\` as a folder separator: the page lands at a/b/, inside the output.
        "exists a/b/index.html\nabsent b/index.html",
    ));
    assert_no_problems(problems);
    // A name that is not UTF-8 at all.
    let site = TestSite::minimal();
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff.md");
    fs::write(site.root().join("content").join(name), page("Bad", "")).unwrap();
    let outcome = site.check();
    let d = common::single_error(&outcome);
    assert!(d.message.contains("file name is not valid UTF-8"), "{d:?}");
    assert!(d.position().unwrap().starts_with("content/bad-"), "{d:?}");
}

#[test]
fn big_tables_and_deep_nesting_build() {
    let table: String =
        std::iter::once("## Top\n\n| a | b | c |\n| --- | --- | --- |\n".to_string())
            .chain((0..2_000).map(|i| format!("| row {i} | *x* | [y](#top) |\n")))
            .collect();
    let quotes = format!("{}deep\n", "> ".repeat(10_000));
    let lists: String = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let ordered: String = (0..10_000)
        .map(|i| format!("{}1. item\n", "   ".repeat(i)))
        .collect();
    let brackets = format!("{}x{}\n", "[ ".repeat(50_000), " ]".repeat(50_000));
    let emphasis = format!("{}x{}\n", "*_".repeat(20_000), "_*".repeat(20_000));
    let html = format!("{}x{}\n", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let problems = generated(
        "big-and-deep",
        &[
            ("content/table.md", page("Table", &table)),
            ("content/quotes.md", page("Quotes", &quotes)),
            ("content/lists.md", page("Lists", &lists)),
            ("content/ordered.md", page("Ordered", &ordered)),
            ("content/brackets.md", page("Brackets", &brackets)),
            ("content/emphasis.md", page("Emphasis", &emphasis)),
            ("content/html.md", page("Html", &html)),
        ],
        "contains table/index.html: row 1999\nexists quotes/index.html\nexists lists/index.html\n\
         exists ordered/index.html\nexists brackets/index.html\nexists emphasis/index.html\n\
         exists html/index.html",
    );
    assert_no_problems(problems);
}

#[test]
fn deeply_nested_front_matter_is_an_error_not_a_stack_overflow() {
    let n = 50_000;
    let toml = format!(
        "+++\ntitle = \"A\"\n[extra]\nx = {}{}\n+++\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let inline = format!(
        "+++\ntitle = \"A\"\n[extra]\nx = {}1{}\n+++\n",
        "{a=".repeat(n),
        "}".repeat(n)
    );
    let yaml = format!(
        "---\ntitle: A\nextra: {}{}\n---\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let config = format!(
        "title = \"F\"\nbase_url = \"https://e.org/\"\ntheme = \"plain\"\n[extra]\nx = {}{}\n",
        "[".repeat(n),
        "]".repeat(n)
    );
    let mut problems = generated(
        "deep-front-matter",
        &[
            ("content/toml.md", toml.into_bytes()),
            ("content/inline.md", inline.into_bytes()),
            ("content/yaml.md", yaml.into_bytes()),
        ],
        "error content/toml.md:4: recursion limit\nerror content/inline.md:4: recursion limit\n\
         error content/yaml.md:3: invalid YAML front matter",
    );
    problems.extend(generated(
        "deep-config",
        &[("config.toml", config.into_bytes())],
        "error config.toml:5: recursion limit",
    ));
    assert_no_problems(problems);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_warnings() {
    let site = TestSite::minimal();
    site.write_bytes("content/care/a.md", &page("A", ""));
    std::os::unix::fs::symlink("..", site.root().join("content/care/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.md", site.root().join("content/care/gone.md")).unwrap();
    assert_no_problems(run_case(
        "symlinks",
        &site,
        "warning content/care/loop: symbolic link loop\n\
         warning content/care/gone.md: cannot read\nexists care/a/index.html",
    ));
}

/// Links that leave the site are errors naming the link and its target, whatever folder they
/// are in; links inside the site keep working.
#[cfg(unix)]
#[test]
fn symlinks_that_leave_the_site_are_errors() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("outside.md"),
        page("Outside", "Secret."),
    )
    .unwrap();
    fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let site = TestSite::minimal();
    let root = site.root();
    site.write_bytes("content/care/index.md", &page("Care", ""));
    symlink("/etc/passwd", root.join("content/care/passwd")).unwrap();
    symlink(
        outside.path().join("outside.md"),
        root.join("content/outside.md"),
    )
    .unwrap();
    symlink("/", root.join("content/everything")).unwrap();
    site.write_bytes("static/ok.txt", b"ok");
    symlink(outside.path(), root.join("static/shared")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    symlink(
        outside.path().join("secret.txt"),
        root.join("templates/secret.html"),
    )
    .unwrap();
    symlink("/etc/passwd", root.join("themes/plain/static/passwd")).unwrap();
    fs::create_dir_all(root.join("i18n")).unwrap();
    symlink(outside.path().join("secret.txt"), root.join("i18n/en.toml")).unwrap();
    // Inside the site: still fine.
    symlink("../../static/ok.txt", root.join("content/care/ok.txt")).unwrap();
    assert_no_problems(run_case(
        "symlinks-leaving-the-site",
        &site,
        &format!(
            "error content/care/passwd: symbolic link leaves the site: it points to `/etc/passwd`\n\
             error content/outside.md: symbolic link leaves the site: it points to `{0}/outside.md`\n\
             error content/everything: symbolic link leaves the site: it points to `/`\n\
             error static/shared: symbolic link leaves the site\n\
             error templates/secret.html: symbolic link leaves the site\n\
             error themes/plain/static/passwd: symbolic link leaves the site\n\
             error i18n/en.toml: symbolic link leaves the site\n\
             absent care/passwd\nabsent outside/index.html",
            outside.path().display()
        ),
    ));
    let outcome = site.check();
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("/etc/passwd"))
        .unwrap();
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains("copy the file into the site"));
    // Without the links leaving the site, the link inside it is copied.
    for link in [
        "content/care/passwd",
        "content/outside.md",
        "content/everything",
        "static/shared",
        "templates/secret.html",
        "themes/plain/static/passwd",
        "i18n/en.toml",
    ] {
        fs::remove_file(root.join(link)).unwrap();
    }
    site.build_ok();
    assert_eq!(site.read("care/ok.txt"), "ok");
}

/// A link to a folder above the one walked would walk the site (or the disk) again.
#[cfg(unix)]
#[test]
fn symlinks_to_a_folder_above_are_loops_not_walked() {
    use std::os::unix::fs::symlink;
    let site = TestSite::minimal();
    site.write_bytes("content/care/a.md", &page("A", ""));
    symlink("../..", site.root().join("content/care/site")).unwrap();
    symlink("../b", site.root().join("content/care/to-b")).unwrap();
    site.write_bytes("content/b/b.md", &page("B", ""));
    symlink("../care", site.root().join("content/b/to-care")).unwrap();
    assert_no_problems(run_case(
        "symlink-loops",
        &site,
        "warning content/care/site: symbolic link loop\n\
         warning content/b/to-care/to-b: symbolic link loop\n\
         exists care/a/index.html\nabsent care/site/config.toml\n\
         absent care/site/content/_index.md",
    ));
}

/// FIFOs, sockets and devices are never read or copied: a warning names each.
#[cfg(unix)]
#[test]
fn special_files_are_named_and_skipped() {
    let site = TestSite::minimal();
    site.write_bytes("static/ok.txt", b"ok");
    site.write_bytes("content/care/index.md", &page("Care", ""));
    let made = Command::new("mkfifo")
        .arg(site.root().join("static/pipe"))
        .status()
        .unwrap();
    assert!(made.success());
    let _socket =
        std::os::unix::net::UnixListener::bind(site.root().join("content/care/socket")).unwrap();
    assert_no_problems(run_case(
        "special-files",
        &site,
        "warning static/pipe: not a regular file (a FIFO)\n\
         warning content/care/socket: not a regular file (a socket)\n\
         exists ok.txt\nabsent pipe\nabsent care/socket",
    ));
}

/// The file system takes at most 255 bytes per name: a longer slug is an error at its page.
#[test]
fn a_slug_over_255_bytes_is_an_error_at_its_page() {
    let long = "a".repeat(300);
    assert_no_problems(generated(
        "long-slug",
        &[(
            "content/long.md",
            format!("+++\ntitle = \"Long\"\nslug = \"{long}\"\n+++\nText.\n").into_bytes(),
        )],
        "error content/long.md:3: longer than 255 bytes",
    ));
}

/// Root reads every file whatever its mode, so there the case is skipped with a note; a
/// dangling link (above) covers "cannot read" for root too.
#[cfg(unix)]
#[test]
fn unreadable_file_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::minimal();
    site.write_bytes("content/secret.md", &page("Secret", ""));
    let path = site.root().join("content/secret.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        eprintln!("skipped: running as root, which reads files whatever their permissions");
        return;
    }
    assert_no_problems(run_case(
        "unreadable",
        &site,
        "error content/secret.md: cannot read file: permission denied",
    ));
}

/// The default theme escapes whatever an editor types into front matter.
#[test]
fn default_theme_escapes_markup_in_every_field() {
    let site = TestSite::minimal();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.root().join("themes/default"),
    );
    site.write(
        "config.toml",
        "title = \"Site <b>x</b>\"\nbase_url = \"https://example.org/\"\n",
    );
    let xss = "<img src=x onerror=alert(1)>";
    site.write(
        "content/a.md",
        &format!(
            "+++\ntitle = \"{xss}\"\ndescription = \"</script><script>alert(2)</script> \u{2028}\"\n\
             reviewed_by = \"<svg onload=alert(3)>\"\nlast_reviewed = 2026-01-01\n\
             [taxonomies]\n\n[[faq]]\nquestion = \"<b onmouseover=alert(4)>Q</b>\"\n\
             answer = \"An answer.\"\n+++\nBody.\n"
        ),
    );
    let outcome = site.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let html = site.read("a/index.html");
    for raw in [
        xss,
        "<script>alert(2)",
        "<svg onload",
        "<b onmouseover",
        "\u{2028}</script>",
    ] {
        assert!(!html.contains(raw), "`{raw}` reached the page unescaped");
    }
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    // JSON-LD stays one script element whatever the description holds.
    for block in html.split("<script type=\"application/ld+json\">").skip(1) {
        let json = block.split("</script>").next().unwrap();
        let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON-LD");
        assert!(value.to_string().contains("</script><script>alert(2)"));
    }
}

/// A 50 MB article builds, measured in a child process: wall time and peak memory.
#[test]
fn a_fifty_megabyte_article_builds() {
    let site = TestSite::minimal();
    let words = [
        "you",
        "your",
        "team",
        "program",
        "group",
        "session",
        "week",
        "therapy",
        "care",
        "plan",
        "family",
        "support",
        "treatment",
        "doctor",
        "nurse",
        "sleep",
        "mood",
        "skills",
    ];
    let mut body = String::with_capacity(51 << 20);
    let mut seed = 7u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut i = 0;
    while body.len() < 50 << 20 {
        if i % 40 == 0 {
            body.push_str(&format!("## Part {i}\n\n"));
        } else if i % 13 == 0 {
            for _ in 0..5 {
                body.push_str(&format!("- Your {} plan.\n", words[next() % words.len()]));
            }
            body.push('\n');
        } else {
            for _ in 0..6 {
                body.push_str("You");
                for _ in 0..8 {
                    body.push(' ');
                    body.push_str(words[next() % words.len()]);
                }
                body.push_str(". ");
            }
            body.push_str("\n\n");
        }
        i += 1;
    }
    site.write(
        "content/big.md",
        &format!("+++\ntitle = \"Big\"\ndescription = \"A very long article.\"\n+++\n{body}"),
    );
    drop(body);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_continuum"))
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if let Ok(text) = fs::read_to_string(&status_path) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "the 50 MB article took over 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = started.elapsed();
    eprintln!(
        "50 MB article: built in {:.1} s, peak memory {} MB ({} build)",
        elapsed.as_secs_f64(),
        peak_kb / 1024,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert!(status.success(), "the build failed");
    assert!(site.output().join("big/index.html").exists());
    assert!(peak_kb < 3 << 20, "peak memory {} MB", peak_kb / 1024);
}

/// Tera has no recursion limit, so a template that includes itself would overflow the stack
/// and abort the process: templates are checked for include, extends and import loops first.
#[test]
fn recursive_include_is_an_error_not_a_crash() {
    let site = TestSite::minimal();
    site.write("templates/loop.html", "<p>\n{%- include \"loop.html\" %}");
    site.write("templates/404.html", "{% include \"loop.html\" %}");
    let output = Command::new(env!("CARGO_BIN_EXE_continuum"))
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let error = common::single_error(&site.build());
    common::assert_diagnostic(
        &error,
        "templates/loop.html:2",
        "templates include each other in a loop: loop.html → loop.html",
        "remove one reference",
    );
}

#[test]
fn a_loop_through_several_templates_is_found_too() {
    let site = TestSite::minimal();
    site.write("templates/a.html", "{% extends \"b.html\" %}");
    site.write("templates/b.html", "{% import \"c.html\" as c %}");
    site.write(
        "templates/c.html",
        "{% include [\"missing.html\", 'a.html'] ignore missing %}",
    );
    site.write("templates/404.html", "{% include \"a.html\" %}");
    let error = common::single_error(&site.build());
    assert!(
        error.message.contains("a.html → b.html → c.html → a.html"),
        "{}",
        error.message
    );
}

/// The fuzz targets' bodies (`fuzz/src/lib.rs`), run on stable Rust by `cargo test`: every
/// fixture file as it is, then seeded random mutations of them. libFuzzer runs the same
/// functions for longer (`bash fuzz/run.sh`).
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

fn seed_files() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = walkdir::WalkDir::new(fixtures())
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.metadata().is_ok_and(|m| m.len() < 256 * 1024))
        .filter_map(|e| fs::read(e.path()).ok())
        .collect();
    seeds.dedup();
    seeds
}

const TOKENS: &[&str] = &[
    "+++\n",
    "---\n",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{2028}",
    "\u{301}",
    "\0",
    "\x0b",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:x\">",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "```compare\n",
    "```\n",
    "{{ fact(key=\"x\") }}",
    "[[",
    "]]",
    "[x](../../a.md#b)",
    "> [!NOTE]\n",
    "# ",
    "| a | b |\n|---|---|\n",
    "*",
    "_",
    "`",
    "title = \"",
    "\"",
    "date = 2026-02-30\n",
    "[taxonomies]\n",
    "[[faq]]\n",
    "&#x6a;",
    "\\",
    "    ",
    "\t",
    "- ",
    "1. ",
    "日本語",
    "é",
    "\u{202e}",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(5) {
            0 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
            1 if !data.is_empty() => {
                let end = (at + rng.below(64)).min(data.len());
                data.drain(at.min(end)..end);
            }
            2 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next() as u8;
            }
            3 if !data.is_empty() => {
                // Repeat a slice many times: deep nesting, long lines.
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(8)).min(data.len());
                let piece = data[start..end].to_vec();
                let times = 1 + rng.below(2_000);
                let repeated: Vec<u8> = piece
                    .iter()
                    .copied()
                    .cycle()
                    .take(piece.len() * times)
                    .collect();
                data.splice(start..start, repeated);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                data.extend_from_slice(token);
            }
        }
    }
    data.truncate(256 * 1024);
    data
}

fn fuzz_target(name: &str, target: fn(&[u8]), mutations: usize, seed: u64) {
    let seeds = seed_files();
    let started = Instant::now();
    let run = |data: &[u8]| {
        if catch_unwind(AssertUnwindSafe(|| target(data))).is_err() {
            let path = std::env::temp_dir().join(format!("continuum-{name}-crash.bin"));
            let _ = fs::write(&path, data);
            panic!(
                "fuzz target {name} panicked; the input is in {}",
                path.display()
            );
        }
    };
    for data in &seeds {
        run(data);
    }
    let mut rng = Rng(seed);
    for _ in 0..mutations {
        let base = &seeds[rng.below(seeds.len())];
        let data = mutate(&mut rng, base);
        run(&data);
    }
    eprintln!(
        "{name}: {} inputs in {:.1} s",
        seeds.len() + mutations,
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn fuzz_front_matter() {
    fuzz_target("front_matter", fuzz::front_matter, 3_000, 1);
}

#[test]
fn fuzz_config() {
    fuzz_target("config", fuzz::config, 3_000, 2);
}

#[test]
fn fuzz_raw_html() {
    fuzz_target("raw_html", fuzz::raw_html, 3_000, 3);
}

#[test]
fn fuzz_search() {
    fuzz_target("search", fuzz::search, 2_000, 4);
}

#[test]
fn fuzz_markdown_pipeline() {
    fuzz_target("markdown", fuzz::markdown, 300, 5);
}

#[test]
fn sanitized_output_check_catches_unsafe_html() {
    assert!(fuzz::check_safe("<p>ok</p><a href=\"https://e.org\">x</a>").is_ok());
    for bad in [
        "<script>x</script>",
        "<img src=x onerror=y>",
        "<a href=\"java&#115;cript:x\">",
        "<IFRAME src=x>",
    ] {
        assert!(fuzz::check_safe(bad).is_err(), "{bad}");
    }
}
