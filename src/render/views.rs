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
            extra: config.extra_for(lang),
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
    pub reviewed_by: Option<&'a str>,
    pub weight: Option<i64>,
    pub taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    pub sources: &'a [Source],
    pub facts: Vec<FactView>,
    pub faq: Vec<FaqView<'a>>,
    pub glossary: Vec<&'a GlossaryTerm>,
    pub extra: &'a toml::Table,
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
    for &(t, term) in &entry.terms {
        let taxonomy = &site.taxonomies[t];
        let term = &taxonomy.terms[term];
        taxonomies
            .entry(taxonomy.name.as_str())
            .or_default()
            .push(TermLink {
                taxonomy: &taxonomy.name,
                name: &term.name,
                url: inputs.config.url_path(&term.path),
            });
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
        reviewed_by: front.reviewed_by.as_deref(),
        weight: front.weight,
        taxonomies,
        sources: &front.sources,
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
        extra: &front.extra,
        ancestors: links(&site.ancestors(index)),
        prev: entry.prev.map(|i| LinkView::of(&site.entries[i])),
        next: entry.next.map(|i| LinkView::of(&site.entries[i])),
        backlinks: links(&inputs.graph.backlinks[index]),
        related: links(&inputs.graph.related[index]),
        pages: links(&entry.pages),
        subsections: links(&entry.subsections),
        compare_url: inputs.compare_url,
        json_ld: String::new(),
    }
}

/// Words a reader meets on the page: the body, FAQ answers and glossary definitions.
fn words(md: &MarkdownOut, glossary: &[&GlossaryTerm]) -> usize {
    md.body.word_count
        + md.faq.iter().map(|(_, a)| a.word_count).sum::<usize>()
        + glossary
            .iter()
            .map(|t| t.term.split_whitespace().count() + t.definition.split_whitespace().count())
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
    /// Filled only on taxonomy pages and the site map (empty elsewhere): copying every
    /// term's pages into every page's context would make the build quadratic.
    pub pages: Vec<LinkView<'a>>,
}

/// The site as seen from language `lang`: its home page, sections and taxonomies.
/// `with_pages` fills each term's page list (for taxonomy pages only).
pub fn site_view<'a>(
    site: &'a Site,
    config: &'a Config,
    lang: &str,
    with_pages: bool,
) -> SiteView<'a> {
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
