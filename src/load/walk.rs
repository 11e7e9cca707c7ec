//! The walk of one input folder (`content/`, a `static/`, `templates/` or `i18n/` folder of
//! the site or its theme): every regular file below it, hidden names skipped, sorted.
//!
//! It guarantees that every file it returns really lies inside the site's folder, so nothing
//! outside the site is published or read as content. Symbolic links are followed only while
//! their real target stays inside the site's folder: a link out of it (to `/etc/passwd`, to
//! `/`, to another project) is an error naming the link and its target, and is not followed.
//! A link to a folder that holds the walk (the site's folder, `..`) or to a folder already
//! being walked is a loop: a warning, not followed, so the walk ends. FIFOs, sockets and
//! devices are never returned (reading a FIFO would wait forever): a warning names each.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{display_path, error_text};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Files below `dir`, as (path below `dir` with `/`, path to read it from).
pub(super) fn walk(
    dir: &Path,
    diagnostics: &mut Diagnostics,
    root: &Path,
) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    let Ok(site) = std::fs::canonicalize(root) else {
        return files;
    };
    // The folder itself may be a link (`static -> /srv/shared`).
    let start = match std::fs::canonicalize(dir) {
        Ok(real) if real.starts_with(&site) => real,
        Ok(real) => {
            diagnostics.push(leaves_the_site(dir, &real, root));
            return files;
        }
        Err(_) => return files,
    };
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(walk_error(&error, root));
                continue;
            }
        };
        if entry.depth() > 0 && entry.path_is_symlink() {
            let is_dir = entry.file_type().is_dir();
            let problem = match std::fs::canonicalize(entry.path()) {
                Ok(real) if !real.starts_with(&site) => {
                    Some(leaves_the_site(entry.path(), &real, root))
                }
                // Walking it would walk this folder again, inside itself.
                Ok(real) if is_dir && start.starts_with(&real) => {
                    Some(loop_warning(entry.path(), root))
                }
                Ok(_) => None,
                Err(error) => Some(cannot_read(entry.path(), root, error_text(&error))),
            };
            if let Some(problem) = problem {
                diagnostics.push(problem);
                if is_dir {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            diagnostics.push(special_file(entry.path(), kind, root));
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        match rel.to_str() {
            Some(rel) => files.push((rel.replace('\\', "/"), entry.path().to_path_buf())),
            None => diagnostics.push(
                Diagnostic::error("file name is not valid UTF-8")
                    .in_file(display_path(entry.path(), root))
                    .help("rename the file using letters, digits and hyphens"),
            ),
        }
    }
    files
}

fn leaves_the_site(link: &Path, target: &Path, root: &Path) -> Diagnostic {
    Diagnostic::error(format!(
        "symbolic link leaves the site: it points to `{}`",
        target.display()
    ))
    .in_file(display_path(link, root))
    .help("copy the file into the site, or remove the link; links may point only inside the site's folder, so that nothing else on this computer is published")
}

fn loop_warning(link: &Path, root: &Path) -> Diagnostic {
    Diagnostic::warning("symbolic link loop skipped")
        .in_file(display_path(link, root))
        .help("remove the link that points back to its own folder")
}

fn cannot_read(path: &Path, root: &Path, why: String) -> Diagnostic {
    Diagnostic::warning(format!("cannot read: {why}"))
        .in_file(display_path(path, root))
        .help("check that the file exists and is readable")
}

fn walk_error(error: &walkdir::Error, root: &Path) -> Diagnostic {
    let d = if error.loop_ancestor().is_some() {
        Diagnostic::warning("symbolic link loop skipped")
            .help("remove the link that points back to its own folder")
    } else {
        let why = error
            .io_error()
            .map_or_else(|| error.to_string(), error_text);
        Diagnostic::warning(format!("cannot read: {why}"))
            .help("check that the file exists and is readable")
    };
    match error.path() {
        Some(path) => d.in_file(display_path(path, root)),
        None => d,
    }
}

/// A FIFO, socket or device: never read, never copied.
fn special_file(path: &Path, kind: std::fs::FileType, root: &Path) -> Diagnostic {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            "a FIFO"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_block_device() || kind.is_char_device() {
            "a device"
        } else {
            "a special file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = kind;
        "a special file"
    };
    Diagnostic::warning(format!("not a regular file ({what}): skipped"))
        .in_file(display_path(path, root))
        .help("only regular files are read and copied; remove it from the site's folders")
}
