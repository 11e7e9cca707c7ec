//! Pages and files made by the generator rather than written by editors: taxonomy list and
//! term pages, compare pages, the site map page, alias redirects, 404.html, sitemap.xml and
//! robots.txt.

use std::fmt::Write as _;

use serde::Serialize;
use tera::{Context, Tera};

use super::highlight::html_escape;
use super::views::{self, LinkView};
use super::{render_template, OutputFile, RenderContext};
use crate::diagnostics::Diagnostics;

pub fn generated(
    tera: &Tera,
    base: &Context,
    cx: &RenderContext,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let site = cx.site;
    let config = cx.config;
    let mut sitemap_extra: Vec<String> = Vec::new();
    let site_view = views::site_view(site, config, true);

    for taxonomy in &site_view.taxonomies {
        let mut context = base.clone();
        context.insert("taxonomy", taxonomy);
        let path = site
            .taxonomies
            .iter()
            .find(|t| t.name == taxonomy.name)
            .map(|t| t.path.clone())
            .unwrap_or_default();
        push(
            &mut files,
            diagnostics,
            &path,
            render_template(tera, "taxonomy_list.html", &context, site),
        );
        sitemap_extra.push(path);
        let terms = site
            .taxonomies
            .iter()
            .find(|t| t.name == taxonomy.name)
            .map_or(&[][..], |t| &t.terms[..]);
        for (term_view, term) in taxonomy.terms.iter().zip(terms) {
            let mut context = base.clone();
            context.insert("taxonomy", taxonomy);
            context.insert("term", term_view);
            push(
                &mut files,
                diagnostics,
                &term.path,
                render_template(tera, "taxonomy_term.html", &context, site),
            );
            sitemap_extra.push(term.path.clone());
        }
    }

    for (index, section) in cx.compare.sections.iter().enumerate() {
        let Some(section_entry) = section.entry else {
            continue;
        };
        let entry = &site.entries[section_entry];
        #[derive(Serialize)]
        struct CompareView<'a> {
            title: String,
            section: LinkView<'a>,
            /// Breadcrumbs: the home page down to the section itself.
            ancestors: Vec<LinkView<'a>>,
            table: String,
            items: Vec<LinkView<'a>>,
            url: String,
            permalink: String,
        }
        let path = format!("{}compare/", entry.path);
        let view = CompareView {
            title: section
                .schema
                .title
                .clone()
                .unwrap_or_else(|| format!("Compare: {}", entry.title())),
            section: LinkView::of(entry),
            table: cx.compare.full_table(site, index),
            items: section
                .items
                .iter()
                .map(|&i| LinkView::of(&site.entries[i]))
                .collect(),
            ancestors: site
                .ancestors(section_entry)
                .into_iter()
                .chain([section_entry])
                .map(|i| LinkView::of(&site.entries[i]))
                .collect(),
            url: config.url_path(&path),
            permalink: config.permalink(&path),
        };
        let mut context = base.clone();
        context.insert("compare", &view);
        let template = if site.templates.contains_key("compare.html") {
            "compare.html"
        } else {
            "page.html"
        };
        push(
            &mut files,
            diagnostics,
            &path,
            render_template(tera, template, &context, site),
        );
        sitemap_extra.push(path);
    }

    if site.templates.contains_key("site_map.html") {
        let mut context = base.clone();
        context.insert("site", &site_view);
        context.insert("sections", &section_tree(site));
        push(
            &mut files,
            diagnostics,
            "site-map/",
            render_template(tera, "site_map.html", &context, site),
        );
        sitemap_extra.push("site-map/".into());
    }

    // The shareable results page, /search/?q=...; the client fills it in.
    if site.templates.contains_key("search.html") {
        push(
            &mut files,
            diagnostics,
            "search/",
            render_template(tera, "search.html", base, site),
        );
    }

    for alias in &site.aliases {
        let target = &site.entries[alias.entry];
        files.push(OutputFile {
            path: format!("{}index.html", alias.path),
            bytes: redirect_page(&target.url, &target.permalink).into_bytes(),
        });
    }

    match render_template(tera, "404.html", base, site) {
        Ok(html) => files.push(OutputFile {
            path: "404.html".into(),
            bytes: html.into_bytes(),
        }),
        Err(d) => diagnostics.push(d),
    }
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: sitemap(cx, &sitemap_extra).into_bytes(),
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            config.permalink("sitemap.xml")
        )
        .into_bytes(),
    });
    files
}

/// Every section, depth first from the home page, with its pages: the site map's content.
#[derive(Serialize)]
struct SectionTree<'a> {
    #[serde(flatten)]
    link: LinkView<'a>,
    depth: usize,
    pages: Vec<LinkView<'a>>,
}

fn section_tree(site: &crate::resolve::Site) -> Vec<SectionTree<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![(0usize, 0usize)];
    while let Some((index, depth)) = stack.pop() {
        let entry = &site.entries[index];
        out.push(SectionTree {
            link: LinkView::of(entry),
            depth,
            pages: entry
                .pages
                .iter()
                .map(|&i| LinkView::of(&site.entries[i]))
                .collect(),
        });
        for &sub in entry.subsections.iter().rev() {
            stack.push((sub, depth + 1));
        }
    }
    out
}

fn push(
    files: &mut Vec<OutputFile>,
    diagnostics: &mut Diagnostics,
    path: &str,
    result: Result<String, crate::diagnostics::Diagnostic>,
) {
    match result {
        Ok(html) => files.push(OutputFile {
            path: format!("{path}index.html"),
            bytes: html.into_bytes(),
        }),
        Err(d) => diagnostics.push(d),
    }
}

/// A redirect that works on any static host: meta refresh, canonical link, and a plain link.
fn redirect_page(url: &str, permalink: &str) -> String {
    let url = html_escape(url);
    let permalink = html_escape(permalink);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting</title>\n\
         <link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{url}\">{permalink}</a>.</p>\n</body>\n</html>\n"
    )
}

fn sitemap(cx: &RenderContext, extra: &[String]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for entry in &cx.site.entries {
        let front = entry.front();
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            html_escape(&entry.permalink)
        );
        if let Some(date) = front.updated.or(front.last_reviewed).or(front.date) {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        xml.push_str("  </url>\n");
    }
    for path in extra {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n  </url>\n",
            html_escape(&cx.config.permalink(path))
        );
    }
    xml.push_str("</urlset>\n");
    xml
}
