//! The URL and attribute policies at the HTML edge of Markdown: an iterator adaptor over
//! pulldown-cmark's `(event, span)` stream that every Markdown text (article bodies and FAQ
//! answers; glossary definitions are plain text) passes through after the raw-HTML filter,
//! whatever `[markdown] raw_html` says.
//!
//! - Links and images (inline, reference-style, autolinks) must have an address the one URL
//!   policy (`crate::url_policy`) allows; a refused one is an error at the address and becomes
//!   `#` (a link) or empty (an image).
//! - A heading's attribute block (`## Title {#id .class}`) may set its `id` and safe class
//!   names (ASCII letters, digits, `-` and `_`), nothing else: `{onfocus=...}`, `{style=...}`,
//!   `{autofocus}`, `{tabindex=1}` and every other key or `key=value` would reach the page as an
//!   attribute, so each is an error naming the file, line and column, and is dropped.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use crate::diagnostics::{Diagnostic, SourceText};

const HELP: &str = "a heading's `{...}` block may hold only `#id` and `.class` names (letters, digits, `-` and `_`); remove the rest";

/// The adaptor; see the module comment. `diagnostics` holds the errors found so far.
pub struct EdgePolicy<'s, I> {
    inner: I,
    source: &'s SourceText,
    /// Where the Markdown text starts in `source`.
    offset: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'s, I> EdgePolicy<'s, I> {
    pub fn new(inner: I, source: &'s SourceText, offset: usize) -> Self {
        EdgePolicy {
            inner,
            source,
            offset,
            diagnostics: Vec::new(),
        }
    }
}

impl<'a, I> Iterator for EdgePolicy<'_, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, span) = self.inner.next()?;
        let at = span.start + self.offset..span.end + self.offset;
        let event = match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let (classes, attrs) =
                    heading(self.source, at, classes, attrs, &mut self.diagnostics);
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            // `[[term]]` names a glossary term, never an address.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if !matches!(link_type, LinkType::WikiLink { .. })
                && self.refused(&dest_url, at.clone(), "a link to") =>
            {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::Borrowed("#"),
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if self.refused(&dest_url, at.clone(), "an image from") => {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::Borrowed(""),
                    title,
                    id,
                })
            }
            event => event,
        };
        Some((event, span))
    }
}

impl<I> EdgePolicy<'_, I> {
    /// Whether the URL policy refuses `dest`, the address of the link or image at `span`; a
    /// refusal is an error pointing at the address (where it is written verbatim, else at the
    /// whole link).
    fn refused(&mut self, dest: &str, span: Range<usize>, what: &str) -> bool {
        let Err(refusal) = crate::url_policy::check(dest) else {
            return false;
        };
        let written = dest.trim();
        let at = self
            .source
            .text
            .get(span.clone())
            .and_then(|text| text.find(written).filter(|_| !written.is_empty()))
            .map_or(span.clone(), |i| {
                span.start + i..span.start + i + written.len()
            });
        self.diagnostics.push(
            Diagnostic::error(refusal.message(what))
                .at(self.source, at)
                .help(crate::url_policy::HELP),
        );
        true
    }
}

/// A heading's classes and attributes with everything the policy refuses removed; each
/// refusal is an error in `diagnostics`. `span` is the heading's span in `source`.
fn heading<'a>(
    source: &SourceText,
    span: Range<usize>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<CowStr<'a>>, Vec<(CowStr<'a>, Option<CowStr<'a>>)>) {
    let mut kept = Vec::with_capacity(classes.len());
    for class in classes {
        if safe_class(&class) {
            kept.push(class);
        } else {
            let at = locate(source, &span, &format!(".{class}"));
            diagnostics.push(
                Diagnostic::error(format!("heading class `{class}` is not allowed"))
                    .at(source, at)
                    .help(HELP),
            );
        }
    }
    for (key, _) in attrs {
        let at = locate(source, &span, &key);
        diagnostics.push(
            Diagnostic::error(format!("heading attribute `{key}` is not allowed"))
                .at(source, at)
                .help(HELP),
        );
    }
    (kept, Vec::new())
}

/// ASCII letters, digits, `-` and `_`: a class that cannot break out of its attribute or
/// smuggle anything into the page.
fn safe_class(class: &str) -> bool {
    !class.is_empty()
        && class
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Where `written` appears in the heading's last attribute block, else the whole heading.
fn locate(source: &SourceText, span: &Range<usize>, written: &str) -> Range<usize> {
    let Some(text) = source.text.get(span.clone()) else {
        return span.clone();
    };
    let block = text.rfind('{').unwrap_or(0);
    text[block..].find(written).map_or(span.clone(), |i| {
        let start = span.start + block + i;
        start..start + written.len()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    /// The diagnostics (line, column, message) and the rendered HTML of `markdown`.
    fn run(markdown: &str) -> (Vec<(usize, usize, String)>, String) {
        let source = SourceText::new("content/a.md", markdown);
        let parser = Parser::new_ext(markdown, Options::all()).into_offset_iter();
        let mut edge = EdgePolicy::new(parser, &source, 0);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, edge.by_ref().map(|(e, _)| e));
        let found = edge
            .diagnostics
            .iter()
            .map(|d| {
                let (line, col) = d.line_col().unwrap();
                (line, col, d.message.clone())
            })
            .collect();
        (found, html)
    }

    #[test]
    fn ids_and_safe_classes_pass() {
        let (found, html) = run("## Title {#start .note .call-out_2}\n");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            html,
            "<h2 id=\"start\" class=\"note call-out_2\">Title</h2>\n"
        );
    }

    #[test]
    fn handlers_styles_and_any_key_are_errors_and_dropped() {
        let (found, html) =
            run("Intro\n\n## Title {#x onfocus=alert(1) autofocus tabindex=1 style=\"position:fixed\"}\n");
        let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "heading attribute `onfocus` is not allowed",
                "heading attribute `autofocus` is not allowed",
                "heading attribute `tabindex` is not allowed",
                "heading attribute `style` is not allowed",
            ]
        );
        assert_eq!((found[0].0, found[0].1), (3, 14));
        assert_eq!(html, "<p>Intro</p>\n<h2 id=\"x\">Title</h2>\n");
    }

    #[test]
    fn unsafe_class_names_are_errors() {
        let (found, html) = run("Title {.a\"b .ok}\n===\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].2, "heading class `a\"b` is not allowed");
        assert_eq!(html, "<h1 class=\"ok\">Title</h1>\n");
    }

    #[test]
    fn script_addresses_in_links_and_images_are_errors_and_neutralised() {
        let (found, html) = run(
            "[a](javascript:alert(1)) [b][r] <javascript:alert(2)> ![c](data:image/png,x) [ok](https://e.org) [[IOP: care]]\n\n[r]: JaVa&#x09;Script:x\n",
        );
        let messages: Vec<String> = found
            .iter()
            .map(|(l, c, m)| format!("{l}:{c} {m}"))
            .collect();
        assert_eq!(
            messages,
            [
                "1:5 a link to a `javascript:` address is not allowed",
                "1:26 a link to a `javascript:` address is not allowed",
                "1:34 a link to a `javascript:` address is not allowed",
                "1:60 an image from a `data:` address is not allowed",
            ]
        );
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert_eq!(html.matches("href=\"#\"").count(), 3, "{html}");
        assert!(html.contains("<img src=\"\" alt=\"c\""), "{html}");
        assert!(html.contains("href=\"https://e.org\""), "{html}");
    }
}
