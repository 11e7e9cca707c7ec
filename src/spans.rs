//! Where each value of a TOML or YAML document is written, as the parser reports it.
//!
//! [`Spans::toml`] reads a document with `toml_edit` (which keeps the byte span of every key
//! and value) and [`Spans::yaml`] with `saphyr-parser`'s event stream (which marks where each
//! key and scalar starts). Both record every value under a dotted path — `faq.1.answer`,
//! `taxonomies.tags.0`, `languages.es.path` — so a diagnostic about a value points at that
//! value's own line and column, whatever escapes, multi-line strings, inline tables or repeated
//! text the document holds. Spans are byte offsets into the text given, plus `offset` (the
//! front matter's start in its file). A leaf module: it imports nothing from the crate.

use std::collections::HashMap;
use std::ops::Range;

/// The key and value span of one entry; for an array element both are the element's span.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    key: Range<usize>,
    value: Range<usize>,
}

/// Dotted path → where the entry is written. Empty when the text does not parse (its parse
/// error is reported elsewhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans {
    entries: HashMap<String, Entry>,
}

impl Spans {
    /// The spans of a TOML document.
    pub(crate) fn toml(text: &str, offset: usize) -> Spans {
        let mut spans = Spans::default();
        if let Ok(document) = toml_edit::ImDocument::parse(text) {
            spans.toml_table(document.as_table(), "", offset);
        }
        spans.unquote(text, offset);
        spans
    }

    /// The spans of a YAML document (its first document only, as front matter has one).
    pub(crate) fn yaml(text: &str, offset: usize) -> Spans {
        let mut spans = Spans::default();
        // saphyr counts characters; diagnostics need bytes.
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let at = |mark: &saphyr_parser::Marker| {
            offset + bytes.get(mark.index()).copied().unwrap_or(text.len())
        };
        let mut stack: Vec<Frame> = Vec::new();
        for event in saphyr_parser::Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let here = at(&span.start)..at(&span.end);
            use saphyr_parser::Event;
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map {
                        path,
                        key: key @ None,
                    }) = stack.last_mut()
                    {
                        let path = join(path, &value);
                        *key = Some((path, here));
                    } else if let Some((path, key)) = value_path(&mut stack) {
                        spans.record_entry(path, key.unwrap_or(here.clone()), here);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = match stack.last() {
                        None => String::new(),
                        Some(_) => match value_path(&mut stack) {
                            Some((path, key)) => {
                                spans.record_entry(path.clone(), key.unwrap_or(here.clone()), here);
                                path
                            }
                            // A collection as a key: not something front matter holds.
                            None => "?".to_string(),
                        },
                    };
                    stack.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { path, key: None }
                    } else {
                        Frame::Seq { path, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    if stack.is_empty() {
                        break;
                    }
                }
                Event::Alias(_) => {
                    if let Some((path, key)) = value_path(&mut stack) {
                        spans.record_entry(path, key.unwrap_or(here.clone()), here);
                    }
                }
                _ => {}
            }
        }
        spans.unquote(text, offset);
        spans
    }

    /// A quoted string's span becomes its text's, inside the quotes (`"""`, `'''`, `"`, `'`),
    /// where editors look for it and where its first character is.
    fn unquote(&mut self, text: &str, offset: usize) {
        for entry in self.entries.values_mut() {
            let span = entry.value.start - offset..entry.value.end - offset;
            let Some(written) = text.get(span) else {
                continue;
            };
            let quote = ["\"\"\"", "'''", "\"", "'"].into_iter().find(|q| {
                written.len() >= 2 * q.len() && written.starts_with(q) && written.ends_with(q)
            });
            if let Some(q) = quote {
                entry.value = entry.value.start + q.len()..entry.value.end - q.len();
            }
        }
    }

    /// Where the value at `path` is written.
    pub(crate) fn value(&self, path: &str) -> Option<Range<usize>> {
        self.entries.get(path).map(|e| e.value.clone())
    }

    /// Where the key of the entry at `path` is written (an array element's own span).
    pub(crate) fn key(&self, path: &str) -> Option<Range<usize>> {
        self.entries.get(path).map(|e| e.key.clone())
    }

    /// The value at `path`, else the nearest enclosing entry's key, else `0..0` (the file's
    /// start): a diagnostic always names a place.
    pub(crate) fn value_or_parent(&self, path: &str) -> Range<usize> {
        if let Some(span) = self.value(path) {
            return span;
        }
        let mut rest = path;
        while let Some((parent, _)) = rest.rsplit_once('.') {
            if let Some(span) = self.key(parent) {
                return span;
            }
            rest = parent;
        }
        0..0
    }

    /// Where `text` (the string value at `path`, or a trimmed part of it) starts in `source`
    /// (the whole file), and whether it is written there verbatim, so that offsets inside it
    /// hold. A value with escapes (`\"`) is not verbatim: the start of its text is given, so
    /// a diagnostic inside it still lands on the value's own line.
    pub(crate) fn text_start(&self, source: &str, path: &str, text: &str) -> Option<(usize, bool)> {
        let span = self.value(path)?;
        let written = source.get(span.clone())?;
        if let Some(i) = written.find(text).filter(|_| !text.is_empty()) {
            return Some((span.start + i, true));
        }
        Some((
            span.start + written.len() - written.trim_start().len(),
            false,
        ))
    }

    fn record(&mut self, path: String, value: Range<usize>) {
        self.record_entry(path, value.clone(), value);
    }

    fn record_entry(&mut self, path: String, key: Range<usize>, value: Range<usize>) {
        self.entries.entry(path).or_insert(Entry { key, value });
    }

    fn toml_table(&mut self, table: &toml_edit::Table, path: &str, offset: usize) {
        for (name, item) in table.iter() {
            let key = table
                .get_key_value(name)
                .and_then(|(k, _)| k.span())
                .map(|s| s.start + offset..s.end + offset);
            self.toml_item(item, &join(path, name), key, offset);
        }
    }

    fn toml_item(
        &mut self,
        item: &toml_edit::Item,
        path: &str,
        key: Option<Range<usize>>,
        offset: usize,
    ) {
        let span = item.span().map(|s| s.start + offset..s.end + offset);
        // A `[table]` header's span is the header line; a dotted or implicit table has none
        // and falls back to its key.
        if let Some(value) = span.clone().or(key.clone()) {
            self.record_entry(path.to_string(), key.unwrap_or(value.clone()), value);
        }
        match item {
            toml_edit::Item::Value(value) => self.toml_value(value, path, offset),
            toml_edit::Item::Table(table) => self.toml_table(table, path, offset),
            toml_edit::Item::ArrayOfTables(tables) => {
                for (i, table) in tables.iter().enumerate() {
                    let path = format!("{path}.{i}");
                    if let Some(s) = table.span() {
                        self.record(path.clone(), s.start + offset..s.end + offset);
                    }
                    self.toml_table(table, &path, offset);
                }
            }
            toml_edit::Item::None => {}
        }
    }

    fn toml_value(&mut self, value: &toml_edit::Value, path: &str, offset: usize) {
        match value {
            toml_edit::Value::Array(array) => {
                for (i, element) in array.iter().enumerate() {
                    let path = format!("{path}.{i}");
                    if let Some(s) = element.span() {
                        self.record(path.clone(), s.start + offset..s.end + offset);
                    }
                    self.toml_value(element, &path, offset);
                }
            }
            toml_edit::Value::InlineTable(table) => {
                for (name, item) in table.iter() {
                    let key = table
                        .get_key_value(name)
                        .and_then(|(k, _)| k.span())
                        .map(|s| s.start + offset..s.end + offset);
                    let path = join(path, name);
                    let span = item.span().map(|s| s.start + offset..s.end + offset);
                    if let Some(span) = span {
                        self.record_entry(path.clone(), key.unwrap_or(span.clone()), span);
                    }
                    self.toml_value(item, &path, offset);
                }
            }
            _ => {}
        }
    }
}

/// A YAML collection being read: a mapping waiting for its next key or value, or a sequence
/// counting its elements.
enum Frame {
    Map {
        path: String,
        key: Option<(String, Range<usize>)>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

/// The path of the value that comes next in the innermost collection, with its key's span in
/// a mapping (the key is then consumed).
fn value_path(stack: &mut [Frame]) -> Option<(String, Option<Range<usize>>)> {
    match stack.last_mut()? {
        Frame::Map { key, .. } => key.take().map(|(path, span)| (path, Some(span))),
        Frame::Seq { path, next } => {
            *next += 1;
            Some((format!("{path}.{}", *next - 1), None))
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, span: Option<Range<usize>>) -> &str {
        &text[span.expect("a span")]
    }

    #[test]
    fn toml_values_keys_arrays_and_inline_tables() {
        let text =
            "title = \"A \\\"b\\\"\"\nlist = [\"x\", \"y\"]\n[[faq]]\nanswer = \"\"\"\nz\n\"\"\"\n\
                    [[faq]]\nanswer = 'w'\n[t]\nin = { k = 1 }\n";
        let spans = Spans::toml(text, 0);
        assert_eq!(at(text, spans.value("title")), "A \\\"b\\\"");
        assert_eq!(at(text, spans.key("title")), "title");
        assert_eq!(at(text, spans.value("list.1")), "y");
        assert_eq!(at(text, spans.value("faq.0.answer")), "\nz\n");
        assert_eq!(at(text, spans.value("faq.1.answer")), "w");
        assert_eq!(at(text, spans.value("t.in.k")), "1");
        assert_eq!(at(text, spans.key("t.in.k")), "k");
        assert_eq!(spans.value("nope"), None);
        // A missing value falls back to its nearest written parent's key.
        assert_eq!(at(text, Some(spans.value_or_parent("t.in.gone"))), "in");
        assert_eq!(Spans::toml("not = = toml", 0), Spans::default());
    }

    #[test]
    fn offsets_are_added_and_text_start_skips_the_quotes() {
        let text = "+++\nq = \"say \\\"hi\\\" [x](y)\"\np = \"plain\"\n+++\n";
        let spans = Spans::toml(&text[4..text.len() - 4], 4);
        assert_eq!(
            spans.text_start(text, "p", "plain"),
            Some((text.find("plain").unwrap(), true))
        );
        let q = text.find("say").unwrap();
        assert_eq!(
            spans.text_start(text, "q", "say \"hi\" [x](y)"),
            Some((q, false))
        );
    }

    #[test]
    fn yaml_values_keys_and_sequences_in_bytes() {
        let text =
            "title: Né A\nfaq:\n  - question: Q?\n    answer: \"a \\\"b\\\"\"\ntags: [x, y]\n";
        let spans = Spans::yaml(text, 10);
        let shifted = format!("{}{text}", " ".repeat(10));
        assert_eq!(at(&shifted, spans.value("title")), "Né A");
        assert_eq!(at(&shifted, spans.key("faq.0.answer")), "answer");
        assert_eq!(at(&shifted, spans.value("faq.0.answer")), "a \\\"b\\\"");
        assert_eq!(at(&shifted, spans.value("tags.1")), "y");
    }
}
