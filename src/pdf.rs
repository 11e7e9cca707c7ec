//! PDF handouts: each rendered handout (`ARTICLE/handout/index.html`) printed to
//! `ARTICLE/handout/handout.pdf` by headless Chromium, when the build is asked to
//! (`build --pdf` or `[handouts] pdf = true`). docs/handouts.md says why Chromium.
//!
//! Takes the build's output files; gives the PDFs as more output files, so `emit` writes and
//! records them like any other (no file appears in the output behind its back). The engine is
//! looked for before anything is rendered ([`Engine::find`]), so a missing Chromium is one
//! error at the start, not a failure after a long build. Each handout is printed from a
//! private temporary folder, its stylesheets inlined (it is read from `file://`, where the
//! site's absolute `/assets/...` addresses would not resolve), by at most [`PARALLEL`]
//! Chromium processes at once, each stopped after [`TIMEOUT`]. The PDFs are tagged
//! (`--export-tagged-pdf`), so screen readers can read them. A PDF over the size budget is a
//! warning naming it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;
use crate::Config;

/// How many Chromium processes print at once: each takes a core and a few hundred MB.
pub(crate) const PARALLEL: usize = 2;
/// How long one handout may take to print before its Chromium is stopped.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(90);
/// The handouts printed to PDF, by the end of their output path.
pub(crate) const HANDOUT: &str = "handout/index.html";

pub use crate::config::handouts::HandoutsConfig;

/// The program that prints handouts: headless Chromium (or Chrome).
#[derive(Debug, Clone)]
pub(crate) struct Engine {
    program: PathBuf,
}

/// Names Chromium and Chrome are installed under, in the order they are tried.
const PROGRAMS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

impl Engine {
    /// `CONTINUUM_CHROMIUM` when it is set, else the first of [`PROGRAMS`] on `PATH`.
    pub(crate) fn find() -> Result<Engine, Diagnostic> {
        if let Some(program) = std::env::var_os("CONTINUUM_CHROMIUM") {
            let program = PathBuf::from(program);
            return if program.is_file() {
                Ok(Engine { program })
            } else {
                Err(missing(&format!(
                    "CONTINUUM_CHROMIUM names `{}`, which is not a file",
                    program.display()
                )))
            };
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .flat_map(|dir| PROGRAMS.iter().map(move |name| dir.join(name)))
            .find(|candidate| candidate.is_file())
            .map(|program| Engine { program })
            .ok_or_else(|| missing("no chromium, chromium-browser or google-chrome on PATH"))
    }
}

fn missing(why: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "PDF handouts need headless Chromium, which was not found: {why}"
    ))
    .help(
        "install Chromium (Debian/Ubuntu: apt-get install chromium) or set CONTINUUM_CHROMIUM to its path; \
         or build without PDFs: leave out --pdf and set `[handouts] pdf = false` in config.toml",
    )
}

/// Prints every handout in `files` to a PDF beside it. Failures and PDFs over the budget are
/// reported; the PDFs that were made are returned.
pub(crate) fn print_handouts(
    engine: &Engine,
    files: &[OutputFile],
    config: &Config,
) -> (Vec<OutputFile>, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let handouts: Vec<&OutputFile> = files
        .iter()
        .filter(|f| f.path.ends_with(HANDOUT) && !f.path.ends_with("large/index.html"))
        .collect();
    if handouts.is_empty() {
        return (Vec::new(), diagnostics);
    }
    let work = match Workspace::create() {
        Ok(work) => work,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!(
                    "cannot make a temporary folder for printing handouts: {e}"
                ))
                .help("check that the system's temporary folder is writable and has free space"),
            );
            return (Vec::new(), diagnostics);
        }
    };
    let styles: HashMap<String, &[u8]> = files
        .iter()
        .filter(|f| f.path.ends_with(".css"))
        .map(|f| (config.url_path(&f.path), &f.bytes[..]))
        .collect();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(handouts.len()));
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(handouts.len()) {
            scope.spawn(|| loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(handout) = handouts.get(n) else {
                    break;
                };
                let html = inline_styles(&String::from_utf8_lossy(&handout.bytes), &styles);
                let result = engine.print(&work.0.join(n.to_string()), &html);
                if let Ok(mut all) = results.lock() {
                    all.push((n, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(n, _)| *n);
    let budget = config.handouts.pdf_budget_kb * 1024;
    let mut pdfs = Vec::with_capacity(results.len());
    for (n, result) in results {
        let path = handouts[n].path.replace(HANDOUT, "handout/handout.pdf");
        match result {
            Ok(bytes) => {
                if bytes.len() as u64 > budget {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "{path} is {} KB, over the {} KB budget for a handout PDF",
                            bytes.len().div_ceil(1024),
                            config.handouts.pdf_budget_kb
                        ))
                        .help("shorten the article's key points or next steps (images and long tables weigh most), or raise `[handouts] pdf_budget_kb`"),
                    );
                }
                pdfs.push(OutputFile {
                    path,
                    bytes: bytes.into(),
                });
            }
            Err(why) => diagnostics.push(
                Diagnostic::error(format!("could not print {path}: {why}"))
                    .help("check that Chromium runs headless on this machine (`chromium --headless --version`), or build without --pdf"),
            ),
        }
    }
    (pdfs, diagnostics)
}

impl Engine {
    /// Prints `html` to PDF in `dir` (created here) and returns the PDF's bytes.
    fn print(&self, dir: &Path, html: &str) -> Result<Vec<u8>, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let page = dir.join("handout.html");
        let out = dir.join("handout.pdf");
        std::fs::write(&page, html).map_err(|e| e.to_string())?;
        let mut child = Command::new(&self.program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-pdf-header-footer",
                "--export-tagged-pdf",
            ])
            // Each process its own profile, so parallel runs do not wait on one another's lock.
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.program.display()))?;
        let started = Instant::now();
        let status = loop {
            match child.try_wait().map_err(|e| e.to_string())? {
                Some(status) => break status,
                None if started.elapsed() > TIMEOUT => {
                    // Stopped and reaped, so no process outlives the build.
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("Chromium took longer than {} s", TIMEOUT.as_secs()));
                }
                None => std::thread::sleep(Duration::from_millis(50)),
            }
        };
        let bytes = std::fs::read(&out)
            .map_err(|_| format!("Chromium wrote no PDF (it exited with {status})"))?;
        if !bytes.starts_with(b"%PDF-") {
            return Err("Chromium wrote a file that is not a PDF".into());
        }
        Ok(bytes)
    }
}

/// Replaces each `<link rel="stylesheet" href="URL">` whose URL is one of the site's
/// stylesheets with a `<style>` element holding it. Only for the private copy Chromium reads
/// from disk: the published handout keeps its links (and the strict CSP).
fn inline_styles(html: &str, styles: &HashMap<String, &[u8]>) -> String {
    const OPEN: &str = "<link rel=\"stylesheet\" href=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let (Some(quote), Some(close)) = (after.find('"'), after.find('>')) else {
            break;
        };
        out.push_str(&rest[..start]);
        match styles.get(&after[..quote]) {
            Some(css) => {
                out.push_str("<style>");
                // A stylesheet cannot end the element early: `</style` never occurs in CSS the
                // build minified, and is neutralised if it does.
                out.push_str(&String::from_utf8_lossy(css).replace("</style", "<\\/style"));
                out.push_str("</style>");
            }
            None => out.push_str(&rest[start..start + OPEN.len() + close + 1]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// A temporary folder, removed when dropped.
struct Workspace(PathBuf);

impl Workspace {
    fn create() -> std::io::Result<Workspace> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("continuum-pdf-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(Workspace(dir))
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_are_inlined_and_other_links_kept() {
        let css: &[u8] = b"body{color:#000}";
        let styles = HashMap::from([("/help/assets/handout.1.css".to_string(), css)]);
        let html = "<head><link rel=\"icon\" href=\"/f.svg\"><link rel=\"stylesheet\" href=\"/help/assets/handout.1.css\">\n<link rel=\"stylesheet\" href=\"/other.css\"></head>";
        assert_eq!(
            inline_styles(html, &styles),
            "<head><link rel=\"icon\" href=\"/f.svg\"><style>body{color:#000}</style>\n<link rel=\"stylesheet\" href=\"/other.css\"></head>"
        );
    }

    #[test]
    fn a_missing_engine_is_one_error_with_a_help_line() {
        let d = missing("no chromium on PATH");
        assert!(d.message.starts_with("PDF handouts need headless Chromium"));
        assert!(d.help.as_deref().unwrap_or("").contains("pdf = false"));
    }
}
