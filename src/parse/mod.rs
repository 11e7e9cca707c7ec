//! The parse stage: one pulldown-cmark pass over each Markdown part of a page (its body, each
//! FAQ answer) into the page model that every later step reads. [`parse`] takes the part's
//! text and where it starts in its source file, and guarantees:
//! - the parser runs once; its events are kept with their ranges (offsets into the part's
//!   text; add [`Parsed::base`] for the source file), and render's transformers consume
//!   exactly these events;
//! - the [`Prose`] the checks read (text blocks mapped back to source bytes, headings, links,
//!   images, tables, raw HTML; shortcodes blanked) is built from the same events, so the
//!   checks never parse Markdown again;
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

/// One Markdown part, parsed once.
pub struct Parsed<'a> {
    /// Parser events with their ranges in `text`.
    pub events: Vec<(Event<'a>, Range<usize>)>,
    /// Where the part's text starts in its source file.
    pub base: usize,
    /// The part's prose, as the checks read it.
    pub prose: Prose,
    /// Table rows with more cells than their header: (row's range in the source file,
    /// cells written, header cells).
    pub long_rows: Vec<table_rows::LongRow>,
}

/// Parses `text`, which starts at byte `base` of its source file.
pub fn parse(text: &str, base: usize, smart_punctuation: bool) -> Parsed<'_> {
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, options(smart_punctuation))
        .into_offset_iter()
        .collect();
    let prose = Prose::from_events(text, base, &events);
    let long_rows = table_rows::long_rows(text, base, &events);
    Parsed {
        events,
        base,
        prose,
        long_rows,
    }
}

/// Where an FAQ answer's text starts in its page's source file: it is found where it is
/// written from its first non-blank character on, so the offset steps back over the
/// answer's leading blank. 0 (the file's start) when the answer is not written verbatim
/// (escapes), so a diagnostic still names the right file.
pub fn answer_offset(doc: &crate::load::Document, answer: &str) -> usize {
    let leading = answer.len() - answer.trim_start().len();
    doc.source.text[..doc.body.start]
        .find(answer.trim())
        .map_or(0, |at| at.saturating_sub(leading))
}
