//! Phone numbers in running text become `tel:` links, and every `tel:` link gets the class
//! `tel`. Takes a page's finished Markdown events (after links, glossary terms and shortcodes
//! are done) and guarantees: a North American number written `1-800-662-4357`,
//! `800-662-4357` or `(800) 662-4357` outside links, headings and image text is wrapped in
//! `<a class="tel" href="tel:+18006624357">` with its text as written; a `tel:` link the author
//! wrote keeps its href and text and gains the class. The theme keeps `.tel` on one line
//! (`white-space: nowrap`), so a number never wraps on a phone, while the text stays plain
//! hyphens that copy and paste into any dialler.

use std::collections::VecDeque;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::highlight::html_escape;

/// Wraps `events` (one page part's events, in order) so phone numbers become links.
pub(crate) fn link_phones<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    let mut events = events;
    let mut out: VecDeque<Event<'a>> = VecDeque::new();
    // Open links, innermost last: `true` for a `tel:` link whose end this adaptor rewrites.
    let mut links: Vec<bool> = Vec::new();
    // Inside a heading or an image's text, where a link would not belong.
    let mut plain_depth = 0usize;
    std::iter::from_fn(move || loop {
        if let Some(event) = out.pop_front() {
            return Some(event);
        }
        let event = events.next()?;
        match event {
            Event::Start(Tag::Link {
                ref dest_url,
                ref title,
                ..
            }) => {
                let tel = dest_url.starts_with("tel:");
                links.push(tel);
                if tel {
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", html_escape(title))
                    };
                    let html = format!(
                        "<a class=\"tel\" href=\"{}\"{title}>",
                        html_escape(dest_url)
                    );
                    return Some(Event::InlineHtml(html.into()));
                }
                return Some(event);
            }
            Event::End(TagEnd::Link) => {
                if links.pop() == Some(true) {
                    return Some(Event::InlineHtml("</a>".into()));
                }
                return Some(event);
            }
            // A link markdown.rs writes as HTML (one to another language) opens here and
            // closes with `</a>` in a later event.
            Event::InlineHtml(ref html) if html.starts_with("<a ") && !html.contains("</a>") => {
                links.push(false);
                return Some(event);
            }
            Event::InlineHtml(ref html) if html.starts_with("</a>") => {
                links.pop();
                return Some(event);
            }
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::Image { .. }) => {
                plain_depth += 1;
                return Some(event);
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Image) => {
                plain_depth = plain_depth.saturating_sub(1);
                return Some(event);
            }
            Event::Text(text) if links.is_empty() && plain_depth == 0 => {
                split_numbers(text, &mut out);
            }
            event => return Some(event),
        }
    })
}

/// Pushes `text` as text and links, a link for each phone number in it.
fn split_numbers<'a>(text: CowStr<'a>, out: &mut VecDeque<Event<'a>>) {
    let mut rest = 0;
    let mut found = false;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match number_at(&text, at) {
            Some((end, digits)) => {
                found = true;
                if at > rest {
                    out.push_back(Event::Text(text[rest..at].to_string().into()));
                }
                out.push_back(Event::InlineHtml(
                    format!("<a class=\"tel\" href=\"tel:+1{digits}\">").into(),
                ));
                out.push_back(Event::Text(text[at..end].to_string().into()));
                out.push_back(Event::InlineHtml("</a>".into()));
                rest = end;
                at = end;
            }
            None => at += 1,
        }
    }
    if !found {
        out.push_back(Event::Text(text));
    } else if rest < text.len() {
        out.push_back(Event::Text(text[rest..].to_string().into()));
    }
}

/// A phone number starting at byte `at` of `text`: its end and its ten digits. The number
/// must stand alone: no letter, digit or hyphen right before or after it.
fn number_at(text: &str, at: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let joined = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if at > 0 && joined(bytes[at - 1]) {
        return None;
    }
    let mut i = at;
    // An optional country code: `1-`.
    if bytes.get(i) == Some(&b'1') && bytes.get(i + 1) == Some(&b'-') {
        i += 2;
    }
    let mut digits = String::with_capacity(10);
    // The area code, `800-` or `(800) `.
    if bytes.get(i) == Some(&b'(') {
        if at != i {
            return None;
        }
        i = take_digits(bytes, i + 1, 3, &mut digits)?;
        if bytes.get(i..i + 2) != Some(b") ") {
            return None;
        }
        i += 2;
    } else {
        i = take_digits(bytes, i, 3, &mut digits)?;
        if bytes.get(i) != Some(&b'-') {
            return None;
        }
        i += 1;
    }
    i = take_digits(bytes, i, 3, &mut digits)?;
    if bytes.get(i) != Some(&b'-') {
        return None;
    }
    i = take_digits(bytes, i + 1, 4, &mut digits)?;
    let after_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
    match bytes.get(i) {
        Some(&b) if b.is_ascii_alphanumeric() || b == b'_' => None,
        Some(&b'-') if after_digit => None,
        _ => Some((i, digits)),
    }
}

/// Exactly `n` ASCII digits at `i`, added to `digits`; the index after them.
fn take_digits(bytes: &[u8], i: usize, n: usize, digits: &mut String) -> Option<usize> {
    let run = bytes.get(i..i + n)?;
    if !run.iter().all(u8::is_ascii_digit) {
        return None;
    }
    digits.extend(run.iter().map(|&b| b as char));
    Some(i + n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html::push_html, Parser};

    fn html(markdown: &str) -> String {
        let mut out = String::new();
        push_html(&mut out, link_phones(Parser::new(markdown)));
        out
    }

    #[test]
    fn numbers_in_running_text_become_tel_links() {
        assert_eq!(
            html("Call 1-800-662-4357 or (800) 487-4889, or 555-123-4567."),
            "<p>Call <a class=\"tel\" href=\"tel:+18006624357\">1-800-662-4357</a> or \
             <a class=\"tel\" href=\"tel:+18004874889\">(800) 487-4889</a>, or \
             <a class=\"tel\" href=\"tel:+15551234567\">555-123-4567</a>.</p>\n"
        );
    }

    #[test]
    fn author_tel_links_keep_their_href_and_gain_the_class() {
        assert_eq!(
            html("[Call 988](tel:988) and [the line](tel:+18006624357 \"SAMHSA\")"),
            "<p><a class=\"tel\" href=\"tel:988\">Call 988</a> and \
             <a class=\"tel\" href=\"tel:+18006624357\" title=\"SAMHSA\">the line</a></p>\n"
        );
    }

    #[test]
    fn numbers_inside_links_headings_images_and_code_stay_as_they_are() {
        let out = html("# Call 1-800-662-4357\n\n[1-800-662-4357](https://example.org/) `800-662-4357` ![800-662-4357](a.png)");
        assert!(!out.contains("tel:"), "{out}");
    }

    #[test]
    fn only_whole_numbers_of_the_right_shape() {
        for text in [
            "ISBN 978-1-800-662-4357",
            "1-800-662-43571",
            "800-662-435",
            "12800-662-4357",
            "a800-662-4357",
            "800-662-4357-9",
            "2024-2025",
        ] {
            assert!(!html(text).contains("tel:"), "{text}");
        }
        assert!(html("TTY: 1-800-487-4889.").contains("href=\"tel:+18004874889\""));
    }
}
