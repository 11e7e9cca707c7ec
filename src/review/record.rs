//! `reviews.toml`: the committed record of clinical approvals, one entry per page (by its path
//! below `content/`), each binding a reviewer and a date to the hashes of what they reviewed.
//! It is written only by `continuum review approve`, in a deterministic order (sorted by
//! path), so a diff of it in a pull request shows exactly which approvals changed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::parts::{Parts, Reviewed};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::load::front_matter::Reviewer;
use crate::load::Date;

/// The record's file name, at the site root.
pub use crate::load::RECORD_FILE;

const HEADER: &str =
    "# Clinical approvals, written by `continuum review approve` (docs/governance.md).\n\
# Each entry binds a reviewer and a date to a hash of the page they reviewed. Commit this file;\n\
# do not edit it by hand: `continuum check` compares every page with its entry.\n";

/// One recorded approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub approved: Date,
    pub next_review: Date,
    pub reviewer: Reviewer,
    /// The hash of everything reviewed.
    pub content: String,
    /// The hash of each part, to say what changed.
    pub parts: Parts,
}

impl Approval {
    pub fn reviewed(&self) -> Reviewed {
        Reviewed {
            content: self.content.clone(),
            parts: self.parts.clone(),
        }
    }
}

/// Every approval, by page path below `content/`.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub approvals: BTreeMap<String, Approval>,
    /// The file as read, for diagnostics (`None` when the site has none).
    pub source: Option<SourceText>,
}

impl Record {
    /// Parses the file `load` read; a file that does not parse is an error and counts as empty.
    pub fn parse(source: Option<&SourceText>) -> (Record, Option<Diagnostic>) {
        let Some(source) = source else {
            return (Record::default(), None);
        };
        match toml::from_str::<BTreeMap<String, Approval>>(&source.text) {
            Ok(approvals) => (
                Record {
                    approvals,
                    source: Some(source.clone()),
                },
                None,
            ),
            Err(error) => {
                let diagnostic = crate::config::toml_error(source, &error, "the review record")
                    .help("reviews.toml is written by `continuum review approve`; restore it from version control and approve again");
                (
                    Record {
                        source: Some(source.clone()),
                        ..Record::default()
                    },
                    Some(diagnostic),
                )
            }
        }
    }

    pub fn get(&self, path: &str) -> Option<&Approval> {
        self.approvals.get(path)
    }

    /// The file's text: a comment, then one table per page, sorted by path.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(&self.approvals).unwrap_or_default();
        format!("{HEADER}\n{body}")
    }

    /// The line of `path`'s entry in the file, for diagnostics.
    pub fn span_of(&self, path: &str) -> Option<std::ops::Range<usize>> {
        let source = self.source.as_ref()?;
        crate::spans::Spans::toml(&source.text, 0).key(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_deterministically() {
        let mut record = Record::default();
        let front: crate::load::FrontMatter = toml::from_str("title = \"A\"").unwrap();
        let reviewed = Reviewed::from_parts(&front, "## Key points\n\nText.\n");
        for path in ["b.md", "a.es.md"] {
            record.approvals.insert(
                path.into(),
                Approval {
                    approved: Date::parse("2026-12-01").unwrap(),
                    next_review: Date::parse("2029-12-01").unwrap(),
                    reviewer: Reviewer {
                        name: Some("Ana Ruiz".into()),
                        credentials: Some("MD".into()),
                        role: Some("Psychiatrist".into()),
                        team: None,
                    },
                    content: reviewed.content.clone(),
                    parts: reviewed.parts.clone(),
                },
            );
        }
        let text = record.to_toml();
        assert!(text.find("[\"a.es.md\"]").unwrap() < text.find("[\"b.md\"]").unwrap());
        let source = SourceText::new("reviews.toml", text.clone());
        let (back, error) = Record::parse(Some(&source));
        assert!(error.is_none(), "{error:?}");
        assert_eq!(back.approvals, record.approvals);
        assert_eq!(back.to_toml(), text);
        assert!(back.span_of("b.md").is_some());
    }

    #[test]
    fn a_broken_record_is_an_error() {
        let source = SourceText::new("reviews.toml", "[\"a.md\"]\napproved = 3\n");
        let (record, error) = Record::parse(Some(&source));
        assert!(record.approvals.is_empty());
        assert!(error.is_some());
    }
}
