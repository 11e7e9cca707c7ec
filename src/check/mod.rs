//! Editorial checks for patient education, run by `continuum check` (and by `build`, where
//! only the rules that are errors by default fail the build): readability, review currency,
//! content accessibility, plain language, safety and privacy, and (with `--external`) links
//! to other sites. Each rule family is one module; every rule reads the resolved site and
//! adds [`Finding`]s, which `run` turns into diagnostics after applying the configured
//! severity and each page's overrides. Each page is read by its language's profile
//! ([`Language`], from `crate::lang`): its syllables, sentence rules and readability formula
//! (English and Spanish have one; other languages are named once in the summary), and rules
//! about English words run only where the profile says. No rule changes the output, and the
//! result is sorted, so the same site always gives the same report. docs/checks.md lists
//! every rule and where it runs.

mod accessibility;
mod acronyms;
pub(crate) mod approvals;
mod crisis_numbers;
mod external;
mod html_report;
mod html_tags;
mod locate;
mod metadata;
mod overrides;
mod parity;
mod placeholders;
mod plain_language;
mod prose;
pub mod readability;
mod report;
mod review;
mod rules;
mod safety;
mod sentences;
mod settings;
mod sources;
#[cfg(test)]
mod testing;
mod translations;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostics, Severity};
use crate::lang::Formula;
use crate::load::Date;
use crate::render::{MarkdownOut, Rendered};
use crate::resolve::{Entry, Site};
pub use html_report::html_report;
/// A page's language as the checks read it: its profile.
pub type Language = &'static crate::lang::Profile;
use prose::Prose;
use readability::{Counts, Scores, SpanishScores};
pub use report::{github_annotations, json_report, summary_table, ArticleReport, Report};
pub use rules::{Finding, Rule};
use sentences::Analyzed;
pub use settings::{CheckOptions, ChecksConfig, PageChecks, RuleLevel};

/// What every rule may read about one page, computed once.
pub struct PageContext<'a> {
    pub index: usize,
    pub entry: &'a Entry,
    pub config: &'a ChecksConfig,
    /// The page's prose: its body's, borrowed from the page model, or that joined with its
    /// FAQ and glossary text.
    pub prose: std::borrow::Cow<'a, Prose>,
    pub analyzed: Analyzed,
    pub counts: Counts,
    /// The page's language, from its `lang`.
    pub language: Language,
    /// English scores (English pages only).
    pub scores: Option<Scores>,
    /// Spanish scores (Spanish pages only).
    pub spanish: Option<SpanishScores>,
    /// The page's readability target in English: the highest Flesch-Kincaid grade.
    pub max_grade: f64,
    /// The page's readability target in Spanish: the lowest INFLESZ score.
    pub min_inflesz: f64,
    pub today: Date,
    /// `[markdown] raw_html`: what of the raw HTML reaches readers.
    pub raw_html: crate::config::RawHtml,
}

/// What every page shares: built once per run.
pub struct Shared<'a> {
    pub config: &'a ChecksConfig,
    pub acronyms: acronyms::Known,
    pub avoid: plain_language::AvoidList,
    pub numbers: crisis_numbers::Numbers,
    pub origins: safety::Origins,
    pub today: Date,
    pub raw_html: crate::config::RawHtml,
}

impl<'a> Shared<'a> {
    pub fn new(site: &Site, config: &'a Config, today: Date) -> Shared<'a> {
        let checks = &config.checks;
        Shared {
            config: checks,
            acronyms: acronyms::Known::new(site, checks),
            avoid: plain_language::AvoidList::new(checks),
            numbers: crisis_numbers::Numbers::new(config),
            origins: safety::Origins::new(config),
            today,
            raw_html: config.markdown.raw_html,
        }
    }
}

/// Runs every check over the site. The checks look at a site that renders: when an earlier
/// stage found errors (no output was rendered), they are skipped, so an editor fixes broken
/// links and front matter first without a flood of findings about the same pages.
pub fn run(
    site: &Site,
    rendered: &Rendered,
    config: &Config,
    options: &CheckOptions,
) -> (Report, Diagnostics) {
    run_cached(site, rendered, config, options, &mut CheckCache::default())
}

/// Per-page results of earlier runs (`serve` keeps them): a page whose text is unchanged,
/// checked against unchanged settings, glossary and site, is not checked again.
#[derive(Default)]
pub struct CheckCache {
    pages: std::collections::HashMap<String, (std::sync::Arc<str>, u64, PageOutcome)>,
}

/// Everything besides a page's own text that its findings depend on.
fn inputs_signature(site: &Site, config: &Config, today: Date) -> u64 {
    crate::memo::KeyHasher::new()
        .u64(crate::memo::site(site, config))
        .debug(&today)
        .finish()
}

/// [`run`], reusing and updating `cache`.
pub fn run_cached(
    site: &Site,
    rendered: &Rendered,
    config: &Config,
    options: &CheckOptions,
    cache: &mut CheckCache,
) -> (Report, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let mut report = Report {
        site_title: config.title.clone(),
        ..Report::default()
    };
    if !rendered.complete {
        return (report, diagnostics);
    }
    let checks = &config.checks;
    let today = options.today.unwrap_or_else(Date::today);
    let shared = Shared::new(site, config, today);
    let signature = inputs_signature(site, config, today);
    let previous = std::mem::take(&mut cache.pages);
    let pages: Vec<PageOutcome> = site
        .entries
        .par_iter()
        .enumerate()
        .filter(|(_, entry)| !entry.doc.source.text.is_empty())
        .map(|(index, entry)| match previous.get(&entry.doc.rel_path) {
            Some((source, sig, outcome))
                if *sig == signature && std::sync::Arc::ptr_eq(source, &entry.doc.source.text) =>
            {
                // The entry's position may have moved (pages added or removed before it).
                let mut outcome = outcome.clone();
                outcome.index = index;
                outcome.external.iter_mut().for_each(|u| u.entry = index);
                outcome
            }
            _ => check_page(index, entry, &rendered.markdown[index], &shared),
        })
        .collect();
    for page in &pages {
        let entry = &site.entries[page.index];
        cache.pages.insert(
            entry.doc.rel_path.clone(),
            (entry.doc.source.text.clone(), signature, page.clone()),
        );
    }
    let mut findings: Vec<(Option<usize>, Finding)> = Vec::new();
    let mut uses = Vec::new();
    for page in pages {
        report.articles.push(page.article);
        findings.extend(page.findings.into_iter().map(|f| (Some(page.index), f)));
        uses.extend(page.external);
    }
    for (index, finding) in metadata::duplicate_titles(site) {
        findings.push((Some(index), finding));
    }
    findings.extend(approvals::check(
        site,
        config.governance.require_approval,
        today,
        checks.review_interval_years,
    ));
    findings.extend(translations::stale(site));
    findings.extend(translations::cycles(site));
    findings.extend(parity::check(site, config));
    findings.extend(
        translations::missing(site, config)
            .into_iter()
            .map(|f| (None, f)),
    );
    findings.extend(
        overrides::check_config(checks)
            .into_iter()
            .map(|f| (None, f)),
    );
    if options.external {
        for (index, finding) in external::check(&uses, checks) {
            findings.push((Some(index), finding));
        }
    }
    let kept = apply_levels(findings, site, checks, options);
    report.articles.sort_by(|a, b| a.file.cmp(&b.file));
    report.set_findings(&kept);
    diagnostics.extend(kept.into_iter().map(|f| f.diagnostic));
    (report, diagnostics)
}

/// What checking one page produced.
#[derive(Clone)]
struct PageOutcome {
    index: usize,
    article: ArticleReport,
    findings: Vec<Finding>,
    external: Vec<external::Use>,
}

fn check_page(index: usize, entry: &Entry, markdown: &MarkdownOut, shared: &Shared) -> PageOutcome {
    let language = crate::lang::profile(&entry.lang);
    let prose = page_prose(entry, markdown);
    let analyzed = Analyzed::in_language(&prose, language);
    let counts = Counts::in_language(&analyzed, language);
    let overrides = &entry.front().checks;
    let formula = language.readability.map(|r| r.formula);
    let page = PageContext {
        index,
        entry,
        config: shared.config,
        language,
        max_grade: overrides.max_grade.unwrap_or(shared.config.max_grade),
        min_inflesz: overrides.min_inflesz.unwrap_or(shared.config.min_inflesz),
        scores: (formula == Some(Formula::FleschKincaid))
            .then(|| counts.scores())
            .flatten(),
        spanish: (formula == Some(Formula::Inflesz))
            .then(|| counts.spanish_scores())
            .flatten(),
        counts,
        prose,
        analyzed,
        today: shared.today,
        raw_html: shared.raw_html,
    };
    let mut findings = Vec::new();
    readability::check(&page, &mut findings);
    overrides::check_page(&page, &mut findings);
    review::check(&page, &mut findings);
    placeholders::check(&page, &mut findings);
    sources::check(&page, &mut findings);
    accessibility::check(&page, &mut findings);
    metadata::check(&page, &mut findings);
    plain_language::check(&page, &shared.avoid, &mut findings);
    shared.acronyms.check(&page, &mut findings);
    safety::check(&page, &shared.origins, &mut findings);
    shared.numbers.check(&page, &mut findings);
    PageOutcome {
        index,
        article: ArticleReport::new(&page),
        external: external::collect(&page),
        findings,
    }
}

/// The page's prose: its body, then each FAQ question and answer and each glossary
/// definition, which the theme shows as part of the page.
/// The Markdown parts come from render's parse of them (the page model), not a parse of
/// their own; a page with no FAQ or glossary text borrows its body's prose as it is.
fn page_prose<'a>(entry: &Entry, markdown: &'a MarkdownOut) -> std::borrow::Cow<'a, Prose> {
    let doc = &entry.doc;
    if doc.front.faq.is_empty() && doc.front.glossary.is_empty() {
        return std::borrow::Cow::Borrowed(&markdown.body.prose);
    }
    let mut prose = markdown.body.prose.clone();
    let start =
        |path: String, text: &str| locate::text_start(doc, &path, text).unwrap_or((0, false));
    for (i, (faq, (_, answer))) in doc.front.faq.iter().zip(&markdown.faq).enumerate() {
        let (at, exact) = start(format!("faq.{i}.question"), &faq.question);
        prose.push_plain(&faq.question, at, exact);
        prose.extend(answer.prose.clone());
    }
    for (i, term) in doc.front.glossary.iter().enumerate() {
        let (at, exact) = start(format!("glossary.{i}.definition"), &term.definition);
        prose.push_plain(&term.definition, at, exact);
    }
    std::borrow::Cow::Owned(prose)
}

type SortKey = (Option<std::path::PathBuf>, Option<(usize, usize)>, String);

/// Applies `[checks.rules]`, `--strict` and each page's `[checks] allow`, and sorts.
fn apply_levels(
    findings: Vec<(Option<usize>, Finding)>,
    site: &Site,
    checks: &ChecksConfig,
    options: &CheckOptions,
) -> Vec<Finding> {
    let kept: Vec<Finding> = findings
        .into_iter()
        .filter_map(|(index, mut finding)| {
            let rule = finding.rule;
            if let Some(index) = index {
                let allow = &site.entries[index].front().checks.allow;
                if rule.page_can_allow() && allow.iter().any(|a| a == rule.id()) {
                    return None;
                }
            }
            let severity = match checks.rules.get(rule.id()) {
                Some(RuleLevel::Off) => return None,
                _ if rule.strict_error() && options.strict => Severity::Error,
                Some(RuleLevel::Warning) => Severity::Warning,
                Some(RuleLevel::Error) => Severity::Error,
                // A rule may say less than its default (`review-missing` on a site that does
                // not require approvals).
                None => finding.diagnostic.severity,
            };
            finding.diagnostic.severity = severity;
            Some(finding)
        })
        .collect();
    // Each key is computed once: finding a line number scans the file.
    let mut keyed: Vec<(SortKey, Finding)> = kept
        .into_iter()
        .map(|f| {
            let key = (
                f.diagnostic.path.clone(),
                f.diagnostic.line_col(),
                f.diagnostic.message.clone(),
            );
            (key, f)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    let kept: Vec<Finding> = keyed.into_iter().map(|(_, f)| f).collect();
    kept
}

#[cfg(test)]
mod tests {
    use super::testing::{findings_for, page_in, page_with};

    #[test]
    fn awkward_markdown_never_panics() {
        let nasty = [
            "",
            "#",
            "##",
            "[",
            "[]()",
            "![",
            "<",
            "<img",
            "<img src=",
            "<a href=\"",
            "| |\n|-|",
            "```",
            "1-800-",
            "9 8 8",
            "call 98 8",
            "é.É. ",
            "\r\n\r",
            "(ABC",
            "ABC (",
            "or IP",
            "x, or IP",
            "—",
            "…",
            "<!--",
            "url(",
            "@import",
            "[x](tel:)",
            "***",
            "> [!NOTE]",
            "- a\n  - b\n    - c",
            "Dr.",
            "e.g.",
            "A.",
            "’s",
            "9888-",
            "(800)",
            "[[",
            "[^1]",
        ];
        for body in nasty
            .iter()
            .chain(&["¿", "¡", "¿?", "¿ ¡ ?", "EE. UU.", "güü", "ÍÚ"])
        {
            findings_for(&page_with("title = \"A\"", body), "2026-06-01");
            findings_for(&page_in("es", "title = \"A\"", body), "2026-06-01");
        }
        // Deterministic pseudo-random text over the characters Markdown and the rules care about.
        let alphabet: Vec<char> = "aBC \n#[]()!<>\"=/-.981|`*é’…—:,¿¡üíuy".chars().collect();
        let mut seed = 12345u64;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..80 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            findings_for(&page_with("title = \"A\"", &text), "2026-06-01");
            findings_for(&page_in("es", "title = \"A\"", &text), "2026-06-01");
        }
    }
}
