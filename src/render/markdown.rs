//! Markdown to HTML: the events of the part's one parse ([`crate::parse`]) passed through
//! small transformers: the raw-HTML and URL policies, table alignment, unique heading ids and
//! the table of contents, internal link and image rewriting, GitHub-style alerts as
//! accessible callouts, `compare` blocks, glossary terms (never in headings, links or alt
//! text), syntect highlighting and phone links. It also gathers what later steps need: links,
//! heading ids, word count, summary, and the parse's prose for the checks.

use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd,
};
use serde::Serialize;

use super::glossary::PageState;
use super::ids::UniqueIds;
use super::links::{resolve, resolve_link, InternalLink, Kind, Resolved};
use super::RenderContext;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::parse::shortcode::Piece;
use crate::resolve::slug::slugify;

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    /// The part before `<!-- more -->`, else the first paragraph.
    pub summary: String,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    /// `#anchor` links to the page itself, checked against its own ids.
    pub self_anchors: Vec<(String, Range<usize>)>,
    /// Links that go to a page in another language for want of a translation: (target,
    /// span of the link).
    pub other_language: Vec<(usize, Range<usize>)>,
    pub word_count: usize,
    /// The part's prose, from the same parse, for the checks.
    pub prose: crate::parse::Prose,
}

/// What one page's Markdown parts (body, FAQ answers) share: the ids in use and the
/// glossary terms already marked, so ids stay unique and a term is marked once per page.
pub struct PageScope {
    pub ids: UniqueIds,
    pub glossary: PageState,
}

/// Renders Markdown `text` of entry `entry`; `offset` is where `text` starts in the entry's
/// source, for diagnostics. New heading ids and marked terms are added to `scope`.
pub fn render(
    cx: &RenderContext,
    entry: usize,
    text: &str,
    offset: usize,
    scope: &mut PageScope,
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let mut out = RenderedMarkdown::default();
    let mut diagnostics = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let ids = &mut scope.ids;
    let glossary_state = &mut scope.glossary;
    let glossary = cx.glossary(entry);
    // Event indices of marked terms belong to this part only.
    glossary_state.plain.clear();

    // The one parse of this part: render reads its events, the checks its prose.
    let mut parse = crate::parse::parse(text, offset, cx.config.markdown.smart_punctuation);
    // Raw HTML is governed by `[markdown] raw_html` before any transformer sees it.
    let mut raw_html = super::sanitize::RawHtmlFilter::new(
        parse.by_ref(),
        cx.config.markdown.raw_html,
        &cx.site.entries[entry].doc.source,
        offset,
    );
    // Then the URL and attribute policies, whatever the raw-HTML policy.
    let mut edge = super::edge::EdgePolicy::new(
        raw_html.by_ref(),
        &cx.site.entries[entry].doc.source,
        offset,
    );
    let parser = coalesce_text(super::table::align_with_classes(edge.by_ref()));
    let mut heading: Option<PendingHeading> = None;
    let mut code: Option<(String, String, Range<usize>)> = None;
    // Open links, innermost last: `true` for a link to a page in another language, which
    // gets a marker after its text.
    let mut open_links: Vec<bool> = Vec::new();
    // Open images: their text is the `alt` attribute, plain text that is never marked.
    let mut open_images = 0usize;
    let mut summary_end: Option<usize> = None;
    let mut first_paragraph: Option<Range<usize>> = None;
    let mut paragraph_start: Option<usize> = None;
    let mut depth = 0usize;
    // An explicit glossary term, `[[IOP]]` or `[[IOP|intensive outpatient care]]`.
    let mut explicit: Option<(String, String, Range<usize>)> = None;

    for (event, span) in parser {
        let span = span.start + offset..span.end + offset;
        if let Some((_, shown, _)) = explicit.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => shown.push_str(&t),
                Event::End(TagEnd::Link) => {
                    let (name, shown, at) = explicit.take().unwrap_or_default();
                    out.word_count += crate::lang::words::count(&shown);
                    // Alt text is plain text: the term is neither looked up nor marked.
                    if open_images > 0 {
                        events.push(Event::Text(shown.into()));
                        continue;
                    }
                    let html =
                        explicit_term(cx, &name, &shown, glossary_state, at, &mut diagnostics);
                    // Headings keep plain text: terms are never marked inside them.
                    match heading.as_mut() {
                        Some(pending) => pending.inner.push(Event::Text(shown.clone().into())),
                        None => {
                            glossary_state.plain.push((events.len(), shown));
                            events.push(Event::InlineHtml(html.into()));
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { .. },
            dest_url,
            ..
        }) = &event
        {
            explicit = Some((dest_url.to_string(), String::new(), span));
            continue;
        }
        // Inside a fenced code block: collect the text, render the block at its end.
        if let Some((_, body, _)) = code.as_mut() {
            match event {
                Event::Text(t) => body.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, body, start) = code.take().unwrap_or_default();
                    let block_span = start.start..span.end;
                    let html = if lang == "compare" {
                        cx.compare.render_block(
                            cx,
                            entry,
                            &body,
                            block_span,
                            &mut out.links,
                            &mut diagnostics,
                        )
                    } else {
                        super::highlight::highlight(&body, &lang, cx.config.markdown.highlight_code)
                    };
                    events.push(Event::Html(html.into()));
                }
                _ => {}
            }
            continue;
        }
        // Inside a heading: buffer it so its id can be made from its text.
        if let Some(pending) = heading.as_mut() {
            if let Event::End(TagEnd::Heading(_)) = event {
                let Some(PendingHeading {
                    level,
                    id,
                    classes,
                    attrs,
                    inner,
                }) = heading.take()
                else {
                    continue;
                };
                let title = plain_text(&inner);
                let id = unique_id(
                    id.map(|i| i.to_string()).unwrap_or_else(|| slugify(&title)),
                    ids,
                );
                out.headings.push(Heading {
                    level: level as u8,
                    id: id.clone(),
                    title,
                });
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            } else {
                let event = transform_inline(
                    cx,
                    entry,
                    event,
                    span.clone(),
                    &mut out,
                    &mut diagnostics,
                    &mut open_links,
                );
                pending.inner.push(event);
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(PendingHeading {
                    level,
                    id,
                    classes,
                    attrs,
                    inner: Vec::new(),
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), span));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                depth += 1;
                let (class, fallback) = alert(kind);
                let lang = &cx.site.entries[entry].lang;
                let label = super::highlight::html_escape(cx.site.strings.get(
                    lang,
                    &format!("callout_{class}"),
                    fallback,
                ));
                events.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{label}\">\n<p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                depth -= 1;
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Paragraph) => {
                if depth == 0 && first_paragraph.is_none() {
                    paragraph_start = Some(events.len());
                }
                depth += 1;
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                depth -= 1;
                events.push(Event::End(TagEnd::Paragraph));
                if let Some(start) = paragraph_start.take() {
                    first_paragraph = Some(start..events.len());
                }
            }
            Event::Html(ref html) | Event::InlineHtml(ref html)
                if summary_end.is_none() && html.trim() == "<!-- more -->" =>
            {
                summary_end = Some(events.len());
            }
            Event::Start(ref tag) if is_container(tag) => {
                depth += 1;
                events.push(event);
            }
            Event::End(ref tag) if is_container_end(tag) => {
                depth = depth.saturating_sub(1);
                events.push(event);
            }
            event => {
                let event = transform_inline(
                    cx,
                    entry,
                    event,
                    span.clone(),
                    &mut out,
                    &mut diagnostics,
                    &mut open_links,
                );
                // Glossary terms are marked in running text only, never inside links or
                // images (an image's text is its `alt` attribute, which holds no markup).
                let running = open_links.is_empty() && open_images == 0;
                match event {
                    Event::Start(Tag::Image { .. }) => {
                        open_images += 1;
                        events.push(event);
                    }
                    Event::End(TagEnd::Image) => {
                        open_images = open_images.saturating_sub(1);
                        events.push(event);
                    }
                    Event::Text(t) if running && t.contains("{{") => {
                        let source = &cx.site.entries[entry].doc.source.text;
                        let mut spans = crate::parse::shortcode::source_spans(source, span.clone());
                        for piece in crate::parse::shortcode::split(&t) {
                            match piece {
                                Piece::Text(text) => {
                                    let text = CowStr::from(text.to_string());
                                    out.word_count += crate::lang::words::count(&text);
                                    glossary.mark(&text, glossary_state, &mut events);
                                }
                                piece => {
                                    let at = spans.next().unwrap_or(span.clone());
                                    let html = cx.compare.inline_fact(
                                        cx,
                                        entry,
                                        &piece,
                                        at,
                                        &mut diagnostics,
                                    );
                                    out.word_count += html.split_whitespace().count();
                                    events.push(Event::InlineHtml(html.into()));
                                }
                            }
                        }
                    }
                    Event::Text(t) if running => {
                        out.word_count += crate::lang::words::count(&t);
                        glossary.mark(&t, glossary_state, &mut events);
                    }
                    Event::Text(t) => {
                        out.word_count += crate::lang::words::count(&t);
                        events.push(Event::Text(t));
                    }
                    other => events.push(other),
                }
            }
        }
    }

    diagnostics.append(&mut edge.diagnostics);
    drop(edge);
    diagnostics.append(&mut raw_html.diagnostics);
    drop(raw_html);
    // The transformers read to the end; whatever they might have left still joins the prose.
    parse.by_ref().for_each(drop);
    let part = parse.finish();
    let source = &cx.site.entries[entry].doc.source;
    diagnostics.extend(part.long_rows.iter().map(|row| long_row(source, row)));
    out.prose = part.prose;
    let summary_range = match (summary_end, first_paragraph) {
        (Some(end), _) => 0..end,
        (None, Some(range)) => range,
        (None, None) => 0..0,
    };
    let plain: std::collections::HashMap<usize, &String> = glossary_state
        .plain
        .iter()
        .map(|(i, text)| (*i, text))
        .collect();
    let summary_events = summary_range.map(|i| match plain.get(&i) {
        Some(text) => Event::Text(CowStr::from(text.as_str())),
        None => events[i].clone(),
    });
    pulldown_cmark::html::push_html(&mut out.summary, summary_events);
    out.html.reserve(text.len() + text.len() / 4);
    let events = super::phone_links::link_phones(events.into_iter());
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    (out, diagnostics)
}

/// The warning for a table row whose extra cells the page would lose.
fn long_row(
    source: &crate::diagnostics::SourceText,
    row: &crate::parse::table_rows::LongRow,
) -> Diagnostic {
    let extra = row.cells - row.header;
    Diagnostic::warning(format!(
        "table row has {} cells but the header has {}: the last {} not shown",
        row.cells,
        row.header,
        if extra == 1 { "cell is".to_string() } else { format!("{extra} cells are") }
    ))
    .at(source, row.span.clone())
    .help("add a header cell for each extra column (it can be empty), or move the text into an existing cell; escape a `|` inside a cell as `\\|`")
}

/// Merges adjacent text events into one (the parser splits text at quotes, entities and
/// more), so glossary terms and shortcodes are seen whole.
fn coalesce_text<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> {
    let mut events = events.peekable();
    std::iter::from_fn(move || {
        let (event, span) = events.next()?;
        let Event::Text(first) = event else {
            return Some((event, span));
        };
        let mut text: Option<String> = None;
        let mut end = span.end;
        while let Some((Event::Text(next), next_span)) = events.peek() {
            text.get_or_insert_with(|| first.to_string()).push_str(next);
            end = next_span.end;
            events.next();
        }
        let merged = match text {
            Some(text) => CowStr::from(text),
            None => first,
        };
        Some((Event::Text(merged), span.start..end))
    })
}

/// A heading whose events are held until its end, so its id can come from its text.
struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    inner: Vec<Event<'a>>,
}

/// The markup of an explicit `[[term]]`, or an error naming the closest known term.
fn explicit_term(
    cx: &RenderContext,
    name: &str,
    shown: &str,
    state: &mut super::glossary::PageState,
    span: Range<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    match cx.glossary(state.page()).find(name.trim()) {
        Some(term) => cx
            .glossary(state.page())
            .markup_explicit(term, shown, state),
        None => {
            let doc = &cx.site.entries[state.page()].doc;
            let known = cx.glossary(state.page()).spellings();
            let help = match did_you_mean(name, known.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `[[{best}]]`? Terms are defined in `[[glossary]]` front matter"),
                None => "define the term in a page's `[[glossary]]` front matter, or remove the brackets".to_string(),
            };
            diagnostics.push(
                Diagnostic::error(format!("unknown glossary term `[[{name}]]`"))
                    .at(&doc.source, span)
                    .help(help),
            );
            super::highlight::html_escape(shown)
        }
    }
}

/// Rewrites links and counts words of heading text; every other event passes through.
fn transform_inline<'a>(
    cx: &RenderContext,
    entry: usize,
    event: Event<'a>,
    span: Range<usize>,
    out: &mut RenderedMarkdown,
    diagnostics: &mut Vec<Diagnostic>,
    open_links: &mut Vec<bool>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let doc = &cx.site.entries[entry].doc;
            let mut other_language = None;
            let dest_url =
                match resolve_link(&dest_url, &doc.rel_path, span.clone(), cx.site, cx.config) {
                    Ok(Resolved::Untouched) => dest_url,
                    Ok(Resolved::SelfAnchor(anchor)) => {
                        out.self_anchors.push((anchor, span));
                        dest_url
                    }
                    Ok(Resolved::Internal {
                        url,
                        link,
                        fallback,
                    }) => {
                        if let Some(lang) = fallback {
                            out.other_language.push((link.target, span.clone()));
                            other_language = Some(lang);
                        }
                        out.links.push(link);
                        url.into()
                    }
                    Ok(Resolved::Asset(url)) => url.into(),
                    Err(error) => {
                        diagnostics.push(error.to_diagnostic(&doc.source, span));
                        dest_url
                    }
                };
            open_links.push(other_language.is_some());
            match other_language {
                // `hreflang` tells browsers and screen readers the target's language.
                Some(lang) => {
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", super::highlight::html_escape(&title))
                    };
                    Event::InlineHtml(
                        format!(
                            "<a href=\"{}\" hreflang=\"{lang}\"{title}>",
                            super::highlight::html_escape(&dest_url)
                        )
                        .into(),
                    )
                }
                None => Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
            }
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let doc = &cx.site.entries[entry].doc;
            let dest_url = match resolve(
                &dest_url,
                &doc.rel_path,
                span.clone(),
                cx.site,
                cx.config,
                Kind::Image,
            ) {
                Ok(Resolved::Asset(url)) => url.into(),
                Ok(_) => dest_url,
                Err(error) => {
                    diagnostics.push(error.to_diagnostic(&doc.source, span));
                    dest_url
                }
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        Event::End(TagEnd::Link) => {
            if open_links.pop() == Some(true) {
                let lang = &cx.site.entries[entry].lang;
                let marker = cx.site.strings.get(lang, "in_default_language", "");
                let marker = if marker.is_empty() {
                    format!("({})", cx.config.languages[0].name())
                } else {
                    marker.to_string()
                };
                return Event::InlineHtml(
                    format!(
                        "</a> <span class=\"other-language\">{}</span>",
                        super::highlight::html_escape(&marker)
                    )
                    .into(),
                );
            }
            event
        }
        event => event,
    }
}

fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(None)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::FootnoteDefinition(_)
    )
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(None)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
    )
}

/// A callout's class and English title; the title shown is the interface string
/// `callout_CLASS` of the page's language.
fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The text of a run of inline events, without markup.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// `id`, or `id-1`, `id-2`... if the page already has it. Empty ids become `section`.
pub fn unique_id(id: String, ids: &mut UniqueIds) -> String {
    ids.unique(id)
}
