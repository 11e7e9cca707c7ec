//! The review register: one row per article (drafts included) with its review state, the
//! reviewer, the dates, whether it changed since its approval, its sources and its
//! translations. `continuum review list` prints it (a table, JSON or CSV), and with
//! `[governance] register = true` the build writes it for staff into `review-register/`
//! (`index.html`, `register.csv`, `register.json`): the page is `noindex`, is not in the
//! sitemap or the search index (they are made from the site's pages, which it is not), and
//! nothing links to it. Rows are sorted by path, so the same site gives the same bytes.

use serde::Serialize;

use crate::load::front_matter::ReviewStatus;
use crate::load::Date;
use crate::render::OutputFile;
use crate::resolve::{Entry, Site};
use crate::review::Reviewed;

/// Where the build writes the register.
pub const FOLDER: &str = "review-register";

/// One article in the register.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Row {
    pub path: String,
    pub title: String,
    pub language: String,
    /// `approved`, `changed since review`, `sample: awaiting review`, `draft`, `not reviewed`
    /// or `not recorded`.
    pub status: String,
    pub reviewer: String,
    pub credentials: String,
    pub role: String,
    pub approved: Option<Date>,
    pub next_review: Option<Date>,
    pub overdue: bool,
    pub changed_since_review: bool,
    /// What changed since the approval, when something did.
    pub changes: String,
    pub sources: usize,
    pub oldest_source_year: Option<i64>,
    /// For an original: each translation and its status; for a translation: its original.
    pub translations: String,
}

/// The register of `site`, checked against `today`.
pub fn rows(site: &Site, today: Date) -> Vec<Row> {
    let mut rows: Vec<Row> = site
        .entries
        .iter()
        .filter(|e| !e.doc.source.text.is_empty())
        .map(|e| row(site, e, today))
        .collect();
    rows.sort_by(|a, b| a.path.cmp(&b.path));
    rows
}

fn row(site: &Site, entry: &Entry, today: Date) -> Row {
    let front = entry.front();
    let (state, changes) = status(site, entry);
    let reviewer = front.reviewer.clone().unwrap_or_default();
    let who = match (&reviewer.name, &reviewer.team) {
        (Some(name), _) => name.clone(),
        (None, Some(team)) => team.clone(),
        _ => front.reviewed_by.clone().unwrap_or_default(),
    };
    let translations = if let Some(original) = entry.original {
        format!(
            "translation of content/{}",
            site.entries[original].doc.rel_path
        )
    } else {
        entry
            .translations
            .iter()
            .map(|&t| {
                let t = &site.entries[t];
                format!("{}: {}", t.lang, status(site, t).0)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    Row {
        path: format!("content/{}", entry.doc.rel_path),
        title: entry.title().to_string(),
        language: entry.lang.clone(),
        changed_since_review: state == "changed since review",
        status: state,
        reviewer: who,
        credentials: reviewer.credentials.clone().unwrap_or_default(),
        role: reviewer.role.clone().unwrap_or_default(),
        approved: front.last_reviewed,
        next_review: front.next_review,
        overdue: front.next_review.is_some_and(|n| n < today),
        changes: changes.join("; "),
        sources: front.sources.len(),
        oldest_source_year: front.sources.iter().filter_map(|s| s.year).min(),
        translations,
    }
}

/// The article's review state, with what changed when it changed since its approval.
fn status(site: &Site, entry: &Entry) -> (String, Vec<String>) {
    let front = entry.front();
    if front.draft {
        return ("draft".into(), Vec::new());
    }
    if front.review_status == Some(ReviewStatus::Sample) {
        return ("sample: awaiting review".into(), Vec::new());
    }
    let Some(last) = front.last_reviewed else {
        return ("not reviewed".into(), Vec::new());
    };
    let Some(approval) = site.reviews.get(&entry.doc.rel_path) else {
        return ("not recorded".into(), Vec::new());
    };
    if approval.approved != last || front.reviewer.as_ref() != Some(&approval.reviewer) {
        return ("not recorded".into(), Vec::new());
    }
    let changes = Reviewed::of(&entry.doc).changes_since(&approval.reviewed());
    if changes.is_empty() {
        ("approved".into(), changes)
    } else {
        ("changed since review".into(), changes)
    }
}

const COLUMNS: &[&str] = &[
    "path",
    "title",
    "language",
    "status",
    "reviewer",
    "credentials",
    "role",
    "approved",
    "next_review",
    "overdue",
    "changed_since_review",
    "changes",
    "sources",
    "oldest_source_year",
    "translations",
];

fn cells(row: &Row) -> Vec<String> {
    let date = |d: &Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    vec![
        row.path.clone(),
        row.title.clone(),
        row.language.clone(),
        row.status.clone(),
        row.reviewer.clone(),
        row.credentials.clone(),
        row.role.clone(),
        date(&row.approved),
        date(&row.next_review),
        if row.overdue { "yes" } else { "no" }.into(),
        if row.changed_since_review {
            "yes"
        } else {
            "no"
        }
        .into(),
        row.changes.clone(),
        row.sources.to_string(),
        row.oldest_source_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
        row.translations.clone(),
    ]
}

/// RFC 4180 CSV with a header line. A cell that a spreadsheet would run as a formula (it
/// starts with `=`, `+`, `-` or `@`) is prefixed with `'`.
pub fn csv(rows: &[Row]) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for row in rows {
        let line: Vec<String> = cells(row).iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

fn csv_cell(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

pub fn json(rows: &[Row]) -> String {
    let mut text = serde_json::to_string_pretty(rows).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// A plain-text table for the terminal: the columns staff scan first.
pub fn table(rows: &[Row]) -> String {
    let header = [
        "path",
        "status",
        "reviewer",
        "approved",
        "next review",
        "sources",
        "oldest",
    ];
    let lines: Vec<[String; 7]> = rows
        .iter()
        .map(|r| {
            let reviewer = if r.credentials.is_empty() {
                r.reviewer.clone()
            } else {
                format!("{}, {}", r.reviewer, r.credentials)
            };
            [
                r.path.clone(),
                r.status.clone(),
                reviewer,
                r.approved
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                r.next_review
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                r.sources.to_string(),
                r.oldest_source_year
                    .map(|y| y.to_string())
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut push = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    };
    push(&header.map(String::from));
    for line in &lines {
        push(line);
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A self-contained page for staff: `noindex`, no scripts, no links into the site.
pub fn html(rows: &[Row], site_title: &str) -> String {
    let mut body = String::new();
    for row in rows {
        body.push_str("<tr>");
        for cell in cells(row) {
            body.push_str(&format!("<td>{}</td>", escape(&cell)));
        }
        body.push_str("</tr>\n");
    }
    let head: String = COLUMNS
        .iter()
        .map(|c| format!("<th scope=\"col\">{}</th>", c.replace('_', " ")))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Review register: {title}</title>\n<style>body{{font:14px/1.4 system-ui,sans-serif;margin:1rem}}table{{border-collapse:collapse}}th,td{{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}}</style>\n</head>\n<body>\n<h1>Review register: {title}</h1>\n<p>For staff: every article's clinical review state. Not linked from the site, not indexed. CSV: <a href=\"register.csv\">register.csv</a>, JSON: <a href=\"register.json\">register.json</a>.</p>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</body>\n</html>\n",
        title = escape(site_title),
    )
}

/// The register of the site at `options.root`, drafts included, with the problems met on the
/// way (a site with broken links still has a register). `None` when config.toml is unusable.
pub fn of_site(
    options: &crate::BuildOptions,
    today: Date,
) -> (Option<Vec<Row>>, crate::Diagnostics) {
    let mut options = options.clone();
    options.drafts = true;
    let (config, mut diagnostics) = match crate::load_config(&options.root, &options) {
        Ok(found) => found,
        Err(found) => return (None, found),
    };
    let (corpus, found) = crate::load::load(&options.root, &config);
    diagnostics.extend(found);
    let (site, found) = crate::resolve::resolve(corpus, &config);
    diagnostics.extend(found);
    (Some(rows(&site, today)), diagnostics)
}

/// The build's register files.
pub fn files(site: &Site, today: Date, site_title: &str) -> Vec<OutputFile> {
    let rows = rows(site, today);
    [
        ("index.html", html(&rows, site_title)),
        ("register.csv", csv(&rows)),
        ("register.json", json(&rows)),
    ]
    .into_iter()
    .map(|(name, text)| OutputFile {
        path: format!("{FOLDER}/{name}"),
        bytes: text.into_bytes().into(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert!(html(&[], "<T>").contains("Review register: &lt;T&gt;"));
        assert!(html(&[], "T").contains("noindex"));
    }
}
