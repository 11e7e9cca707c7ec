//! Every XML file a build writes (Atom feeds, sitemap.xml, anything ending in .xml) is
//! well-formed: parsed by roxmltree for the bundled site and for sites whose text is as
//! hostile as editors' text can be. Control characters, which XML cannot hold at all, are
//! refused at load, so they never reach a feed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::TestSite;
use continuum::BuildOptions;

/// Every `.xml` file below `dir`.
fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The problems of every XML file below `dir` (empty when all parse).
fn malformed(dir: &Path) -> Vec<String> {
    xml_files(dir)
        .iter()
        .filter_map(|path| {
            let text = fs::read_to_string(path).unwrap();
            roxmltree::Document::parse(&text)
                .err()
                .map(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

#[test]
fn every_xml_file_of_the_bundled_site_is_well_formed() {
    let out = tempfile::tempdir().unwrap();
    let options = BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    };
    let outcome = continuum::build(&options);
    assert!(!outcome.diagnostics.has_errors());
    let files = xml_files(&out.path().join("public"));
    // atom.xml in each language and sitemap.xml at least.
    assert!(files.len() >= 3, "{files:?}");
    let problems = malformed(&out.path().join("public"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Markup, entities, CDATA ends, C1 controls, direction overrides and line separators: all
/// text XML can hold, which must come out escaped.
#[test]
fn hostile_text_keeps_every_xml_file_well_formed() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        "title = \"A & B <i>site</i> ]]>\"\ndescription = \"\\u0085 \\u202e \\u2028 \\t tab\"\nbase_url = \"https://example.org/a&b/\"\ntheme = \"plain\"\n",
    );
    site.page(
        "a.md",
        "title = \"<script>alert(1)</script> & ]]> \\u0085\\u202e\\u2028\\ufeff\"\ndescription = \"\\\"quoted\\\" 'single' <b>&amp;</b> \\u00a0\"\ndate = 2026-01-02\nslug = \"a&b\"",
        "Body with <b>markup</b> & ]]> and \u{85}.\n",
    );
    site.build_ok();
    assert!(site.output().join("atom.xml").is_file());
    let problems = malformed(&site.output());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Found attacking the site: NUL and ESC in a title made atom.xml not XML at all. They are
/// errors now, and no feed is written.
#[test]
fn control_characters_never_reach_an_xml_file() {
    for title in ["\\u0000", "\\u001b[31m", "\\u0008", "\\u007f", "\\uffff"] {
        let site = TestSite::minimal();
        site.page(
            "a.md",
            &format!("title = \"Hello{title}\"\ndate = 2026-01-02"),
            "Body.\n",
        );
        let outcome = site.build();
        let error = common::single_error(&outcome);
        assert!(error.message.contains("control character"), "{error:?}");
        assert_eq!(error.position().unwrap(), "content/a.md:2:15", "{title}");
        assert!(malformed(&site.output()).is_empty());
        assert!(!site.output().join("atom.xml").exists());
    }
}
