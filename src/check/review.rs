//! Review currency: a reviewed article says when a clinician last reviewed it (`last_reviewed`)
//! and when it is due again (`next_review`). A missing next date, an overdue review or an
//! interval longer than `[checks] review_interval_years` is a warning; dates that cannot be
//! true (a review in the future, a next review before the last) are errors. Whether an
//! article was reviewed at all, and whether the review is recorded, is `approvals`' job.

use super::locate;
use super::rules::{Finding, Rule};
use super::PageContext;
use crate::load::Date;

pub fn check(page: &PageContext, findings: &mut Vec<Finding>) {
    let doc = &page.entry.doc;
    let source = &doc.source;
    let front = &doc.front;
    let years = page.config.review_interval_years;
    let interval = years.min(i32::MAX as u32) as i32;
    let span_of =
        |key: &str| locate::key_value(doc, key).unwrap_or_else(|| locate::missing_key(doc));
    let Some(last) = front.last_reviewed else {
        return;
    };
    if last > page.today {
        findings.push(Finding::new(
            Rule::ReviewFuture,
            Rule::ReviewFuture
                .at(
                    source,
                    span_of("last_reviewed"),
                    format!(
                        "`last_reviewed` {last} is in the future (today is {})",
                        page.today
                    ),
                )
                .help("write the day the review actually happened"),
        ));
    }
    let default_next = last.add_years(interval);
    let Some(next) = front.next_review else {
        findings.push(Finding::new(
            Rule::ReviewNextMissing,
            Rule::ReviewNextMissing
                .at(
                    source,
                    span_of("last_reviewed"),
                    "the article has no `next_review` date",
                )
                .help(format!(
                    "add next_review = {default_next} ({years} years after the last review)"
                )),
        ));
        return;
    };
    check_next(page, last, next, default_next, findings);
}

fn check_next(
    page: &PageContext,
    last: Date,
    next: Date,
    default_next: Date,
    findings: &mut Vec<Finding>,
) {
    let doc = &page.entry.doc;
    let source = &doc.source;
    let span = locate::key_value(doc, "next_review").unwrap_or_else(|| locate::missing_key(doc));
    let years = page.config.review_interval_years;
    if next < last {
        findings.push(Finding::new(
            Rule::ReviewOrder,
            Rule::ReviewOrder
                .at(
                    source,
                    span,
                    format!("`next_review` {next} is before `last_reviewed` {last}"),
                )
                .help(format!(
                    "the next review comes after the last one, e.g. next_review = {default_next}"
                )),
        ));
        return;
    }
    if next > default_next {
        findings.push(Finding::new(
            Rule::ReviewInterval,
            Rule::ReviewInterval
                .at(
                    source,
                    span.clone(),
                    format!("`next_review` {next} is more than {years} years after `last_reviewed` {last}"),
                )
                .help(format!(
                    "review at least every {years} years: next_review = {default_next}, or change [checks] review_interval_years"
                )),
        ));
    }
    if next < page.today {
        findings.push(Finding::new(
            Rule::ReviewOverdue,
            Rule::ReviewOverdue
                .at(
                    source,
                    span,
                    format!("the review was due on {next} and is overdue"),
                )
                .help("have a clinician review the article, then update last_reviewed and next_review"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{findings_for, page_with};
    use crate::check::Rule;

    fn rules(front: &str) -> Vec<(Rule, String)> {
        findings_for(&page_with(front, "Text."), "2026-06-01")
            .into_iter()
            .filter(|(r, _)| r.id().starts_with("review"))
            .collect()
    }

    #[test]
    fn missing_dates() {
        let got = rules("title = \"A\"\nlast_reviewed = 2026-01-01");
        assert_eq!(got[0].0, Rule::ReviewNextMissing);
        assert!(got[0].1.contains("2029-01-01"), "{}", got[0].1);
    }

    #[test]
    fn impossible_and_late_dates() {
        let got = rules("title = \"A\"\nlast_reviewed = 2026-07-01\nnext_review = 2026-06-15");
        let ids: Vec<Rule> = got.iter().map(|g| g.0).collect();
        assert_eq!(ids, vec![Rule::ReviewFuture, Rule::ReviewOrder]);
        let got = rules("title = \"A\"\nlast_reviewed = 2020-01-01\nnext_review = 2026-01-01");
        let ids: Vec<Rule> = got.iter().map(|g| g.0).collect();
        assert_eq!(ids, vec![Rule::ReviewInterval, Rule::ReviewOverdue]);
        assert!(
            rules("title = \"A\"\nlast_reviewed = 2026-01-01\nnext_review = 2029-01-01").is_empty()
        );
    }
}
