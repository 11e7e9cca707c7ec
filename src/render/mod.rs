//! The `render` stage: [`Site`] → [`Rendered`], the bytes of every output file.
//! In order: the glossary and comparison tables are built; every entry's Markdown is rendered
//! in parallel (which also discovers links and heading ids); the link graph (backlinks,
//! related articles) is built and every `#anchor` checked; then every template is rendered
//! in parallel, with the generated pages (taxonomies, compare pages, redirects, 404,
//! sitemap, robots.txt) beside them.

pub mod compare;
pub mod glossary;
pub mod highlight;
pub mod links;
pub mod markdown;
mod site_files;
pub mod templates;
pub mod views;

use std::collections::HashSet;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::slug::slugify;
use crate::resolve::Site;
use compare::CompareTables;
use glossary::Glossary;
use markdown::RenderedMarkdown;
use views::{ConfigView, PageInputs};

/// What Markdown transformers may consult.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub glossary: &'a Glossary,
    pub compare: &'a CompareTables,
}

/// An entry's rendered Markdown: the body and each FAQ answer (with its anchor id).
#[derive(Debug, Default)]
pub struct MarkdownOut {
    pub body: RenderedMarkdown,
    pub faq: Vec<(String, RenderedMarkdown)>,
    /// Every id on the page: headings, FAQ questions, glossary terms.
    pub ids: HashSet<String>,
}

/// The link graph.
#[derive(Debug, Default)]
pub struct Graph {
    /// Entries each entry links to, deduplicated, in first-link order.
    pub outgoing: Vec<Vec<usize>>,
    /// Entries linking to each entry, by title.
    pub backlinks: Vec<Vec<usize>>,
    /// Related pages not already linked from the body, best first.
    pub related: Vec<Vec<usize>>,
}

/// One file to write, by its path below the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything `emit` writes, plus what the search index needs.
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub markdown: Vec<MarkdownOut>,
    pub graph: Graph,
}

pub fn render(site: &Site, config: &Config) -> (Rendered, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let glossary = Glossary::build(site, config, &mut diagnostics);
    let compare = CompareTables::build(site, config, &mut diagnostics);
    let cx = RenderContext {
        site,
        config,
        glossary: &glossary,
        compare: &compare,
    };

    let results: Vec<(MarkdownOut, Vec<Diagnostic>)> = (0..site.entries.len())
        .into_par_iter()
        .map(|index| render_markdown(&cx, index))
        .collect();
    let mut markdown = Vec::with_capacity(results.len());
    for (out, found) in results {
        diagnostics.extend(found);
        markdown.push(out);
    }

    let graph = link_graph(site, &markdown);
    let links: Vec<Vec<links::InternalLink>> = markdown
        .iter()
        .map(|m| {
            m.body
                .links
                .iter()
                .chain(m.faq.iter().flat_map(|(_, a)| &a.links))
                .cloned()
                .collect()
        })
        .collect();
    let self_anchors: Vec<Vec<_>> = markdown
        .iter()
        .map(|m| {
            m.body
                .self_anchors
                .iter()
                .chain(m.faq.iter().flat_map(|(_, a)| &a.self_anchors))
                .cloned()
                .collect()
        })
        .collect();
    let ids: Vec<HashSet<String>> = markdown.iter().map(|m| m.ids.clone()).collect();
    links::check_anchors(site, &links, &self_anchors, &ids, &mut diagnostics);

    let Some(tera) = templates::build(site, config, &mut diagnostics) else {
        return (
            Rendered {
                files: Vec::new(),
                markdown,
                graph,
            },
            diagnostics,
        );
    };
    if diagnostics.has_errors() {
        // Templates would only add noise about content that is already wrong.
        return (
            Rendered {
                files: Vec::new(),
                markdown,
                graph,
            },
            diagnostics,
        );
    }
    let shared = Shared {
        config: ConfigView::new(config),
        site: views::site_view(site, config, false),
    };
    let base = shared_context(&shared);
    // An entry whose template is missing was reported by `resolve`.
    let pages: Vec<Result<OutputFile, Diagnostic>> = (0..site.entries.len())
        .into_par_iter()
        .filter(|&index| site.templates.contains_key(&site.entries[index].template))
        .map(|index| render_entry(&tera, &base, &cx, &markdown[index], &graph, index))
        .collect();
    let mut files = Vec::with_capacity(pages.len() + 16);
    for page in pages {
        match page {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    let generated = site_files::generated(&tera, &base, &cx, &mut diagnostics);
    files.extend(generated);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (
        Rendered {
            files,
            markdown,
            graph,
        },
        diagnostics,
    )
}

fn render_markdown(cx: &RenderContext, index: usize) -> (MarkdownOut, Vec<Diagnostic>) {
    let entry = &cx.site.entries[index];
    let doc = &entry.doc;
    let mut out = MarkdownOut::default();
    // Glossary anchors are claimed first so headings never take their ids.
    for id in cx.glossary.ids_by_entry.get(&index).into_iter().flatten() {
        out.ids.insert(id.clone());
    }
    let (body, mut found) =
        markdown::render(cx, index, doc.body_text(), doc.body.start, &mut out.ids);
    out.body = body;
    let glossary_links = cx.glossary.links_by_entry.get(&index).into_iter().flatten();
    out.body.links.extend(glossary_links.cloned());
    for raw in &doc.front.faq {
        let id = markdown::unique_id(slugify(&raw.question), &mut out.ids);
        let offset = doc.source.text[..doc.body.start]
            .find(raw.answer.trim())
            .unwrap_or(0);
        let (answer, more) = markdown::render(cx, index, &raw.answer, offset, &mut out.ids);
        found.extend(more);
        out.faq.push((id, answer));
    }
    (out, found)
}

/// Outgoing links, backlinks, and related pages ranked by shared taxonomy terms and links.
fn link_graph(site: &Site, markdown: &[MarkdownOut]) -> Graph {
    let n = site.entries.len();
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, out) in markdown.iter().enumerate() {
        let all = out
            .body
            .links
            .iter()
            .chain(out.faq.iter().flat_map(|(_, a)| &a.links));
        for link in all {
            if link.target != from && !outgoing[from].contains(&link.target) {
                outgoing[from].push(link.target);
            }
        }
    }
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, targets) in outgoing.iter().enumerate() {
        for &to in targets {
            backlinks[to].push(from);
        }
    }
    let by_title = |list: &mut Vec<usize>| {
        list.sort_by(|&a, &b| {
            site.entries[a]
                .title()
                .to_lowercase()
                .cmp(&site.entries[b].title().to_lowercase())
                .then(a.cmp(&b))
        })
    };
    backlinks.iter_mut().for_each(by_title);
    let related = (0..n)
        .into_par_iter()
        .map(|index| related_pages(site, index, &outgoing, &backlinks))
        .collect();
    Graph {
        outgoing,
        backlinks,
        related,
    }
}

const RELATED_COUNT: usize = 5;

fn related_pages(
    site: &Site,
    index: usize,
    outgoing: &[Vec<usize>],
    backlinks: &[Vec<usize>],
) -> Vec<usize> {
    let entry = &site.entries[index];
    if entry.terms.is_empty() {
        return Vec::new();
    }
    let mut scores: std::collections::BTreeMap<usize, u32> = std::collections::BTreeMap::new();
    for &(t, term) in &entry.terms {
        for &other in &site.taxonomies[t].terms[term].entries {
            *scores.entry(other).or_default() += 2;
        }
    }
    // A page that links here is a little more related.
    for &other in &backlinks[index] {
        if let Some(score) = scores.get_mut(&other) {
            *score += 1;
        }
    }
    let mut ranked: Vec<(usize, u32)> = scores
        .into_iter()
        .filter(|&(other, _)| {
            other != index && !site.entries[other].is_section() && !outgoing[index].contains(&other)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| {
                site.entries[a.0]
                    .title()
                    .to_lowercase()
                    .cmp(&site.entries[b.0].title().to_lowercase())
            })
            .then(a.0.cmp(&b.0))
    });
    ranked
        .into_iter()
        .take(RELATED_COUNT)
        .map(|(i, _)| i)
        .collect()
}

/// Parts of the template context that are the same on every page.
struct Shared<'a> {
    config: ConfigView<'a>,
    site: views::SiteView<'a>,
}

fn shared_context(shared: &Shared) -> Context {
    let mut context = Context::new();
    context.insert("config", &shared.config);
    context.insert("site", &shared.site);
    context
}

fn render_entry(
    tera: &Tera,
    base: &Context,
    cx: &RenderContext,
    markdown: &MarkdownOut,
    graph: &Graph,
    index: usize,
) -> Result<OutputFile, Diagnostic> {
    let site = cx.site;
    let entry = &site.entries[index];
    let compare_section = cx
        .compare
        .sections
        .iter()
        .position(|s| s.entry == Some(index));
    let glossary = cx
        .glossary
        .terms
        .iter()
        .filter(|t| t.defined_in == index)
        .collect();
    let view = views::page_view(
        index,
        PageInputs {
            site,
            config: cx.config,
            markdown,
            graph,
            facts: cx.compare.facts_of(site, index),
            glossary,
            compare_url: compare_section.map(|_| format!("{}compare/", entry.url)),
        },
    );
    let mut context = base.clone();
    context.insert("page", &view);
    if entry.is_section() {
        context.insert("section", &view);
    }
    render_template(tera, &entry.template, &context, site)
        .map(|html| OutputFile {
            path: format!("{}index.html", entry.path),
            bytes: html.into_bytes(),
        })
        .map_err(|d| d.in_file(&entry.doc.source.path))
}

/// Renders one template; a failure names the template.
pub fn render_template(
    tera: &Tera,
    name: &str,
    context: &Context,
    site: &Site,
) -> Result<String, Diagnostic> {
    tera.render(name, context)
        .map_err(|e| templates::template_error(&e, &site.templates))
}
