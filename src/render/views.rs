//! What templates see: borrowed view structs shaped for templates, not the model itself.
//! docs/templates.md documents every field.

use std::collections::BTreeMap;

use serde::Serialize;

use super::compare::FactView;
use super::glossary::GlossaryTerm;
use super::markdown::Heading;
use super::{Graph, MarkdownOut};
use crate::config::Config;
use crate::load::front_matter::{Date, Source};
use crate::resolve::{Entry, Site};
pub use crate::url_policy::SafeUrl;
use std::borrow::Cow;

/// `config` as templates see it on a page in one language: the title, description and
/// `[extra]` keys of `[languages.CODE]` replace the site-wide ones.
#[derive(Serialize)]
pub struct ConfigView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    /// The root of the page's language: `base_path` plus the language's prefix (`/help/es/`).
    pub lang_path: String,
    pub default_language: &'a str,
    /// `[extra]`, its addresses checked (see `url_policy::safe_table`).
    pub extra: toml::Table,
    /// Every language of the site with its home page's URL.
    pub languages: Vec<LanguageView<'a>>,
}

#[derive(Serialize)]
pub struct LanguageView<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub url: String,
}

impl<'a> ConfigView<'a> {
    pub fn new(config: &'a Config, lang: &str) -> Self {
        let language = config.language(lang);
        ConfigView {
            title: language.settings.title.as_deref().unwrap_or(&config.title),
            description: language
                .settings
                .description
                .as_deref()
                .unwrap_or(&config.description),
            base_url: &config.base_url,
            base_path: &config.base_path,
            lang_path: config.url_path(&language.prefix),
            default_language: &config.default_language,
            extra: crate::url_policy::safe_table(&config.extra_for(lang)).into_owned(),
            languages: config
                .languages
                .iter()
                .map(|l| LanguageView {
                    code: &l.code,
                    name: l.name(),
                    url: config.url_path(&l.prefix),
                })
                .collect(),
        }
    }
}

/// A version of a page in one language, for `hreflang` links and the language switcher.
#[derive(Serialize)]
pub struct TranslationView<'a> {
    pub lang: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub permalink: &'a str,
}

/// A link to an entry, as listings show it.
#[derive(Serialize, Clone)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub description: Option<&'a str>,
}

impl<'a> LinkView<'a> {
    pub fn of(entry: &'a Entry) -> Self {
        LinkView {
            title: entry.title(),
            url: &entry.url,
            description: entry.front().description.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub struct TocItem {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocItem>,
}

/// Nests headings: each heading owns the deeper ones that follow it.
pub fn toc(headings: &[Heading]) -> Vec<TocItem> {
    let mut root: Vec<TocItem> = Vec::new();
    for heading in headings {
        let item = TocItem {
            level: heading.level,
            id: heading.id.clone(),
            title: heading.title.clone(),
            children: Vec::new(),
        };
        let mut list = &mut root;
        while list.last().is_some_and(|last| last.level < heading.level) {
            list = &mut list.last_mut().expect("checked non-empty").children;
        }
        list.push(item);
    }
    root
}

#[derive(Serialize)]
pub struct DateView {
    /// `2026-11-15`, for `<time datetime>` and machines.
    pub iso: String,
    /// `November 15, 2026` (`15 de noviembre de 2026`), for people, in the page's language.
    pub display: String,
}

/// How dates read in one language: the theme's `months` and `date_format` strings.
pub struct DateFormat<'a> {
    months: Vec<&'a str>,
    format: &'a str,
}

impl<'a> DateFormat<'a> {
    pub fn new(strings: &'a crate::i18n::Strings, lang: &str) -> Self {
        let months: Vec<&str> = strings
            .get(lang, "months", "")
            .split(',')
            .map(str::trim)
            .collect();
        DateFormat {
            months: if months.len() == 12 {
                months
            } else {
                Vec::new()
            },
            format: strings.get(lang, "date_format", "{month} {day}, {year}"),
        }
    }

    pub fn view(&self, date: Option<Date>) -> Option<DateView> {
        use chrono::Datelike;
        date.map(|d| {
            let month = self
                .months
                .get(d.0.month0() as usize)
                .map(|m| m.to_string())
                .unwrap_or_else(|| d.0.format("%B").to_string());
            DateView {
                iso: d.to_string(),
                display: self
                    .format
                    .replace("{month}", &month)
                    .replace("{day}", &d.0.day().to_string())
                    .replace("{year}", &d.0.year().to_string()),
            }
        })
    }
}

/// A source as templates see it: its address checked.
#[derive(Serialize)]
pub struct SourceView<'a> {
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub year: Option<i64>,
    pub url: Option<SafeUrl>,
}

impl<'a> SourceView<'a> {
    pub fn of(source: &'a Source) -> Self {
        SourceView {
            title: &source.title,
            publisher: source.publisher.as_deref(),
            year: source.year,
            url: source.url.as_deref().and_then(SafeUrl::new),
        }
    }
}

#[derive(Serialize)]
pub struct FaqView<'a> {
    pub id: &'a str,
    pub question: &'a str,
    /// The answer as HTML.
    pub answer: &'a str,
}

#[derive(Serialize)]
pub struct TermLink<'a> {
    pub taxonomy: &'a str,
    pub name: &'a str,
    pub url: String,
}

/// One taxonomy's terms on a page.
#[derive(Serialize)]
pub struct TopicView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: String,
    pub terms: Vec<TermLink<'a>>,
}

/// A page or section.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: &'a str,
    pub permalink: &'a str,
    /// Source path below content/.
    pub path: &'a str,
    pub is_section: bool,
    pub content: &'a str,
    pub summary: &'a str,
    pub toc: Vec<TocItem>,
    pub word_count: usize,
    /// Minutes, at 200 words a minute, at least 1.
    pub reading_time: usize,
    pub date: Option<DateView>,
    pub updated: Option<DateView>,
    pub last_reviewed: Option<DateView>,
    pub next_review: Option<DateView>,
    /// Who approved the page, as one line ("Ana Ruiz, MD (Psychiatrist)"), from `reviewer`
    /// (or an older site's `reviewed_by`).
    pub reviewed_by: Option<String>,
    /// The structured reviewer: `name`, `credentials`, `role` or `team`.
    pub reviewer: Option<&'a crate::load::front_matter::Reviewer>,
    /// `"sample"` for sample content that no clinician has reviewed yet.
    pub review_status: Option<&'static str>,
    pub weight: Option<i64>,
    pub taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    /// The same terms grouped by taxonomy in config order, with each taxonomy's title and
    /// address, so a page footer need not walk every taxonomy of the site.
    pub topics: Vec<TopicView<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub facts: Vec<FactView>,
    pub faq: Vec<FaqView<'a>>,
    pub glossary: Vec<&'a GlossaryTerm>,
    /// Front matter's `[extra]`, its addresses checked.
    pub extra: Cow<'a, toml::Table>,
    pub ancestors: Vec<LinkView<'a>>,
    pub prev: Option<LinkView<'a>>,
    pub next: Option<LinkView<'a>>,
    pub backlinks: Vec<LinkView<'a>>,
    pub related: Vec<LinkView<'a>>,
    /// Sections: their pages and subsections, in order.
    pub pages: Vec<LinkView<'a>>,
    pub subsections: Vec<LinkView<'a>>,
    /// The comparison page of a comparable section.
    pub compare_url: Option<String>,
    /// JSON-LD structured data, escaped for a `<script type="application/ld+json">` element.
    pub json_ld: String,
    /// The page's language code.
    pub lang: &'a str,
    /// The page in every language it exists in, this one included, in language order
    /// (a single item when it has no translation).
    pub translations: Vec<TranslationView<'a>>,
    /// A location page's checked `[location]` (docs/locations.md).
    pub location: Option<super::locations::Location>,
    /// On a level-of-care article, the locations that offer it.
    pub offered_at: Vec<super::locations::Location>,
    /// On the list and finder pages (templates `locations.html`, `finder.html`): every
    /// location of the page's language and the finder's filter choices.
    pub locations: Vec<super::locations::Location>,
    pub location_options: Option<super::locations::FinderOptions>,
}

fn translations<'a>(site: &'a Site, config: &'a Config, index: usize) -> Vec<TranslationView<'a>> {
    let entry = &site.entries[index];
    let mut all: Vec<usize> = entry.translations.clone();
    all.push(index);
    let order = |i: &usize| {
        config
            .languages
            .iter()
            .position(|l| l.code == site.entries[*i].lang)
    };
    all.sort_by_key(order);
    all.into_iter()
        .map(|i| {
            let e = &site.entries[i];
            TranslationView {
                lang: &e.lang,
                name: config.language(&e.lang).name(),
                url: &e.url,
                permalink: &e.permalink,
            }
        })
        .collect()
}

pub struct PageInputs<'a> {
    pub site: &'a Site,
    pub config: &'a Config,
    pub markdown: &'a MarkdownOut,
    pub graph: &'a Graph,
    pub facts: Vec<FactView>,
    pub glossary: Vec<&'a GlossaryTerm>,
    pub compare_url: Option<String>,
}

pub fn page_view<'a>(index: usize, inputs: PageInputs<'a>) -> PageView<'a> {
    let site = inputs.site;
    let entry = &site.entries[index];
    let front = entry.front();
    let md = inputs.markdown;
    let dates = DateFormat::new(&site.strings, &entry.lang);
    let links = |list: &[usize]| {
        list.iter()
            .map(|&i| LinkView::of(&site.entries[i]))
            .collect::<Vec<_>>()
    };
    let mut taxonomies: BTreeMap<&str, Vec<TermLink>> = BTreeMap::new();
    // Keyed by the taxonomy's index, which is its place in config.toml.
    let mut topics: BTreeMap<usize, TopicView> = BTreeMap::new();
    for &(t, term) in &entry.terms {
        let taxonomy = &site.taxonomies[t];
        let term = &taxonomy.terms[term];
        let link = || TermLink {
            taxonomy: &taxonomy.name,
            name: &term.name,
            url: inputs.config.url_path(&term.path),
        };
        taxonomies
            .entry(taxonomy.name.as_str())
            .or_default()
            .push(link());
        topics
            .entry(t)
            .or_insert_with(|| TopicView {
                name: &taxonomy.name,
                title: &taxonomy.title,
                url: inputs.config.url_path(&taxonomy.path),
                terms: Vec::new(),
            })
            .terms
            .push(link());
    }
    PageView {
        title: entry.title(),
        description: front.description.as_deref(),
        url: &entry.url,
        permalink: &entry.permalink,
        path: &entry.doc.rel_path,
        is_section: entry.is_section(),
        content: &md.body.html,
        summary: &md.body.summary,
        toc: toc(&md.body.headings),
        word_count: words(md, &inputs.glossary),
        reading_time: words(md, &inputs.glossary).div_ceil(200).max(1),
        date: dates.view(front.date),
        updated: dates.view(front.updated),
        last_reviewed: dates.view(front.last_reviewed),
        next_review: dates.view(front.next_review),
        lang: &entry.lang,
        translations: translations(site, inputs.config, index),
        location: None,
        offered_at: Vec::new(),
        locations: Vec::new(),
        location_options: None,
        reviewed_by: front
            .reviewer
            .as_ref()
            .map(crate::review::approve::describe)
            .or_else(|| front.reviewed_by.clone()),
        reviewer: front.reviewer.as_ref(),
        review_status: front.review_status.map(|s| match s {
            crate::load::front_matter::ReviewStatus::Sample => "sample",
        }),
        weight: front.weight,
        taxonomies,
        topics: topics.into_values().collect(),
        sources: front.sources.iter().map(SourceView::of).collect(),
        facts: inputs.facts,
        faq: md
            .faq
            .iter()
            .zip(&front.faq)
            .map(|((id, answer), raw)| FaqView {
                id,
                question: &raw.question,
                answer: &answer.html,
            })
            .collect(),
        glossary: inputs.glossary,
        extra: crate::url_policy::safe_table(&front.extra),
        ancestors: links(&site.ancestors(index)),
        prev: entry.prev.map(|i| LinkView::of(&site.entries[i])),
        next: entry.next.map(|i| LinkView::of(&site.entries[i])),
        backlinks: links(&article_backlinks(
            site,
            inputs.config,
            &inputs.graph.backlinks[index],
        )),
        related: links(&inputs.graph.related[index]),
        pages: links(&entry.pages),
        subsections: links(&entry.subsections),
        compare_url: inputs.compare_url,
        json_ld: String::new(),
    }
}

/// The backlinks a reader can use: articles only. Left out is what the header and footer
/// already link from every page: sections (the header's menu and listings), the home page's
/// own pages (the footer: FAQ, glossary, get help) and the review-policy page (the footer).
fn article_backlinks(site: &Site, config: &Config, from: &[usize]) -> Vec<usize> {
    let policy = config.extra.get("review_policy").and_then(|v| v.as_str());
    let at_home = |e: &Entry| e.parent.is_none_or(|p| site.entries[p].parent.is_none());
    from.iter()
        .copied()
        .filter(|&i| {
            let e = &site.entries[i];
            !e.is_section() && !at_home(e) && Some(e.key.as_str()) != policy
        })
        .collect()
}

/// Words a reader meets on the page: the body, FAQ answers and glossary definitions.
fn words(md: &MarkdownOut, glossary: &[&GlossaryTerm]) -> usize {
    md.body.word_count
        + md.faq.iter().map(|(_, a)| a.word_count).sum::<usize>()
        + glossary
            .iter()
            .map(|t| crate::lang::words::count(&t.term) + crate::lang::words::count(&t.definition))
            .sum::<usize>()
}

/// Site-wide navigation every template gets.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub home: LinkView<'a>,
    /// Top-level sections, in order.
    pub sections: Vec<LinkView<'a>>,
    /// Top-level pages (the home page's pages: FAQ, glossary...), in order.
    pub pages: Vec<LinkView<'a>>,
    pub taxonomies: Vec<TaxonomyView<'a>>,
}

#[derive(Serialize)]
pub struct TaxonomyView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
    pub terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub url: String,
    pub permalink: String,
    pub count: usize,
    /// Filled only on term pages and the site map (empty elsewhere): copying every
    /// term's pages into every page's context would make the build quadratic.
    pub pages: Vec<LinkView<'a>>,
}

/// How much of each taxonomy a [`SiteView`] carries. Every page's context holds one, so
/// only the pages that show terms get them: with them on every page, a site's work would
/// grow with pages times terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terms {
    /// Names and addresses of the taxonomies only (every page's shared context).
    None,
    /// Each term's name, address and count (a taxonomy's list page).
    Counted,
    /// Counted, and each term's pages (term pages and the site map).
    WithPages,
}

/// The site as seen from language `lang`: its home page, sections and taxonomies, with
/// as much of each taxonomy's terms as `terms` says.
pub fn site_view<'a>(site: &'a Site, config: &'a Config, lang: &str, terms: Terms) -> SiteView<'a> {
    let with_pages = terms == Terms::WithPages;
    let home = &site.entries[site.home_of(lang)];
    SiteView {
        home: LinkView::of(home),
        sections: home
            .subsections
            .iter()
            .map(|&i| LinkView::of(&site.entries[i]))
            .collect(),
        pages: home
            .pages
            .iter()
            .map(|&i| LinkView::of(&site.entries[i]))
            .collect(),
        taxonomies: site
            .taxonomies
            .iter()
            .filter(|t| t.lang == lang)
            .map(|t| TaxonomyView {
                name: &t.name,
                title: &t.title,
                url: config.url_path(&t.path),
                permalink: config.permalink(&t.path),
                terms: t
                    .terms
                    .iter()
                    .filter(|_| terms != Terms::None)
                    .map(|term| TermView {
                        name: &term.name,
                        url: config.url_path(&term.path),
                        permalink: config.permalink(&term.path),
                        count: term.entries.len(),
                        pages: if with_pages {
                            term.entries
                                .iter()
                                .map(|&i| LinkView::of(&site.entries[i]))
                                .collect()
                        } else {
                            Vec::new()
                        },
                    })
                    .collect(),
            })
            .collect(),
    }
}
