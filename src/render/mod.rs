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
pub mod shortcode;
mod site_files;

pub mod templates;
pub mod views;

use std::collections::HashSet;
use std::time::{Duration, Instant};

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
    /// Time of each part of rendering, for `--timings`.
    pub timings: Vec<(&'static str, Duration)>,
}

pub fn render(site: &Site, config: &Config) -> (Rendered, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |timings: &mut Vec<(&'static str, Duration)>, stage| {
        timings.push((stage, clock.elapsed()));
        clock = Instant::now();
    };
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
    lap(&mut timings, "markdown");

    let graph = link_graph(site, &markdown);
    links::check_anchors(site, &markdown, &mut diagnostics);
    lap(&mut timings, "links");

    let mut rendered = Rendered {
        files: Vec::new(),
        markdown,
        graph,
        timings: Vec::new(),
    };
    // After content errors, templates would only add noise about content that is already wrong.
    let tera = templates::build(site, config, compare.to_json(site), &mut diagnostics);
    if let Some(tera) = tera.filter(|_| !diagnostics.has_errors()) {
        rendered.files = render_templates(&tera, &cx, &rendered, &mut diagnostics);
    }
    lap(&mut timings, "templates");
    rendered.timings = timings;
    (rendered, diagnostics)
}

fn render_templates(
    tera: &Tera,
    cx: &RenderContext,
    rendered: &Rendered,
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let site = cx.site;
    let shared = Shared {
        config: ConfigView::new(cx.config),
        site: views::site_view(site, cx.config, false),
    };
    let base = shared_context(&shared);
    // An entry whose template is missing was reported by `resolve`.
    let pages: Vec<Result<OutputFile, Diagnostic>> = (0..site.entries.len())
        .into_par_iter()
        .filter(|&index| site.templates.contains_key(&site.entries[index].template))
        .map(|index| {
            render_entry(
                tera,
                &base,
                cx,
                &rendered.markdown[index],
                &rendered.graph,
                index,
            )
        })
        .collect();
    let mut files = Vec::with_capacity(pages.len() + 16);
    for page in pages {
        match page {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    files.extend(site_files::generated(tera, &base, cx, diagnostics));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn render_markdown(cx: &RenderContext, index: usize) -> (MarkdownOut, Vec<Diagnostic>) {
    let entry = &cx.site.entries[index];
    let doc = &entry.doc;
    let mut out = MarkdownOut::default();
    let mut scope = markdown::PageScope {
        ids: HashSet::new(),
        glossary: cx.glossary.page_state(index),
    };
    // Glossary anchors are claimed first so headings never take their ids.
    for id in cx.glossary.ids_by_entry.get(&index).into_iter().flatten() {
        scope.ids.insert(id.clone());
    }
    let (body, mut found) = markdown::render(cx, index, doc.body_text(), doc.body.start, &mut scope);
    out.body = body;
    let glossary_links = cx.glossary.links_by_entry.get(&index).into_iter().flatten();
    out.body.links.extend(glossary_links.cloned());
    for raw in &doc.front.faq {
        let id = markdown::unique_id(slugify(&raw.question), &mut scope.ids);
        let offset = doc.source.text[..doc.body.start]
            .find(raw.answer.trim())
            .unwrap_or(0);
        let (answer, more) = markdown::render(cx, index, &raw.answer, offset, &mut scope);
        found.extend(more);
        out.faq.push((id, answer));
    }
    out.ids = scope.ids;
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
                .title_key
                .cmp(&site.entries[b].title_key)
                .then(a.cmp(&b))
        })
    };
    backlinks.iter_mut().for_each(by_title);
    let related = related_all(site, &outgoing, &backlinks);
    Graph {
        outgoing,
        backlinks,
        related,
    }
}

const RELATED_COUNT: usize = 5;

/// Scratch space reused across pages on one thread: a score per entry and the entries touched.
#[derive(Default)]
struct Scores {
    score: Vec<u32>,
    touched: Vec<usize>,
}

fn related_all(site: &Site, outgoing: &[Vec<usize>], backlinks: &[Vec<usize>]) -> Vec<Vec<usize>> {
    (0..site.entries.len())
        .into_par_iter()
        .map_init(Scores::default, |scores, index| {
            related_pages(site, index, outgoing, backlinks, scores)
        })
        .collect()
}

/// Pages sharing the most taxonomy terms (two points a term, one more if they link here),
/// excluding sections and pages the body already links to; ties by title.
fn related_pages(
    site: &Site,
    index: usize,
    outgoing: &[Vec<usize>],
    backlinks: &[Vec<usize>],
    scores: &mut Scores,
) -> Vec<usize> {
    let entry = &site.entries[index];
    if entry.terms.is_empty() {
        return Vec::new();
    }
    scores.score.resize(site.entries.len(), 0);
    for &(t, term) in &entry.terms {
        for &other in &site.taxonomies[t].terms[term].entries {
            if scores.score[other] == 0 {
                scores.touched.push(other);
            }
            scores.score[other] += 2;
        }
    }
    for &other in &backlinks[index] {
        if scores.score[other] > 0 {
            scores.score[other] += 1;
        }
    }
    let mut ranked: Vec<(u32, usize)> = Vec::with_capacity(RELATED_COUNT + 1);
    for &other in &scores.touched {
        let score = scores.score[other];
        if other == index || site.entries[other].is_section() || outgoing[index].contains(&other) {
            continue;
        }
        let better = |a: &(u32, usize), b: &(u32, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| {
                    site.entries[a.1]
                        .title_key
                        .cmp(&site.entries[b.1].title_key)
                })
                .then(a.1.cmp(&b.1))
        };
        let candidate = (score, other);
        if ranked.len() < RELATED_COUNT || better(&candidate, ranked.last().expect("full")).is_lt()
        {
            let at = ranked.partition_point(|r| better(r, &candidate).is_lt());
            ranked.insert(at, candidate);
            ranked.truncate(RELATED_COUNT);
        }
    }
    for &other in &scores.touched {
        scores.score[other] = 0;
    }
    scores.touched.clear();
    ranked.into_iter().map(|(_, i)| i).collect()
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
    // The section's own page and each of its items link to the compare page.
    let compare_url = cx
        .compare
        .sections
        .iter()
        .find(|s| s.entry == Some(index) || s.items.contains(&index))
        .and_then(|s| s.entry)
        .map(|section| format!("{}compare/", site.entries[section].url));
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
            compare_url,
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
