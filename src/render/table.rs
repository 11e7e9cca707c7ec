//! Table column alignment as classes. pulldown-cmark writes `style="text-align: …"` on
//! every aligned cell, which a strict Content-Security-Policy (no `'unsafe-inline'`) blocks,
//! so aligned columns would silently lose their alignment on a deployed site. Cells of an
//! aligned column are written as `<td class="align-right">` instead; the theme styles them.

use std::ops::Range;

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

/// Passes `events` through, writing aligned cells' start tags as HTML with a class and
/// clearing the alignments pulldown-cmark would turn into inline styles.
pub fn align_with_classes<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0usize;
    events.map(move |(event, span)| {
        let event = match event {
            Event::Start(Tag::Table(aligns)) => {
                let plain = vec![Alignment::None; aligns.len()];
                alignments = aligns;
                Event::Start(Tag::Table(plain))
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
                event
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                event
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                event
            }
            Event::Start(Tag::TableCell) => {
                let class = match alignments.get(column) {
                    Some(Alignment::Left) => Some("align-left"),
                    Some(Alignment::Center) => Some("align-center"),
                    Some(Alignment::Right) => Some("align-right"),
                    _ => None,
                };
                column += 1;
                match class {
                    Some(class) => {
                        let cell = if in_head { "th" } else { "td" };
                        Event::Html(CowStr::from(format!("<{cell} class=\"{class}\">")))
                    }
                    None => event,
                }
            }
            event => event,
        };
        (event, span)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn render(markdown: &str) -> String {
        let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, align_with_classes(parser).map(|(e, _)| e));
        html
    }

    #[test]
    fn aligned_columns_get_classes_not_styles() {
        let html = render("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<th class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<th class=\"align-center\">b</th>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">3</td>"), "{html}");
        assert!(html.contains("<td>4</td>"), "{html}");
    }

    #[test]
    fn rows_shorter_or_longer_than_the_header_keep_their_columns() {
        let html = render("| a | b |\n|--:|:--|\n| 1 |\n| 1 | 2 |\n");
        assert_eq!(
            html.matches("<td class=\"align-right\">1</td>").count(),
            2,
            "{html}"
        );
        assert!(html.contains("<td class=\"align-left\">2</td>"), "{html}");
    }
}
