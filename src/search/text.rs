//! Plain text from rendered HTML, cut into sections at `<h2>` and `<h3>` headings so a hit can
//! link to its heading's anchor. It takes the body HTML that `render` made (not the whole page,
//! so navigation and footers never reach the index), drops glossary tooltips (the definition
//! would otherwise be indexed on every page that uses the term), decodes entities and collapses
//! whitespace.

/// One part of a page: the text under a heading (the first has no heading: the introduction).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    /// The heading's id, `""` for the introduction.
    pub anchor: String,
    pub heading: String,
    pub text: String,
    /// Headings of levels 4 to 6 inside the section (weighted like headings).
    pub subheadings: Vec<String>,
}

/// Whether a tag's start or end separates words.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "tr"
            | "br"
            | "ul"
            | "ol"
            | "div"
            | "pre"
            | "table"
            | "blockquote"
            | "dd"
            | "dt"
            | "dl"
            | "hr"
            | "caption"
            | "details"
            | "summary"
            | "section"
            | "figure"
            | "figcaption"
            | "address"
    )
}

/// Splits body HTML into sections. `<h2>` and `<h3>` with an `id` start a section.
pub fn sections(html: &str) -> Vec<Section> {
    let mut out = vec![Section::default()];
    let mut rest = html;
    // Where the current heading's text goes: Some(level) while inside <hN>.
    let mut in_heading: Option<u8> = None;
    let mut heading_text = String::new();
    let mut skip_depth = 0usize;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(
                rest,
                skip_depth,
                &mut in_heading,
                &mut heading_text,
                &mut out,
            );
            break;
        };
        push_text(
            &rest[..lt],
            skip_depth,
            &mut in_heading,
            &mut heading_text,
            &mut out,
        );
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name_part = tag.trim_start_matches('/');
        let name_end = name_part
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(name_part.len());
        let lower;
        let mut name = &name_part[..name_end];
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = name.to_ascii_lowercase();
            name = &lower;
        }
        if skip_depth > 0 {
            if name == "span" {
                if closing {
                    skip_depth -= 1;
                } else {
                    skip_depth += 1;
                }
            }
            continue;
        }
        if name == "span" && !closing && tag.contains("class=\"term-tip\"") {
            skip_depth = 1;
            continue;
        }
        if let Some(level) = heading_level(name) {
            if !closing {
                in_heading = Some(level);
                heading_text.clear();
                if level <= 3 {
                    if let Some(id) = attribute(tag, "id") {
                        out.push(Section {
                            anchor: decode_entities(id),
                            ..Section::default()
                        });
                    }
                }
            } else if let Some(level) = in_heading.take() {
                let text = heading_text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let current = out.last_mut().expect("one section at least");
                if level <= 3 && !current.anchor.is_empty() && current.heading.is_empty() {
                    current.heading = text;
                } else if !text.is_empty() {
                    separate(&mut current.text);
                    current.text.push_str(&text);
                    current.subheadings.push(text);
                }
                separate(&mut current.text);
            }
            continue;
        }
        if is_block(name) {
            if in_heading.is_some() {
                separate(&mut heading_text);
            } else {
                separate(&mut out.last_mut().expect("one section").text);
            }
        }
    }
    for section in &mut out {
        let trimmed = section.text.trim_end().len();
        section.text.truncate(trimmed);
    }
    out
}

/// Plain text of a fragment of HTML (an FAQ answer), in one piece.
pub fn plain(html: &str) -> String {
    sections(html)
        .into_iter()
        .flat_map(|s| [s.heading, s.text])
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn push_text(
    raw: &str,
    skip_depth: usize,
    in_heading: &mut Option<u8>,
    heading_text: &mut String,
    out: &mut [Section],
) {
    if skip_depth > 0 || raw.is_empty() {
        return;
    }
    let target = if in_heading.is_some() {
        heading_text
    } else {
        &mut out.last_mut().expect("one section").text
    };
    if raw.contains('&') {
        append_collapsed(target, &decode_entities(raw));
    } else {
        append_collapsed(target, raw);
    }
}

/// Appends `raw`, with no whitespace at the start of the section's text. Runs of whitespace
/// are kept as they are (the client shows text as HTML, which collapses them anyway).
fn append_collapsed(target: &mut String, raw: &str) {
    if target.is_empty() {
        target.push_str(raw.trim_start());
    } else {
        target.push_str(raw);
    }
}

fn separate(text: &mut String) {
    if !text.is_empty() && !text.ends_with(|c: char| c.is_ascii_whitespace()) {
        text.push(' ');
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The value of `name="..."` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut search = tag;
    while let Some(at) = search.find(name) {
        let before_ok = at == 0
            || search.as_bytes()[at - 1].is_ascii_whitespace()
            || search.as_bytes()[at - 1] == b'"';
        let after = &search[at + name.len()..];
        if before_ok {
            if let Some(value) = after.strip_prefix("=\"") {
                return value.find('"').map(|end| &value[..end]);
            }
        }
        search = after;
    }
    None
}

/// Decodes the entities HTML escaping produces (named basics and numeric references).
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let decoded = match end {
            Some(end) if rest.as_bytes()[end] == b';' => {
                let name = &rest[1..end];
                let c = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some(' '),
                    _ => name
                        .strip_prefix("#x")
                        .or_else(|| name.strip_prefix("#X"))
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                c.map(|c| (c, end + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_h2_and_h3_with_ids() {
        let html = "<p>Intro <em>text</em>.</p>\n<h2 id=\"a\">First &amp; best</h2>\n<p>One</p><h4>Small</h4><p>Two</p><h3 id=\"b\">Second</h3><ul><li>x</li><li>y</li></ul>";
        let s = sections(html);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].text, "Intro text.");
        assert_eq!(
            (s[1].anchor.as_str(), s[1].heading.as_str()),
            ("a", "First & best")
        );
        assert_eq!(s[1].text, "One Small Two");
        assert_eq!(s[1].subheadings, ["Small"]);
        assert_eq!(s[2].text, "x y");
    }

    #[test]
    fn drops_glossary_tooltips() {
        let html = "<p>An <a class=\"term\" href=\"/g/#iop\"><abbr title=\"x\">IOP</abbr></a><span class=\"term-tip\" id=\"t\" role=\"tooltip\">Long definition</span> helps.</p>";
        assert_eq!(sections(html)[0].text, "An IOP helps.");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#39;c&#x27; &amp;d &bogus"),
            "a <b> 'c' &d &bogus"
        );
    }

    #[test]
    fn skips_comments() {
        assert_eq!(sections("<p>a<!-- more -->b</p>")[0].text, "ab");
    }
}
