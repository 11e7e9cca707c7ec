//! The prose of the page model, built from the one parse of each Markdown part (see
//! [`super::parse`]): text blocks (paragraphs, headings, list items, table cells,
//! definitions) whose every character maps back to a byte of the source file, and the
//! headings, images, links, tables and raw HTML of the page. Code, image alt text and HTML
//! never enter the text, so readability is computed on prose only; `{{ fact(...) }}`
//! shortcodes are replaced by a spacer, so the checks never read them as words.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

/// What kind of element a text block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    Item,
    TableCell,
    /// A glossary definition or FAQ question from front matter.
    Definition,
    /// Text directly inside some other container.
    Other,
}

impl BlockKind {
    /// Whether the block counts as running prose (tables do not, for readability).
    pub fn is_prose(self) -> bool {
        self != BlockKind::TableCell
    }
}

/// A run of text and where each part of it came from in the source.
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    pub text: String,
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
struct Piece {
    text_at: usize,
    src: Range<usize>,
    /// The text is the source bytes themselves, so offsets map one to one. Otherwise
    /// (entities, escapes, smart quotes) every offset maps to the whole source range.
    exact: bool,
}

impl Mapped {
    /// Appends `text`, which was read from `src` (`exact` when it is the source verbatim).
    pub fn push(&mut self, text: &str, src: Range<usize>, exact: bool) {
        self.pieces.push(Piece {
            text_at: self.text.len(),
            src,
            exact,
        });
        self.text.push_str(text);
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.pieces.shrink_to_fit();
    }

    /// Appends a space standing for something left out (code, a line break, HTML).
    fn spacer(&mut self, src: Range<usize>) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.push(" ", src, false);
        }
    }

    /// The source byte where text offset `at` came from.
    pub fn source_start(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.text_at <= at);
        match i.checked_sub(1).map(|i| &self.pieces[i]) {
            Some(p) if p.exact => (p.src.start + (at - p.text_at)).min(p.src.end),
            Some(p) => p.src.start,
            None => self.pieces.first().map_or(0, |p| p.src.start),
        }
    }

    /// The source byte just after text offset `at - 1`.
    pub fn source_end(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.text_at < at);
        match i.checked_sub(1).map(|i| &self.pieces[i]) {
            Some(p) if p.exact => (p.src.start + (at - p.text_at)).min(p.src.end),
            Some(p) => p.src.end,
            None => self.source_start(at),
        }
    }

    /// The source span of a text range.
    pub fn source_span(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_start(range.start);
        let end = self.source_end(range.end).max(start);
        start..end
    }
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub mapped: Mapped,
}

#[derive(Debug, Clone)]
pub struct HeadingMark {
    pub level: u8,
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct ImageMark {
    pub dest: String,
    pub alt: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct LinkMark {
    pub dest: String,
    pub text: String,
    /// An image inside the link gives it a name through its alt text.
    pub image_alt: bool,
    pub wiki: bool,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct TableMark {
    pub header_empty: bool,
    pub span: Range<usize>,
}

/// Everything the rules read from one page.
#[derive(Debug, Clone, Default)]
pub struct Prose {
    pub blocks: Vec<Block>,
    pub headings: Vec<HeadingMark>,
    pub images: Vec<ImageMark>,
    pub links: Vec<LinkMark>,
    pub tables: Vec<TableMark>,
    /// Raw HTML, block by block or inline tag by tag.
    pub html: Vec<Mapped>,
}

impl Prose {
    /// Reads Markdown `markdown` that starts at byte `base` of its source file (one parse;
    /// render reads the same events through [`super::parse`]).
    pub fn parse(markdown: &str, base: usize, smart_punctuation: bool) -> Prose {
        let mut part = super::parse(markdown, base, smart_punctuation);
        part.by_ref().for_each(drop);
        part.finish().prose
    }

    /// Adds a plain-text block (a glossary definition, an FAQ question).
    pub fn push_plain(&mut self, text: &str, src_start: usize, exact: bool) {
        let mut mapped = Mapped::default();
        let end = if exact {
            src_start + text.len()
        } else {
            src_start
        };
        mapped.push(text, src_start..end, exact);
        self.blocks.push(Block {
            kind: BlockKind::Definition,
            mapped,
        });
    }

    /// Appends another parse (an FAQ answer) to this page's.
    pub fn extend(&mut self, other: Prose) {
        self.blocks.extend(other.blocks);
        self.headings.extend(other.headings);
        self.images.extend(other.images);
        self.links.extend(other.links);
        self.tables.extend(other.tables);
        self.html.extend(other.html);
    }
}

/// Builds a part's [`Prose`] from its parser events, one at a time.
#[derive(Default)]
pub(crate) struct Builder<'a> {
    markdown: &'a str,
    base: usize,
    prose: Prose,
    /// Open text containers, innermost last.
    stack: Vec<BlockKind>,
    current: Mapped,
    in_code: bool,
    heading: Option<HeadingMark>,
    image: Option<ImageMark>,
    link: Option<LinkMark>,
    table: Option<TableBuilder>,
    html_block: Option<Mapped>,
}

struct TableBuilder {
    span: Range<usize>,
    in_head: bool,
    head_text: String,
}

impl<'a> Builder<'a> {
    /// A builder for Markdown `markdown`, which starts at byte `base` of its source file.
    pub(crate) fn new(markdown: &'a str, base: usize) -> Builder<'a> {
        Builder {
            markdown,
            base,
            ..Builder::default()
        }
    }

    /// The prose, once every event was seen.
    pub(crate) fn finish(mut self) -> Prose {
        self.flush();
        let mut prose = self.prose;
        // Every page's prose is kept from render until the checks read it: no spare room.
        for block in &mut prose.blocks {
            block.mapped.shrink_to_fit();
        }
        prose.html.iter_mut().for_each(Mapped::shrink_to_fit);
        prose.blocks.shrink_to_fit();
        prose.headings.shrink_to_fit();
        prose.images.shrink_to_fit();
        prose.links.shrink_to_fit();
        prose.tables.shrink_to_fit();
        prose.html.shrink_to_fit();
        prose
    }

    /// Reads one event; `range` is its offset in `markdown`.
    pub(crate) fn event(&mut self, event: &Event, range: Range<usize>) {
        let src = range.start + self.base..range.end + self.base;
        match event {
            Event::Start(tag) => self.start(tag, src),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) => self.text(text, range, src),
            Event::Code(code) => {
                if self.image.is_none() {
                    self.current.spacer(src);
                }
                self.inline_text(code);
            }
            Event::Html(html) => {
                let exact = self.exact(html, &range);
                match self.html_block.as_mut() {
                    Some(block) => block.push(html, src, exact),
                    None => self.push_html(html, range, src),
                }
            }
            Event::InlineHtml(html) => {
                self.current.spacer(src.clone());
                self.push_html(html, range, src);
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.image.is_none() {
                    self.current.spacer(src);
                }
                self.inline_text(" ");
            }
            Event::FootnoteReference(_) => self.current.spacer(src),
            Event::Rule => self.flush(),
            _ => {}
        }
    }

    fn exact(&self, text: &str, range: &Range<usize>) -> bool {
        self.markdown.get(range.clone()) == Some(text)
    }

    fn push_html(&mut self, html: &str, range: Range<usize>, src: Range<usize>) {
        let mut mapped = Mapped::default();
        mapped.push(html, src, self.exact(html, &range));
        self.prose.html.push(mapped);
    }

    fn text(&mut self, text: &str, range: Range<usize>, src: Range<usize>) {
        if self.in_code {
            return;
        }
        if let Some(image) = self.image.as_mut() {
            image.alt.push_str(text);
            return;
        }
        let exact = self.exact(text, &range);
        self.current.push(text, src, exact);
        self.inline_text(text);
    }

    /// Text that names the enclosing link, heading or table header.
    fn inline_text(&mut self, text: &str) {
        if let Some(image) = self.image.as_mut() {
            image.alt.push_str(text);
            return;
        }
        if let Some(link) = self.link.as_mut() {
            link.text.push_str(text);
        }
        if let Some(heading) = self.heading.as_mut() {
            heading.text.push_str(text);
        }
        if let Some(table) = self.table.as_mut().filter(|t| t.in_head) {
            table.head_text.push_str(text);
        }
    }

    fn start(&mut self, tag: &Tag, src: Range<usize>) {
        match tag {
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough => {}
            Tag::Superscript | Tag::Subscript => {}
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.link = Some(LinkMark {
                    dest: dest_url.to_string(),
                    text: String::new(),
                    image_alt: false,
                    wiki: matches!(link_type, LinkType::WikiLink { .. }),
                    span: src,
                });
            }
            Tag::Image { dest_url, .. } => {
                self.image = Some(ImageMark {
                    dest: dest_url.to_string(),
                    alt: String::new(),
                    span: src,
                });
            }
            Tag::Heading { level, .. } => {
                self.open(BlockKind::Heading(*level as u8));
                self.heading = Some(HeadingMark {
                    level: *level as u8,
                    text: String::new(),
                    span: src,
                });
            }
            Tag::Paragraph => self.open(BlockKind::Paragraph),
            Tag::Item => self.open(BlockKind::Item),
            Tag::TableCell => self.open(BlockKind::TableCell),
            Tag::Table(_) => {
                self.flush();
                self.table = Some(TableBuilder {
                    span: src,
                    in_head: false,
                    head_text: String::new(),
                });
            }
            Tag::TableHead => {
                self.flush();
                if let Some(table) = self.table.as_mut() {
                    table.in_head = true;
                }
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code = true;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(Mapped::default());
            }
            // Every other container ends the text before it.
            _ => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {}
            TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::Link => {
                if let Some(link) = self.link.take() {
                    self.prose.links.push(link);
                }
            }
            TagEnd::Image => {
                if let Some(image) = self.image.take() {
                    if let Some(link) = self.link.as_mut() {
                        link.image_alt |= !image.alt.trim().is_empty();
                    }
                    self.prose.images.push(image);
                }
            }
            TagEnd::Heading(_) => {
                self.close();
                if let Some(heading) = self.heading.take() {
                    self.prose.headings.push(heading);
                }
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell => self.close(),
            TagEnd::TableHead => {
                self.flush();
                if let Some(table) = self.table.as_mut() {
                    table.in_head = false;
                }
            }
            TagEnd::Table => {
                self.flush();
                if let Some(table) = self.table.take() {
                    self.prose.tables.push(TableMark {
                        header_empty: table.head_text.trim().is_empty(),
                        span: table.span,
                    });
                }
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::HtmlBlock => {
                if let Some(block) = self.html_block.take() {
                    self.prose.html.push(block);
                }
            }
            _ => self.flush(),
        }
    }

    fn open(&mut self, kind: BlockKind) {
        self.flush();
        self.stack.push(kind);
    }

    fn close(&mut self) {
        self.flush();
        self.stack.pop();
    }

    /// Ends the current text block: a container starting or ending ends the sentence too.
    fn flush(&mut self) {
        let mut mapped = std::mem::take(&mut self.current);
        blank_shortcodes(&mut mapped.text);
        if mapped.text.trim().is_empty() {
            return;
        }
        let kind = self.stack.last().copied().unwrap_or(BlockKind::Other);
        self.prose.blocks.push(Block { kind, mapped });
    }
}

/// Overwrites each `{{ fact(...) }}` with as many spaces as it has bytes: render puts the
/// fact's value there, which is not the editor's prose, and the equal length keeps every
/// text offset mapped to the same source byte.
fn blank_shortcodes(text: &mut String) {
    if !text.contains("{{") {
        return;
    }
    let ranges: Vec<Range<usize>> = super::shortcode::split(text)
        .into_iter()
        .filter_map(|piece| match piece {
            super::shortcode::Piece::Text(_) => None,
            super::shortcode::Piece::Fact { range, .. }
            | super::shortcode::Piece::Malformed { range } => Some(range),
        })
        .collect();
    for range in ranges {
        let blank = " ".repeat(range.len());
        text.replace_range(range, &blank);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(prose: &Prose) -> Vec<(BlockKind, &str)> {
        prose
            .blocks
            .iter()
            .map(|b| (b.kind, b.mapped.text.as_str()))
            .collect()
    }

    #[test]
    fn blocks_skip_code_alt_text_and_html() {
        let md = "## Title\n\nSome `code` here and ![alt words](a.png).\n\n```\nlet x;\n```\n\n<div>raw</div>\n\n- one\n- two\n";
        let prose = Prose::parse(md, 0, false);
        assert_eq!(
            kinds(&prose),
            vec![
                (BlockKind::Heading(2), "Title"),
                (BlockKind::Paragraph, "Some  here and ."),
                (BlockKind::Item, "one"),
                (BlockKind::Item, "two"),
            ]
        );
        assert_eq!(prose.images[0].alt, "alt words");
        assert_eq!(prose.html.len(), 1);
        assert!(prose.html[0].text.contains("<div>raw</div>"));
    }

    #[test]
    fn fact_shortcodes_are_not_prose() {
        let md = "IOP is {{ fact(item=\"iop.md\", key=\"hours\") }} hours a week.\n";
        let prose = Prose::parse(md, 0, true);
        let text = &prose.blocks[0].mapped.text;
        assert!(!text.contains("fact") && !text.contains("{{"), "{text}");
        let at = text.find("hours a week").unwrap();
        let span = prose.blocks[0].mapped.source_span(at..at + 5);
        assert_eq!(&md[span], "hours");
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let md = "Intro.\n\nA *very* long word: cat.\n";
        let prose = Prose::parse(md, 100, false);
        let block = &prose.blocks[1];
        let at = block.mapped.text.find("cat").unwrap();
        let span = block.mapped.source_span(at..at + 3);
        assert_eq!(&md[span.start - 100..span.end - 100], "cat");
    }

    #[test]
    fn nested_list_ends_the_outer_item_text() {
        let md = "- outer text\n  - inner\n";
        let prose = Prose::parse(md, 0, false);
        assert_eq!(
            kinds(&prose),
            vec![(BlockKind::Item, "outer text"), (BlockKind::Item, "inner")]
        );
    }

    #[test]
    fn links_images_and_tables_are_recorded() {
        let md = "[here](a.md) [](b.md) [![logo](l.png)](c.md)\n\n| | |\n|-|-|\n| a | b |\n";
        let prose = Prose::parse(md, 0, false);
        let texts: Vec<&str> = prose.links.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["here", "", ""]);
        assert!(prose.links[2].image_alt);
        assert!(prose.tables[0].header_empty);
    }
}
