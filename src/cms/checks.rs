//! The editor's checks: Continuum's own findings for one entry as it is being edited, before
//! it is saved. The site is loaded from disk, the entry's file replaced by the edited text
//! (or added, for a new article), and the usual stages run: load → resolve → render →
//! check. Returns the findings that point into that entry, with line and column, and its
//! readability figures, as JSON for the CMS preview.

use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;

use crate::{check, load, render, resolve, BuildOptions};

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

/// What one check keeps for the next: the stages' caches, so that checking an edit redoes
/// only what the edit changed (`render::cache` explains why the result equals a clean
/// run's). Behind a mutex, so checks run one at a time and never crowd out the server.
#[derive(Default)]
pub struct CheckState(Mutex<Caches>);

#[derive(Default)]
struct Caches {
    load: load::LoadCache,
    render: render::RenderCache,
    check: check::CheckCache,
}

/// Checks `text` as the file `rel` below `content/` of the site at `root`.
pub fn check_entry(
    state: &CheckState,
    root: &Path,
    rel: &str,
    text: &str,
) -> Result<EntryReport, String> {
    let mut caches = state.0.lock().unwrap_or_else(|e| e.into_inner());
    let caches = &mut *caches;
    let options = BuildOptions {
        root: root.to_path_buf(),
        drafts: true,
        ..BuildOptions::default()
    };
    let (config, _) = crate::load_config(root, &options)
        .map_err(|found| format!("config.toml has errors:\n{}", found.report(false)))?;
    let (mut corpus, mut found) = load::load_cached(root, &config, &mut caches.load);
    let file = format!("content/{rel}");
    corpus.documents.retain(|d| d.rel_path != rel);
    // Diagnostics about the file on disk are replaced by the edited text's own.
    let mut diagnostics = crate::Diagnostics::new();
    diagnostics.extend(found.iter().filter(|d| !is_in(d, &file)).cloned());
    found = diagnostics;
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
    let (site, resolved) = resolve::resolve(corpus, &config);
    found.extend(resolved);
    let (rendered, rendered_found) =
        render::render_cached(&site, &config, &mut caches.render, None);
    found.extend(rendered_found);
    let mut article = None;
    if !found.has_errors() {
        let (report, checked) = check::run_cached(
            &site,
            &rendered,
            &config,
            &options.checks,
            &mut caches.check,
        );
        found.extend(checked);
        article = report.articles.into_iter().find(|a| a.file == file);
    }
    let findings = found
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
