//! What a run of the checks found, per article, and the ways to show it: the summary table
//! printed after the diagnostics (fits 100 columns), JSON for tools and GitHub workflow
//! commands for CI annotations. All take the run's whole diagnostics list, so broken links
//! and front-matter errors are counted and shown too.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use super::readability::grade_text;
use super::rules::Finding;
use super::PageContext;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::load::Date;

/// The editorial checks' findings per article, for the summary table and reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub site_title: String,
    /// Sorted by file.
    pub articles: Vec<ArticleReport>,
    /// The rule behind each check diagnostic, to label it in JSON and GitHub output.
    pub rules: Vec<RuleTag>,
}

/// One article's figures.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    /// The source file, as diagnostics show it (`content/iop/first-day.md`).
    pub file: String,
    pub title: String,
    /// The page's language code (`en`, `es`).
    pub language: String,
    pub words: usize,
    pub sentences: usize,
    /// Flesch-Kincaid grade; `None` without prose, and on pages not in English.
    pub grade: Option<f64>,
    pub reading_ease: Option<f64>,
    pub smog: Option<f64>,
    /// The article's target grade (English).
    pub max_grade: f64,
    /// Spanish pages: Fernández-Huerta.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fernandez_huerta: Option<f64>,
    /// Spanish pages: the INFLESZ score (Szigriszt-Pazos perspicuity), its band and the
    /// article's target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inflesz: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inflesz_band: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_inflesz: Option<f64>,
    /// Long enough for readability to be judged (`[checks] min_words`).
    pub judged: bool,
    pub last_reviewed: Option<Date>,
    pub next_review: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleTag {
    pub file: Option<String>,
    pub line: Option<usize>,
    pub message: String,
    pub rule: &'static str,
}

impl ArticleReport {
    pub fn new(page: &PageContext) -> ArticleReport {
        let front = page.entry.front();
        let round = |x: f64| (x * 10.0).round() / 10.0;
        ArticleReport {
            file: page.entry.doc.source.path.display().to_string(),
            title: page.entry.title().to_string(),
            language: page.entry.lang.clone(),
            words: page.counts.words,
            sentences: page.counts.sentences,
            grade: page.scores.map(|s| round(s.grade)),
            reading_ease: page.scores.map(|s| round(s.reading_ease)),
            smog: page.scores.map(|s| round(s.smog)),
            max_grade: page.max_grade,
            fernandez_huerta: page.spanish.map(|s| round(s.fernandez_huerta)),
            inflesz: page.spanish.map(|s| round(s.inflesz)),
            inflesz_band: page.spanish.map(|s| s.band().name()),
            min_inflesz: (page.language.readability.map(|r| r.formula)
                == Some(crate::lang::Formula::Inflesz))
            .then_some(page.min_inflesz),
            judged: page.counts.words >= page.config.min_words,
            last_reviewed: front.last_reviewed,
            next_review: front.next_review,
        }
    }
}

impl ArticleReport {
    /// The article's readability score as the table shows it: the English grade or the
    /// Spanish INFLESZ score.
    pub fn score(&self) -> Option<f64> {
        self.grade.or(self.inflesz)
    }

    /// Judged and beyond its target.
    pub fn off_target(&self) -> bool {
        self.judged
            && (self.grade.is_some_and(|g| g > self.max_grade)
                || self
                    .inflesz
                    .zip(self.min_inflesz)
                    .is_some_and(|(score, min)| score < min))
    }
}

impl Report {
    pub fn set_findings(&mut self, findings: &[Finding]) {
        self.rules = findings
            .iter()
            .map(|f| RuleTag {
                file: path_of(&f.diagnostic),
                line: f.diagnostic.line_col().map(|(line, _)| line),
                message: f.diagnostic.message.clone(),
                rule: f.rule.id(),
            })
            .collect();
    }

    /// The rule id behind each check diagnostic, by file, line and message.
    fn rule_index(&self) -> RuleIndex<'_> {
        RuleIndex(
            self.rules
                .iter()
                .map(|t| ((t.file.as_deref(), t.line, t.message.as_str()), t.rule))
                .collect(),
        )
    }
}

/// Looks up the rule of a diagnostic without scanning the whole list each time.
struct RuleIndex<'a>(HashMap<(Option<&'a str>, Option<usize>, &'a str), &'static str>);

impl RuleIndex<'_> {
    fn rule_of(&self, diagnostic: &Diagnostic, line: Option<usize>) -> Option<&'static str> {
        let file = path_of(diagnostic);
        self.0
            .get(&(file.as_deref(), line, diagnostic.message.as_str()))
            .copied()
    }
}

fn path_of(diagnostic: &Diagnostic) -> Option<String> {
    diagnostic.path.as_ref().map(|p| p.display().to_string())
}

/// (errors, warnings) per file.
pub fn counts_by_file(diagnostics: &Diagnostics) -> BTreeMap<String, (usize, usize)> {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for d in diagnostics.iter() {
        if let Some(file) = path_of(d) {
            let slot = counts.entry(file).or_default();
            match d.severity {
                Severity::Error => slot.0 += 1,
                Severity::Warning => slot.1 += 1,
            }
        }
    }
    counts
}

/// "2 errors, 1 warning", or "ok".
pub fn problems_text(errors: usize, warnings: usize) -> String {
    let part = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "ok".into(),
        (e, 0) => part(e, "error"),
        (0, w) => part(w, "warning"),
        (e, w) => format!("{}, {}", part(e, "error"), part(w, "warning")),
    }
}

const ARTICLE_WIDTH: usize = 48;

/// Shortens a path from the left to `width` characters, keeping the file name.
fn fit(path: &str, width: usize) -> String {
    let count = path.chars().count();
    if count <= width {
        return path.to_string();
    }
    let tail: String = path.chars().skip(count - (width - 1)).collect();
    format!("…{tail}")
}

/// The table printed after the diagnostics: one row per article, at most 100 columns.
/// With Spanish articles the column is "score": grades for English rows, INFLESZ scores for
/// Spanish ones (the `.es.md` names tell them apart, and the lines under the table say so).
pub fn summary_table(report: &Report, diagnostics: &Diagnostics) -> String {
    let counts = counts_by_file(diagnostics);
    let mut out = String::new();
    let spanish = report.articles.iter().any(|a| a.inflesz.is_some());
    let _ = writeln!(
        out,
        "{:<ARTICLE_WIDTH$}  {:>6}  {:>5}  {:<10}  problems",
        "article (in content/)",
        if spanish { "score" } else { "grade" },
        "words",
        "reviewed"
    );
    for article in &report.articles {
        let (errors, warnings) = counts.get(&article.file).copied().unwrap_or_default();
        let name = article
            .file
            .strip_prefix("content/")
            .unwrap_or(&article.file);
        let grade = match article.score() {
            Some(g) if article.judged => grade_text(g),
            Some(g) => format!("({})", grade_text(g)),
            None => "-".into(),
        };
        let reviewed = article
            .last_reviewed
            .map_or_else(|| "-".to_string(), |d| d.to_string());
        let _ = writeln!(
            out,
            "{:<ARTICLE_WIDTH$}  {grade:>6}  {:>5}  {reviewed:<10}  {}",
            fit(name, ARTICLE_WIDTH),
            article.words,
            problems_text(errors, warnings)
        );
    }
    let _ = writeln!(out, "{}", totals_line(report));
    out
}

/// The lines under the table: how many articles, the median score, how many off target;
/// one line for English and one for Spanish when the site has both.
fn totals_line(report: &Report) -> String {
    let median = |mut scores: Vec<f64>| {
        scores.sort_by(f64::total_cmp);
        match scores.len() {
            0 => "-".to_string(),
            n if n % 2 == 1 => grade_text(scores[n / 2]),
            n => grade_text((scores[n / 2 - 1] + scores[n / 2]) / 2.0),
        }
    };
    let judged = |a: &&ArticleReport| a.judged;
    let english: Vec<f64> = report
        .articles
        .iter()
        .filter(judged)
        .filter_map(|a| a.grade)
        .collect();
    let spanish: Vec<f64> = report
        .articles
        .iter()
        .filter(judged)
        .filter_map(|a| a.inflesz)
        .collect();
    let over = report
        .articles
        .iter()
        .filter(|a| a.grade.is_some() && a.off_target())
        .count();
    let under = report
        .articles
        .iter()
        .filter(|a| a.inflesz.is_some() && a.off_target())
        .count();
    let mut out = format!(
        "{} articles, median grade {} (Flesch-Kincaid), {over} above target",
        report.articles.len(),
        median(english)
    );
    if report.articles.iter().any(|a| a.inflesz.is_some()) {
        let _ = write!(
            out,
            "\nSpanish: median INFLESZ score {} (higher is easier), {under} below target",
            median(spanish)
        );
    }
    out.push_str(&unmeasured_line(report));
    out.push_str(if report.articles.iter().any(|a| a.inflesz.is_some()) {
        "\n(scores in parentheses are not judged: too few words)"
    } else {
        "\n(grades in parentheses are not judged: too few words)"
    });
    out
}

/// One line per language the checks have no readability formula for, with how many
/// articles it holds (empty when every article's language has one): said once for the
/// language, not once per page.
fn unmeasured_line(report: &Report) -> String {
    let mut unmeasured: std::collections::BTreeMap<&str, usize> = Default::default();
    for article in &report.articles {
        let profile = crate::lang::profile(&article.language);
        if profile.readability.is_none() {
            *unmeasured
                .entry(profile.name_or(&article.language))
                .or_default() += 1;
        }
    }
    let mut out = String::new();
    for (name, n) in unmeasured {
        let articles = if n == 1 { "article" } else { "articles" };
        let _ = write!(
            out,
            "\n{name}: readability not measured ({n} {articles}): no readability formula for this language yet"
        );
    }
    out
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    rule: Option<&'static str>,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonArticle<'a> {
    #[serde(flatten)]
    article: &'a ArticleReport,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    articles: Vec<JsonArticle<'a>>,
    errors: usize,
    warnings: usize,
}

/// `check --format json`: every diagnostic (sorted like the human output) and the table.
pub fn json_report(report: &Report, diagnostics: &Diagnostics) -> String {
    let counts = counts_by_file(diagnostics);
    let rules = report.rule_index();
    let json = JsonReport {
        diagnostics: diagnostics
            .sorted()
            .into_iter()
            .map(|d| {
                let position = d.line_col();
                JsonDiagnostic {
                    severity: d.severity,
                    rule: rules.rule_of(d, position.map(|p| p.0)),
                    file: path_of(d),
                    line: position.map(|p| p.0),
                    column: position.map(|p| p.1),
                    message: &d.message,
                    help: d.help.as_deref(),
                }
            })
            .collect(),
        articles: report
            .articles
            .iter()
            .map(|article| {
                let (errors, warnings) = counts.get(&article.file).copied().unwrap_or_default();
                JsonArticle {
                    article,
                    errors,
                    warnings,
                }
            })
            .collect(),
        errors: diagnostics.error_count(),
        warnings: diagnostics.warning_count(),
    };
    serde_json::to_string_pretty(&json).unwrap_or_else(|_| "{}".into())
}

/// `check --format github`: one workflow command per diagnostic, which GitHub Actions shows
/// as an annotation on the file and line.
pub fn github_annotations(report: &Report, diagnostics: &Diagnostics) -> String {
    let rules = report.rule_index();
    let mut out = String::new();
    for d in diagnostics.sorted() {
        let position = d.line_col();
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(file) = path_of(d) {
            properties.push(format!("file={}", escape_property(&file)));
        }
        if let Some((line, col)) = position {
            properties.push(format!("line={line},col={col}"));
        }
        if let Some(rule) = rules.rule_of(d, position.map(|p| p.0)) {
            properties.push(format!("title={}", escape_property(rule)));
        }
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let separator = if properties.is_empty() { "" } else { " " };
        let _ = writeln!(
            out,
            "::{level}{separator}{}::{}",
            properties.join(","),
            escape_data(&message)
        );
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    fn sample() -> (Report, Diagnostics) {
        let source = SourceText::new("content/a.md", "+++\ntitle = \"A\"\n+++\nText, 100%.\n");
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error("a problem: 100%, really")
                .at(&source, 20..24)
                .help("fix it"),
        );
        diagnostics.push(Diagnostic::warning("another").in_file("content/b.md"));
        let report = Report {
            site_title: "S".into(),
            articles: vec![ArticleReport {
                file: "content/a.md".into(),
                title: "A".into(),
                language: "en".into(),
                words: 120,
                sentences: 10,
                grade: Some(6.25),
                reading_ease: Some(80.0),
                smog: Some(7.0),
                max_grade: 8.0,
                fernandez_huerta: None,
                inflesz: None,
                inflesz_band: None,
                min_inflesz: None,
                judged: true,
                last_reviewed: Date::parse("2026-01-02").ok(),
                next_review: None,
            }],
            rules: vec![RuleTag {
                file: Some("content/a.md".into()),
                line: Some(4),
                message: "a problem: 100%, really".into(),
                rule: "crisis-number",
            }],
        };
        (report, diagnostics)
    }

    #[test]
    fn github_commands_are_escaped() {
        let (report, diagnostics) = sample();
        let out = github_annotations(&report, &diagnostics);
        assert_eq!(
            out,
            "::error file=content/a.md,line=4,col=1,title=crisis-number::a problem: 100%25, really%0Ahelp: fix it\n::warning file=content/b.md::another\n"
        );
    }

    #[test]
    fn json_has_diagnostics_and_articles() {
        let (report, diagnostics) = sample();
        let json: serde_json::Value =
            serde_json::from_str(&json_report(&report, &diagnostics)).unwrap();
        assert_eq!(json["diagnostics"][0]["rule"], "crisis-number");
        assert_eq!(json["diagnostics"][0]["line"], 4);
        assert_eq!(json["diagnostics"][1]["line"], serde_json::Value::Null);
        assert_eq!(json["articles"][0]["grade"], 6.25);
        assert_eq!(json["articles"][0]["errors"], 1);
        assert_eq!(json["errors"], 1);
    }

    #[test]
    fn table_fits_100_columns() {
        let (mut report, diagnostics) = sample();
        report.articles[0].file = format!("content/{}.md", "very-long-name-".repeat(6));
        let table = summary_table(&report, &diagnostics);
        assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
        assert!(table.contains("6.2") || table.contains("6.3"), "{table}");
        assert_eq!(problems_text(1, 2), "1 error, 2 warnings");
    }

    #[test]
    fn table_with_spanish_articles_shows_scores() {
        let (mut report, diagnostics) = sample();
        let mut spanish = report.articles[0].clone();
        spanish.file = "content/a.es.md".into();
        spanish.language = "es".into();
        (spanish.grade, spanish.reading_ease, spanish.smog) = (None, None, None);
        spanish.inflesz = Some(48.3);
        spanish.fernandez_huerta = Some(53.1);
        spanish.inflesz_band = Some("algo difícil");
        spanish.min_inflesz = Some(55.0);
        report.articles.insert(0, spanish);
        let table = summary_table(&report, &diagnostics);
        assert!(table.starts_with("article (in content/)"), "{table}");
        assert!(table.lines().next().unwrap().contains(" score "), "{table}");
        assert!(
            table.contains("a.es.md") && table.contains("48.3"),
            "{table}"
        );
        assert!(
            table.contains("Spanish: median INFLESZ score 48.3 (higher is easier), 1 below target"),
            "{table}"
        );
        assert!(table.contains("2 articles, median grade 6.2"), "{table}");
        let json: serde_json::Value =
            serde_json::from_str(&json_report(&report, &diagnostics)).unwrap();
        assert_eq!(json["articles"][0]["inflesz_band"], "algo difícil");
        assert!(json["articles"][1].get("inflesz").is_none());
    }

    #[test]
    fn languages_without_a_formula_are_named_once() {
        let (mut report, diagnostics) = sample();
        let table = summary_table(&report, &diagnostics);
        assert!(!table.contains("not measured"), "{table}");
        for (file, language) in [("b.zh.md", "zh"), ("c.zh.md", "zh-Hans"), ("d.tl.md", "tl")] {
            let mut article = report.articles[0].clone();
            article.file = format!("content/{file}");
            article.language = language.into();
            (article.grade, article.reading_ease, article.smog) = (None, None, None);
            report.articles.push(article);
        }
        let table = summary_table(&report, &diagnostics);
        let notes: Vec<&str> = table
            .lines()
            .filter(|l| l.contains("not measured"))
            .collect();
        assert_eq!(
            notes,
            [
                "Chinese: readability not measured (2 articles): no readability formula for this language yet",
                "tl: readability not measured (1 article): no readability formula for this language yet",
            ],
            "{table}"
        );
    }
}
