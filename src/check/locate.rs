//! Finding front-matter keys in a page's source, so a diagnostic about `next_review` or
//! `description` underlines that line rather than the top of the file.

use std::ops::Range;

use crate::load::Document;

/// The span of `key`'s value in the front matter (TOML `key = value` or YAML `key: value`),
/// or of the key itself when the value is empty. `None` when the key is not written.
pub fn key_value(doc: &Document, key: &str) -> Option<Range<usize>> {
    let text = doc.source.text.get(..doc.body.start)?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let rest = &line[indent..];
        if let Some(after) = rest.strip_prefix(key) {
            let gap = after.len() - after.trim_start().len();
            if let Some(value) = after[gap..].strip_prefix(['=', ':']) {
                let value_start = offset + indent + key.len() + gap + 1;
                let trimmed = value.trim();
                if trimmed.is_empty() {
                    return Some(offset + indent..offset + indent + key.len());
                }
                let lead = value.len() - value.trim_start().len();
                return Some(value_start + lead..value_start + lead + trimmed.len());
            }
        }
        offset += line.len();
    }
    None
}

/// Where to point when a key is missing: the title's value, else the first line.
pub fn missing_key(doc: &Document) -> Range<usize> {
    key_value(doc, "title").unwrap_or_else(|| 0..doc.source.text.find('\n').unwrap_or(0))
}

/// The span of `needle` in the front matter, if it is written there verbatim.
pub fn in_front(doc: &Document, needle: &str) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let text = doc.source.text.get(..doc.body.start)?;
    text.find(needle).map(|i| i..i + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;
    use crate::load::{DocKind, FrontMatter};

    fn doc(text: &str) -> Document {
        let body = text.rfind("+++\n").map_or(0, |i| i + 4);
        Document {
            rel_path: "a.md".into(),
            kind: DocKind::Page,
            bundle: false,
            source: SourceText::new("content/a.md", text),
            front: FrontMatter::default(),
            body: body..text.len(),
        }
    }

    #[test]
    fn finds_toml_and_yaml_values() {
        let d = doc("+++\ntitle = \"A\"\nnext_review = 2029-01-01\n+++\nnext_review = no\n");
        let span = key_value(&d, "next_review").unwrap();
        assert_eq!(&d.source.text[span], "2029-01-01");
        let d = doc("---\ntitle: A\nlast_reviewed: 2026-01-02\n+++\n");
        let span = key_value(&d, "last_reviewed").unwrap();
        assert_eq!(&d.source.text[span], "2026-01-02");
        assert_eq!(key_value(&d, "description"), None);
        assert_eq!(&d.source.text[missing_key(&d)], "A");
    }
}
