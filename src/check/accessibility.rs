//! Content accessibility, the part editors control: images need alt text that says
//! something; headings form an outline (the title is the page's only H1, the body starts at
//! H2 and never skips a level); links have text that makes sense on its own; tables have a
//! header row. Raw HTML images are checked too. The theme's markup is checked elsewhere.
//! The lists of generic alt texts and vague link texts have English and Spanish entries and
//! apply on every page: each entry is a whole alt or link text, so one language's entries
//! never match the other's prose.

use super::html_tags;
use super::readability::first_line;
use super::rules::{Finding, Rule};
use super::PageContext;

pub fn check(page: &PageContext, findings: &mut Vec<Finding>) {
    images(page, findings);
    html_images(page, findings);
    headings(page, findings);
    links(page, findings);
    tables(page, findings);
}

/// Alt texts that describe nothing: screen readers already say "image". English, then
/// Spanish.
const MEANINGLESS_ALT: &[&str] = &[
    "image",
    "img",
    "photo",
    "photograph",
    "picture",
    "pic",
    "graphic",
    "icon",
    "figure",
    "screenshot",
    "logo",
    "banner",
    "placeholder",
    "alt",
    "untitled",
    "imagen",
    "foto",
    "fotografía",
    "gráfico",
    "icono",
    "ícono",
    "figura",
    "ilustración",
    "captura",
    "captura de pantalla",
    "logotipo",
    "sin título",
];

/// Why `alt` says nothing about image `dest`, if it does not.
fn meaningless_alt(alt: &str, dest: &str) -> Option<&'static str> {
    let alt = alt.trim().trim_end_matches('.').to_lowercase();
    if MEANINGLESS_ALT.contains(&alt.as_str()) {
        return Some("a generic word");
    }
    let file = dest
        .rsplit('/')
        .next()
        .unwrap_or(dest)
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let stem = file
        .rsplit_once('.')
        .map_or(file.as_str(), |(stem, _)| stem);
    let looks_like_file = alt.contains('.')
        && alt.rsplit_once('.').is_some_and(|(_, ext)| {
            ["png", "jpg", "jpeg", "gif", "svg", "webp", "avif"].contains(&ext)
        });
    if (!file.is_empty() && (alt == file || alt == stem)) || looks_like_file {
        return Some("the file name");
    }
    None
}

fn images(page: &PageContext, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    for image in &page.prose.images {
        if image.alt.trim().is_empty() {
            findings.push(Finding::new(
                Rule::ImageAlt,
                Rule::ImageAlt
                    .at(source, image.span.clone(), "image has no alt text")
                    .help("describe what the image shows in the brackets: ![A counselor talking with a family](…)"),
            ));
        } else if let Some(why) = meaningless_alt(&image.alt, &image.dest) {
            findings.push(Finding::new(
                Rule::ImageAltMeaningless,
                Rule::ImageAltMeaningless
                    .at(
                        source,
                        image.span.clone(),
                        format!("image alt text `{}` is {why}", image.alt.trim()),
                    )
                    .help("say what the image shows or why it is there, as you would to someone on the phone"),
            ));
        }
    }
}

/// `<img>` in raw HTML: a missing `alt` is an error; `alt=""` marks a decorative image and is
/// fine. An image the sanitizer removes with its surroundings (inside `<noscript>`, `<svg>`,
/// `<iframe>`...) never reaches readers and is not reported.
fn html_images(page: &PageContext, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    let mut survivors = crate::render::sanitize::Survivors::default();
    for chunk in &page.prose.html {
        let kept = match page.raw_html {
            crate::config::RawHtml::Allow => std::iter::once(0..chunk.text.len()).collect(),
            _ => survivors.kept(&chunk.text, chunk.text.ends_with('\n')),
        };
        for tag in html_tags::tags(&chunk.text) {
            if tag.name != "img" || !kept.iter().any(|r| r.contains(&tag.span.start)) {
                continue;
            }
            let span = chunk.source_span(tag.span.clone());
            let src = tag
                .attr("src")
                .map(|a| a.value.as_str())
                .unwrap_or_default();
            match tag.attr("alt") {
                None => findings.push(Finding::new(
                    Rule::ImageAlt,
                    Rule::ImageAlt
                        .at(source, span, "`<img>` has no alt attribute")
                        .help("add alt=\"what the image shows\", or alt=\"\" if it is only decoration"),
                )),
                Some(alt) if !alt.value.trim().is_empty() => {
                    if let Some(why) = meaningless_alt(&alt.value, src) {
                        findings.push(Finding::new(
                            Rule::ImageAltMeaningless,
                            Rule::ImageAltMeaningless
                                .at(source, span, format!("image alt text `{}` is {why}", alt.value.trim()))
                                .help("say what the image shows or why it is there"),
                        ));
                    }
                }
                Some(_) => {}
            }
        }
    }
}

fn headings(page: &PageContext, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    // The title is the H1.
    let mut previous = 1u8;
    for heading in &page.prose.headings {
        let span = first_line(&source.text, heading.span.clone());
        if heading.text.trim().is_empty() {
            findings.push(Finding::new(
                Rule::HeadingEmpty,
                Rule::HeadingEmpty
                    .at(source, span.clone(), "heading has no text")
                    .help("give the heading words, or remove the `#` marks"),
            ));
        }
        if heading.level == 1 {
            findings.push(Finding::new(
                Rule::HeadingH1,
                Rule::HeadingH1
                    .at(
                        source,
                        span,
                        "a second H1: the title is already the page's H1",
                    )
                    .help(format!(
                        "make it a level-2 heading: ## {}",
                        heading.text.trim()
                    )),
            ));
        } else if heading.level > previous + 1 {
            let wanted = previous + 1;
            findings.push(Finding::new(
                Rule::HeadingSkip,
                Rule::HeadingSkip
                    .at(
                        source,
                        span,
                        format!("heading level {} skips level {wanted}", heading.level),
                    )
                    .help(format!(
                        "screen-reader users move by heading level; use {} {}",
                        "#".repeat(wanted.into()),
                        heading.text.trim()
                    )),
            ));
        }
        previous = heading.level;
    }
}

/// Link texts that mean nothing out of context (screen readers list links alone). English,
/// then Spanish.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "link",
    "this link",
    "this page",
    "learn more",
    "go here",
    "this",
    "see more",
    "more info",
    "more information",
    "details",
    "haga clic aquí",
    "haz clic aquí",
    "clic aquí",
    "pulse aquí",
    "pulsa aquí",
    "aquí",
    "clic",
    "más",
    "leer más",
    "lea más",
    "ver más",
    "más información",
    "saber más",
    "enlace",
    "este enlace",
    "esta página",
    "esto",
    "detalles",
];

fn links(page: &PageContext, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    for link in page.prose.links.iter().filter(|l| !l.wiki) {
        let text = link.text.trim();
        let normalized = text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if text.is_empty() && !link.image_alt {
            findings.push(Finding::new(
                Rule::LinkEmpty,
                Rule::LinkEmpty
                    .at(source, link.span.clone(), "link has no text")
                    .help(format!(
                        "put words saying where it goes between the brackets: [the article's title]({})",
                        link.dest
                    )),
            ));
        } else if VAGUE_LINK_TEXT.contains(&normalized.as_str()) {
            findings.push(Finding::new(
                Rule::LinkText,
                Rule::LinkText
                    .at(source, link.span.clone(), format!("link text `{text}` does not say where it goes"))
                    .help("use the destination's name as the link text, e.g. [paying for care](paying-for-care.md)"),
            ));
        }
    }
}

fn tables(page: &PageContext, findings: &mut Vec<Finding>) {
    let source = &page.entry.doc.source;
    for table in page.prose.tables.iter().filter(|t| t.header_empty) {
        let span = first_line(&source.text, table.span.clone());
        findings.push(Finding::new(
            Rule::TableHeader,
            Rule::TableHeader
                .at(source, span, "table has no header row")
                .help("write a label for each column in the first row, so screen readers can announce them"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{of_rule, page_with};
    use crate::check::Rule;

    fn body(text: &str) -> crate::resolve::Entry {
        page_with("title = \"A\"", text)
    }

    #[test]
    fn images_need_meaningful_alt_text() {
        let page = body("![](a.png)\n\n![Photo](a.png)\n\n![chart.svg](chart.svg)\n\n![Hours a week in each level](c.png)\n\n<img src=\"x.png\">\n<img src=\"y.png\" alt=\"\">\n");
        assert_eq!(of_rule(&page, Rule::ImageAlt).len(), 2);
        let meaningless = of_rule(&page, Rule::ImageAltMeaningless);
        assert_eq!(meaningless.len(), 2, "{meaningless:?}");
        assert!(meaningless[0].contains("generic word"));
        assert!(meaningless[1].contains("file name"));
    }

    #[test]
    fn images_the_sanitizer_removes_are_not_reported() {
        let page = body(
            "<noscript><img src=\"a.png\"></noscript>\n\nA <svg><img src=\"b.png\"></svg> c <img src=\"c.png\">\n\n<iframe>\n<img src=\"d.png\">\n</iframe>\n",
        );
        let found = of_rule(&page, Rule::ImageAlt);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn heading_outline() {
        let page = body("# Again the title\n\n## Fine\n\n#### Skips\n\n### Fine again\n\n##\n");
        assert_eq!(of_rule(&page, Rule::HeadingH1).len(), 1);
        let skips = of_rule(&page, Rule::HeadingSkip);
        assert_eq!(skips.len(), 1);
        assert!(skips[0].contains("level 4 skips level 3"), "{skips:?}");
        assert_eq!(of_rule(&page, Rule::HeadingEmpty).len(), 1);
        assert_eq!(
            of_rule(&body("### Starts low\n"), Rule::HeadingSkip).len(),
            1
        );
    }

    #[test]
    fn link_texts() {
        let page = body("[Click here](a.md), [here](b.md), [](c.md), [![Logo of SAMHSA](l.png)](d.md), [paying for care](e.md), [[IOP]].\n");
        assert_eq!(of_rule(&page, Rule::LinkText).len(), 2);
        assert_eq!(of_rule(&page, Rule::LinkEmpty).len(), 1);
    }

    #[test]
    fn tables_need_a_header() {
        let page = body("|  |  |\n|--|--|\n| a | b |\n\n| Day | Hours |\n|--|--|\n| Mon | 3 |\n");
        assert_eq!(of_rule(&page, Rule::TableHeader).len(), 1);
    }
}
