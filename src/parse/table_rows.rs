//! Table rows longer than their header. GitHub's table syntax (which pulldown-cmark follows)
//! drops every cell past the header's count without a word, so a row written with one cell
//! too many loses it from the page. Reading the parser's events and each row's source line,
//! [`Rows`] finds those rows; render reports each as a warning at the row.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

/// A body row with more cells written than its table's header has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongRow {
    /// The row's range in the source file.
    pub span: Range<usize>,
    pub cells: usize,
    pub header: usize,
}

/// Finds, event by event, the rows of one part that have more cells than their header.
pub(crate) struct Rows<'a> {
    text: &'a str,
    base: usize,
    header: usize,
    in_head: bool,
    pub(crate) long: Vec<LongRow>,
}

impl<'a> Rows<'a> {
    /// For Markdown `text`, which starts at byte `base` of its source file.
    pub(crate) fn new(text: &'a str, base: usize) -> Rows<'a> {
        Rows {
            text,
            base,
            header: 0,
            in_head: false,
            long: Vec::new(),
        }
    }

    /// Reads one parser event; `range` is its offset in `text`.
    pub(crate) fn event(&mut self, event: &Event, range: &Range<usize>) {
        match event {
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.header = 0;
            }
            Event::End(TagEnd::TableHead) => self.in_head = false,
            Event::Start(Tag::TableCell) if self.in_head => self.header += 1,
            Event::Start(Tag::TableRow) => {
                let line = self.text.get(range.clone()).unwrap_or_default();
                let cells = cells_written(line);
                if cells > self.header {
                    self.long.push(LongRow {
                        span: range.start + self.base..range.end + self.base,
                        cells,
                        header: self.header,
                    });
                }
            }
            _ => {}
        }
    }
}

/// How many cells a row's source line holds: its unescaped pipes divide it, and a pipe
/// at either end only closes the row.
fn cells_written(line: &str) -> usize {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let bytes = line.as_bytes();
    let mut pipes: Vec<usize> = Vec::new();
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\\' => escaped = !escaped,
            b'|' if !escaped => pipes.push(i),
            _ => escaped = false,
        }
        if b != b'\\' {
            escaped = false;
        }
    }
    // A closing pipe ends the row rather than starting an empty cell.
    let closed = pipes.last().is_some_and(|&p| p + 1 == bytes.len());
    pipes.len() + usize::from(!closed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn rows(md: &str) -> Vec<LongRow> {
        let mut rows = Rows::new(md, 0);
        for (event, range) in Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter() {
            rows.event(&event, &range);
        }
        rows.long
    }

    #[test]
    fn counts_cells_as_written() {
        assert_eq!(cells_written("| a | b |"), 2);
        assert_eq!(cells_written("a | b"), 2);
        assert_eq!(cells_written("| a | b | c"), 3);
        assert_eq!(cells_written(r"| a \| still a | b |"), 2);
        assert_eq!(cells_written("| a | |"), 2);
    }

    #[test]
    fn finds_rows_longer_than_the_header_only() {
        let md = "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 |\n| 1 | 2 | 3 |\n";
        let found = rows(md);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&md[found[0].span.clone()].trim_end(), &"| 1 | 2 | 3 |");
        assert_eq!((found[0].cells, found[0].header), (3, 2));
    }

    #[test]
    fn the_parser_drops_the_extra_cell() {
        // Why the warning exists: the third cell never reaches the page.
        let mut html = String::new();
        let md = "| a | b |\n|---|---|\n| 1 | 2 | lost |\n";
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(md, Options::ENABLE_TABLES));
        assert!(!html.contains("lost"), "{html}");
    }
}
