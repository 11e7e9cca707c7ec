//! Raw HTML written in Markdown, under the `[markdown] raw_html` policy. The filter sits
//! between pulldown-cmark and the Markdown transformers and sees every `Html` and `InlineHtml`
//! event (a block's lines are gathered first, so a tag written over several lines is seen
//! whole):
//!
//! - `allow` passes everything through, as written.
//! - `sanitize` (the default) keeps the tags of an allow-list and rebuilds each one through
//!   ammonia, which drops event handlers, `style`, and every address the one URL policy
//!   (`crate::url_policy`) refuses (so `javascript:` in any encoding). `<script>`, `<style>`,
//!   `<iframe>`, `<object>` and their like are removed with their content. Each removal is a
//!   warning naming the file and line. Tags are kept balanced: a closing tag with no opening
//!   tag is dropped and elements left open are closed at the end, so content can never close
//!   or swallow the theme's own markup. Comments are dropped silently.
//! - `deny` makes any raw HTML other than comments an error.
//!
//! `<!-- more -->`, the summary marker, always passes. Markdown links and images are not raw
//! HTML: their addresses meet the URL policy in `render::markdown`, in every mode. Nothing
//! here panics on any input.

use std::collections::{HashSet, VecDeque};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::config::RawHtml;
use crate::diagnostics::{Diagnostic, SourceText};
use crate::url_policy;

/// Elements kept in `sanitize` mode (ammonia's default list).
pub const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes that hold an address: each passes the URL policy or is removed.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "cite",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "longdesc",
];

/// Elements removed together with everything up to their closing tag: their content is code,
/// styles or a nested document, never text for the reader.
const DROP_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "applet", "noscript", "template", "textarea", "title",
    "xmp", "noembed", "noframes", "svg", "math", "select",
];

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// More removals than this on one page are summed up in one last warning.
const MAX_REPORTS: usize = 20;

fn ammonia() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .tags(ALLOWED_TAGS.iter().copied().collect())
            .url_schemes(url_policy::ALLOWED_SCHEMES.iter().copied().collect())
            .clean_content_tags(HashSet::new())
            // ammonia reads `j\u{1b}vascript:` as a harmless relative address, and a browser
            // would too; the one URL policy reads it as a script address and drops it, rather
            // than trust every browser to agree (found by the mutation test).
            .attribute_filter(|_, attribute, value| {
                if URL_ATTRIBUTES.contains(&attribute) && url_policy::check(value).is_err() {
                    None
                } else {
                    Some(value.into())
                }
            });
        builder
    })
}

/// Sanitizes one HTML fragment with the same allow-list, for callers outside Markdown.
pub fn clean_fragment(html: &str) -> String {
    ammonia().clean(html).to_string()
}

/// Which parts of a page's raw HTML survive the removal of elements dropped with their
/// content (`<script>`, `<iframe>`, `<svg>`...), read chunk by chunk in page order the way the
/// filter reads them (an inline `<noscript>` may close in a later chunk), so the checks look
/// only at what readers get.
#[derive(Default)]
pub(crate) struct Survivors {
    skipping: Option<String>,
}

impl Survivors {
    /// The byte ranges of `html` that are kept. `block` says whether `html` is a whole HTML
    /// block, past whose end dropped content never runs.
    pub(crate) fn kept(&mut self, html: &str, block: bool) -> Vec<Range<usize>> {
        if block {
            self.skipping = None;
        }
        let mut kept = Vec::new();
        // Where the current kept stretch began; `None` while content is being dropped.
        let mut from = self.skipping.is_none().then_some(0);
        let mut i = 0;
        while i < html.len() {
            if let Some(name) = self.skipping.clone() {
                let Some(after) = find_end_tag(html, i, &name) else {
                    break;
                };
                self.skipping = None;
                i = after;
                from = Some(after);
                continue;
            }
            let Some(lt) = html[i..].find('<').map(|lt| i + lt) else {
                break;
            };
            i = match token(html, lt) {
                Token::Start { name, after } if DROP_WITH_CONTENT.contains(&name.as_str()) => {
                    if let Some(start) = from.take().filter(|&start| start < lt) {
                        kept.push(start..lt);
                    }
                    self.skipping = Some(name);
                    after
                }
                Token::Comment(after)
                | Token::Other(after)
                | Token::Start { after, .. }
                | Token::End { after, .. } => after,
                Token::Text => lt + 1,
            };
        }
        if let Some(start) = from.filter(|&start| start < html.len()) {
            kept.push(start..html.len());
        }
        if block {
            self.skipping = None;
        }
        kept
    }
}

/// The filter over pulldown-cmark's `(event, span)` stream; see the module comment.
pub struct RawHtmlFilter<'a, 's, I> {
    inner: I,
    policy: RawHtml,
    source: &'s SourceText,
    /// Where the Markdown text starts in `source`.
    offset: usize,
    /// Warnings (sanitize) or errors (deny), in source order.
    pub diagnostics: Vec<Diagnostic>,
    reported: usize,
    /// Allowed elements opened by raw HTML and not closed yet.
    open: Vec<String>,
    /// An inline element whose content is being dropped (`<script>` in a paragraph).
    skipping: Option<String>,
    pending: VecDeque<(Event<'a>, Range<usize>)>,
    end: usize,
    finished: bool,
}

impl<'a, 's, I> RawHtmlFilter<'a, 's, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    pub fn new(inner: I, policy: RawHtml, source: &'s SourceText, offset: usize) -> Self {
        RawHtmlFilter {
            inner,
            policy,
            source,
            offset,
            diagnostics: Vec::new(),
            reported: 0,
            open: Vec::new(),
            skipping: None,
            pending: VecDeque::new(),
            end: 0,
            finished: false,
        }
    }

    /// Gathers an HTML block's lines up to its end and returns its events, cleaned.
    fn block(&mut self, start: Range<usize>) {
        let mut text = String::new();
        // (offset in `text`, offset in the Markdown) of each line, for diagnostics.
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut end = start.end;
        for (event, span) in self.inner.by_ref() {
            end = span.end;
            match event {
                Event::Html(html) | Event::InlineHtml(html) | Event::Text(html) => {
                    lines.push((text.len(), span.start));
                    text.push_str(&html);
                }
                Event::End(TagEnd::HtmlBlock) => break,
                _ => {}
            }
        }
        let cleaned = if text.trim() == "<!-- more -->" {
            text
        } else {
            self.skipping = None;
            let cleaned = self.clean(&text, &lines);
            // Raw-text content never runs past its block.
            self.skipping = None;
            cleaned
        };
        let span = start.start..end;
        self.pending
            .push_back((Event::Start(Tag::HtmlBlock), span.clone()));
        if !cleaned.is_empty() {
            self.pending
                .push_back((Event::Html(CowStr::from(cleaned)), span.clone()));
        }
        self.pending
            .push_back((Event::End(TagEnd::HtmlBlock), span));
    }

    /// Cleans `html`; `lines` maps offsets in it to offsets in the Markdown.
    fn clean(&mut self, html: &str, lines: &[(usize, usize)]) -> String {
        let mut out = String::with_capacity(html.len());
        let mut i = 0;
        while i < html.len() {
            if let Some(name) = self.skipping.clone() {
                match find_end_tag(html, i, &name) {
                    Some(after) => {
                        self.skipping = None;
                        i = after;
                        continue;
                    }
                    None => break,
                }
            }
            let Some(lt) = html[i..].find('<').map(|lt| i + lt) else {
                out.push_str(&html[i..]);
                break;
            };
            out.push_str(&html[i..lt]);
            let at = |this: &Self, local: usize| this.position(lines, local);
            match token(html, lt) {
                Token::Comment(after) => i = after,
                Token::Other(after) => {
                    let shown = preview(&html[lt..after]);
                    let span = at(self, lt)..at(self, after);
                    self.report(span, format!("raw HTML `{shown}` removed"));
                    i = after;
                }
                Token::End { name, after } => {
                    if self.policy == RawHtml::Deny {
                        self.report(at(self, lt)..at(self, after), deny_message(&name));
                    } else {
                        self.close(&name, &mut out);
                    }
                    i = after;
                }
                Token::Start { name, after } => {
                    let span = at(self, lt)..at(self, after);
                    if self.policy == RawHtml::Deny {
                        self.report(span, deny_message(&name));
                    } else {
                        self.open_tag(&html[lt..after], &name, span, &mut out);
                    }
                    i = after;
                }
                Token::Text => {
                    out.push_str("&lt;");
                    i = lt + 1;
                }
            }
        }
        out
    }

    fn open_tag(&mut self, raw: &str, name: &str, span: Range<usize>, out: &mut String) {
        if DROP_WITH_CONTENT.contains(&name) {
            self.report(
                span,
                format!("raw HTML `<{name}>` removed with its content"),
            );
            self.skipping = Some(name.to_string());
            return;
        }
        if !ALLOWED_TAGS.contains(&name) {
            self.report(
                span,
                format!("raw HTML `<{name}>` removed (the element is not allowed)"),
            );
            return;
        }
        let Some(cleaned) = clean_tag(raw, name) else {
            self.report(span, format!("raw HTML `<{name}>` removed"));
            return;
        };
        let kept = attribute_names(&cleaned);
        let removed: Vec<String> = attribute_names(raw)
            .into_iter()
            .filter(|a| !kept.contains(a))
            .collect();
        if !removed.is_empty() {
            let list = removed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let (noun, what) = if removed.len() == 1 {
                ("attribute", list)
            } else {
                ("attributes", list)
            };
            self.report(
                span,
                format!("raw HTML {noun} {what} removed from `<{name}>`"),
            );
        }
        out.push_str(&cleaned);
        if !VOID.contains(&name) {
            self.open.push(name.to_string());
        }
    }

    /// Closes `name` if raw HTML opened it (and whatever it left open inside); drops it if not.
    fn close(&mut self, name: &str, out: &mut String) {
        let Some(at) = self.open.iter().rposition(|open| open == name) else {
            return;
        };
        for open in self.open.drain(at..).rev() {
            out.push_str("</");
            out.push_str(&open);
            out.push('>');
        }
    }

    fn position(&self, lines: &[(usize, usize)], local: usize) -> usize {
        let line = lines.partition_point(|(start, _)| *start <= local);
        let (start, source) = lines.get(line.saturating_sub(1)).copied().unwrap_or((0, 0));
        self.offset + source + (local - start.min(local))
    }

    fn report(&mut self, span: Range<usize>, message: String) {
        self.reported += 1;
        if self.reported > MAX_REPORTS + 1 {
            return;
        }
        let deny = self.policy == RawHtml::Deny;
        let diagnostic = if self.reported == MAX_REPORTS + 1 {
            let message = if deny {
                "more raw HTML on this page".to_string()
            } else {
                "more raw HTML was removed from this page".to_string()
            };
            Diagnostic::warning(message)
        } else if deny {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        };
        let help = if deny {
            "raw HTML is not allowed here (`[markdown] raw_html = \"deny\"`); write it in Markdown"
        } else {
            "raw HTML is sanitized (`[markdown] raw_html = \"sanitize\"`); write it in Markdown, or set raw_html = \"allow\" if every editor is trusted"
        };
        self.diagnostics
            .push(diagnostic.at(self.source, span).help(help));
    }
}

impl<'a, I> Iterator for RawHtmlFilter<'a, '_, I>
where
    I: Iterator<Item = (Event<'a>, Range<usize>)>,
{
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.policy == RawHtml::Allow {
            return self.inner.next();
        }
        loop {
            if let Some(next) = self.pending.pop_front() {
                return Some(next);
            }
            let Some((event, span)) = self.inner.next() else {
                if self.finished || self.open.is_empty() {
                    self.finished = true;
                    return None;
                }
                self.finished = true;
                let mut closers = String::new();
                self.close(&self.open[0].clone(), &mut closers);
                return Some((Event::Html(closers.into()), self.end..self.end));
            };
            self.end = span.end;
            match event {
                Event::Start(Tag::HtmlBlock) => self.block(span),
                Event::Html(html) | Event::InlineHtml(html) => {
                    if html.trim() == "<!-- more -->" {
                        return Some((Event::InlineHtml(html), span));
                    }
                    let cleaned = self.clean(&html, &[(0, span.start)]);
                    if !cleaned.is_empty() {
                        return Some((Event::InlineHtml(cleaned.into()), span));
                    }
                }
                Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::InlineMath(_)
                    if self.skipping.is_some() => {}
                Event::End(ref end) if self.skipping.is_some() && is_block_end(end) => {
                    self.skipping = None;
                    return Some((event, span));
                }
                event => return Some((event, span)),
            }
        }
    }
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

fn deny_message(name: &str) -> String {
    format!("raw HTML `<{name}>` is not allowed")
}

/// The first few characters of a construct, for a message.
fn preview(text: &str) -> String {
    let mut shown: String = text.chars().take(24).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    shown
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    /// `<!-- ... -->`; an unclosed comment runs to the end.
    Comment(usize),
    /// `<!DOCTYPE>`, `<?...?>`, `<![CDATA[...]]>`.
    Other(usize),
    Start {
        name: String,
        after: usize,
    },
    End {
        name: String,
        after: usize,
    },
    /// A `<` that starts no tag: it is text.
    Text,
}

/// The construct starting with the `<` at `lt`.
fn token(html: &str, lt: usize) -> Token {
    let rest = &html[lt..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        return Token::Comment(comment.find("-->").map_or(html.len(), |e| lt + 4 + e + 3));
    }
    let bytes = rest.as_bytes();
    match bytes.get(1) {
        Some(b'!' | b'?') => {
            return Token::Other(rest.find('>').map_or(html.len(), |e| lt + e + 1));
        }
        Some(b'/') => {
            let name = tag_name(&rest[2..]);
            if name.is_empty() {
                return Token::Text;
            }
            return match rest.find('>') {
                Some(e) => Token::End {
                    name,
                    after: lt + e + 1,
                },
                None => Token::Text,
            };
        }
        _ => {}
    }
    let name = tag_name(&rest[1..]);
    if name.is_empty() {
        return Token::Text;
    }
    match tag_end(rest, 1 + name.len()) {
        Some(e) => Token::Start {
            name,
            after: lt + e,
        },
        None => Token::Text,
    }
}

/// The lowercased tag name at the start of `text` (a letter, then letters, digits, `-`, `:`).
fn tag_name(text: &str) -> String {
    if !text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        return String::new();
    }
    text.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

/// The offset just after the `>` that ends a start tag, skipping quoted attribute values.
fn tag_end(tag: &str, from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in tag.as_bytes().iter().enumerate().skip(from) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

/// The offset after `</name ...>` (ASCII case-insensitive), searching from `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(found) = html.get(i..).and_then(|rest| rest.find("</")) {
        let start = i + found;
        let name_end = start + 2 + name.len();
        let matches = bytes
            .get(start + 2..name_end)
            .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes()))
            && bytes
                .get(name_end)
                .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'-');
        if matches {
            return Some(
                html[name_end..]
                    .find('>')
                    .map_or(html.len(), |e| name_end + e + 1),
            );
        }
        i = start + 2;
    }
    None
}

/// The start tag `raw` rebuilt by ammonia (allowed attributes only, safe URLs), or `None`
/// when ammonia drops it. Table parts are cleaned inside a table, where they may stand.
fn clean_tag(raw: &str, name: &str) -> Option<String> {
    let (before, after) = match name {
        "td" | "th" => ("<table><tbody><tr>", "</tr></tbody></table>"),
        "tr" => ("<table><tbody>", "</tbody></table>"),
        "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => ("<table>", "</table>"),
        "col" => ("<table><colgroup>", "</colgroup></table>"),
        "li" => ("<ul>", "</ul>"),
        "dt" | "dd" => ("<dl>", "</dl>"),
        "rp" | "rt" | "rtc" => ("<ruby>", "</ruby>"),
        "area" => ("<map>", "</map>"),
        "summary" => ("<details>", "</details>"),
        _ => ("", ""),
    };
    let closer = if VOID.contains(&name) {
        String::new()
    } else {
        format!("</{name}>")
    };
    let cleaned = ammonia()
        .clean(&format!("{before}{raw}{closer}{after}"))
        .to_string();
    let rest = cleaned.strip_prefix(before)?;
    let open = format!("<{name}");
    let next = rest.as_bytes().get(open.len());
    if !rest.starts_with(&open) || !matches!(next, Some(b' ' | b'>' | b'/')) {
        return None;
    }
    let end = tag_end(rest, open.len())?;
    Some(rest[..end].to_string())
}

/// The lowercased attribute names of a start tag.
fn attribute_names(tag: &str) -> Vec<String> {
    let bytes = tag.as_bytes();
    let mut names = Vec::new();
    let mut i = 1 + tag_name(tag.get(1..).unwrap_or_default()).len();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return names;
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == start {
            // A lone `=` or the like: skip it.
            i += 1;
            continue;
        }
        names.push(tag[start..i].to_ascii_lowercase());
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != q {
                        i += 1;
                    }
                    i += 1;
                }
                _ => {
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn run(markdown: &str, policy: RawHtml) -> (String, Vec<Diagnostic>) {
        let source = SourceText::new("content/a.md", markdown);
        let parser = Parser::new_ext(markdown, Options::all()).into_offset_iter();
        let mut filter = RawHtmlFilter::new(parser, policy, &source, 0);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, filter.by_ref().map(|(e, _)| e));
        (html, filter.diagnostics)
    }

    fn clean(markdown: &str) -> String {
        run(markdown, RawHtml::Sanitize).0
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let html = clean("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> end.\n\n<a href=\"javascript:alert(1)\">x</a>\n\n<a href=\"java&#x09;script:alert(1)\">y</a>\n");
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains("<img src=\"x\">"), "{html}");
    }

    #[test]
    fn inline_script_content_is_dropped() {
        let html = clean("A <script>alert(1)</script> b <iframe src=x></iframe> c\n");
        assert_eq!(html, "<p>A  b  c</p>\n");
    }

    #[test]
    fn safe_markup_stays_and_tags_stay_balanced() {
        let html = clean("<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n");
        assert!(
            html.contains("<details>\n<summary>More</summary>"),
            "{html}"
        );
        assert!(html.contains("<em>text</em>"), "{html}");
        assert!(html.trim_end().ends_with("</details>"), "{html}");
        // A stray closing tag cannot close the theme's markup; an open one is closed.
        assert_eq!(clean("</div></main>\n").trim(), "");
        assert_eq!(clean("Text <b>bold\n"), "<p>Text <b>bold</p>\n</b>");
    }

    #[test]
    fn tables_in_html_keep_their_cells() {
        let html = clean("<table>\n<tr><td colspan=\"2\" onclick=\"x()\">a</td></tr>\n</table>\n");
        assert_eq!(
            html,
            "<table>\n<tr><td colspan=\"2\">a</td></tr>\n</table>\n"
        );
    }

    #[test]
    fn each_removal_is_a_warning_at_its_line() {
        let (_, found) = run(
            "Hello\n\n<div onclick=\"steal()\">\n<script>x</script>\n</div>\n",
            RawHtml::Sanitize,
        );
        let lines: Vec<(usize, String)> = found
            .iter()
            .map(|d| (d.line_col().unwrap().0, d.message.clone()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (
                    3,
                    "raw HTML attribute `onclick` removed from `<div>`".to_string()
                ),
                (
                    4,
                    "raw HTML `<script>` removed with its content".to_string()
                ),
            ]
        );
        assert!(found.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn deny_makes_raw_html_an_error_but_not_comments() {
        let (_, found) = run("<!-- a note -->\n\nA <b>b</b>\n", RawHtml::Deny);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(Diagnostic::is_error));
        assert_eq!(found[0].line_col(), Some((3, 3)));
        assert_eq!(found[0].message, "raw HTML `<b>` is not allowed");
    }

    #[test]
    fn allow_passes_everything_and_more_marker_always_passes() {
        let (html, found) = run("<script>x()</script>\n", RawHtml::Allow);
        assert_eq!(html, "<script>x()</script>\n");
        assert!(found.is_empty());
        assert_eq!(clean("A\n\n<!-- more -->\n"), "<p>A</p>\n<!-- more -->\n");
    }

    #[test]
    fn survivors_are_what_the_filter_keeps() {
        let mut survivors = Survivors::default();
        let html = "<p>a</p><script><img src=x></script><img src=y>";
        let kept: Vec<&str> = survivors
            .kept(html, true)
            .into_iter()
            .map(|r| &html[r])
            .collect();
        assert_eq!(kept, ["<p>a</p>", "<img src=y>"]);
        // Inline chunks: the element closes in a later chunk.
        assert!(survivors.kept("<noscript>", false).is_empty());
        assert!(survivors.kept("<img src=z>", false).is_empty());
        assert!(survivors.kept("</noscript>", false).is_empty());
        assert_eq!(
            survivors.kept("<img src=w>", false),
            vec![Range { start: 0, end: 11 }]
        );
        // An unclosed element never swallows the next block.
        survivors.kept("<svg>", false);
        assert_eq!(
            survivors.kept("<img src=v>\n", true),
            vec![Range { start: 0, end: 12 }]
        );
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(clean("<div>a < b</div>\n"), "<div>a &lt; b</div>\n");
        assert_eq!(
            clean("<div x=\"unterminated\n"),
            "&lt;div x=\"unterminated\n"
        );
    }
}
