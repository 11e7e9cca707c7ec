//! Source freshness (`source-age`, a warning): a source published more than `[checks]
//! max_source_age_years` (10 by default) before today may have a newer edition; the finding
//! names the year and points at it. A source with no year is not judged, nor one that says
//! why it is kept (`nothing_newer = "what it covers that no newer source does"`).

use chrono::Datelike;

use super::locate;
use super::rules::{Finding, Rule};
use super::PageContext;

pub fn check(page: &PageContext, findings: &mut Vec<Finding>) {
    let doc = &page.entry.doc;
    let limit = i64::from(page.config.max_source_age_years);
    let this_year = i64::from(page.today.0.year());
    for (i, source) in doc.front.sources.iter().enumerate() {
        let kept = source
            .nothing_newer
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty());
        let Some(year) = source.year.filter(|_| !kept) else {
            continue;
        };
        let age = this_year - year;
        if age <= limit {
            continue;
        }
        // The source's `year`, else its title, else the top.
        let span = locate::key_value(doc, &format!("sources.{i}.year"))
            .or_else(|| locate::key_value(doc, &format!("sources.{i}.title")))
            .unwrap_or_else(|| locate::missing_key(doc));
        findings.push(Finding::new(
            Rule::SourceAge,
            Rule::SourceAge
                .at(
                    &doc.source,
                    span,
                    format!(
                        "source “{}” is from {year}, {age} years ago (older than {limit} years)",
                        source.title
                    ),
                )
                .help("cite the current edition if there is one (check the publisher's page); keep an older source only where nothing newer covers the fact"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{findings_with, page_with};
    use crate::check::Rule;

    #[test]
    fn old_sources_are_warnings_with_the_year() {
        let page = page_with(
            "title = \"A\"\n[[sources]]\ntitle = \"TIP 47\"\nyear = 2006\n[[sources]]\ntitle = \"New\"\nyear = 2023\n[[sources]]\ntitle = \"Undated\"\n[[sources]]\ntitle = \"ASAM 3rd\"\nyear = 2013\nnothing_newer = \"the 3rd-edition levels most programs still use\"",
            "Text.",
        );
        let got: Vec<String> = findings_with(&page, "2026-06-01", "")
            .into_iter()
            .filter(|(r, _)| *r == Rule::SourceAge)
            .map(|(_, m)| m)
            .collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].contains("from 2006, 20 years ago"), "{}", got[0]);
        assert_eq!(Rule::SourceAge.default_severity(), crate::Severity::Warning);
        let relaxed = findings_with(&page, "2026-06-01", "[checks]\nmax_source_age_years = 25");
        assert!(relaxed.iter().all(|(r, _)| *r != Rule::SourceAge));
    }
}
