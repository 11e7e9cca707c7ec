//! The parse stage: one pulldown-cmark pass over each Markdown part of a page (its body, each
//! FAQ answer) into the page model that every later step reads. [`parse`] takes the part's
//! text and where it starts in its source file, and guarantees:
//! - the parser runs once; its events stream with their ranges (offsets into the part's
//!   text) to render's transformers, and nothing else reads the text as Markdown;
//! - the [`Prose`] the checks read (text blocks mapped back to source bytes, headings, links,
//!   images, tables, raw HTML; shortcodes blanked) is built from the same events as they
//!   pass, so the checks never parse Markdown again and no event list is held in memory;
//! - table rows the parser would silently shorten are found from the events' ranges
//!   ([`table_rows`]);
//! - `{{ fact(...) }}` shortcodes are read here ([`shortcode`]), once, for render and checks;
//! - every diagnostic's line and column come from one [`LineIndex`] per file (a leaf
//!   module, so the diagnostics depend on nothing of the pipeline).

pub mod prose;
pub mod shortcode;
pub(crate) mod table_rows;

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};

pub use crate::line_index::LineIndex;
pub use prose::Prose;

/// Which Markdown features are on: the same for render and the checks, since they read
/// one parse.
pub fn options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// One Markdown part, parsed once: an iterator over the parser's events with their ranges
/// in the part's text, which builds the part's prose and finds its long table rows as the
/// events pass, so nothing is held but what the model keeps. Drain it, then [`finish`] it.
///
/// [`finish`]: PartParser::finish
pub struct PartParser<'a> {
    events: pulldown_cmark::OffsetIter<'a>,
    prose: prose::Builder<'a>,
    rows: table_rows::Rows<'a>,
}

/// What a part's parse keeps besides its events.
pub struct Part {
    /// The part's prose, as the checks read it.
    pub prose: Prose,
    /// Table rows with more cells than their header.
    pub long_rows: Vec<table_rows::LongRow>,
}

/// Parses `text`, which starts at byte `base` of its source file.
pub fn parse(text: &str, base: usize, smart_punctuation: bool) -> PartParser<'_> {
    PartParser {
        events: Parser::new_ext(text, options(smart_punctuation)).into_offset_iter(),
        prose: prose::Builder::new(text, base),
        rows: table_rows::Rows::new(text, base),
    }
}

impl<'a> Iterator for PartParser<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.events.next()?;
        self.prose.event(&event, range.clone());
        self.rows.event(&event, &range);
        Some((event, range))
    }
}

impl PartParser<'_> {
    /// The model of the part, from the events read so far (all of them, once drained).
    pub fn finish(self) -> Part {
        Part {
            prose: self.prose.finish(),
            long_rows: self.rows.long,
        }
    }
}

/// Where FAQ answer `i` (`answer`, as loaded) starts in its page's source file, from the
/// front-matter parser's span of the value (`crate::spans`). When the answer is not written
/// verbatim (escapes), the start of its text, so a diagnostic still lands on its own line.
pub fn answer_offset(doc: &crate::load::Document, i: usize, answer: &str) -> usize {
    doc.spans
        .text_start(&doc.source.text, &format!("faq.{i}.answer"), answer)
        .map_or(0, |(at, _)| at)
}
