//! Writing into an output folder that cannot be swapped: a mount point (a CI cache or a
//! container volume), which `rename` refuses to move (`EBUSY`, `EXDEV`). The build is still
//! made in the temporary folder first, so a build that fails leaves the output as it was;
//! then each new or changed file is moved into the output (written beside its final name and
//! renamed over it, so no file is ever half-written), and files the last build recorded that
//! this one did not make are removed. Files continuum did not write are never removed. The
//! folder as a whole is not replaced atomically: a build killed while installing can leave
//! some files new and some old, which the next build repairs.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use super::record::{FileRecord, Record};
use super::Writer;
use crate::diagnostics::Diagnostic;

/// Removes what `previous` recorded and this build did not write, then moves the files of
/// `staging` that `written` lists (those not kept from the old output) into `output`.
/// Removing first lets a new file take the place of an old folder, or a folder of an old file.
pub(super) fn install(
    staging: &Path,
    output: &Path,
    previous: Option<&Record>,
    written: &HashMap<String, (FileRecord, bool)>,
    writer: &dyn Writer,
) -> Result<(), Diagnostic> {
    if let Some(previous) = previous {
        for rel in previous.files.keys() {
            if !written.contains_key(rel) {
                remove(output, rel)?;
            }
        }
    }
    let mut paths: Vec<&String> = written.keys().collect();
    paths.sort();
    for rel in paths {
        // A kept file is the old output's file, unchanged: it is in place already.
        if written[rel].1 {
            continue;
        }
        let to = output.join(rel);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir).map_err(|e| install_error(dir, &e))?;
        }
        let name = to.file_name().unwrap_or_default().to_string_lossy();
        let beside = to.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
        let from = staging.join(rel);
        // Renamed when the temporary folder is on the same file system, copied otherwise.
        let moved = writer
            .rename(&from, &beside)
            .or_else(|_| writer.copy(&from, &beside).map(|_| ()));
        moved
            .and_then(|()| writer.rename(&beside, &to))
            .map_err(|e| {
                let _ = fs::remove_file(&beside);
                install_error(&to, &e)
            })?;
    }
    Ok(())
}

/// Removes the recorded file `rel` and the folders it leaves empty; a folder holding anything
/// else stays (`remove_dir` fails on it).
fn remove(output: &Path, rel: &str) -> Result<(), Diagnostic> {
    let path = output.join(rel);
    if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        fs::remove_file(&path).map_err(|e| install_error(&path, &e))?;
    }
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| d.starts_with(output) && *d != output) {
        if fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

fn install_error(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot write the output: {}",
        super::error_text(error)
    ))
    .in_file(path)
    .help("the output folder is a mount point, written in place, so it may be partly updated; check free disk space and permissions, and build again")
}
