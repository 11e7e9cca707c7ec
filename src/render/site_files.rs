//! Pages and files made by the generator rather than written by editors: taxonomy list and
//! term pages, compare pages, the site map page, alias redirects, 404.html, sitemap.xml and
//! robots.txt.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;
use tera::{Context, Tera};

use super::cache::hash_bytes;
use super::highlight::html_escape;
use super::views::{self, LinkView, Terms};
use super::{render_template, OutputFile, RenderContext};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Renders generated pages through templates. Their variables come only from the site's
/// structure (addresses, front matter, the link graph) and the shared context, which `quick`
/// hashes; while it is unchanged the cached pages are reused without building any view.
struct Generator<'a> {
    tera: &'a Tera,
    /// The shared context of each language, in the order of `config.languages`; each page
    /// adds its variables and removes them after rendering.
    contexts: Vec<Context>,
    cx: &'a RenderContext<'a>,
    quick: u64,
    previous: HashMap<String, (u64, OutputFile)>,
    cache: &'a mut HashMap<String, (u64, OutputFile)>,
    files: Vec<OutputFile>,
    diagnostics: &'a mut Diagnostics,
    /// Each entry's address and alias (a folder, as `search/`) → the entry and whether it is
    /// an alias, so a page written where the build generates one is reported against its
    /// file instead of colliding at emit.
    entry_paths: HashMap<&'a str, (usize, bool)>,
}

/// What a generated page is, in a diagnostic, by its template.
fn generated_kind(template: &str, path: &str) -> &'static str {
    match template {
        "taxonomy_list.html" => "a taxonomy's list of terms",
        "taxonomy_term.html" => "a taxonomy term's page",
        "site_map.html" => "the site map",
        "search.html" => "the search page",
        "404.html" => "the page-not-found page",
        _ if path.ends_with("compare/") => "a section's compare page",
        _ => "a generated page",
    }
}

impl Generator<'_> {
    /// Renders `template` to `path` (a folder, written as `path/index.html`, or a file name)
    /// with `vars` added to the shared context.
    fn page(
        &mut self,
        language: usize,
        path: &str,
        template: &str,
        vars: impl FnOnce() -> Vec<(&'static str, serde_json::Value)>,
    ) {
        let file_path = if path.ends_with('/') || path.is_empty() {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        if let Some(&(entry, alias)) = self.entry_paths.get(path) {
            let entry = &self.cx.site.entries[entry];
            let kind = generated_kind(template, path);
            let what = if alias {
                "an alias of this page"
            } else {
                "this page's address"
            };
            self.diagnostics.push(
                Diagnostic::error(format!(
                    "{what} `{}` is where the build writes {kind}",
                    self.cx.config.url_path(path)
                ))
                .at(&entry.doc.source, 0..0)
                .help(
                    "rename the file or give it another `slug`; the build generates `search/`, \
                     `site-map/`, `topics/TAXONOMY/`, `topics/TAXONOMY/TERM/` and \
                     `SECTION/compare/` (below each language's prefix)",
                ),
            );
            return;
        }
        let key = hash_bytes(&[&self.quick.to_le_bytes(), template.as_bytes()]);
        let file = match self.previous.get(&file_path) {
            Some((cached, file)) if *cached == key => Ok(file.clone()),
            _ => {
                // The language's shared context, lent to this page and given back as it was:
                // a copy per page would cost as much as the site's whole navigation.
                let context = &mut self.contexts[language];
                // A page may shadow a shared variable (the site map's fuller `site`).
                let shadowed: Vec<_> = vars()
                    .into_iter()
                    .map(|(name, value)| (name, context.remove(name), value))
                    .collect();
                for (name, _, value) in &shadowed {
                    context.insert(*name, value);
                }
                let html = render_template(self.tera, template, context, self.cx.site);
                for (name, previous, _) in shadowed {
                    context.remove(name);
                    if let Some(previous) = previous {
                        context.insert(name, &previous);
                    }
                }
                html.map(|html| OutputFile {
                    path: file_path.clone(),
                    bytes: html.into_bytes().into(),
                })
            }
        };
        match file {
            Ok(file) => {
                self.cache.insert(file_path, (key, file.clone()));
                self.files.push(file);
            }
            Err(d) => self.diagnostics.push(d),
        }
    }
}

fn json(value: impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

pub fn generated(
    tera: &Tera,
    bases: &[Context],
    cx: &RenderContext,
    quick: u64,
    cache: &mut HashMap<String, (u64, OutputFile)>,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let site = cx.site;
    let config = cx.config;
    let mut generator = Generator {
        tera,
        contexts: bases.to_vec(),
        cx,
        quick,
        previous: std::mem::take(cache),
        cache,
        files: Vec::new(),
        diagnostics,
        entry_paths: site
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.path.as_str(), (i, false)))
            .chain(
                site.aliases
                    .iter()
                    .map(|a| (a.path.as_str(), (a.entry, true))),
            )
            .collect(),
    };
    let mut sitemap_extra: Vec<String> = Vec::new();
    for (language, lang) in config.languages.iter().enumerate() {
        // A language without pages has no generated pages either.
        let Some(&home) = site.homes.get(&lang.code) else {
            continue;
        };
        generate_language(&mut generator, language, home, &mut sitemap_extra);
    }
    generator.page(0, "404.html", "404.html", Vec::new);

    let mut files = generator.files;
    for alias in &site.aliases {
        let target = &site.entries[alias.entry];
        files.push(OutputFile {
            path: format!("{}index.html", alias.path),
            bytes: redirect_page(target, &site.strings).into_bytes().into(),
        });
    }
    for language in &config.languages {
        if site.homes.contains_key(&language.code) {
            files.push(OutputFile {
                path: format!("{}atom.xml", language.prefix),
                bytes: atom_feed(cx, language).into_bytes().into(),
            });
        }
    }
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: sitemap(cx, &sitemap_extra).into_bytes().into(),
    });
    files.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            config.permalink("sitemap.xml")
        )
        .into_bytes()
        .into(),
    });
    // A site's (or theme's) own static/robots.txt or static/sitemap.xml is there on purpose:
    // it replaces the generated file, as a static file does in Hugo (docs/deploy.md).
    files.retain(|f| !site.static_files.contains_key(&f.path));
    files
}

/// The generated pages of one language: taxonomy, compare, site map and search pages.
fn generate_language(
    generator: &mut Generator,
    language: usize,
    home: usize,
    sitemap_extra: &mut Vec<String>,
) {
    let cx = generator.cx;
    let site = cx.site;
    let config = cx.config;
    let code = &config.languages[language].code;
    let prefix = &config.languages[language].prefix;
    // Views are built once, and only if some page needs rendering.
    let light = std::cell::OnceCell::new();
    let light = || light.get_or_init(|| views::site_view(site, config, code, Terms::Counted));
    let full = std::cell::OnceCell::new();
    let full = || full.get_or_init(|| views::site_view(site, config, code, Terms::WithPages));
    let bare = std::cell::OnceCell::new();
    let bare = || bare.get_or_init(|| views::site_view(site, config, code, Terms::None));

    let taxonomies = site.taxonomies.iter().filter(|t| &t.lang == code);
    for (t, index) in taxonomies.enumerate() {
        // The list page names and counts the terms; a term page lists its own pages, and
        // its `taxonomy` carries no terms, or every term page would repeat them all.
        generator.page(language, &index.path, "taxonomy_list.html", || {
            vec![("taxonomy", json(&light().taxonomies[t]))]
        });
        sitemap_extra.push(index.path.clone());
        for (n, term) in index.terms.iter().enumerate() {
            generator.page(language, &term.path, "taxonomy_term.html", || {
                vec![
                    ("taxonomy", json(&bare().taxonomies[t])),
                    ("term", json(&full().taxonomies[t].terms[n])),
                ]
            });
            sitemap_extra.push(term.path.clone());
        }
    }

    for (index, section) in cx.compare.sections.iter().enumerate() {
        let Some(section_entry) = section.entry else {
            continue;
        };
        if &site.entries[section_entry].lang != code {
            continue;
        }
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
        let view = || CompareView {
            title: section.schema.title.clone().unwrap_or_else(|| {
                site.strings
                    .get(&entry.lang, "compare_page_title", "Compare: {title}")
                    .replace("{title}", entry.title())
            }),
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
        let template = if site.templates.contains_key("compare.html") {
            "compare.html"
        } else {
            "page.html"
        };
        generator.page(language, &path, template, || {
            vec![("compare", json(view()))]
        });
        sitemap_extra.push(path);
    }

    if site.templates.contains_key("site_map.html") {
        let path = format!("{prefix}site-map/");
        generator.page(language, &path, "site_map.html", || {
            vec![
                ("site", json(full())),
                ("sections", json(section_tree(site, home))),
            ]
        });
        sitemap_extra.push(path);
    }
    // The shareable results page, /search/?q=...; the client fills it in.
    if site.templates.contains_key("search.html") {
        generator.page(
            language,
            &format!("{prefix}search/"),
            "search.html",
            Vec::new,
        );
    }
}

/// Every section, depth first from the home page, with its pages: the site map's content.
#[derive(Serialize)]
struct SectionTree<'a> {
    #[serde(flatten)]
    link: LinkView<'a>,
    depth: usize,
    pages: Vec<LinkView<'a>>,
}

fn section_tree(site: &crate::resolve::Site, home: usize) -> Vec<SectionTree<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![(home, 0usize)];
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

/// A redirect that works on any static host: meta refresh, canonical link, and a plain link,
/// in the language of the page it points to.
fn redirect_page(target: &crate::resolve::Entry, strings: &crate::i18n::Strings) -> String {
    let url = html_escape(&target.url);
    let permalink = html_escape(&target.permalink);
    let lang = html_escape(&target.lang);
    let dir = match crate::lang::direction(&target.lang).attribute() {
        "rtl" => " dir=\"rtl\"",
        _ => "",
    };
    let title = html_escape(strings.get(&target.lang, "redirect_title", "Redirecting"));
    let moved = html_escape(strings.get(&target.lang, "redirect_moved", "This page has moved to"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"{dir}>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>{moved} <a href=\"{url}\">{permalink}</a>.</p>\n</body>\n</html>\n"
    )
}

/// How many articles the feed lists, newest first.
const FEED_LENGTH: usize = 30;

/// An Atom feed of new and updated articles. A page's date in the feed is its `updated`,
/// else `last_reviewed`, else `date`; pages with none are left out, so the feed never
/// invents a date (and stays the same from one build to the next).
fn atom_feed(cx: &RenderContext, language: &crate::config::LanguageConfig) -> String {
    let config = cx.config;
    let title = language.settings.title.as_deref().unwrap_or(&config.title);
    let description = language
        .settings
        .description
        .as_deref()
        .unwrap_or(&config.description);
    let prefix = &language.prefix;
    let mut dated: Vec<(crate::load::Date, &crate::resolve::Entry)> = cx
        .site
        .entries
        .iter()
        .filter(|e| !e.is_section() && e.lang == language.code)
        .filter_map(|e| {
            let front = e.front();
            front
                .updated
                .or(front.last_reviewed)
                .or(front.date)
                .map(|d| (d, e))
        })
        .collect();
    dated.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.doc.rel_path.cmp(&b.1.doc.rel_path))
    });
    dated.truncate(FEED_LENGTH);
    let updated = dated
        .first()
        .map_or_else(|| "1970-01-01".to_string(), |(d, _)| d.to_string());
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(xml, " xml:lang=\"{}\">", html_escape(&language.code));
    let _ = writeln!(xml, "  <title>{}</title>", html_escape(title));
    if !description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", html_escape(description));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        html_escape(&config.permalink(&format!("{prefix}atom.xml")))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        html_escape(&config.permalink(prefix))
    );
    let _ = writeln!(xml, "  <id>{}</id>", html_escape(&config.permalink(prefix)));
    let _ = writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        html_escape(title)
    );
    for (date, entry) in dated {
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", html_escape(entry.title()));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            html_escape(&entry.permalink)
        );
        let _ = writeln!(xml, "    <id>{}</id>", html_escape(&entry.permalink));
        let _ = writeln!(xml, "    <updated>{date}T00:00:00Z</updated>");
        if let Some(description) = &entry.front().description {
            let _ = writeln!(xml, "    <summary>{}</summary>", html_escape(description));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn sitemap(cx: &RenderContext, extra: &[String]) -> String {
    let translated = cx.config.languages.len() > 1;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if translated {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
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
        // Every version of a translated page, itself included, as search engines ask.
        if !entry.translations.is_empty() {
            let mut versions: Vec<&crate::resolve::Entry> = entry
                .translations
                .iter()
                .map(|&t| &cx.site.entries[t])
                .chain([entry])
                .collect();
            versions.sort_by_key(|e| cx.config.languages.iter().position(|l| l.code == e.lang));
            for version in versions {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    html_escape(&version.lang),
                    html_escape(&version.permalink)
                );
            }
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
