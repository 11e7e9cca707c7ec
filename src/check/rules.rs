//! The catalogue of rules: each has an id (used in `[checks.rules]`, in a page's
//! `[checks] allow` and in JSON output), a family and a default severity. A rule module
//! makes a [`Finding`]; `run` then applies the configured severity and the page's overrides.

use std::ops::Range;

use crate::diagnostics::{Diagnostic, Severity, SourceText};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Readability,
    CheckOverride,
    ReviewMissing,
    ReviewNextMissing,
    ReviewOverdue,
    ReviewOrder,
    ReviewFuture,
    ReviewInterval,
    ReviewReviewer,
    ReviewUnrecorded,
    ReviewChanged,
    ReviewSample,
    ReviewCycle,
    Placeholder,
    SourceAge,
    TranslationParity,
    ImageAlt,
    ImageAltMeaningless,
    HeadingH1,
    HeadingSkip,
    HeadingEmpty,
    LinkEmpty,
    LinkText,
    TableHeader,
    DescriptionMissing,
    DescriptionLength,
    TitleDuplicate,
    Acronym,
    SentenceLength,
    ParagraphLength,
    WordChoice,
    ThirdParty,
    CrisisNumber,
    ExternalLink,
    TranslationStale,
    TranslationMissing,
}

impl Rule {
    pub const ALL: &'static [Rule] = &[
        Rule::Readability,
        Rule::CheckOverride,
        Rule::ReviewMissing,
        Rule::ReviewNextMissing,
        Rule::ReviewOverdue,
        Rule::ReviewOrder,
        Rule::ReviewFuture,
        Rule::ReviewInterval,
        Rule::ReviewReviewer,
        Rule::ReviewUnrecorded,
        Rule::ReviewChanged,
        Rule::ReviewSample,
        Rule::ReviewCycle,
        Rule::Placeholder,
        Rule::SourceAge,
        Rule::TranslationParity,
        Rule::ImageAlt,
        Rule::ImageAltMeaningless,
        Rule::HeadingH1,
        Rule::HeadingSkip,
        Rule::HeadingEmpty,
        Rule::LinkEmpty,
        Rule::LinkText,
        Rule::TableHeader,
        Rule::DescriptionMissing,
        Rule::DescriptionLength,
        Rule::TitleDuplicate,
        Rule::Acronym,
        Rule::SentenceLength,
        Rule::ParagraphLength,
        Rule::WordChoice,
        Rule::ThirdParty,
        Rule::CrisisNumber,
        Rule::ExternalLink,
        Rule::TranslationStale,
        Rule::TranslationMissing,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Rule::Readability => "readability",
            Rule::CheckOverride => "check-override",
            Rule::ReviewMissing => "review-missing",
            Rule::ReviewNextMissing => "review-next-missing",
            Rule::ReviewOverdue => "review-overdue",
            Rule::ReviewOrder => "review-order",
            Rule::ReviewFuture => "review-future",
            Rule::ReviewInterval => "review-interval",
            Rule::ReviewReviewer => "review-reviewer",
            Rule::ReviewUnrecorded => "review-unrecorded",
            Rule::ReviewChanged => "review-changed",
            Rule::ReviewSample => "review-sample",
            Rule::ReviewCycle => "review-cycle",
            Rule::Placeholder => "placeholder",
            Rule::SourceAge => "source-age",
            Rule::TranslationParity => "translation-parity",
            Rule::ImageAlt => "image-alt",
            Rule::ImageAltMeaningless => "image-alt-meaningless",
            Rule::HeadingH1 => "heading-h1",
            Rule::HeadingSkip => "heading-skip",
            Rule::HeadingEmpty => "heading-empty",
            Rule::LinkEmpty => "link-empty",
            Rule::LinkText => "link-text",
            Rule::TableHeader => "table-header",
            Rule::DescriptionMissing => "description-missing",
            Rule::DescriptionLength => "description-length",
            Rule::TitleDuplicate => "title-duplicate",
            Rule::Acronym => "acronym",
            Rule::SentenceLength => "sentence-length",
            Rule::ParagraphLength => "paragraph-length",
            Rule::WordChoice => "word-choice",
            Rule::ThirdParty => "third-party",
            Rule::CrisisNumber => "crisis-number",
            Rule::ExternalLink => "external-link",
            Rule::TranslationStale => "translation-stale",
            Rule::TranslationMissing => "translation-missing",
        }
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Errors are problems that are wrong on any site: a published article nobody approved
    /// (or whose approval is not recorded, names no one, or contradicts its sample status),
    /// placeholders, a translation that states other numbers than its original, inconsistent
    /// review dates, content that reaches other origins or shows a wrong crisis number,
    /// content with no text alternative at all, and overrides nobody explained. Everything
    /// that is a matter of degree or time (readability, length, wording, an edit since the
    /// approval, an old source) is a warning; `--strict` makes readability and
    /// `review-changed` errors.
    pub fn default_severity(self) -> Severity {
        match self {
            Rule::CheckOverride
            | Rule::ReviewMissing
            | Rule::ReviewReviewer
            | Rule::ReviewUnrecorded
            | Rule::ReviewSample
            | Rule::Placeholder
            | Rule::HeadingEmpty
            | Rule::TranslationParity
            | Rule::ReviewOrder
            | Rule::ReviewFuture
            | Rule::ImageAlt
            | Rule::LinkEmpty
            | Rule::ThirdParty
            | Rule::CrisisNumber
            | Rule::ExternalLink => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// Overrides that need no explanation could hide anything; these rules cannot be
    /// silenced on a page, only configured site-wide.
    pub fn page_can_allow(self) -> bool {
        !matches!(
            self,
            Rule::CheckOverride
                | Rule::CrisisNumber
                | Rule::ReviewMissing
                | Rule::ReviewReviewer
                | Rule::ReviewUnrecorded
                | Rule::ReviewChanged
                | Rule::ReviewSample
        )
    }

    /// The rules `--strict` makes errors.
    pub fn strict_error(self) -> bool {
        matches!(self, Rule::Readability | Rule::ReviewChanged)
    }

    /// A finding of this rule with its default severity.
    pub fn at(
        self,
        source: &SourceText,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let diagnostic = match self.default_severity() {
            Severity::Error => Diagnostic::error(message),
            Severity::Warning => Diagnostic::warning(message),
        };
        diagnostic.at(source, span)
    }
}

/// One problem a rule found, before severity and overrides are applied.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Rule,
    pub diagnostic: Diagnostic,
}

impl Finding {
    pub fn new(rule: Rule, diagnostic: Diagnostic) -> Self {
        Finding { rule, diagnostic }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }

    #[test]
    fn safety_and_review_consistency_are_errors_by_default() {
        for rule in [Rule::ThirdParty, Rule::CrisisNumber, Rule::ReviewOrder] {
            assert_eq!(rule.default_severity(), Severity::Error);
        }
        assert_eq!(Rule::Readability.default_severity(), Severity::Warning);
    }
}
