//! `check --report FILE`: one self-contained HTML page (inline CSS, no script, no external
//! request; every value escaped) with the summary table and every finding grouped by file,
//! for an editor to open in a browser or attach to a review ticket.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::readability::grade_text;
use super::report::{counts_by_file, problems_text, Report};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::render::highlight::html_escape;

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1a1a1a}\
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.error{color:#a00000}.warning{color:#7a4b00}\
.over{font-weight:bold;color:#a00000}li{margin:.4rem 0}code{background:#f3f3f3;padding:0 .2rem}\
.help{color:#333;margin-left:1rem}";

/// The whole report page.
pub fn html_report(report: &Report, diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    let title = format!("Editorial checks: {}", report.site_title);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{} errors, {} warnings in {} articles.</p>\n",
        html_escape(&title),
        html_escape(&title),
        diagnostics.error_count(),
        diagnostics.warning_count(),
        report.articles.len()
    );
    table(&mut out, report, diagnostics);
    findings(&mut out, diagnostics);
    out.push_str("</body>\n</html>\n");
    out
}

fn table(out: &mut String, report: &Report, diagnostics: &Diagnostics) {
    let counts = counts_by_file(diagnostics);
    // The Spanish columns only when the site has Spanish articles.
    let spanish = report.articles.iter().any(|a| a.inflesz.is_some());
    out.push_str("<h2>Articles</h2>\n<table>\n<thead><tr><th scope=\"col\">Article</th><th scope=\"col\">Grade (Flesch-Kincaid)</th><th scope=\"col\">Reading ease</th><th scope=\"col\">SMOG</th>");
    if spanish {
        out.push_str(
            "<th scope=\"col\">INFLESZ (Spanish)</th><th scope=\"col\">Fernández-Huerta</th>",
        );
    }
    out.push_str("<th scope=\"col\">Words</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">Next review</th><th scope=\"col\">Problems</th></tr></thead>\n<tbody>\n");
    for article in &report.articles {
        let (errors, warnings) = counts.get(&article.file).copied().unwrap_or_default();
        let over = article.off_target();
        let number = |x: Option<f64>| x.map_or_else(|| "-".to_string(), grade_text);
        let date =
            |d: Option<crate::load::Date>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
        let problems = if errors + warnings > 0 {
            format!(
                "<a href=\"#{}\">{}</a>",
                anchor(&article.file),
                problems_text(errors, warnings)
            )
        } else {
            "ok".into()
        };
        let class = |on: bool| if on { " over" } else { "" };
        let spanish_cells = if spanish {
            let band = article
                .inflesz_band
                .map(|b| format!(" ({})", html_escape(b)))
                .unwrap_or_default();
            format!(
                "<td class=\"n{}\">{}{band}</td><td class=\"n\">{}</td>",
                class(over && article.inflesz.is_some()),
                number(article.inflesz),
                number(article.fernandez_huerta)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}<br><code>{}</code></th><td class=\"n{}\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{spanish_cells}<td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{problems}</td></tr>",
            html_escape(&article.title),
            html_escape(&article.file),
            class(over && article.grade.is_some()),
            number(article.grade),
            number(article.reading_ease),
            number(article.smog),
            article.words,
            date(article.last_reviewed),
            date(article.next_review),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn findings(out: &mut String, diagnostics: &Diagnostics) {
    let mut by_file: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics.sorted() {
        let file = d
            .path
            .as_ref()
            .map_or_else(|| "(no file)".to_string(), |p| p.display().to_string());
        by_file.entry(file).or_default().push(d);
    }
    out.push_str("<h2>Findings</h2>\n");
    if by_file.is_empty() {
        out.push_str("<p>None.</p>\n");
    }
    for (file, list) in by_file {
        let _ = writeln!(
            out,
            "<h3 id=\"{}\"><code>{}</code></h3>\n<ul>",
            anchor(&file),
            html_escape(&file)
        );
        for d in list {
            let (class, label) = match d.severity {
                Severity::Error => ("error", "error"),
                Severity::Warning => ("warning", "warning"),
            };
            let at = d
                .line_col()
                .map(|(line, col)| format!(" line {line}, column {col}:"))
                .unwrap_or_default();
            let help = d
                .help
                .as_ref()
                .map(|h| format!("<div class=\"help\">help: {}</div>", html_escape(h)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li><strong class=\"{class}\">{label}</strong>{at} {}{help}</li>",
                html_escape(&d.message)
            );
        }
        out.push_str("</ul>\n");
    }
}

/// An id for a file's section: letters and digits kept, everything else `-`.
fn anchor(file: &str) -> String {
    let id: String = file
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{id}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    #[test]
    fn escapes_everything_and_loads_nothing() {
        let source = SourceText::new("content/<a>.md", "+++\ntitle = \"A\"\n+++\nx\n");
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error("`<script>` loads content")
                .at(&source, 20..21)
                .help("remove \"it\" & retry"),
        );
        let report = Report {
            site_title: "Site <b>".into(),
            ..Report::default()
        };
        let html = html_report(&report, &diagnostics);
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("Site &lt;b&gt;"));
        assert!(html.contains("&amp; retry"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("http"), "no external request");
        assert!(html.contains("line 4, column 1"));
    }

    #[test]
    fn spanish_columns_only_with_spanish_articles() {
        use super::super::report::ArticleReport;
        let article = |file: &str, grade: Option<f64>, inflesz: Option<f64>| ArticleReport {
            file: file.into(),
            title: "T".into(),
            language: if inflesz.is_some() { "es" } else { "en" }.into(),
            words: 200,
            sentences: 20,
            grade,
            reading_ease: None,
            smog: None,
            max_grade: 8.0,
            fernandez_huerta: inflesz.map(|s| s + 5.0),
            inflesz,
            inflesz_band: inflesz.map(|s| super::super::readability::InfleszBand::of(s).name()),
            min_inflesz: inflesz.map(|_| 55.0),
            judged: true,
            last_reviewed: None,
            next_review: None,
        };
        let english = Report {
            articles: vec![article("content/a.md", Some(6.0), None)],
            ..Report::default()
        };
        let html = html_report(&english, &Diagnostics::new());
        assert!(!html.contains("INFLESZ"));
        let both = Report {
            articles: vec![
                article("content/a.es.md", None, Some(48.3)),
                article("content/a.md", Some(9.0), None),
            ],
            ..Report::default()
        };
        let html = html_report(&both, &Diagnostics::new());
        assert!(html.contains("<th scope=\"col\">INFLESZ (Spanish)</th>"));
        assert!(
            html.contains("<td class=\"n over\">48.3 (algo difícil)</td><td class=\"n\">53.3</td>"),
            "{html}"
        );
        assert!(html.contains("<td class=\"n over\">9.0</td>"), "{html}");
    }
}
