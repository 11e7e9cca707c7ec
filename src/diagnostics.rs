//! Every problem a user can fix is a [`Diagnostic`]: a severity, the file, a byte span in that
//! file, a lowercase message and a `help:` line. Stages push diagnostics into one
//! [`Diagnostics`] list and keep going, so a run reports every problem at once; the printer
//! shows each with its source line underlined, errors first, then a one-line summary.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{Level, Renderer, Snippet};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A [`Diagnostic`] as stored between builds: its source file by path, so it can be shown
/// again without rendering anything (see `emit::record`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredDiagnostic {
    severity: Severity,
    message: String,
    help: Option<String>,
    path: Option<PathBuf>,
    /// The file's path as shown, and the span's start and end.
    location: Option<(PathBuf, usize, usize)>,
}

impl StoredDiagnostic {
    /// The diagnostic again, pointing into `source(path)`; `None` when that file is not
    /// among the sources (the caller then builds afresh).
    pub fn restore<'a>(
        &self,
        source: impl Fn(&Path) -> Option<&'a SourceText>,
    ) -> Option<Diagnostic> {
        let diagnostic = Diagnostic {
            severity: self.severity,
            message: self.message.clone(),
            help: self.help.clone(),
            location: None,
            path: self.path.clone(),
        };
        match &self.location {
            // A span the file no longer has: the record is not this file's (or was edited).
            Some((path, start, end)) => {
                let text = source(path)?;
                (start <= end && *end <= text.text.len()).then(|| diagnostic.at(text, *start..*end))
            }
            None => Some(diagnostic),
        }
    }
}

/// A source file's text shared between the corpus and the diagnostics that point into it.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Where the text's lines start, made at the first position asked for and shared by
    /// every copy, so each diagnostic of the file costs a binary search.
    lines: Arc<std::sync::OnceLock<crate::line_index::LineIndex>>,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceText {
            path: path.into(),
            text: text.into(),
            lines: Arc::default(),
        }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let lines = self
            .lines
            .get_or_init(|| crate::line_index::LineIndex::new(&self.text));
        lines.line_col(&self.text, offset)
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The file and byte span the problem is in; `None` for problems with no file (bad flags).
    pub location: Option<Box<(SourceText, Range<usize>)>>,
    /// A path to show when there is no source text to quote (unreadable files, folders).
    pub path: Option<PathBuf>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            help: None,
            location: None,
            path: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, source: &SourceText, span: Range<usize>) -> Self {
        let len = source.text.len();
        let start = floor_char_boundary(&source.text, span.start.min(len));
        let end = floor_char_boundary(&source.text, span.end.clamp(start, len));
        self.path = Some(source.path.clone());
        self.location = Some(Box::new((source.clone(), start..end)));
        self
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic without its source text, to be stored between builds.
    pub fn to_stored(&self) -> StoredDiagnostic {
        StoredDiagnostic {
            severity: self.severity,
            message: self.message.clone(),
            help: self.help.clone(),
            path: self.path.clone(),
            location: self
                .location
                .as_ref()
                .map(|located| (located.0.path.clone(), located.1.start, located.1.end)),
        }
    }

    /// 1-based line and column of the span's start, if the diagnostic points into a file.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        self.location
            .as_ref()
            .map(|located| located.0.line_col(located.1.start))
    }

    /// `path:line:col` (or just the path), the way editors and terminals make clickable.
    pub fn position(&self) -> Option<String> {
        let path = self.path.as_ref()?.display().to_string();
        Some(match self.line_col() {
            Some((line, col)) => format!("{path}:{line}:{col}"),
            None => path,
        })
    }

    /// The diagnostic on one line (`file:line:col: error: message (help: …)`), for a finding
    /// whose source line was already quoted; escaped like [`Diagnostic::render`].
    pub fn render_line(&self, severity: &str) -> String {
        let position = self.position().unwrap_or_default();
        let mut line = format!(
            "{}: {severity}: {}",
            escape_invisible(&position, true),
            escape_invisible(&self.message, false)
        );
        if let Some(help) = &self.help {
            let _ = write!(line, " (help: {})", escape_invisible(help, false));
        }
        line
    }

    /// The diagnostic as rustc-style text with the source line quoted.
    pub fn render(&self, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        // A terminal is not measured: trimming long lines is where annotate-snippets has
        // overflowed on odd input (found by fuzzing), and a wrapped line reads fine.
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
        .term_width(usize::MAX / 4);
        // Paths and messages quote what users wrote: their invisible and control characters
        // are shown as `\u{200b}`, never sent raw to the terminal.
        let path_string = match (&self.location, &self.path) {
            (Some(located), _) => {
                escape_invisible(&located.0.path.display().to_string(), true).into_owned()
            }
            (None, Some(path)) => format!(
                "--> {}",
                escape_invisible(&path.display().to_string(), true)
            ),
            (None, None) => String::new(),
        };
        let message_text = escape_invisible(&self.message, false);
        let help_text = self
            .help
            .as_deref()
            .map(|help| escape_invisible(help, false));
        let excerpt = self
            .location
            .as_ref()
            .map(|located| Excerpt::of(&located.0.text, located.1.clone()));
        let mut message = level.title(&message_text);
        if let Some(excerpt) = &excerpt {
            message = message.snippet(
                Snippet::source(&excerpt.text)
                    .line_start(excerpt.first_line)
                    .origin(&path_string)
                    .annotation(level.span(excerpt.span.clone())),
            );
        } else if self.path.is_some() {
            message = message.footer(Level::Note.title(&path_string));
        }
        if let Some(help) = &help_text {
            message = message.footer(Level::Help.title(help));
        }
        let rendered = renderer.render(message).to_string();
        rendered
    }
}

/// The lines a diagnostic quotes: from the start of the span's first line to the end of its
/// last (at most a few lines and a few thousand bytes, so a huge file costs no more than a
/// small one), with control characters shown as spaces (one byte each, so spans keep their
/// places).
struct Excerpt {
    text: String,
    /// 1-based number of the excerpt's first line in the file.
    first_line: usize,
    /// The span, relative to the excerpt.
    span: Range<usize>,
}

const EXCERPT_LINES: usize = 4;
const EXCERPT_BYTES: usize = 4096;

impl Excerpt {
    fn of(text: &str, span: Range<usize>) -> Excerpt {
        let begin = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        let first_line = text.as_bytes()[..begin]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        let mut end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i);
        if let Some((i, _)) = text[begin..end].match_indices('\n').nth(EXCERPT_LINES - 1) {
            end = begin + i;
        }
        if end - begin > EXCERPT_BYTES {
            end = floor_char_boundary(
                text,
                (begin + EXCERPT_BYTES).max(span.start.min(text.len())),
            );
        }
        // Each invisible character is replaced by a visible one of the same length in bytes,
        // so spans keep their places.
        let shown: String = text[begin..end]
            .chars()
            .map(|c| match c {
                '\n' | '\t' => c,
                c if c.is_ascii_control() => ' ',
                c if is_invisible(c) && c.len_utf8() == 2 => '\u{b7}',
                c if is_invisible(c) => '\u{fffd}',
                c => c,
            })
            .collect();
        let local_start = span.start - begin;
        let local_end = span.end.clamp(span.start, end) - begin;
        Excerpt {
            text: shown,
            first_line,
            span: local_start..local_end,
        }
    }
}

/// Control characters (C0, DEL, C1) and the invisible ones that can hide or reorder text:
/// zero-width spaces and joiners, direction marks, embeddings, overrides and isolates, word
/// joiners, the byte-order mark.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// `text` with every invisible character written as `\u{200b}`; a line feed and a tab stay
/// as they are in messages (`keep_layout`), not in paths.
pub(crate) fn escape_invisible(text: &str, path: bool) -> std::borrow::Cow<'_, str> {
    let keep = |c: char| !path && matches!(c, '\n' | '\t');
    if !text.chars().any(|c| is_invisible(c) && !keep(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Errors first, then warnings; within each, by file and position, so output is stable.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        // Line numbers cost a scan of the file: compute each once, not per comparison.
        items.sort_by_cached_key(|d| (d.severity, d.path.clone(), d.line_col(), d.message.clone()));
        items
    }

    /// Every diagnostic rendered, then the one-line summary.
    pub fn report(&self, color: bool) -> String {
        let mut out = String::new();
        for diagnostic in self.sorted() {
            out.push_str(&diagnostic.render(color));
            out.push_str("\n\n");
        }
        if !self.is_empty() {
            let _ = writeln!(out, "{}", self.summary());
        }
        out
    }

    pub fn summary(&self) -> String {
        let (errors, warnings) = (self.error_count(), self.warning_count());
        format!(
            "{} {}, {} {}",
            errors,
            plural(errors, "error", "errors"),
            warnings,
            plural(warnings, "warning", "warnings")
        )
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *distance <= (c.chars().count().max(4) / 3).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 999), (3, 2));
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        let keys = ["title", "description", "base_url"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("baseurl", keys), Some("base_url"));
        assert_eq!(did_you_mean("colour", keys), None);
    }

    #[test]
    fn rendered_diagnostic_quotes_the_line_and_help() {
        let src = SourceText::new("content/a.md", "+++\ndraft = \"no\"\n+++\n");
        let d = Diagnostic::error("`draft` must be true or false")
            .at(&src, 12..16)
            .help("write draft = false");
        let text = d.render(false);
        assert!(text.contains("content/a.md:2:9"), "{text}");
        assert!(text.contains("draft = \"no\""), "{text}");
        assert!(text.contains("help: write draft = false"), "{text}");
    }

    #[test]
    fn invisible_characters_are_escaped_in_paths_messages_and_quotes() {
        let src = SourceText::new(
            "content/\u{1b}[31mred\u{200b}.md",
            "+++\ntitle = \"a\u{202e}b\u{85}c\u{7}\"\n+++\n",
        );
        let d = Diagnostic::error("broken link: `a\u{200b}b\u{2066}.md`\nsecond line")
            .at(&src, 12..23)
            .help("remove `\u{feff}`");
        let text = d.render(false);
        assert!(
            text.contains("content/\\u{1b}[31mred\\u{200b}.md:2:9"),
            "{text}"
        );
        assert!(
            text.contains("`a\\u{200b}b\\u{2066}.md`\nsecond line"),
            "{text}"
        );
        assert!(text.contains("help: remove `\\u{feff}`"), "{text}");
        assert!(text.contains("title = \"a\u{fffd}b\u{b7}c \""), "{text}");
        for c in [
            '\u{1b}', '\u{7}', '\u{200b}', '\u{202e}', '\u{2066}', '\u{85}', '\u{feff}',
        ] {
            assert!(!text.contains(c), "{c:?} in {text}");
        }
        // A path keeps no raw line feed either.
        assert_eq!(escape_invisible("a\nb", true), "a\\u{a}b");
    }

    #[test]
    fn report_puts_errors_first_and_summarises() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("a warning").in_file("b.md"));
        all.push(Diagnostic::error("an error").in_file("a.md"));
        let report = all.report(false);
        assert!(report.find("an error").unwrap() < report.find("a warning").unwrap());
        assert!(report.trim_end().ends_with("1 error, 1 warning"));
    }
}
