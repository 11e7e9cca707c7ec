//! Awkward but real input never panics: encodings, line endings, empty and binary files,
//! symlink loops. Each case gets a diagnostic or simply builds.

mod common;

use common::{assert_diagnostic, single_error, TestSite};

#[test]
fn invalid_utf8_is_an_error_at_the_bad_byte() {
    let site = TestSite::minimal();
    site.write_bytes("content/a.md", b"+++\ntitle = \"A\"\n+++\ncaf\xE9\n");
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md:4:4", "not valid UTF-8", "UTF-8");
}

#[test]
fn utf16_file_is_an_error() {
    let site = TestSite::minimal();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "+++\ntitle = \"A\"\n+++\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    site.write_bytes("content/a.md", &bytes);
    let d = single_error(&site.check());
    assert_diagnostic(&d, "content/a.md", "UTF-16", "UTF-8");
}

#[test]
fn byte_order_mark_and_crlf_build() {
    let site = TestSite::minimal();
    site.write_bytes(
        "content/a.md",
        b"\xEF\xBB\xBF+++\r\ntitle = \"A\"\r\n+++\r\n## Heading\r\n\r\nText \xE2\x80\x9Cquoted\xE2\x80\x9D.\r\n",
    );
    site.build_ok();
    let html = site.read("a/index.html");
    assert!(html.contains("<h2 id=\"heading\">Heading</h2>"), "{html}");
}

#[test]
fn lone_cr_line_endings_do_not_panic() {
    let site = TestSite::minimal();
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nOne\rTwo\r");
    site.build_ok();
}

#[test]
fn empty_and_whitespace_files_are_errors_not_panics() {
    let site = TestSite::minimal();
    site.write("content/empty.md", "");
    site.write("content/blank.md", "  \n\t\n");
    let outcome = site.check();
    assert_eq!(
        outcome.diagnostics.error_count(),
        2,
        "{}",
        outcome.diagnostics.report(false)
    );
    assert!(outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .all(|d| d.message.contains("no front matter")));
}

#[test]
fn binary_files_in_content_are_copied_and_binary_markdown_is_an_error() {
    let site = TestSite::minimal();
    site.write_bytes("content/photo.png", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2]);
    site.write_bytes("content/oops.md", &[0, 1, 2, 3, 0xFF]);
    let outcome = site.build();
    let d = single_error(&outcome);
    assert_diagnostic(&d, "content/oops.md", "binary", "");
    // Fix it and the asset is published as is.
    std::fs::remove_file(site.root().join("content/oops.md")).unwrap();
    site.build_ok();
    assert_eq!(
        std::fs::read(site.output().join("photo.png")).unwrap()[..4],
        [0x89, b'P', b'N', b'G']
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let site = TestSite::minimal();
    site.page("care/a.md", "title = \"A\"", "");
    std::os::unix::fs::symlink("..", site.root().join("content/care/loop")).unwrap();
    let outcome = site.build();
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    assert!(outcome
        .diagnostics
        .iter()
        .any(|d| d.message.contains("symbolic link loop")));
}

#[test]
fn hostile_markdown_does_not_panic() {
    let site = TestSite::minimal();
    let deep = format!("{}deep\n", "> ".repeat(2_000));
    let list = (0..500)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect::<String>();
    let heading_soup = "## \n## #\n## [](x.md)\n#### `code`\n";
    site.page("deep.md", "title = \"Deep\"", &deep);
    site.page("list.md", "title = \"List\"", &list);
    site.page("headings.md", "title = \"Headings\"", heading_soup);
    let outcome = site.check();
    // Only the broken link in the heading soup is an error.
    assert_eq!(
        outcome.diagnostics.error_count(),
        1,
        "{}",
        outcome.diagnostics.report(false)
    );
}
