//! The `render` stage: [`Site`] → [`Rendered`], the bytes of every output file.
//! In order: the glossary and comparison tables are built; every entry's Markdown is rendered
//! in parallel (which also discovers links and heading ids); the link graph (backlinks,
//! related articles) is built and every `#anchor` checked; then every template is rendered
//! in parallel, with the generated pages (taxonomies, compare pages, redirects, 404,
//! sitemap, robots.txt) beside them.

pub mod cache;
pub mod compare;
pub mod edge;
pub mod glossary;
mod handout;
pub mod highlight;
mod ids;
pub mod locations;
pub mod markdown;
mod phone_links;
pub mod sanitize;
mod site_files;
pub mod structured;
pub mod table;

mod template_errors;
pub mod templates;
pub mod views;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::slug::slugify;
use crate::resolve::Site;
pub use cache::RenderCache;
use compare::CompareTables;
use glossary::Glossary;
use markdown::RenderedMarkdown;
use views::{ConfigView, PageInputs};

/// What Markdown transformers may consult.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    /// One per language, in the order of `config.languages`.
    pub glossaries: &'a [Glossary],
    pub compare: &'a CompareTables,
    pub locations: &'a locations::Locations,
}

impl RenderContext<'_> {
    /// The position of entry `index`'s language in `config.languages`.
    pub fn language_index(&self, index: usize) -> usize {
        let lang = &self.site.entries[index].lang;
        self.config
            .languages
            .iter()
            .position(|l| &l.code == lang)
            .unwrap_or(0)
    }

    /// The glossary of entry `index`'s language.
    pub fn glossary(&self, index: usize) -> &Glossary {
        &self.glossaries[self.language_index(index)]
    }
}

/// An entry's rendered Markdown: the body and each FAQ answer (with its anchor id).
#[derive(Debug, Default)]
pub struct MarkdownOut {
    pub body: RenderedMarkdown,
    pub faq: Vec<(String, RenderedMarkdown)>,
    /// Every id on the page: headings, FAQ questions, glossary terms.
    pub ids: HashSet<String>,
}

pub use crate::resolve::graph::Graph;
pub use crate::resolve::links;

impl links::PageLinks for MarkdownOut {
    fn parts(
        &self,
    ) -> impl Iterator<Item = (&[links::InternalLink], &[(String, std::ops::Range<usize>)])> {
        std::iter::once(&self.body)
            .chain(self.faq.iter().map(|(_, answer)| answer))
            .map(|part| (part.links.as_slice(), part.self_anchors.as_slice()))
    }

    fn ids(&self) -> &HashSet<String> {
        &self.ids
    }
}

/// One file to write, by its path below the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared, so that `serve`'s cache and the build's list hold one copy.
    pub bytes: Arc<[u8]>,
}

/// Everything `emit` writes, plus what the search index needs.
#[derive(Debug, Default)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub markdown: Vec<Arc<MarkdownOut>>,
    pub graph: Arc<Graph>,
    /// Time of each part of rendering, for `--timings`.
    pub timings: Vec<(&'static str, Duration)>,
    /// The pages were rendered (content and templates had no errors), into `files` or a sink.
    pub complete: bool,
}

/// A rendered page: kept for `Rendered::files` and the cache, or already handed to a sink.
enum Page {
    Kept(cache::CachedPage),
    Written,
}

pub fn render(site: &Site, config: &Config) -> (Rendered, Diagnostics) {
    render_cached(site, config, &mut RenderCache::default(), None)
}

/// Where a build that writes as it renders hands each page as soon as it is rendered (see
/// `emit::Staging`); such pages are then dropped, not kept in [`Rendered::files`], so the
/// build never holds every page at once.
pub type PageSink<'a> = &'a (dyn Fn(&OutputFile) -> Result<(), Diagnostic> + Sync);

/// [`render`], reusing and updating what `cache` holds from earlier renders, and handing
/// pages to `sink` when there is one.
pub fn render_cached(
    site: &Site,
    config: &Config,
    cache: &mut RenderCache,
    sink: Option<PageSink>,
) -> (Rendered, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |timings: &mut Vec<(&'static str, Duration)>, stage| {
        timings.push((stage, clock.elapsed()));
        clock = Instant::now();
    };
    let glossaries = Glossary::build_all(site, config, &mut diagnostics);
    let compare = CompareTables::build(site, config, &mut diagnostics);
    let locations = locations::Locations::build(site, config, &mut diagnostics);
    let cx = RenderContext {
        site,
        config,
        glossaries: &glossaries,
        compare: &compare,
        locations: &locations,
    };

    let signature = cache::site_signature(site, config);
    let previous = std::mem::take(&mut cache.markdown);
    let results: Vec<(Arc<MarkdownOut>, Vec<Diagnostic>)> = (0..site.entries.len())
        .into_par_iter()
        .map(|index| {
            let doc = &site.entries[index].doc;
            match previous.get(&doc.rel_path) {
                Some(hit) if hit.matches(&doc.source.text, signature) => {
                    (hit.out.clone(), hit.diagnostics.clone())
                }
                _ => {
                    let (out, found) = render_markdown(&cx, index);
                    (Arc::new(out), found)
                }
            }
        })
        .collect();
    cache.last.markdown_rendered = results
        .iter()
        .enumerate()
        .filter(|(i, (out, _))| {
            previous
                .get(&site.entries[*i].doc.rel_path)
                .is_none_or(|hit| !Arc::ptr_eq(&hit.out, out))
        })
        .count();
    let mut markdown = Vec::with_capacity(results.len());
    for (index, (out, found)) in results.into_iter().enumerate() {
        let doc = &site.entries[index].doc;
        let cached = cache::CachedMarkdown {
            source: doc.source.text.clone(),
            signature,
            out: out.clone(),
            diagnostics: found.clone(),
        };
        cache.markdown.insert(doc.rel_path.clone(), cached);
        diagnostics.extend(found);
        markdown.push(out);
    }
    lap(&mut timings, "markdown");

    let graph_key = crate::resolve::graph::graph_inputs(site, &markdown);
    cache.last_graph_key = graph_key;
    let graph = match cache.graph.take() {
        Some((key, graph)) if key == graph_key => graph,
        _ => Arc::new(crate::resolve::graph::link_graph(site, &markdown)),
    };
    cache.graph = Some((graph_key, graph.clone()));
    links::check_anchors(site, &markdown, &mut diagnostics);
    lap(&mut timings, "links");

    let mut rendered = Rendered {
        files: Vec::new(),
        markdown,
        graph,
        timings: Vec::new(),
        complete: false,
    };
    // After content errors, templates would only add noise about content that is already wrong.
    let tera = templates::build(site, config, compare.to_json(site), &mut diagnostics);
    if let Some(tera) = tera.filter(|_| !diagnostics.has_errors()) {
        let templates_hash = hash_templates(site);
        rendered.files = render_templates(
            &tera,
            &cx,
            &rendered,
            Hashes {
                templates: templates_hash,
                site: signature,
            },
            (cache, sink),
            &mut diagnostics,
        );
        rendered.complete = true;
    }
    lap(&mut timings, "templates");
    rendered.timings = timings;
    (rendered, diagnostics)
}

/// Templates and what `get_url` answers for stylesheets: a restyle renames the stylesheet,
/// so every page that links it must be rendered again.
fn hash_templates(site: &Site) -> u64 {
    let parts: Vec<&[u8]> = site
        .templates
        .values()
        .flat_map(|t| [t.name.as_bytes(), t.source.text.as_bytes()])
        .chain(site.styles.values().map(|s| s.path.as_bytes()))
        .collect();
    cache::hash_bytes(&parts)
}

/// What pages are rendered from besides their views: the templates and the site signature.
struct Hashes {
    templates: u64,
    site: u64,
}

fn render_templates(
    tera: &Tera,
    cx: &RenderContext,
    rendered: &Rendered,
    hashes: Hashes,
    (cache, sink): (&mut RenderCache, Option<PageSink>),
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let (templates_hash, site_signature) = (hashes.templates, hashes.site);
    let site = cx.site;
    // What every page of one language shares, in the order of `config.languages`.
    let bases: Vec<Context> = cx
        .config
        .languages
        .iter()
        .map(|language| {
            shared_context(&Shared {
                lang: &language.code,
                config: ConfigView::new(cx.config, &language.code),
                site: views::site_view(site, cx.config, &language.code, views::Terms::None),
                strings: site.strings.of(&language.code),
            })
        })
        .collect();
    let shared_json = serde_json::to_vec(
        &bases
            .iter()
            .map(Context::clone)
            .map(Context::into_json)
            .collect::<Vec<_>>(),
    )
    .unwrap_or_default();
    let shared_hash = cache::hash_bytes(&[&shared_json, &templates_hash.to_le_bytes()]);
    let previous = std::mem::take(&mut cache.pages);
    // Unchanged structure, shared context and link graph: a page whose own file and
    // Markdown are unchanged cannot render differently, so its view need not be built.
    let quick = cache::hash_bytes(&[
        &shared_hash.to_le_bytes(),
        // The whole site but the bodies: every setting, address and front matter.
        &site_signature.to_le_bytes(),
        &cache.last_graph_key.to_le_bytes(),
    ]);
    // An entry whose template is missing was reported by `resolve`.
    let pages: Vec<Result<Page, (Diagnostic, Option<std::path::PathBuf>)>> =
        (0..site.entries.len())
            .into_par_iter()
            .filter(|&index| site.templates.contains_key(&site.entries[index].template))
            // Each worker copies the shared contexts once and lends them to its pages: a copy
            // per page would make every page cost as much as the whole site's navigation.
            .map_init(
                || bases.clone(),
                |contexts, index| {
                    let page = PageRender {
                        tera,
                        cx,
                        markdown: &rendered.markdown[index],
                        graph: &rendered.graph,
                        index,
                    };
                    let context = &mut contexts[cx.language_index(index)];
                    let page_path = || Some(site.entries[index].doc.source.path.clone());
                    let page = page
                        .render(context, (shared_hash, quick), &previous, sink.is_none())
                        .map_err(|d| (d, page_path()))?;
                    match sink {
                        // Written: only whether it was rendered anew is kept.
                        Some(sink) => sink(&page.file)
                            .map(|()| Page::Written)
                            .map_err(|d| (d, None)),
                        None => Ok(Page::Kept(page)),
                    }
                },
            )
            .collect();
    cache.last.pages_rendered = pages
        .iter()
        .filter(|p| match p {
            Ok(Page::Kept(page)) => previous
                .get(&page.file.path)
                .is_none_or(|old| old.key != page.key),
            Ok(Page::Written) | Err(_) => true,
        })
        .count();
    let mut files = Vec::with_capacity(pages.len() + site.styles.len() + 16);
    files.extend(site.styles.values().map(|style| OutputFile {
        path: style.path.clone(),
        bytes: style.bytes.clone().into(),
    }));
    let mut failures = Vec::new();
    for page in pages {
        match page {
            Ok(Page::Kept(page)) => {
                files.push(page.file.clone());
                cache.pages.insert(page.file.path.clone(), page);
            }
            Ok(Page::Written) => {}
            Err(failure) => failures.push(failure),
        }
    }
    let mut generated = Diagnostics::new();
    files.extend(site_files::generated(
        tera,
        &bases,
        cx,
        quick,
        &mut cache.generated,
        &mut generated,
    ));
    files.extend(handout::handouts(
        tera,
        &bases,
        cx,
        (&rendered.markdown, &rendered.graph),
        quick,
        (&mut cache.handouts, sink),
        &mut generated,
    ));
    failures.extend(generated.into_iter().map(|d| (d, None)));
    // A template problem is one error however many pages meet it.
    diagnostics.extend(template_errors::merge_page_errors(failures));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn render_markdown(cx: &RenderContext, index: usize) -> (MarkdownOut, Vec<Diagnostic>) {
    let entry = &cx.site.entries[index];
    let doc = &entry.doc;
    let mut out = MarkdownOut::default();
    let mut scope = markdown::PageScope {
        ids: ids::UniqueIds::default(),
        glossary: cx.glossary(index).page_state(index),
    };
    // Glossary anchors are claimed first so headings never take their ids.
    for id in cx
        .glossary(index)
        .ids_by_entry
        .get(&index)
        .into_iter()
        .flatten()
    {
        scope.ids.claim(id.clone());
    }
    let (body, mut found) =
        markdown::render(cx, index, doc.body_text(), doc.body.start, &mut scope);
    out.body = body;
    let glossary_links = cx
        .glossary(index)
        .links_by_entry
        .get(&index)
        .into_iter()
        .flatten();
    out.body.links.extend(glossary_links.cloned());
    for (i, raw) in doc.front.faq.iter().enumerate() {
        let id = markdown::unique_id(slugify(&raw.question), &mut scope.ids);
        let offset = crate::parse::answer_offset(doc, i, &raw.answer);
        let (answer, more) = markdown::render(cx, index, &raw.answer, offset, &mut scope);
        found.extend(more);
        out.faq.push((id, answer));
    }
    out.ids = scope.ids.into_set();
    if let Some(warning) = untranslated_links(cx, index, &out) {
        found.push(warning);
    }
    (out, found)
}

/// One warning per page for its links that go to another language because the target has
/// no translation in the page's language, naming the files to translate.
fn untranslated_links(cx: &RenderContext, index: usize, out: &MarkdownOut) -> Option<Diagnostic> {
    let entry = &cx.site.entries[index];
    let links: Vec<&(usize, std::ops::Range<usize>)> = out
        .body
        .other_language
        .iter()
        .chain(out.faq.iter().flat_map(|(_, a)| &a.other_language))
        .collect();
    let first = links.first()?;
    let mut missing: Vec<&str> = links
        .iter()
        .map(|(target, _)| cx.site.entries[*target].doc.rel_path.as_str())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let language = cx.config.language(&entry.lang);
    Some(
        Diagnostic::warning(format!(
            "{} link{} to {} page{} not translated into {}: {}",
            links.len(),
            if links.len() == 1 { " goes" } else { "s go" },
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            language.name(),
            missing.join(", ")
        ))
        .at(&entry.doc.source, first.1.clone())
        .help(format!(
            "readers see the original, marked as another language; translate {} as NAME.{}.md beside the original to link the translation instead",
            if missing.len() == 1 { "it" } else { "them" },
            entry.lang
        )),
    )
}

/// Parts of the template context that are the same on every page of one language.
struct Shared<'a> {
    lang: &'a str,
    config: ConfigView<'a>,
    site: views::SiteView<'a>,
    strings: &'a BTreeMap<String, String>,
}

fn shared_context(shared: &Shared) -> Context {
    let mut context = Context::new();
    context.insert("lang", shared.lang);
    context.insert("dir", crate::lang::direction(shared.lang).attribute());
    context.insert("config", &shared.config);
    context.insert("site", &shared.site);
    context.insert("i18n", shared.strings);
    context
}

/// One entry's page, rendered through its template unless the cache has it.
struct PageRender<'a> {
    tera: &'a Tera,
    cx: &'a RenderContext<'a>,
    markdown: &'a Arc<MarkdownOut>,
    graph: &'a Graph,
    index: usize,
}

impl PageRender<'_> {
    /// Renders with `context`, the language's shared context, which it leaves as it was.
    /// `keep`: the page goes to the cache (no sink), so it needs its key.
    fn render(
        &self,
        context: &mut Context,
        (shared_hash, quick): (u64, u64),
        previous: &HashMap<String, cache::CachedPage>,
        keep: bool,
    ) -> Result<cache::CachedPage, Diagnostic> {
        let PageRender {
            tera,
            cx,
            markdown,
            graph,
            index,
        } = *self;
        let site = cx.site;
        let entry = &site.entries[index];
        let path = format!("{}index.html", entry.path);
        let old = previous.get(&path);
        if let Some(old) = old.filter(|old| old.unchanged(quick, &entry.doc.source.text, markdown))
        {
            return Ok(old.clone());
        }
        let mut view = page_view_of(cx, markdown, graph, index);
        // The key: the view without its HTML (hashed directly, faster than serializing it).
        // A page that will not be kept (a sink writes it) and has no old version to compare
        // with never needs it: a clean build would serialize every view twice for nothing.
        let key = if keep || old.is_some() {
            let (content, summary) = (view.content, view.summary);
            view.content = "";
            view.summary = "";
            let view_json = serde_json::to_vec(&view).unwrap_or_default();
            view.content = content;
            view.summary = summary;
            cache::hash_bytes(&[
                &shared_hash.to_le_bytes(),
                entry.template.as_bytes(),
                &view_json,
                content.as_bytes(),
                summary.as_bytes(),
            ])
        } else {
            0
        };
        let reuse = |file: OutputFile| cache::CachedPage {
            quick,
            source: entry.doc.source.text.clone(),
            markdown: markdown.clone(),
            key,
            file,
        };
        if let Some(old) = old.filter(|old| old.key == key) {
            return Ok(reuse(old.file.clone()));
        }
        context.insert("page", &view);
        if entry.is_section() {
            context.insert("section", &view);
        }
        let html = render_template(tera, &entry.template, context, site);
        context.remove("page");
        context.remove("section");
        html.map(|html| {
            reuse(OutputFile {
                path,
                bytes: html.into_bytes().into(),
            })
        })
    }
}

fn page_view_of<'a>(
    cx: &'a RenderContext,
    markdown: &'a MarkdownOut,
    graph: &'a Graph,
    index: usize,
) -> views::PageView<'a> {
    let site = cx.site;
    // The section's own page and each of its items link to the compare page.
    let compare_url = cx
        .compare
        .sections
        .iter()
        .find(|s| s.entry == Some(index) || s.items.contains(&index))
        .and_then(|s| s.entry)
        .map(|section| format!("{}compare/", site.entries[section].url));
    let glossary = cx
        .glossary(index)
        .terms
        .iter()
        .filter(|t| t.defined_in == index)
        .collect();
    let mut view = views::page_view(
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
    locations_of(cx, index, &mut view);
    view.json_ld = structured::json_ld(&view, cx.config);
    view
}

/// The location fields of a page's view: its own `[location]`, the locations offering a
/// level of care, and on the list and finder pages every location of the language.
fn locations_of(cx: &RenderContext, index: usize, view: &mut views::PageView) {
    let entry = &cx.site.entries[index];
    view.location = cx.locations.of(index).cloned();
    view.offered_at = cx
        .locations
        .offering(cx.site, index)
        .into_iter()
        .cloned()
        .collect();
    if matches!(entry.template.as_str(), "locations.html" | "finder.html") {
        let (list, options) =
            locations::finder_view(&cx.locations.in_language(cx.site, &entry.lang));
        view.locations = list;
        view.location_options = Some(options);
    }
}

/// Renders one template; a failure names the template.
pub fn render_template(
    tera: &Tera,
    name: &str,
    context: &Context,
    site: &Site,
) -> Result<String, Diagnostic> {
    templates::guarded(|| tera.render(name, context))
        .map_err(|e| template_errors::explain(&e, &site.templates, Some(context)))
}
