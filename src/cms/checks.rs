//! The editor's checks: Continuum's own findings for one entry as it is being edited, before
//! it is saved. The site is loaded from disk, the entry's file replaced by the edited text
//! (or added, for a new article), and the usual stages run: load → resolve → render →
//! check. Returns the findings that point into that entry, with line and column, and its
//! readability figures, as JSON for the CMS preview.

use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use crate::{check, load, BuildOptions};

/// One finding, shaped for the preview.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub severity: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// What the preview shows for an entry.
#[derive(Debug, Clone, Serialize, Default)]
pub struct EntryReport {
    /// The file below the site's root (`content/iop/first-day.md`).
    pub file: String,
    pub findings: Vec<Finding>,
    /// The readability figures, when the checks ran (they do not after an error).
    pub article: Option<check::ArticleReport>,
}

/// What one check keeps for the next: the build's caches (`crate::Cache`), so that checking
/// an edit redoes only what the edit changed. Behind a mutex, so checks run one at a time and
/// never crowd out the server.
#[derive(Default)]
pub struct CheckState(Mutex<crate::Cache>);

/// Checks `text` as the file `rel` below `content/` of the site at `root`.
pub fn check_entry(
    state: &CheckState,
    root: &Path,
    rel: &str,
    text: &str,
) -> Result<EntryReport, String> {
    let mut cache = state.0.lock().unwrap_or_else(|e| e.into_inner());
    let options = BuildOptions {
        root: root.to_path_buf(),
        drafts: true,
        ..BuildOptions::default()
    };
    let file = format!("content/{rel}");
    let mut edited = false;
    let (_, outcome) = crate::prepare_edited(&options, &mut cache, |corpus, found| {
        edited = true;
        corpus.documents.retain(|d| d.rel_path != rel);
        // Diagnostics about the file on disk give way to the edited text's own.
        let kept: Vec<crate::Diagnostic> =
            found.iter().filter(|d| !is_in(d, &file)).cloned().collect();
        *found = crate::Diagnostics::new();
        found.extend(kept);
        match load::document_from_bytes(rel, text.as_bytes().to_vec()) {
            Ok(document) => {
                found.extend(load::hygiene(&document));
                let at = corpus
                    .documents
                    .partition_point(|d| d.rel_path.as_str() < rel);
                corpus.documents.insert(at, document);
            }
            Err(diagnostic) => found.push(diagnostic),
        }
    });
    if !edited {
        return Err(format!(
            "config.toml has errors:\n{}",
            outcome.diagnostics.report(false)
        ));
    }
    let findings = outcome
        .diagnostics
        .iter()
        .filter(|d| is_in(d, &file))
        .map(|d| {
            let (line, column) = d
                .line_col()
                .map_or((None, None), |(l, c)| (Some(l), Some(c)));
            Finding {
                severity: if d.is_error() { "error" } else { "warning" },
                message: d.message.clone(),
                help: d.help.clone(),
                line,
                column,
            }
        })
        .collect();
    let article = outcome.report.articles.into_iter().find(|a| a.file == file);
    Ok(EntryReport {
        file,
        findings,
        article,
    })
}

/// Whether the diagnostic points into `file`.
fn is_in(diagnostic: &crate::Diagnostic, file: &str) -> bool {
    let path = match (&diagnostic.location, &diagnostic.path) {
        (Some(location), _) => location.0.path.clone(),
        (None, Some(path)) => path.clone(),
        (None, None) => return false,
    };
    path == Path::new(file)
}
