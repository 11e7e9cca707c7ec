//! The one attribute policy for Markdown output. A heading's attribute block
//! (`## Title {#id .class}`) may set its `id` and safe class names (ASCII letters, digits, `-`
//! and `_`), nothing else, whatever `[markdown] raw_html` says: `{onfocus=...}`, `{style=...}`,
//! `{autofocus}`, `{tabindex=1}` and every other key or `key=value` would reach the page as an
//! attribute, so each is an error naming the file, line and column, and is dropped. It holds
//! wherever Markdown is rendered (article bodies and FAQ answers go through the same renderer;
//! glossary definitions are plain text and never carry attributes).

use std::ops::Range;

use pulldown_cmark::CowStr;

use crate::diagnostics::{Diagnostic, SourceText};

const HELP: &str = "a heading's `{...}` block may hold only `#id` and `.class` names (letters, digits, `-` and `_`); remove the rest";

/// A heading's classes and attributes with everything the policy refuses removed; each
/// refusal is an error in `diagnostics`. `span` is the heading's span in `source`.
pub(crate) fn heading<'a>(
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
    use pulldown_cmark::{Event, Options, Parser, Tag};

    /// The diagnostics (line, column, message) and the rendered HTML of one heading.
    fn run(markdown: &str) -> (Vec<(usize, usize, String)>, String) {
        let source = SourceText::new("content/a.md", markdown);
        let mut found = Vec::new();
        let events: Vec<Event> = Parser::new_ext(markdown, Options::ENABLE_HEADING_ATTRIBUTES)
            .into_offset_iter()
            .map(|(event, span)| match event {
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let (classes, attrs) = heading(&source, span, classes, attrs, &mut found);
                    Event::Start(Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    })
                }
                other => other,
            })
            .collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        let found = found
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
}
