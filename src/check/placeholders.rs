//! Placeholders in a published article (`placeholder`, an error): the words TODO, TBD and XXX
//! (in capitals: Spanish "todo" is a word), "lorem ipsum", and empty list items, in the body
//! and in the front matter's text. Code (fenced blocks and inline code) and comments are not
//! published text and are skipped. Drafts may hold placeholders: that is what drafts are for.
//! Empty headings are `heading-empty` and an empty description is found by `metadata`.

use super::rules::{Finding, Rule};
use super::PageContext;

const WORDS: &[&str] = &["TODO", "TBD", "XXX", "FIXME"];

pub fn check(page: &PageContext, findings: &mut Vec<Finding>) {
    let doc = &page.entry.doc;
    if doc.front.draft {
        return;
    }
    let text = &doc.source.text;
    let front_end = doc.body.start;
    let mut offset = 0;
    let mut fence: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let in_body = start >= front_end;
        let trimmed = line.trim();
        if in_body {
            if let Some(open) = &fence {
                if trimmed.starts_with(open.as_str()) {
                    fence = None;
                }
                continue;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fence = Some(trimmed[..3].to_string());
                continue;
            }
            if line.starts_with("    ") || line.starts_with('\t') {
                continue;
            }
            if is_empty_list_item(trimmed) {
                let at = start + (line.len() - line.trim_start().len());
                findings.push(empty_item(page, at..at + trimmed.len()));
                continue;
            }
        } else if trimmed.starts_with('#') {
            // A TOML or YAML comment: not published.
            continue;
        }
        for (at, word) in placeholders(line) {
            findings.push(found(page, start + at..start + at + word.len(), word));
        }
    }
}

fn is_empty_list_item(line: &str) -> bool {
    let marker = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let numbered = marker.len() < line.len();
    match marker {
        "-" | "*" | "+" => !numbered,
        "." | ")" => numbered,
        "- [ ]" | "* [ ]" | "- [x]" => !numbered,
        _ => false,
    }
}

/// Placeholder words on one line, outside inline code and HTML comments: (byte offset, text).
fn placeholders(line: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let visible = visible_ranges(line);
    let lower = line.to_ascii_lowercase();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for word in WORDS {
        let mut from = 0;
        while let Some(i) = line[from..].find(word) {
            let at = from + i;
            let end = at + word.len();
            let before = line[..at].chars().next_back();
            let after = line[end..].chars().next();
            let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            if boundary(before) && boundary(after) {
                candidates.push((at, end));
            }
            from = end;
        }
    }
    if let Some(at) = lower.find("lorem ipsum") {
        candidates.push((at, at + "lorem ipsum".len()));
    }
    candidates.sort_unstable();
    for (at, end) in candidates {
        if visible.iter().any(|r| r.start <= at && end <= r.end) {
            found.push((at, &line[at..end]));
        }
    }
    found
}

/// The parts of a line outside `inline code` and `<!-- comments -->`.
fn visible_ranges(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = line.as_bytes();
    while i < bytes.len() {
        let close = if bytes[i] == b'`' {
            let ticks = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            let fence = &line[i..i + ticks];
            line[i + ticks..].find(fence).map(|j| i + ticks + j + ticks)
        } else if line[i..].starts_with("<!--") {
            line[i..].find("-->").map(|j| i + j + 3)
        } else {
            None
        };
        match close {
            Some(end) => {
                ranges.push(start..i);
                start = end;
                i = end;
            }
            None => i += line[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    ranges.push(start..line.len());
    ranges
}

fn found(page: &PageContext, span: std::ops::Range<usize>, word: &str) -> Finding {
    Finding::new(
        Rule::Placeholder,
        Rule::Placeholder
            .at(
                &page.entry.doc.source,
                span,
                format!("placeholder `{word}` in a published article"),
            )
            .help("write the real text, or keep the article a draft (draft = true) until it is finished"),
    )
}

fn empty_item(page: &PageContext, span: std::ops::Range<usize>) -> Finding {
    Finding::new(
        Rule::Placeholder,
        Rule::Placeholder
            .at(
                &page.entry.doc.source,
                span,
                "empty list item in a published article",
            )
            .help("write the item, or remove the bullet"),
    )
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{findings_for, page_with};
    use crate::check::Rule;

    fn lines(front: &str, body: &str) -> Vec<String> {
        findings_for(&page_with(front, body), "2026-06-01")
            .into_iter()
            .filter(|(r, _)| *r == Rule::Placeholder)
            .map(|(_, m)| m)
            .collect()
    }

    #[test]
    fn placeholders_in_body_and_front_matter_are_found() {
        let got = lines(
            "title = \"A\"\nreviewed_by = \"TODO: the reviewer\"",
            "Intro TBD.\n\n- \n- real\n\nLorem ipsum dolor.\n\nTodo el día.\n",
        );
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].contains("`TODO`"));
        assert!(got[1].contains("`TBD`"));
        assert!(got[2].contains("empty list item"));
        assert!(got[3].contains("Lorem ipsum"));
    }

    #[test]
    fn code_comments_and_drafts_are_skipped() {
        let body = "Usé `TODO` aquí ¿sí?\n\n```\nTODO\n- \n```\n\n<!-- XXX -->\n\n    TBD\n";
        assert!(lines("title = \"A\"\n# TODO in a comment", body).is_empty());
        assert!(lines("title = \"A\"\ndraft = true", "TODO\n\n- \n").is_empty());
    }

    #[test]
    fn the_line_is_reported() {
        let page = page_with("title = \"A\"", "One.\n\nTwo XXX.\n");
        let d = crate::check::testing::diagnostics_of(&page, Rule::Placeholder);
        assert_eq!(d[0].line_col().unwrap().0, 6);
    }
}
