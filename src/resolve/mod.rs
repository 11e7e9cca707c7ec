//! The `resolve` stage: turns the loaded [`Corpus`] into a [`Site`]. It gives every page and
//! section its URL, builds the section tree with its ordering and previous/next links, groups
//! pages by taxonomy term, gathers aliases, and checks that no two pages claim one URL and
//! that every named template exists. It reads nothing from disk. It owns what relates pages:
//! link and image resolution with "did you mean" ([`links`]) and the link graph with
//! backlinks and related pages ([`graph`]), which render calls once each page's Markdown is
//! read and only reads afterwards.

pub mod assets;
pub mod graph;
pub mod links;
mod related;
pub use crate::slug;
mod taxonomy;
mod theme_colors;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceText};
use crate::load::front_matter::SortBy;
use crate::load::{CopyFile, Corpus, DocKind, Document, FrontMatter, TemplateSource};
use slug::slugify;
pub use taxonomy::{TaxonomyIndex, Term};

/// A page or section with everything `resolve` learned about it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub doc: Document,
    /// Output path below the site root, `""` for the home page, else ending in `/`.
    pub path: String,
    /// Site-absolute URL (`/help/levels-of-care/`).
    pub url: String,
    pub permalink: String,
    /// The section this entry is listed in (`None` for the home page).
    pub parent: Option<usize>,
    /// Sections only: pages and subsections, ordered.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// The taxonomy terms the entry is filed under: (taxonomy index, term index).
    pub terms: Vec<(usize, usize)>,
    pub template: String,
    /// The lowercased title, computed once: listings sort by it constantly.
    pub title_key: String,
    /// The entry's language code (`en`, `es`).
    pub lang: String,
    /// The source path without a language suffix (`iop/first-day.md` for
    /// `iop/first-day.es.md`): an article and its translations share it.
    pub key: String,
    /// Translations only: the default-language original.
    pub original: Option<usize>,
    /// The same article in the other languages it exists in, in language order.
    pub translations: Vec<usize>,
}

impl Entry {
    pub fn is_section(&self) -> bool {
        self.doc.kind == DocKind::Section
    }

    pub fn front(&self) -> &FrontMatter {
        &self.doc.front
    }

    pub fn title(&self) -> &str {
        self.doc.front.title.as_deref().unwrap_or_default()
    }
}

/// A non-Markdown file from `content/`, copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path below `content/`.
    pub source: String,
    /// Path below the output folder.
    pub output: String,
    pub abs: std::path::PathBuf,
}

/// A redirect from an old address to an entry.
#[derive(Debug, Clone)]
pub struct Alias {
    /// Output path below the site root, ending in `/`.
    pub path: String,
    pub entry: usize,
}

/// The whole site as plain data: the input of `render`.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Sections and pages, in source-path order; index 0 is the home page.
    pub entries: Vec<Entry>,
    /// Source path below `content/` (`iop/first-day.md`) to entry.
    pub by_path: HashMap<String, usize>,
    /// Source paths of drafts left out of this build, so links to them get a clear error.
    pub drafts: BTreeSet<String>,
    pub taxonomies: Vec<TaxonomyIndex>,
    pub aliases: Vec<Alias>,
    /// Content assets with their output paths.
    pub assets: Vec<Asset>,
    /// Source path below `content/` to asset.
    pub asset_by_source: HashMap<String, usize>,
    pub static_files: BTreeMap<String, std::path::PathBuf>,
    /// Fingerprinted stylesheets (minified) and scripts, by their path in `static/`
    /// (`get_url` answers their hashed address).
    pub styles: BTreeMap<String, assets::Fingerprinted>,
    pub templates: BTreeMap<String, TemplateSource>,
    /// Language code → its home page.
    pub homes: HashMap<String, usize>,
    /// Source path without language suffix → the entries of that article, one per language.
    pub by_key: HashMap<String, Vec<usize>>,
    /// Interface strings of every language.
    pub strings: crate::i18n::Strings,
    /// The record of clinical approvals (`reviews.toml`).
    pub reviews: crate::review::Record,
}

impl Site {
    pub fn home(&self) -> &Entry {
        &self.entries[0]
    }

    /// The home page of language `lang` (the default language's if it has none).
    pub fn home_of(&self, lang: &str) -> usize {
        self.homes.get(lang).copied().unwrap_or(0)
    }

    /// The entry for source path `key` (without language suffix) in language `lang`.
    pub fn in_language(&self, key: &str, lang: &str) -> Option<usize> {
        self.by_key
            .get(key)?
            .iter()
            .copied()
            .find(|&i| self.entries[i].lang == lang)
    }

    /// Ancestors from the home page down to the entry's parent.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.entries[index].parent;
        while let Some(parent) = current {
            chain.push(parent);
            current = self.entries[parent].parent;
        }
        chain.reverse();
        chain
    }
}

/// Builds the [`Site`] from the corpus.
pub fn resolve(corpus: Corpus, config: &Config) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut site = Site {
        static_files: corpus.static_files,
        styles: assets::fingerprint(
            &with_colours(corpus.styles, config, &mut diagnostics),
            &mut diagnostics,
        ),
        templates: corpus.templates,
        strings: crate::i18n::Strings::build(&corpus.strings, config, &mut diagnostics),
        reviews: {
            let (record, error) = crate::review::Record::parse(corpus.reviews.as_ref());
            diagnostics.extend(error);
            record
        },
        ..Site::default()
    };

    let mut documents: Vec<(Document, String, String)> = Vec::new();
    for mut doc in corpus.documents {
        if doc.front.draft && !config.drafts {
            site.drafts.insert(doc.rel_path);
            continue;
        }
        let (lang, key) = language_of(&doc.rel_path, config);
        if key != doc.rel_path {
            // `_index.es.md` is a section and `index.es.md` a bundle, like their originals.
            let file = key.rsplit('/').next().unwrap_or_default();
            if file == "_index.md" {
                doc.kind = DocKind::Section;
            }
            doc.bundle = file == "index.md";
        }
        documents.push((doc, lang, key));
    }
    // The home page comes first; a site without content/_index.md gets an empty one, and so
    // does a language with pages but no `_index.CODE.md`.
    let default = &config.languages[0].code;
    if let Some(i) = documents.iter().position(|d| d.0.rel_path == "_index.md") {
        let home = documents.remove(i);
        documents.insert(0, home);
    } else {
        documents.insert(
            0,
            (
                implicit_home(config, default),
                default.clone(),
                "_index.md".into(),
            ),
        );
    }
    for language in config.languages.iter().skip(1) {
        let code = &language.code;
        let has_pages = documents.iter().any(|d| &d.1 == code);
        let has_home = documents.iter().any(|d| &d.1 == code && d.2 == "_index.md");
        if has_pages && !has_home {
            documents.push((
                implicit_home(config, code),
                code.clone(),
                "_index.md".into(),
            ));
        }
    }

    // A section's `slug` renames its folder in the address of everything inside it.
    let folder_slugs: HashMap<(String, String), String> = documents
        .iter()
        .filter(|(doc, _, _)| doc.kind == DocKind::Section)
        .filter_map(|(doc, lang, key)| {
            let slug = slugify(doc.front.slug.as_deref()?);
            (!slug.is_empty()).then(|| ((lang.clone(), parent_dir(key).to_string()), slug))
        })
        .collect();
    let mut taken: HashMap<String, String> = HashMap::new();
    for (doc, lang, key) in documents {
        let prefix = &config.language(&lang).prefix;
        let folders = Folders {
            lang: &lang,
            slugs: &folder_slugs,
        };
        let path = format!(
            "{prefix}{}",
            output_path(&doc, &key, &folders, &mut diagnostics)
        );
        let index = site.entries.len();
        claim_path(
            &mut taken,
            &path,
            &doc.source,
            &doc.rel_path,
            &mut diagnostics,
        );
        site.by_path.insert(doc.rel_path.clone(), index);
        site.by_key.entry(key.clone()).or_default().push(index);
        if key == "_index.md" {
            site.homes.insert(lang.clone(), index);
        }
        // Every language's home gets the home template, not just the first.
        let template = template_name(&doc, key == "_index.md");
        let title_key = doc
            .front
            .title
            .as_deref()
            .unwrap_or_default()
            .to_lowercase();
        site.entries.push(Entry {
            url: config.url_path(&path),
            permalink: config.permalink(&path),
            path,
            doc,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            prev: None,
            next: None,
            terms: Vec::new(),
            template,
            title_key,
            lang,
            key,
            original: None,
            translations: Vec::new(),
        });
    }

    link_translations(&mut site, config);
    build_tree(&mut site);
    order_sections(&mut site);
    site.taxonomies = taxonomy::group(&mut site.entries, config, &mut diagnostics);
    // Taxonomy, term, compare, search and site-map pages are generated in render, which
    // reports a page written at one of their addresses against the page's file.
    collect_aliases(&mut site, &mut taken, &mut diagnostics);
    check_templates(&site, &mut diagnostics);
    site.assets = place_assets(corpus.assets, &site);
    site.asset_by_source = site
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| (a.source.clone(), i))
        .collect();
    (site, diagnostics)
}

fn implicit_home(config: &Config, lang: &str) -> Document {
    let language = config.language(lang);
    let rel_path = if language.prefix.is_empty() {
        "_index.md".to_string()
    } else {
        format!("_index.{lang}.md")
    };
    Document {
        source: SourceText::new(format!("content/{rel_path}"), ""),
        spans: Default::default(),
        rel_path,
        kind: DocKind::Section,
        bundle: false,
        front: FrontMatter {
            title: Some(
                language
                    .settings
                    .title
                    .clone()
                    .unwrap_or_else(|| config.title.clone()),
            ),
            ..FrontMatter::default()
        },
        body: 0..0,
    }
}

/// The static stylesheets plus `colors.css` from `[extra.colors]`, unless the site has its own.
fn with_colours(
    mut styles: BTreeMap<String, SourceText>,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, SourceText> {
    if let Some(css) = theme_colors::stylesheet(config, diagnostics) {
        styles.entry("colors.css".into()).or_insert(css);
    }
    styles
}

/// `iop/a.es.md` → (`es`, `iop/a.md`) when `es` is one of the site's languages (the default one
/// included: `iop/a.en.md` is `iop/a.md` in English);
/// any other path is in the default language and is its own key.
pub fn language_of(rel_path: &str, config: &Config) -> (String, String) {
    let (dir, file) = match rel_path.rsplit_once('/') {
        Some((dir, file)) => (Some(dir), file),
        None => (None, rel_path),
    };
    if let Some((name, code)) = file
        .strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
    {
        // `NAME.en.md` is the default language's file too (as browser editors name it).
        let default = config.languages[0].code.as_str();
        if !name.is_empty() && (config.is_translation_language(code) || code == default) {
            let key = match dir {
                Some(dir) => format!("{dir}/{name}.md"),
                None => format!("{name}.md"),
            };
            return (code.to_string(), key);
        }
    }
    (config.languages[0].code.clone(), rel_path.to_string())
}

/// Pairs each article with its translations, and lets a translation inherit what is the
/// same in every language (taxonomies, weight, number and yes/no facts) from its original.
fn link_translations(site: &mut Site, config: &Config) {
    let order = |lang: &str| config.languages.iter().position(|l| l.code == lang);
    for group in site.by_key.values_mut() {
        group.sort_by_key(|&i| order(&site.entries[i].lang));
    }
    let default = &config.languages[0].code;
    for index in 0..site.entries.len() {
        let group = &site.by_key[&site.entries[index].key];
        let translations: Vec<usize> = group.iter().copied().filter(|&i| i != index).collect();
        let original = group
            .iter()
            .copied()
            .find(|&i| i != index && &site.entries[i].lang == default)
            .filter(|_| &site.entries[index].lang != default);
        site.entries[index].translations = translations;
        site.entries[index].original = original;
        let Some(original) = original else { continue };
        let from = &site.entries[original].doc.front;
        let (taxonomies, weight, facts) =
            (from.taxonomies.clone(), from.weight, from.facts.clone());
        let front = &mut site.entries[index].doc.front;
        if front.taxonomies.is_empty() {
            front.taxonomies = taxonomies;
        }
        if front.weight.is_none() {
            front.weight = weight;
        }
        for (key, value) in facts {
            let translated_text =
                value.is_str() && front.facts.get(&key).is_some_and(|v| v.is_str());
            if !translated_text {
                front.facts.insert(key, value);
            }
        }
    }
}

/// The folder of a source path: `a/b/c.md` → `a/b`, `c.md` → ``.
pub fn parent_dir(rel_path: &str) -> &str {
    rel_path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `a/b/c.md` → `a/b/c/`; `a/_index.md` → `a/`; `a/b/index.md` → `a/b/`; a `slug` replaces
/// the last part. Every part is slugified, so the path cannot leave the output folder.
fn output_path(
    doc: &Document,
    key: &str,
    folders: &Folders,
    diagnostics: &mut Diagnostics,
) -> String {
    let dir = parent_dir(key);
    let mut parts: Vec<String> = Vec::new();
    let mut folder = String::new();
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        if !folder.is_empty() {
            folder.push('/');
        }
        folder.push_str(part);
        let renamed = folders
            .slugs
            .get(&(folders.lang.to_string(), folder.clone()));
        let part = renamed.cloned().unwrap_or_else(|| slugify(part));
        if !part.is_empty() {
            parts.push(part);
        }
    }
    let file_stem = key
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".md");
    let own = match doc.kind {
        DocKind::Section => None,
        DocKind::Page if doc.bundle => parts.pop(),
        DocKind::Page => Some(slugify(file_stem)),
    };
    let own = match (&doc.front.slug, own) {
        (Some(custom), _) => {
            let slug = slugify(custom);
            if slug.is_empty() || slug != *custom {
                let mut d = Diagnostic::warning(format!("slug `{custom}` is not a plain URL slug"));
                if let Some(span) = doc.spans.value("slug") {
                    d = d.at(&doc.source, span);
                } else {
                    d = d.in_file(&doc.source.path);
                }
                diagnostics.push(d.help(if slug.is_empty() {
                    "a slug needs letters or digits; this one is ignored".to_string()
                } else {
                    format!("it is written as `{slug}`; use lowercase letters, digits and hyphens")
                }));
            }
            if slug.is_empty() {
                Some(slugify(file_stem))
            } else {
                Some(slug)
            }
        }
        (None, own) => own,
    };
    if doc.kind == DocKind::Section && doc.front.slug.is_some() {
        if let (Some(last), Some(own)) = (parts.last_mut(), own) {
            *last = own;
        }
    } else if let Some(own) = own.filter(|o| !o.is_empty()) {
        parts.push(own);
    }
    let mut path = parts.join("/");
    if !path.is_empty() {
        path.push('/');
    }
    path
}

/// The folder renames of one language: (language, folder below content/) → slug.
struct Folders<'a> {
    lang: &'a str,
    slugs: &'a HashMap<(String, String), String>,
}

/// Records that `path` is written by `owner`; a second claim (compared case-insensitively,
/// since macOS and Windows file systems are) is an error.
fn claim_path(
    taken: &mut HashMap<String, String>,
    path: &str,
    source: &SourceText,
    owner: &str,
    diagnostics: &mut Diagnostics,
) {
    // File systems store at most 255 bytes per name; the write would fail in emit, naming
    // the temporary folder instead of the page.
    if let Some(part) = path.split('/').find(|part| part.len() > 255) {
        let span = source.text.find(part).map_or(0..0, |i| i..i + part.len());
        diagnostics.push(
            Diagnostic::error(format!(
                "the address has a part {} bytes long, longer than 255 bytes, which no file system can store",
                part.len()
            ))
            .at(source, span)
            .help("give the page a shorter `slug`, or a shorter file name"),
        );
        return;
    }
    let key = path.to_lowercase();
    if let Some(first) = taken.get(&key) {
        let shown = if path.is_empty() { "/" } else { path };
        diagnostics.push(
            Diagnostic::error(format!("two pages would be written to the same address `/{}`", shown.trim_start_matches('/')))
                .at(source, 0..0)
                .help(format!(
                    "`{first}` already uses it (addresses are compared without case); rename one file or give it another `slug`"
                )),
        );
    } else {
        taken.insert(key, owner.to_string());
    }
}

fn template_name(doc: &Document, is_home: bool) -> String {
    if let Some(template) = &doc.front.template {
        return template.clone();
    }
    match (doc.kind, is_home) {
        (_, true) => "index.html",
        (DocKind::Section, false) => "section.html",
        (DocKind::Page, false) => "page.html",
    }
    .to_string()
}

/// Links every entry to the nearest section folder above it.
fn build_tree(site: &mut Site) {
    let section_of_dir: HashMap<(&str, &str), usize> = site
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_section())
        .map(|(i, e)| ((e.lang.as_str(), parent_dir(&e.key)), i))
        .collect();
    let mut parents = Vec::new();
    for (index, entry) in site.entries.iter().enumerate() {
        // Home pages (one per language) have no parent.
        if entry.key == "_index.md" {
            continue;
        }
        let lang = entry.lang.as_str();
        let mut dir = parent_dir(&entry.key);
        if entry.is_section() || entry.doc.bundle {
            dir = parent_dir(dir);
        }
        let parent = loop {
            if let Some(&section) = section_of_dir.get(&(lang, dir)) {
                if section != index {
                    break section;
                }
            }
            if dir.is_empty() {
                break site.homes.get(lang).copied().unwrap_or(0);
            }
            dir = parent_dir(dir);
        };
        parents.push((index, parent));
    }
    for (index, parent) in parents {
        site.entries[index].parent = Some(parent);
        if site.entries[index].is_section() {
            site.entries[parent].subsections.push(index);
        } else {
            site.entries[parent].pages.push(index);
        }
    }
}

/// Orders each section's pages (weight, then title, by default) and sets previous/next.
fn order_sections(site: &mut Site) {
    for section in 0..site.entries.len() {
        if !site.entries[section].is_section() {
            continue;
        }
        let sort_by = site.entries[section].front().sort_by.unwrap_or_default();
        let mut pages = std::mem::take(&mut site.entries[section].pages);
        sort_entries(&mut pages, &site.entries, sort_by);
        for (i, &page) in pages.iter().enumerate() {
            site.entries[page].prev = i.checked_sub(1).map(|p| pages[p]);
            site.entries[page].next = pages.get(i + 1).copied();
        }
        site.entries[section].pages = pages;
        let mut subsections = std::mem::take(&mut site.entries[section].subsections);
        sort_entries(&mut subsections, &site.entries, SortBy::Weight);
        site.entries[section].subsections = subsections;
    }
}

fn sort_entries(list: &mut [usize], entries: &[Entry], sort_by: SortBy) {
    list.sort_by(|&a, &b| {
        let (a, b) = (&entries[a], &entries[b]);
        let by_title = a.title_key.cmp(&b.title_key);
        let by_path = a.doc.rel_path.cmp(&b.doc.rel_path);
        match sort_by {
            // Weighted pages first, lightest first; unweighted after, by title.
            SortBy::Weight => (a.front().weight.is_none(), a.front().weight)
                .cmp(&(b.front().weight.is_none(), b.front().weight))
                .then(by_title)
                .then(by_path),
            SortBy::Title => by_title.then(by_path),
            // Newest first.
            SortBy::Date => b
                .front()
                .date
                .cmp(&a.front().date)
                .then(by_title)
                .then(by_path),
        }
    });
}

fn collect_aliases(
    site: &mut Site,
    taken: &mut HashMap<String, String>,
    diagnostics: &mut Diagnostics,
) {
    for (index, entry) in site.entries.iter().enumerate() {
        for (i, alias) in entry.front().aliases.iter().enumerate() {
            let parts: Vec<String> = alias
                .split(['/', '\\'])
                .map(slugify)
                .filter(|p| !p.is_empty())
                .collect();
            let span = entry.doc.spans.value_or_parent(&format!("aliases.{i}"));
            if parts.is_empty() {
                diagnostics.push(
                    Diagnostic::error(format!("alias `{alias}` is not a usable address"))
                        .at(&entry.doc.source, span)
                        .help("write the old address as a path, e.g. aliases = [\"/old-page/\"]"),
                );
                continue;
            }
            let path = format!("{}/", parts.join("/"));
            let before = diagnostics.error_count();
            claim_path(
                taken,
                &path,
                &entry.doc.source,
                &entry.doc.rel_path,
                diagnostics,
            );
            if diagnostics.error_count() > before {
                continue;
            }
            site.aliases.push(Alias { path, entry: index });
        }
    }
}

fn check_templates(site: &Site, diagnostics: &mut Diagnostics) {
    for entry in &site.entries {
        if site.templates.contains_key(&entry.template) {
            continue;
        }
        let names = site.templates.keys().map(String::as_str);
        let help = match did_you_mean(&entry.template, names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "templates available: {}",
                site.templates
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let diagnostic = Diagnostic::error(format!("unknown template `{}`", entry.template));
        let diagnostic = match entry.doc.spans.value("template") {
            Some(span) if entry.front().template.is_some() => {
                diagnostic.at(&entry.doc.source, span)
            }
            _ => diagnostic.in_file(&entry.doc.source.path),
        };
        diagnostics.push(diagnostic.help(help));
    }
}

/// Assets in a page bundle go beside the page; others keep their path below `content/`.
fn place_assets(assets: Vec<CopyFile>, site: &Site) -> Vec<Asset> {
    let bundles: HashMap<&str, &str> = site
        .entries
        .iter()
        .filter(|e| e.doc.bundle)
        .map(|e| (parent_dir(&e.doc.rel_path), e.path.as_str()))
        .collect();
    let mut placed: Vec<Asset> = assets
        .into_iter()
        .filter_map(|asset| {
            let mut dir = parent_dir(&asset.rel);
            while !dir.is_empty() {
                if let Some(page_path) = bundles.get(dir) {
                    let inside = &asset.rel[dir.len() + 1..];
                    return Some(Asset {
                        output: format!("{page_path}{inside}"),
                        source: asset.rel,
                        abs: asset.abs,
                    });
                }
                dir = parent_dir(dir);
            }
            // Files of a draft bundle are not published.
            if bundle_of_draft(&asset.rel, &site.drafts) {
                return None;
            }
            Some(Asset {
                output: asset.rel.clone(),
                source: asset.rel,
                abs: asset.abs,
            })
        })
        .collect();
    placed.sort_by(|a, b| a.output.cmp(&b.output));
    placed
}

fn bundle_of_draft(rel: &str, drafts: &BTreeSet<String>) -> bool {
    let mut dir = parent_dir(rel);
    while !dir.is_empty() {
        if drafts.contains(&format!("{dir}/index.md")) {
            return true;
        }
        dir = parent_dir(dir);
    }
    false
}

/// Resolves a link destination written in `from` (a source path) to a source path below
/// `content/`: relative to `from`'s folder, or site-absolute with a leading `/`.
/// `None` when it climbs out of `content/`.
pub fn join_source_path(from: &str, dest: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dest.starts_with('/') {
        Vec::new()
    } else {
        parent_dir(from)
            .split('/')
            .filter(|p| !p.is_empty())
            .collect()
    };
    for part in dest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_source_path_handles_relative_absolute_and_escape() {
        assert_eq!(join_source_path("a/b.md", "c.md"), Some("a/c.md".into()));
        assert_eq!(
            join_source_path("a/b.md", "../x/y.md"),
            Some("x/y.md".into())
        );
        assert_eq!(join_source_path("a/b.md", "/x/y.md"), Some("x/y.md".into()));
        assert_eq!(join_source_path("b.md", "./c.md"), Some("c.md".into()));
        assert_eq!(join_source_path("a/b.md", "../../c.md"), None);
    }
}
