//! Approvals (docs/governance.md): every published article is either approved, with the
//! approval recorded in `reviews.toml` and bound to the text, or marked as sample content
//! awaiting review (`review_status = "sample"`). Drafts are left alone. On each article this
//! finds: no approval at all (`review-missing`), an approval that names no reviewer or a
//! person without credentials (`review-reviewer`), front matter and record that disagree or
//! an approval the record lacks (`review-unrecorded`), text edited since the approval, with
//! what changed (`review-changed`), and sample content that claims a review (`review-sample`).

use super::locate;
use super::rules::{Finding, Rule};
use crate::load::front_matter::{ReviewStatus, Reviewer};
use crate::load::Date;
use crate::resolve::{Entry, Site};
use crate::review::Reviewed;

/// The command that records an approval of `entry`, for help lines.
pub fn approve_command(entry: &Entry) -> String {
    format!(
        "continuum review approve content/{} --by \"Name, credentials\" --role \"role\" (or --team \"team name\")",
        entry.doc.rel_path
    )
}

/// A reviewer is complete when it names a team, or a person with credentials.
pub fn reviewer_problem(reviewer: Option<&Reviewer>) -> Option<&'static str> {
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    match reviewer {
        None => Some("names no reviewer"),
        Some(r) if filled(&r.team) => None,
        Some(r) if !filled(&r.name) => Some("names neither a reviewer nor a team"),
        Some(r) if !filled(&r.credentials) => Some("names a reviewer without credentials"),
        Some(_) => None,
    }
}

/// With `[governance] require_approval` off (sites made before the workflow), only what is
/// wrong anyway is reported: sample content that claims a review, text changed since a
/// recorded approval, and (a warning, as before the workflow) an article with no review date.
pub fn check(
    site: &Site,
    required: bool,
    today: Date,
    interval: u32,
) -> Vec<(Option<usize>, Finding)> {
    let mut findings = Vec::new();
    for (index, entry) in site.entries.iter().enumerate() {
        if entry.doc.source.text.is_empty() || entry.front().draft {
            continue;
        }
        let mut push = |finding: Finding| {
            let always = matches!(finding.rule, Rule::ReviewSample | Rule::ReviewChanged);
            if required || always {
                findings.push((Some(index), finding));
            }
        };
        check_entry(site, entry, &mut push);
        if !required
            && entry.front().last_reviewed.is_none()
            && entry.front().review_status.is_none()
        {
            findings.push((Some(index), undated(entry, today, interval)));
        }
    }
    findings
}

/// An article without a review date on a site that does not require approvals: a warning.
fn undated(entry: &Entry, today: Date, years: u32) -> Finding {
    let doc = &entry.doc;
    let due = today.add_years(years.min(100) as i32);
    let diagnostic = crate::diagnostics::Diagnostic::warning("the article has no `last_reviewed` date")
        .at(&doc.source, locate::missing_key(doc))
        .help(format!(
            "after a clinician reviews it, add last_reviewed = {today} and next_review = {due}; better, record the review with `{}` (docs/governance.md)",
            approve_command(entry)
        ));
    Finding::new(Rule::ReviewMissing, diagnostic)
}

fn check_entry(site: &Site, entry: &Entry, push: &mut dyn FnMut(Finding)) {
    let doc = &entry.doc;
    let source = &doc.source;
    let front = entry.front();
    let record = site.reviews.get(&doc.rel_path);
    let span_of =
        |key: &str| locate::key_value(doc, key).unwrap_or_else(|| locate::missing_key(doc));
    if front.review_status == Some(ReviewStatus::Sample) {
        let claims = [
            ("last_reviewed", front.last_reviewed.is_some()),
            ("reviewer", front.reviewer.is_some()),
            ("reviewed_by", front.reviewed_by.is_some()),
        ];
        if let Some((key, _)) = claims.iter().find(|(_, present)| *present) {
            push(Finding::new(
                Rule::ReviewSample,
                Rule::ReviewSample
                    .at(source, span_of(key), format!("sample content (review_status = \"sample\") also has `{key}`: it cannot be both unreviewed and reviewed"))
                    .help("remove the review fields until a clinician approves it; `continuum review approve` then removes review_status"),
            ));
        } else if record.is_some() {
            push(Finding::new(
                Rule::ReviewSample,
                Rule::ReviewSample
                    .at(source, span_of("review_status"), "sample content has an approval in reviews.toml")
                    .help(format!("the approval's fields were removed from the page: approve it again with `{}`, or remove its entry from reviews.toml", approve_command(entry))),
            ));
        }
        return;
    }
    let Some(last) = front.last_reviewed else {
        let message = match record {
            Some(a) => format!(
                "reviews.toml records an approval on {} but the article has no `last_reviewed`",
                a.approved
            ),
            None => "the article is published but no clinician's approval is recorded".to_string(),
        };
        let rule = if record.is_some() {
            Rule::ReviewUnrecorded
        } else {
            Rule::ReviewMissing
        };
        push(Finding::new(
            rule,
            rule.at(source, locate::missing_key(doc), message).help(format!(
                "have a clinician review it, then record the approval: `{}`; until then keep it a draft with draft = true, or mark bundled sample content with review_status = \"sample\"",
                approve_command(entry)
            )),
        ));
        return;
    };
    if let Some(problem) = reviewer_problem(front.reviewer.as_ref()) {
        let key = if front.reviewer.is_some() {
            "reviewer"
        } else if front.reviewed_by.is_some() {
            "reviewed_by"
        } else {
            "last_reviewed"
        };
        push(Finding::new(
            Rule::ReviewReviewer,
            Rule::ReviewReviewer
                .at(source, span_of(key), format!("the review of {last} {problem}"))
                .help("write reviewer = { name = \"Full name\", credentials = \"MD\", role = \"Psychiatrist\" } or reviewer = { team = \"Clinical review team\" }; `continuum review approve` writes it"),
        ));
    }
    let Some(approval) = record else {
        push(Finding::new(
            Rule::ReviewUnrecorded,
            Rule::ReviewUnrecorded
                .at(source, span_of("last_reviewed"), format!("the review of {last} is not recorded in reviews.toml, so nothing binds it to the text that was reviewed"))
                .help(format!("record it: `{}`", approve_command(entry))),
        ));
        return;
    };
    let disagree = if approval.approved != last {
        Some(format!(
            "says last_reviewed = {last} but reviews.toml records {}",
            approval.approved
        ))
    } else if front.next_review.is_some_and(|n| n != approval.next_review) {
        Some(format!(
            "says next_review = {} but reviews.toml records {}",
            front.next_review.map(|d| d.to_string()).unwrap_or_default(),
            approval.next_review
        ))
    } else if front.reviewer.as_ref() != Some(&approval.reviewer) {
        Some("names another reviewer than reviews.toml records".to_string())
    } else {
        None
    };
    if let Some(disagree) = disagree {
        push(Finding::new(
            Rule::ReviewUnrecorded,
            Rule::ReviewUnrecorded
                .at(source, span_of("last_reviewed"), format!("the article {disagree}"))
                .help(format!("the review fields are written by `continuum review approve`, not by hand: approve it again with `{}`", approve_command(entry))),
        ));
        return;
    }
    let changes = Reviewed::of(doc).changes_since(&approval.reviewed());
    if !changes.is_empty() {
        push(Finding::new(
            Rule::ReviewChanged,
            Rule::ReviewChanged
                .at(source, span_of("last_reviewed"), format!("changed since review on {last}: {}", changes.join("; ")))
                .help(format!("have the reviewer check the changes (`git diff` since the approval), then approve again: `{}`", approve_command(entry))),
        ));
    }
}
