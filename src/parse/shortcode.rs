//! Inline fact shortcodes in prose: `{{ fact(item="intensive-outpatient.md", key="hours_per_week") }}`
//! quotes one fact where it is written, so sentences never contradict the tables. Quotes may
//! be straight or curly (smart punctuation turns them curly before we see the text).

use std::ops::Range;

/// A piece of a text run: plain text, or a fact shortcode with its arguments.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Fact {
        item: String,
        key: String,
        /// Byte range of the whole shortcode in the text.
        range: Range<usize>,
    },
    /// Something that opened like a shortcode but could not be read.
    Malformed {
        range: Range<usize>,
    },
}

/// Splits `text` into plain text and shortcodes.
pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut last = 0;
    let mut search_from = 0;
    while let Some(found) = text[search_from..].find("{{") {
        let start = search_from + found;
        let Some(len) = text[start..].find("}}") else {
            break;
        };
        let end = start + len + 2;
        let inner = text[start + 2..end - 2].trim();
        if let Some(args) = inner.strip_prefix("fact").map(str::trim_start) {
            if start > last {
                pieces.push(Piece::Text(&text[last..start]));
            }
            match parse_args(args) {
                Some((item, key)) => pieces.push(Piece::Fact {
                    item,
                    key,
                    range: start..end,
                }),
                None => pieces.push(Piece::Malformed { range: start..end }),
            }
            last = end;
        }
        search_from = end;
    }
    if last < text.len() {
        pieces.push(Piece::Text(&text[last..]));
    }
    pieces
}

/// Where each `{{ fact ... }}` of a text run is in the source file, in order, so diagnostics
/// point at the shortcode itself (the parsed text may differ from the source: quotes).
pub fn source_spans(source: &str, run: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let end = run.end.min(source.len());
    let mut at = run.start.min(end);
    std::iter::from_fn(move || {
        while let Some(found) = source.get(at..end)?.find("{{") {
            let start = at + found;
            at = start + 2;
            if source[at..end].trim_start().starts_with("fact") {
                let close = source[at..end].find("}}").map_or(end, |i| at + i + 2);
                at = close;
                return Some(start..close);
            }
        }
        None
    })
}

/// `(item="a.md", key="b")`, in either order.
fn parse_args(args: &str) -> Option<(String, String)> {
    let inner = args.strip_prefix('(')?.strip_suffix(')')?;
    let (mut item, mut key) = (None, None);
    for part in inner.split(',') {
        let (name, value) = part.split_once('=')?;
        let value = value
            .trim()
            .trim_matches(|c| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’'));
        match name.trim() {
            "item" => item = Some(value.to_string()),
            "key" => key = Some(value.to_string()),
            _ => return None,
        }
    }
    Some((item?, key?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fact_shortcodes_with_any_quotes() {
        let pieces = split("IOP is {{ fact(item=“iop.md”, key=“hours”) }} a week.");
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0], Piece::Text("IOP is "));
        assert!(
            matches!(&pieces[1], Piece::Fact { item, key, .. } if item == "iop.md" && key == "hours")
        );
        assert_eq!(pieces[2], Piece::Text(" a week."));
    }

    #[test]
    fn other_braces_are_text_and_bad_arguments_are_malformed() {
        assert_eq!(
            split("{{ not a shortcode }}"),
            vec![Piece::Text("{{ not a shortcode }}")]
        );
        assert!(matches!(
            split("{{ fact(item=\"a.md\") }}")[0],
            Piece::Malformed { .. }
        ));
        assert_eq!(split("no braces"), vec![Piece::Text("no braces")]);
    }
}
