//! A small, forgiving scanner for the start tags in raw HTML written in Markdown: tag name,
//! attributes and the offsets of each value, enough to find `<img src>`, `<iframe src>` and
//! `<a href>`. Comments are skipped; anything malformed is skipped, never a panic.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Lowercase.
    pub name: String,
    pub value: String,
    /// Where the value is in the scanned text (the name's span when there is no value).
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTag {
    /// Lowercase.
    pub name: String,
    pub attrs: Vec<Attr>,
    /// From `<` to `>` (or the end of the text).
    pub span: Range<usize>,
}

impl HtmlTag {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// Every start tag in `html`.
pub fn tags(html: &str) -> Vec<HtmlTag> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = html.get(i..).and_then(|rest| rest.find('<')) {
        let start = i + offset;
        if html[start..].starts_with("<!--") {
            i = html[start..]
                .find("-->")
                .map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let name_start = start + 1;
        let name_len = html[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let (attrs, end) = attributes(html, name_start + name_len);
        found.push(HtmlTag {
            name,
            attrs,
            span: start..end,
        });
        i = end.max(start + 1);
    }
    found
}

/// Parses attributes from `at` to the closing `>`; returns them and the offset after `>`.
fn attributes(html: &str, mut at: usize) -> (Vec<Attr>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return (attrs, bytes.len());
        }
        if bytes[at] == b'>' {
            return (attrs, at + 1);
        }
        let name_start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
        {
            at += 1;
        }
        let name = html[name_start..at].to_ascii_lowercase();
        let mut value = String::new();
        let mut span = name_start..at;
        let mut look = at;
        while look < bytes.len() && bytes[look].is_ascii_whitespace() {
            look += 1;
        }
        if look < bytes.len() && bytes[look] == b'=' {
            at = look + 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let (text, range, next) = attribute_value(html, at);
            value = text;
            span = range;
            at = next;
        }
        if name.is_empty() {
            // A stray `=` or character: step over it if nothing was read.
            if at == name_start {
                at += 1;
            }
            continue;
        }
        attrs.push(Attr { name, value, span });
    }
}

/// A quoted or unquoted value starting at `at`: (value, its span, offset after it).
fn attribute_value(html: &str, at: usize) -> (String, Range<usize>, usize) {
    let bytes = html.as_bytes();
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            let start = at + 1;
            let end = html[start..]
                .find(quote as char)
                .map_or(html.len(), |i| start + i);
            (
                decode_entities(&html[start..end]),
                start..end,
                (end + 1).min(html.len()),
            )
        }
        _ => {
            let end = html[at..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>')
                .map_or(html.len(), |i| at + i);
            (decode_entities(&html[at..end]), at..end, end)
        }
    }
}

/// The few entities that appear in URLs.
fn decode_entities(value: &str) -> String {
    value
        .replace("&amp;", "&")
        .replace("&#47;", "/")
        .replace("&#x2F;", "/")
        .replace("&colon;", ":")
}

/// Every `url(...)` in CSS text (style attributes and `<style>` blocks), with its span.
pub fn css_urls(text: &str) -> Vec<(String, Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let start = from + i + 4;
        let end = text[start..].find(')').map_or(text.len(), |j| start + j);
        let value = text[start..end].trim().trim_matches(['"', '\'']);
        found.push((value.to_string(), start..end));
        from = end.max(start);
    }
    for (i, _) in lower.match_indices("@import") {
        let rest = &text[i + 7..];
        let quoted = rest.trim_start().trim_start_matches("url(");
        let value: String = quoted
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ')' | ';') && !c.is_whitespace())
            .collect();
        if !value.is_empty() {
            found.push((value, i..i + 7));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_tags_and_attributes() {
        let html = "<!-- <img src=x> --><p>Hi</p><IMG SRC='https://a.org/p.gif' width=1 alt>\n<iframe\n  src=\"https://b.org/v?a=1&amp;b=2\"></iframe>";
        let tags = tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["p", "img", "iframe"]);
        let img = &tags[1];
        assert_eq!(img.attr("src").unwrap().value, "https://a.org/p.gif");
        assert_eq!(img.attr("width").unwrap().value, "1");
        assert_eq!(img.attr("alt").unwrap().value, "");
        let src = tags[2].attr("src").unwrap();
        assert_eq!(src.value, "https://b.org/v?a=1&b=2");
        assert_eq!(&html[src.span.clone()], "https://b.org/v?a=1&amp;b=2");
    }

    #[test]
    fn malformed_input_does_not_panic() {
        for html in [
            "<",
            "<a",
            "<a href=",
            "<a href=\"x",
            "< img>",
            "<1>",
            "<a =x>",
            "<é>",
        ] {
            let _ = tags(html);
            let _ = css_urls(html);
        }
        assert_eq!(
            css_urls("a{background:url('https://t.io/x.png')}")[0].0,
            "https://t.io/x.png"
        );
    }
}
