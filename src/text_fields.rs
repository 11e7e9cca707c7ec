//! Every string value of front matter and config.toml meets two policies before any later
//! stage sees it: text hygiene (no control characters: C0 other than tab, line feed and
//! carriage return, DEL, and the non-characters U+FFFE and U+FFFF, none of which is text and
//! all of which break XML feeds or a terminal), and, under a key that names an address
//! (`url`, `link`, `href`, `src`, `*_url`...; see `url_policy::is_url_key`), the one URL
//! policy. Values are walked through their serde form, so a field added later is covered
//! without being listed here. Markdown bodies get the same hygiene check ([`check_body`]).
//! Each problem is an error pointing at the value in the file (or its key when the value is
//! written with escapes and cannot be found verbatim).

use std::ops::Range;

use serde::Serialize;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, SourceText};
use crate::url_policy;

/// More control characters than this in one body are summed up in one last error.
const MAX_BODY_REPORTS: usize = 10;

const CONTROL_HELP: &str = "delete it: control characters are invisible in most editors, are never text, and break feeds and terminals";

/// The first character of `text` that hygiene refuses, with its byte offset.
pub(crate) fn forbidden_char(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_forbidden(c))
}

fn is_forbidden(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// `\u{1b}`: how a refused character is named in a message.
fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", c as u32)
}

/// Checks every string of `value` (front matter or a config), written in `source` within
/// `region`; returns the errors.
pub(crate) fn check_fields(
    value: &impl Serialize,
    source: &SourceText,
    region: Range<usize>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Serializing plain data to JSON cannot fail; nothing to check if it ever did.
    if let Ok(value) = serde_json::to_value(value) {
        let mut walk = Walk {
            source,
            region,
            found: &mut found,
        };
        walk.value(&value, "", false);
    }
    found
}

struct Walk<'a> {
    source: &'a SourceText,
    region: Range<usize>,
    found: &'a mut Vec<Diagnostic>,
}

impl Walk<'_> {
    fn value(&mut self, value: &Value, key: &str, url: bool) {
        match value {
            Value::Object(map) => {
                let parent = key;
                for (key, value) in map {
                    // Keys are text too (taxonomy names, `[extra]` keys).
                    self.hygiene(key, key);
                    self.value(value, key, url_policy::is_url_key_in(parent, key));
                }
            }
            // A list's items are what its key names (`href = ["...", "..."]`).
            Value::Array(items) => {
                for item in items {
                    self.value(item, key, url);
                }
            }
            Value::String(text) => self.string(text, key, url),
            _ => {}
        }
    }

    /// Reports the first control character of `text`, the value (or name) of `key`; returns
    /// whether there was one.
    fn hygiene(&mut self, text: &str, key: &str) -> bool {
        let Some((at, c)) = forbidden_char(text) else {
            return false;
        };
        let span = self.locate(key, text, Some(at));
        let shown = crate::diagnostics::escape_invisible(key, true);
        self.found.push(
            Diagnostic::error(format!("control character `{}` in `{shown}`", escaped(c)))
                .at(self.source, span)
                .help(CONTROL_HELP),
        );
        true
    }

    fn string(&mut self, text: &str, key: &str, url: bool) {
        if self.hygiene(text, key) {
            return;
        }
        if !url {
            return;
        }
        if let Err(refused) = url_policy::check(text) {
            let span = self.locate(key, text, None);
            self.found.push(
                Diagnostic::error(refused.message(&format!("`{key}` pointing to")))
                    .at(self.source, span)
                    .help(url_policy::HELP),
            );
        }
    }

    /// Where `value` of `key` is written: the value (or, for a bad character at `bad`, the
    /// text before it, then that character) found from a line of that key; else anywhere;
    /// else the key's line; else the region's start.
    fn locate(&self, key: &str, value: &str, bad: Option<usize>) -> Range<usize> {
        let start = self.region.start;
        let region = self
            .source
            .text
            .get(self.region.clone())
            .unwrap_or_default();
        // What to look for, and where the span goes relative to a match.
        let needle = match bad {
            Some(bad) if value[..bad].trim().chars().count() >= 2 => Some(&value[..bad]),
            Some(_) => None,
            None => Some(value).filter(|v| !v.is_empty()),
        };
        let span = |i: usize, needle: &str| match bad {
            Some(_) => start + i + needle.len()..start + i + needle.len() + 1,
            None => start + i..start + i + needle.len(),
        };
        let keys = key_lines(region, key);
        if let Some(needle) = needle {
            for &(line_start, _) in &keys {
                // The value follows its key within a few lines (multi-line strings).
                let window_end = region.len().min(line_start + 4096);
                let window = region.get(line_start..window_end).unwrap_or_default();
                if let Some(i) = window.find(needle) {
                    return span(line_start + i, needle);
                }
            }
            if let Some(i) = region.find(needle) {
                return span(i, needle);
            }
        }
        match keys.first() {
            Some(&(_, at)) => start + at..start + at + key.len(),
            None => start..start,
        }
    }
}

/// The lines of `region` that set `key` (`key = `, `key:`, `- key:`, `"key" =`): each line's
/// start and the key's offset.
fn key_lines(region: &str, key: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if key.is_empty() {
        return found;
    }
    let mut offset = 0;
    for line in region.split_inclusive('\n') {
        let rest = line.trim_start_matches([' ', '\t', '-', '"', '\'']);
        if let Some(after) = rest.strip_prefix(key) {
            let after = after.trim_start_matches(['"', '\'']).trim_start();
            if after.starts_with(['=', ':']) {
                found.push((offset, offset + line.len() - rest.len()));
            }
        }
        offset += line.len();
    }
    found
}

/// Control characters in a Markdown body (`range` of `source`) are errors too, at their
/// places; tab, line feed and carriage return (a line ending, alone or before a line feed)
/// are text.
pub(crate) fn check_body(source: &SourceText, range: Range<usize>) -> Vec<Diagnostic> {
    let Some(body) = source.text.get(range.clone()) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let bad = body.char_indices().filter(|&(_, c)| is_forbidden(c));
    for (count, (i, c)) in bad.enumerate() {
        let at = range.start + i;
        if count == MAX_BODY_REPORTS {
            found.push(
                Diagnostic::error("more control characters in this file")
                    .at(source, at..at + c.len_utf8())
                    .help(CONTROL_HELP),
            );
            break;
        }
        found.push(
            Diagnostic::error(format!("control character `{}` in the text", escaped(c)))
                .at(source, at..at + c.len_utf8())
                .help(CONTROL_HELP),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, value: &impl Serialize) -> Vec<(usize, usize, String)> {
        let source = SourceText::new("config.toml", text);
        check_fields(value, &source, 0..text.len())
            .iter()
            .map(|d| {
                let (line, col) = d.line_col().unwrap();
                (line, col, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn control_characters_in_any_string_are_errors_at_their_place() {
        let text = "title = \"Hi\\u001b[31m there\"\n[extra]\nname = \"\\u0000\"\n";
        let value: toml::Table = toml::from_str(text).unwrap();
        let found = check(text, &value);
        assert_eq!(
            found,
            vec![
                (3, 1, "control character `\\u{0}` in `name`".to_string()),
                (1, 12, "control character `\\u{1b}` in `title`".to_string()),
            ]
        );
    }

    #[test]
    fn control_characters_in_keys_are_errors() {
        let text = "[taxonomies]\n\"the\\u0007rapies\" = [\"CBT\"]\n";
        let value: toml::Table = toml::from_str(text).unwrap();
        let found = check(text, &value);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].2,
            "control character `\\u{7}` in `the\\u{7}rapies`"
        );
    }

    #[test]
    fn tabs_and_newlines_are_text() {
        let text = "title = \"a\\tb\\r\\nc\"\n";
        let value: toml::Table = toml::from_str(text).unwrap();
        assert!(check(text, &value).is_empty());
    }

    #[test]
    fn url_keys_meet_the_url_policy_anywhere() {
        let text = "[[extra.crisis_lines]]\nhref = \"tel:988\"\n[[extra.crisis_lines]]\nhref = \" javascript:alert(1)\"\n[extra.footer]\nlinks = [\"data:x\"]\nlogo_url = [\"data:x\"]\n[extra.colors]\nlink = \"#0a57a4\"\n[extra.dark_colors]\nlink = \"red;}x{a:b\"\n";
        let value: toml::Table = toml::from_str(text).unwrap();
        let found = check(text, &value);
        assert_eq!(
            found,
            vec![
                (
                    4,
                    9,
                    "`href` pointing to a `javascript:` address is not allowed".to_string()
                ),
                (
                    7,
                    14,
                    "`logo_url` pointing to a `data:` address is not allowed".to_string()
                ),
            ]
        );
    }

    #[test]
    fn body_control_characters_are_reported_but_line_endings_are_not() {
        let text = "a\r\nb\rc\u{7}d\u{1b}\n";
        let source = SourceText::new("content/a.md", text);
        let found: Vec<String> = check_body(&source, 0..text.len())
            .iter()
            .map(|d| format!("{:?} {}", d.line_col().unwrap(), d.message))
            .collect();
        assert_eq!(
            found,
            [
                "(2, 4) control character `\\u{7}` in the text",
                "(2, 6) control character `\\u{1b}` in the text"
            ]
        );
    }
}
