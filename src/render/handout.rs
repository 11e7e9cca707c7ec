//! Handouts: every article (each entry that is not a section) as a printable sheet, in its
//! own language, at `ARTICLE/handout/`, and a large-print variant at `ARTICLE/handout/large/`,
//! rendered through the theme's `handout.html` (a site whose theme has none gets none).
//!
//! Takes the entries, their rendered Markdown and the link graph; gives output files. A
//! handout shows the article's "Key points" section (its description when it has none), the
//! front matter's `questions`, its "What to do next" section, the crisis lines, the
//! language-access line, the review information and the live page's address with a QR code
//! made here as inline SVG (no script, no request). The two section headings are interface
//! strings (`handout_key_points_heading`, `handout_next_steps_heading`), so each language
//! finds its own. Handouts are not entries: the sitemap, the search index and the feeds never
//! see them, and the template marks them `noindex`. docs/handouts.md describes them.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use super::cache::hash_bytes;
use super::{
    page_view_of, render_template, Graph, MarkdownOut, OutputFile, PageSink, RenderContext,
};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The template handouts are rendered through.
pub(crate) const TEMPLATE: &str = "handout.html";
/// Below an article's folder: the handout, and below that the large-print variant.
pub(crate) const FOLDER: &str = "handout/";
pub(crate) const LARGE_FOLDER: &str = "handout/large/";

/// What `handout.html` sees as `handout`, beside the article's own `page` view.
#[derive(Serialize)]
struct HandoutView<'a> {
    /// The article's "Key points" list (HTML), or empty when it has none.
    key_points: String,
    /// The article's "What to do next" section (HTML), or empty.
    next_steps: String,
    questions: &'a [String],
    /// The live article's address and a QR code of it (inline SVG; empty if the address is
    /// too long to encode, the address itself is still printed).
    permalink: &'a str,
    qr_svg: &'a str,
    large: bool,
    /// The other variant's address.
    other_url: String,
}

/// Renders the handouts of every article, reusing `cache`'s pages while `quick` (templates,
/// structure, shared context, link graph) and the article's source are unchanged.
pub(crate) fn handouts(
    tera: &Tera,
    bases: &[Context],
    cx: &RenderContext,
    (markdown, graph): (&[Arc<MarkdownOut>], &Graph),
    quick: u64,
    (cache, sink): (&mut HashMap<String, (u64, OutputFile)>, Option<PageSink>),
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let site = cx.site;
    if !site.templates.contains_key(TEMPLATE) {
        cache.clear();
        return Vec::new();
    }
    let previous = std::mem::take(cache);
    // Each worker copies the shared contexts once (as pages do), not once per article.
    let results: Vec<Result<Vec<(u64, OutputFile)>, Diagnostic>> = (0..site.entries.len())
        .into_par_iter()
        .filter(|&index| !site.entries[index].is_section())
        .map_init(
            || bases.to_vec(),
            |contexts, index| {
                let entry = &site.entries[index];
                let key = hash_bytes(&[
                    &quick.to_le_bytes(),
                    entry.doc.rel_path.as_bytes(),
                    entry.doc.source.text.as_bytes(),
                ]);
                let standard = format!("{}{FOLDER}index.html", entry.path);
                let large = format!("{}{LARGE_FOLDER}index.html", entry.path);
                if let (Some((k1, f1)), Some((k2, f2))) =
                    (previous.get(&standard), previous.get(&large))
                {
                    if *k1 == key && *k2 == key {
                        return Ok(vec![(key, f1.clone()), (key, f2.clone())]);
                    }
                }
                let context = &mut contexts[cx.language_index(index)];
                let files = render_one(tera, context, cx, (&markdown[index], graph), index)
                    .map_err(|d| d.in_file(&entry.doc.source.path))?;
                match sink {
                    // Written as rendered and dropped, like pages: 2 handouts an article would
                    // otherwise be held until the end of the build.
                    Some(sink) => {
                        files.iter().try_for_each(sink)?;
                        Ok(Vec::new())
                    }
                    None => Ok(files.into_iter().map(|f| (key, f)).collect()),
                }
            },
        )
        .collect();
    let mut files = Vec::new();
    for result in results {
        match result {
            Ok(pair) => {
                for (key, file) in pair {
                    cache.insert(file.path.clone(), (key, file.clone()));
                    files.push(file);
                }
            }
            Err(d) => diagnostics.push(d),
        }
    }
    files
}

/// The standard and large-print handouts of entry `index`, rendered with `context`, the
/// language's shared context, which it leaves as it was.
fn render_one(
    tera: &Tera,
    context: &mut Context,
    cx: &RenderContext,
    (markdown, graph): (&MarkdownOut, &Graph),
    index: usize,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let site = cx.site;
    let entry = &site.entries[index];
    let strings = site.strings.of(&entry.lang);
    let heading = |key: &str| strings.get(key).map_or("", String::as_str);
    let html = &markdown.body.html;
    let section = |key: &str| section_html(html, &markdown.body.headings, heading(key));
    let key_points = section("handout_key_points_heading");
    let next_steps = section("handout_next_steps_heading");
    let qr_svg = qr_svg(&entry.permalink).unwrap_or_default();
    let mut page = page_view_of(cx, markdown, graph, index);
    // The handout shows parts of the article, never all of it: leaving the whole body out of
    // the template context halves the time handouts take to render.
    page.content = "";
    page.summary = "";
    context.insert("page", &page);
    let standard_url = cx.config.url_path(&format!("{}{FOLDER}", entry.path));
    let large_url = cx.config.url_path(&format!("{}{LARGE_FOLDER}", entry.path));
    let mut files = Vec::with_capacity(2);
    let mut render = |large: bool| -> Result<(), Diagnostic> {
        let view = HandoutView {
            key_points: key_points.clone(),
            next_steps: next_steps.clone(),
            questions: &entry.front().questions,
            permalink: &entry.permalink,
            qr_svg: &qr_svg,
            large,
            other_url: if large { &standard_url } else { &large_url }.clone(),
        };
        context.insert("handout", &view);
        let folder = if large { LARGE_FOLDER } else { FOLDER };
        let html = render_template(tera, TEMPLATE, context, site)?;
        files.push(OutputFile {
            path: format!("{}{folder}index.html", entry.path),
            bytes: html.into_bytes().into(),
        });
        Ok(())
    };
    let rendered = render(false).and_then(|()| render(true));
    context.remove("page");
    context.remove("handout");
    rendered.map(|()| files)
}

/// The HTML between the level-2 heading titled `title` (compared without case) and the next
/// level-2 heading; empty when there is no such heading. The renderer writes each heading as
/// `<h2 id="ID">`, with the ids its list of headings holds.
fn section_html(html: &str, headings: &[super::markdown::Heading], title: &str) -> String {
    let wanted = title.trim().to_lowercase();
    let Some(heading) = headings
        .iter()
        .find(|h| h.level == 2 && !wanted.is_empty() && h.title.trim().to_lowercase() == wanted)
    else {
        return String::new();
    };
    let open = format!("<h2 id=\"{}\"", heading.id);
    let Some(start) = html.find(&open) else {
        return String::new();
    };
    let Some(body) = html[start..]
        .find("</h2>")
        .map(|end| start + end + "</h2>".len())
    else {
        return String::new();
    };
    let end = html[body..]
        .find("<h2")
        .map_or(html.len(), |next| body + next);
    html[body..end].trim().to_string()
}

/// A QR code of `address` as an SVG element to inline, hidden from screen readers (the
/// address is printed beside it). `None` when the address is too long for a QR code. The
/// `qrcode` crate encodes it; the path draws each row's runs of dark modules as one rectangle
/// (`M x y h n v 1 h -n z`), about a tenth of the size of the crate's SVG renderer, which
/// draws every module on its own: it is inlined into 2 handouts of every article.
fn qr_svg(address: &str) -> Option<String> {
    use std::fmt::Write as _;
    /// The blank margin readers need around the code, in modules.
    const QUIET: usize = 4;
    let code = qrcode::QrCode::with_error_correction_level(address, qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let size = width + 2 * QUIET;
    let colors = code.to_colors();
    let mut path = String::with_capacity(width * width / 2);
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let run = row[x..]
                    .iter()
                    .take_while(|&&c| c == qrcode::Color::Dark)
                    .count();
                let _ = write!(path, "M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET);
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"handout-qr-code\" aria-hidden=\"true\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{size}\" height=\"{size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::Heading;

    fn heading(id: &str, title: &str) -> Heading {
        Heading {
            level: 2,
            id: id.into(),
            title: title.into(),
        }
    }

    #[test]
    fn a_section_runs_from_its_heading_to_the_next() {
        let html = "<p>intro</p>\n<h2 id=\"key-points\">Key points</h2>\n<ul><li>one</li></ul>\n<h3 id=\"x\">x</h3><p>more</p>\n<h2 id=\"later\">Later</h2><p>no</p>";
        let headings = [
            heading("key-points", "Key points"),
            heading("later", "Later"),
        ];
        assert_eq!(
            section_html(html, &headings, "key POINTS"),
            "<ul><li>one</li></ul>\n<h3 id=\"x\">x</h3><p>more</p>"
        );
        assert_eq!(section_html(html, &headings, "Later"), "<p>no</p>");
        assert_eq!(section_html(html, &headings, "Missing"), "");
        assert_eq!(section_html(html, &headings, ""), "");
    }

    #[test]
    fn the_qr_code_is_an_inline_svg_hidden_from_screen_readers() {
        let svg = qr_svg("https://example.org/levels-of-care/intensive-outpatient/").unwrap();
        assert!(svg.starts_with("<svg class=\"handout-qr-code\" aria-hidden=\"true\""));
        assert!(svg.contains("<path") && svg.ends_with("</svg>"), "{svg}");
        assert!(
            !svg.contains("style="),
            "no style attribute a strict CSP would block"
        );
        assert!(qr_svg(&"x".repeat(8000)).is_none());
    }

    /// The run-length path draws exactly the crate's modules, inside the quiet zone.
    #[test]
    fn the_qr_path_draws_every_dark_module_and_no_other() {
        let address = "https://example.org/es/niveles-de-atencion/programa-intensivo-ambulatorio/";
        let code =
            qrcode::QrCode::with_error_correction_level(address, qrcode::EcLevel::M).unwrap();
        let width = code.width();
        let svg = qr_svg(address).unwrap();
        let size = width + 8;
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut drawn = vec![qrcode::Color::Light; width * width];
        for segment in d.split('M').filter(|s| !s.is_empty()) {
            // "x yhNv1h-Nz"
            let (xy, rest) = segment.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let run: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            assert!(rest.ends_with(&format!("v1h-{run}z")), "{segment}");
            for dx in 0..run {
                drawn[(y - 4) * width + x - 4 + dx] = qrcode::Color::Dark;
            }
        }
        assert_eq!(drawn, code.to_colors());
    }
}
