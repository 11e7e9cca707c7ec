//! Front matter: the TOML (`+++`) or YAML (`---`) block at the top of a Markdown file.
//! [`split`] finds the block and the body without parsing; [`parse`] turns the block into a
//! [`FrontMatter`], mapping every parser error to the right line of the file.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::config::toml_error_at;
use crate::diagnostics::{did_you_mean, Diagnostic, SourceText};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// Where the front matter and the body are in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Format,
    /// The text between the delimiter lines.
    pub front: Range<usize>,
    /// Everything after the closing delimiter line.
    pub body: Range<usize>,
}

/// Finds the front-matter block. `Ok(None)` when the file has none.
pub fn split(text: &str) -> Result<Option<Split>, SplitError> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let format = match text[..first_line_end].trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => return Ok(None),
    };
    let (want, other) = match format {
        Format::Toml => ("+++", "---"),
        Format::Yaml => ("---", "+++"),
    };
    let mut offset = first_line_end;
    let mut mismatched = None;
    while offset < text.len() {
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = text[offset..line_end].trim_end_matches(['\n', '\r']);
        if line.trim_end() == want {
            return Ok(Some(Split {
                format,
                front: first_line_end..offset,
                body: line_end..text.len(),
            }));
        }
        if line.trim_end() == other && mismatched.is_none() {
            mismatched = Some(offset..offset + line.len());
        }
        offset = line_end;
    }
    Err(SplitError {
        opening: 0..3,
        mismatched,
        delimiter: want,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub opening: Range<usize>,
    /// A closing line with the other format's delimiter, the likely cause.
    pub mismatched: Option<Range<usize>>,
    pub delimiter: &'static str,
}

impl SplitError {
    pub fn to_diagnostic(&self, source: &SourceText) -> Diagnostic {
        match &self.mismatched {
            Some(span) => Diagnostic::error(format!(
                "front matter opened with `{}` is closed with a different delimiter",
                self.delimiter
            ))
            .at(source, span.clone())
            .help(format!(
                "open and close with the same line: `{0}` ... `{0}` for TOML, `---` ... `---` for YAML",
                self.delimiter
            )),
            None => Diagnostic::error("front matter is never closed")
                .at(source, self.opening.clone())
                .help(format!(
                    "add a line containing only `{}` after the last front-matter key",
                    self.delimiter
                )),
        }
    }
}

/// A calendar date (`2026-11-15`), from a TOML date or a YAML/TOML string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        // A full datetime is accepted; only its date counts.
        let day = text.get(..10).filter(|_| {
            text.len() == 10 || matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' '))
        });
        day.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(Date)
            .ok_or_else(|| {
                format!("`{text}` is not a valid date (write YYYY-MM-DD, e.g. 2026-11-15)")
            })
    }

    pub fn today() -> Date {
        Date(chrono::Local::now().date_naive())
    }

    /// The same day `years` later (28 February for 29 February in a non-leap year).
    pub(crate) fn add_years(self, years: i32) -> Date {
        use chrono::Datelike;
        let d = self.0;
        let target = d.year() + years;
        Date(
            chrono::NaiveDate::from_ymd_opt(target, d.month(), d.day())
                .or_else(|| chrono::NaiveDate::from_ymd_opt(target, d.month(), 28))
                .unwrap_or(d),
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2026-11-15")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Date, E> {
                Date::parse(value).map_err(E::custom)
            }
            // The toml crate hands dates over as a one-entry map.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((_, value)) => Date::parse(&value).map_err(de::Error::custom),
                    None => Err(de::Error::custom("expected a date such as 2026-11-15")),
                }
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A public document an article's facts come from.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub year: Option<i64>,
    #[serde(default)]
    pub url: Option<String>,
    /// Why a source older than `[checks] max_source_age_years` is still cited: what it covers
    /// that nothing newer does (`source-age` then leaves it alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nothing_newer: Option<String>,
}

/// One question of an FAQ page; the answer is Markdown.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FaqEntry {
    pub question: String,
    pub answer: String,
}

/// One glossary term, defined once and linked from every page that uses it.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    #[serde(default)]
    pub acronym: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub definition: String,
    /// The full article, as a relative `.md` path like a link.
    #[serde(default)]
    pub link: Option<String>,
}

/// The clinician or team that approved an article: a person (`name` with `credentials`, and
/// a `role`) or a `team`. docs/governance.md says how each is shown.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
}

/// Where an article stands in review besides a recorded approval.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// Bundled sample content awaiting a provider's clinical review: published honestly as such.
    Sample,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Title,
    Date,
}

/// The front-matter fields; docs/content.md documents each one.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub last_reviewed: Option<Date>,
    #[serde(default)]
    pub next_review: Option<Date>,
    /// A free-text reviewer line (older sites); `reviewer` is the structured form.
    #[serde(default)]
    pub reviewed_by: Option<String>,
    /// Who approved the article: written by `continuum review approve` (docs/governance.md).
    #[serde(default)]
    pub reviewer: Option<Reviewer>,
    /// `"sample"`: sample content that no clinician has reviewed yet (docs/governance.md).
    #[serde(default)]
    pub review_status: Option<ReviewStatus>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub template: Option<String>,
    /// Sections only: how the section's pages are ordered.
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Comparable facts (levels of care), checked against the schema in config.toml.
    #[serde(default)]
    pub facts: toml::Table,
    /// A location (content/locations/), checked by `render::locations`.
    #[serde(default)]
    pub location: toml::Table,
    #[serde(default)]
    pub faq: Vec<FaqEntry>,
    /// Questions a reader could ask their care team, shown on the article's handout
    /// (docs/handouts.md).
    #[serde(default)]
    pub questions: Vec<String>,
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// Per-article settings of the editorial checks.
    #[serde(default)]
    pub checks: crate::config::checks::PageChecks,
    #[serde(default)]
    pub extra: toml::Table,
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "last_reviewed",
    "next_review",
    "reviewed_by",
    "reviewer",
    "review_status",
    "weight",
    "draft",
    "slug",
    "aliases",
    "template",
    "sort_by",
    "taxonomies",
    "sources",
    "facts",
    "location",
    "faq",
    "questions",
    "glossary",
    "checks",
    "extra",
];

/// The fields that hold a [`Date`].
const DATE_FIELDS: &[&str] = &["date", "updated", "last_reviewed", "next_review"];

/// A TOML error on a `KEY = VALUE` line whose value is a date written wrongly (`12/01/2026`,
/// `2026-1-5`, `2026-02-30`, quoted or not): the same message and YYYY-MM-DD help as YAML
/// front matter gets, at the value, in place of the TOML parser's own words.
fn date_error(source: &SourceText, at: usize) -> Option<Diagnostic> {
    let text = &source.text;
    let at = at.min(text.len());
    let begin = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[begin..end];
    let (key, value) = line.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    let value_start = begin + key_len(line) + 1;
    let raw = value.split('#').next().unwrap_or("").trim();
    let unquoted = raw.trim_matches(['"', '\'']);
    let looks_like_a_date = unquoted.len() >= 6
        && unquoted.starts_with(|c: char| c.is_ascii_digit())
        && unquoted.contains(['-', '/', '.'])
        && unquoted
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ':' | 'T' | ' '));
    if !DATE_FIELDS.contains(&key) && !looks_like_a_date {
        return None;
    }
    if is_strict_date(unquoted) {
        return None;
    }
    let offset = value_start + value.find(raw).unwrap_or(0);
    Some(
        Diagnostic::error(format!("`{unquoted}` is not a valid date"))
            .at(source, offset..offset + raw.len())
            .help("write YYYY-MM-DD with a month from 01 to 12 and a day the month has, e.g. 2026-11-15"),
    )
}

/// The bytes of `line` before its first `=`.
fn key_len(line: &str) -> usize {
    line.find('=').unwrap_or(0)
}

/// `YYYY-MM-DD`, two-digit month and day, naming a real day (a time may follow).
fn is_strict_date(text: &str) -> bool {
    let day = text.get(..10).unwrap_or(text);
    let b = day.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok()
}

/// Parses the block `split` found. Errors point into `source` at the parser's position.
pub fn parse(source: &SourceText, split: &Split) -> Result<FrontMatter, Diagnostic> {
    let text = &source.text[split.front.clone()];
    match split.format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start) + split.front.start;
            date_error(source, at)
                .unwrap_or_else(|| toml_error_at(source, &e, "front matter", split.front.start))
        }),
        Format::Yaml => {
            if text.trim().is_empty() {
                return Ok(FrontMatter::default());
            }
            serde_norway::from_str(text).map_err(|e| yaml_error(source, &e, split.front.start))
        }
    }
}

/// Where each value of the block `split` found is written, in `source`'s byte offsets.
pub fn spans(source: &SourceText, split: &Split) -> crate::spans::Spans {
    let text = &source.text[split.front.clone()];
    match split.format {
        Format::Toml => crate::spans::Spans::toml(text, split.front.start),
        Format::Yaml => crate::spans::Spans::yaml(text, split.front.start),
    }
}

fn yaml_error(source: &SourceText, error: &serde_norway::Error, offset: usize) -> Diagnostic {
    let at = error.location().map_or(offset, |l| offset + l.index());
    let message = error.to_string();
    // serde_norway appends " at line N column M"; the snippet shows that already.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    if let Some((key, _)) = crate::config::parse_unknown_field(&message) {
        let help = match did_you_mean(&key, FIELDS.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("valid keys: {}", FIELDS.join(", ")),
        };
        return Diagnostic::error(format!("unknown key `{key}` in front matter"))
            .at(source, at..at + key.len())
            .help(help);
    }
    Diagnostic::error(format!("invalid YAML front matter: {message}"))
        .at(source, at..at)
        .help("check the YAML syntax near this position; quote text that contains `:` or `#`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Diagnostic> {
        let source = SourceText::new("a.md", text);
        let split = split(text).unwrap().unwrap();
        parse(&source, &split)
    }

    #[test]
    fn splits_toml_and_yaml_with_crlf() {
        let text = "+++\r\ntitle = \"A\"\r\n+++\r\nBody";
        let s = split(text).unwrap().unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(&text[s.front.clone()], "title = \"A\"\r\n");
        assert_eq!(&text[s.body.clone()], "Body");
        let s = split("---\ntitle: A\n---\n").unwrap().unwrap();
        assert_eq!(s.format, Format::Yaml);
    }

    #[test]
    fn no_front_matter_and_unclosed_and_mixed() {
        assert_eq!(split("# Hello").unwrap(), None);
        assert_eq!(split("").unwrap(), None);
        let err = split("+++\ntitle = \"A\"\n").unwrap_err();
        assert_eq!(err.mismatched, None);
        let err = split("+++\ntitle = \"A\"\n---\nbody").unwrap_err();
        assert_eq!(err.mismatched, Some(16..19));
    }

    #[test]
    fn parses_every_field_kind() {
        let fm = parse_text(
            "+++\ntitle = \"A\"\nlast_reviewed = 2026-11-15\nnext_review = \"2029-11-15\"\n\
             weight = 3\ndraft = true\n[taxonomies]\ntherapies = [\"CBT\"]\n[facts]\nx = 1\n+++\n",
        )
        .unwrap();
        assert_eq!(fm.title.as_deref(), Some("A"));
        assert_eq!(fm.last_reviewed.unwrap().to_string(), "2026-11-15");
        assert_eq!(fm.next_review.unwrap().to_string(), "2029-11-15");
        assert!(fm.draft);
        assert_eq!(fm.taxonomies["therapies"], vec!["CBT".to_string()]);
    }

    #[test]
    fn yaml_front_matter() {
        let fm =
            parse_text("---\ntitle: A\nlast_reviewed: 2026-01-02\ndraft: false\n---\n").unwrap();
        assert_eq!(fm.last_reviewed.unwrap().to_string(), "2026-01-02");
    }

    #[test]
    fn wrong_type_points_at_the_value_line() {
        let d = parse_text("+++\ntitle = \"A\"\ndraft = \"false\"\n+++\n").unwrap_err();
        assert_eq!(d.line_col().unwrap().0, 3);
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn impossible_date_is_an_error() {
        let d =
            parse_text("+++\ntitle = \"A\"\nlast_reviewed = \"2026-02-30\"\n+++\n").unwrap_err();
        assert!(d.message.contains("not a valid date"), "{}", d.message);
        assert_eq!(d.line_col().unwrap().0, 3);
    }

    #[test]
    fn every_wrong_toml_date_gets_the_yyyy_mm_dd_help() {
        for (value, shown) in [
            ("12/01/2026", "12/01/2026"),
            ("2026-1-5", "2026-1-5"),
            ("2026-02-30", "2026-02-30"),
            ("2026-13-01", "2026-13-01"),
            ("\"12/01/2026\"", "12/01/2026"),
            ("\"2026-02-30\"", "2026-02-30"),
        ] {
            let d = parse_text(&format!(
                "+++\ntitle = \"A\"\nlast_reviewed = {value} # checked\n+++\n"
            ))
            .unwrap_err();
            assert_eq!(
                d.message,
                format!("`{shown}` is not a valid date"),
                "{value}"
            );
            assert!(d.help.as_deref().unwrap().contains("YYYY-MM-DD"), "{value}");
            assert_eq!(d.line_col(), Some((3, 17)), "{value}");
        }
        // A good date and other errors are left alone.
        assert!(parse_text("+++\ntitle = \"A\"\nlast_reviewed = 2026-02-28\n+++\n").is_ok());
        let d = parse_text("+++\ntitle = \"A\"\nweight = = 3\n+++\n").unwrap_err();
        assert!(d.message.contains("invalid front matter"), "{}", d.message);
    }

    #[test]
    fn unknown_key_suggests_nearest() {
        let d = parse_text("+++\ntitle = \"A\"\ndescripton = \"x\"\n+++\n").unwrap_err();
        assert_eq!(d.help.as_deref(), Some("did you mean `description`?"));
        let d = parse_text("---\ntitle: A\nweigth: 3\n---\n").unwrap_err();
        assert_eq!(d.help.as_deref(), Some("did you mean `weight`?"));
        assert_eq!(d.line_col().unwrap().0, 3);
    }

    #[test]
    fn add_years_handles_leap_day() {
        let d = Date::parse("2028-02-29").unwrap();
        assert_eq!(d.add_years(3).to_string(), "2031-02-28");
    }
}
