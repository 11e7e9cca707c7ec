//! Handouts (issue 20, docs/handouts.md): every article has a handout and a large-print
//! handout in each of its languages, holding its questions and the crisis lines, out of the
//! sitemap; `--pdf` / `[handouts] pdf = true` prints each handout to a tagged PDF beside it
//! with headless Chromium, and says at the start, in one error, when Chromium is missing.
mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_dir, TestSite};

/// The `languages` fixture (English and Spanish) with the repository's default theme.
fn site() -> TestSite {
    let site = TestSite::fixture("languages");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &site.root().join("themes/default"));
    site
}

/// The articles (not sections) of the `languages` fixture, by output folder.
const ARTICLES: &[&str] = &[
    "care/iop/",
    "care/php/",
    "family/",
    "glossary/",
    "es/atencion/programa-intensivo/",
    "es/glossary/",
];

#[test]
fn every_article_has_a_handout_and_a_large_print_handout_in_its_language() {
    let site = site();
    let front = "title = \"IOP\"\nweight = 1\nlast_reviewed = 2026-01-01\nreviewed_by = \"Dr. Reviewer\"\nquestions = [\"How many hours a week?\", \"Who do I call at night?\"]\n[taxonomies]\ntherapies = [\"Family therapy\"]\n[facts]\nhours = 9\nsetting = \"Clinic\"\novernight = false";
    site.page(
        "care/iop.md",
        front,
        "Intro.\n\n## Key points\n\n- Several hours a week.\n\n## Details\n\nLong text.\n\n## What to do next\n\nCall the clinic.\n",
    );
    site.build_ok();
    for article in ARTICLES {
        for variant in ["handout/", "handout/large/"] {
            let path = site.output().join(format!("{article}{variant}index.html"));
            assert!(path.is_file(), "{} is missing", path.display());
        }
    }
    assert!(
        !site.output().join("care/handout").exists(),
        "sections have no handout"
    );
    let iop = site.read("care/iop/handout/index.html");
    assert!(iop.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(iop.contains("<li>How many hours a week?</li>"), "{iop}");
    assert!(iop.contains("<li>Several hours a week.</li>"), "key points");
    assert!(iop.contains("<p>Call the clinic.</p>"), "what to do next");
    assert!(!iop.contains("Long text."), "only the handout's sections");
    assert!(iop.contains("Dr. Reviewer"), "the reviewer");
    assert!(
        iop.contains("https://example.org/help/care/iop/"),
        "the address"
    );
    assert!(
        iop.contains("<svg class=\"handout-qr-code\""),
        "the QR code"
    );
    assert!(
        iop.contains("/help/care/iop/handout/large/"),
        "links the large print"
    );
    let es = site.read("es/atencion/programa-intensivo/handout/index.html");
    assert!(es.contains("<html lang=\"es\">"));
    assert!(
        es.contains(">Letra grande</a>"),
        "Spanish interface strings: {es}"
    );
    let page = site.read("care/iop/index.html");
    assert!(page.contains(r#"<a href="/help/care/iop/handout/">Print a handout</a>"#));
    assert!(!site.read("sitemap.xml").contains("handout"));
}

/// A build writes handouts as they are rendered, like pages: with a sink, render hands every
/// handout to it and keeps none (two an article, held to the end, were a third of the peak
/// memory of a 10,000-article build), and the sink's files are the ones a build without one
/// returns.
#[test]
fn handouts_go_to_the_sink_as_rendered_and_are_not_kept() {
    use continuum::render::{render_cached, OutputFile, RenderCache};
    use std::sync::Mutex;

    let site = site();
    let (prepared, outcome) = continuum::prepare(&site.options());
    assert!(
        !outcome.diagnostics.has_errors(),
        "{:?}",
        outcome.diagnostics
    );
    let prepared = prepared.expect("prepared");
    let kept: Vec<&OutputFile> = prepared
        .rendered
        .files
        .iter()
        .filter(|f| f.path.contains("/handout/"))
        .collect();
    assert_eq!(
        kept.len(),
        2 * ARTICLES.len(),
        "without a sink, all are kept"
    );

    let written = Mutex::new(Vec::new());
    let sink = |file: &OutputFile| {
        written.lock().unwrap().push(file.clone());
        Ok(())
    };
    let (rendered, found) = render_cached(
        &prepared.site,
        &prepared.config,
        &mut RenderCache::default(),
        Some(&sink),
    );
    assert!(!found.has_errors());
    assert!(
        !rendered.files.iter().any(|f| f.path.contains("/handout/")),
        "no handout is kept once written"
    );
    let mut written: Vec<OutputFile> = written
        .into_inner()
        .unwrap()
        .into_iter()
        .filter(|f| f.path.contains("/handout/"))
        .collect();
    written.sort_by(|a, b| a.path.cmp(&b.path));
    assert_eq!(
        written.iter().collect::<Vec<_>>(),
        kept,
        "the same handouts, byte for byte"
    );
}

#[test]
fn a_missing_engine_is_one_error_at_the_start_with_a_help_line() {
    for (flag, config_key) in [(true, false), (false, true)] {
        let site = site();
        if config_key {
            let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
            site.write(
                "config.toml",
                &format!("{config}\n[handouts]\npdf = true\n"),
            );
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_continuum"));
        command
            .args(["build", "--root"])
            .arg(site.root())
            .env("CONTINUUM_CHROMIUM", site.root().join("no-such-chromium"));
        if flag {
            command.arg("--pdf");
        }
        let run = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        // Not the content's fault: the exit code of a usage or environment error.
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.matches("error:").count(), 1, "one error: {stderr}");
        assert!(
            stderr.contains("PDF handouts need headless Chromium"),
            "{stderr}"
        );
        assert!(stderr.contains("help: install Chromium"), "{stderr}");
        assert!(!site.output().exists(), "nothing built");
    }
}

/// Debian's Chromium, where the test suite installs it (scripts/test.sh).
fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).is_file())
}

#[test]
fn build_with_pdf_writes_a_tagged_pdf_beside_every_handout() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: no Chromium (scripts/test.sh installs it)");
        return;
    };
    let site = site();
    let run = Command::new(env!("CARGO_BIN_EXE_continuum"))
        .args(["build", "--pdf", "--root"])
        .arg(site.root())
        .env("CONTINUUM_CHROMIUM", chromium)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    for article in ARTICLES {
        let pdf = std::fs::read(site.output().join(format!("{article}handout/handout.pdf")))
            .unwrap_or_else(|e| panic!("{article}handout/handout.pdf: {e}"));
        assert!(pdf.starts_with(b"%PDF-"), "{article}: not a PDF");
        assert!(pdf.len() < 500 * 1024, "{article}: {} bytes", pdf.len());
        // Tagged: the document catalog marks it and holds a structure tree.
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/StructTreeRoot"), "{article}: not tagged");
    }
    // A second build with nothing changed keeps them (they are part of the recorded output).
    let again = Command::new(env!("CARGO_BIN_EXE_continuum"))
        .args(["build", "--pdf", "--root"])
        .arg(site.root())
        .env("CONTINUUM_CHROMIUM", chromium)
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(site.output().join("care/iop/handout/handout.pdf").is_file());
}
