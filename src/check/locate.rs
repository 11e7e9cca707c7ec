//! Where a front-matter value is written, so a diagnostic about `next_review` or
//! `description` underlines that line rather than the top of the file. The positions are the
//! parser's ([`crate::spans`]), read through the document's dotted paths.

use std::ops::Range;

use crate::load::Document;

/// The span of the value at `path` (`description`, `checks.max_grade`, `sources.0.url`), or
/// `None` when it is not written.
pub fn key_value(doc: &Document, path: &str) -> Option<Range<usize>> {
    doc.spans.value(path)
}

/// Where the string `text` at `path` starts, and whether it is written there verbatim
/// ([`crate::spans::Spans::text_start`]).
pub fn text_start(doc: &Document, path: &str, text: &str) -> Option<(usize, bool)> {
    doc.spans.text_start(&doc.source.text, path, text)
}

/// Where to point when a key is missing: the title's value, else the first line.
pub fn missing_key(doc: &Document) -> Range<usize> {
    key_value(doc, "title").unwrap_or_else(|| 0..doc.source.text.find('\n').unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;
    use crate::load::{front_matter, DocKind, FrontMatter};

    fn doc(text: &str) -> Document {
        let source = SourceText::new("content/a.md", text);
        let split = front_matter::split(text).unwrap().unwrap();
        Document {
            rel_path: "a.md".into(),
            kind: DocKind::Page,
            bundle: false,
            spans: front_matter::spans(&source, &split),
            source,
            front: FrontMatter::default(),
            body: split.body,
        }
    }

    #[test]
    fn finds_toml_and_yaml_values() {
        let d = doc("+++\ntitle = \"A\"\nnext_review = 2029-01-01\n+++\nnext_review = no\n");
        let span = key_value(&d, "next_review").unwrap();
        assert_eq!(&d.source.text[span], "2029-01-01");
        let d = doc("---\ntitle: A\nlast_reviewed: 2026-01-02\n---\n");
        let span = key_value(&d, "last_reviewed").unwrap();
        assert_eq!(&d.source.text[span], "2026-01-02");
        assert_eq!(key_value(&d, "description"), None);
        assert_eq!(&d.source.text[missing_key(&d)], "A");
    }
}
