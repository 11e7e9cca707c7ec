//! The `emit` stage, the only one that writes: it writes every output file into a fresh
//! temporary folder beside the output folder, then swaps it in with one atomic rename
//! (`renameat2(RENAME_EXCHANGE)` on Linux). A build that fails or is killed before the swap
//! leaves the previous output exactly as it was; stale temporary folders are removed by the
//! next build. A lock file beside the output (see [`lock`]) keeps two builds from writing one
//! output folder at once. Every write goes through a [`Writer`], so tests can make the disk
//! fail at any point.

pub mod lock;

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use crate::resolve::Site;

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitStats {
    pub files: usize,
    pub bytes: u64,
}

/// How files reach the disk; [`Disk`] in a build, a failing one in tests.
pub trait Writer: Sync {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Copies `from` to `to`, returning the bytes copied.
    fn copy(&self, from: &Path, to: &Path) -> io::Result<u64>;
}

/// The real file system.
pub struct Disk;

impl Writer for Disk {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        fs::write(path, bytes)
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<u64> {
        fs::copy(from, to)
    }
}

/// Writes `files` plus the site's static files and assets to `output`, atomically.
pub fn emit(output: &Path, files: &[OutputFile], site: &Site) -> Result<EmitStats, Diagnostic> {
    emit_with(output, files, site, &Disk)
}

/// [`emit`] through `writer`; tests use it to simulate a full disk.
#[doc(hidden)]
pub fn emit_with(
    output: &Path,
    files: &[OutputFile],
    site: &Site,
    writer: &dyn Writer,
) -> Result<EmitStats, Diagnostic> {
    let output = absolute(output);
    let parent = output
        .parent()
        .ok_or_else(|| emit_error(&output, "the output folder has no parent folder"))?;
    let name = output
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| emit_error(&output, "the output folder needs a plain name"))?;
    guard_output(&output)?;
    fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
    let _lock = lock::OutputLock::acquire(&output)?;
    remove_stale_temporaries(parent, name);

    let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| io_error(&staging, &e))?;
    }
    fs::create_dir(&staging).map_err(|e| io_error(&staging, &e))?;
    let result = write_all(&staging, files, site, writer).and_then(|stats| {
        swap_in(&staging, &output)?;
        Ok(stats)
    });
    // After a swap the staging path holds the old output; after a failure, the partial build.
    if staging.exists() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Files copied as they are: theme and site static files, then content assets, as
/// (output path, source path).
pub fn copies(site: &Site) -> Vec<(&str, &Path)> {
    let mut copies: Vec<(&str, &Path)> = Vec::new();
    for (rel, abs) in &site.static_files {
        copies.push((rel, abs));
    }
    for asset in &site.assets {
        copies.push((&asset.output, &asset.abs));
    }
    copies
}

fn write_all(
    staging: &Path,
    files: &[OutputFile],
    site: &Site,
    writer: &dyn Writer,
) -> Result<EmitStats, Diagnostic> {
    let copies = copies(site);
    for file in files {
        check_relative(&file.path)?;
    }
    for (rel, _) in &copies {
        check_relative(rel)?;
    }
    let dirs: BTreeSet<&str> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(copies.iter().map(|(rel, _)| *rel))
        .filter_map(|p| p.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    for dir in dirs {
        let path = staging.join(dir);
        fs::create_dir_all(&path).map_err(|e| io_error(&path, &e))?;
    }
    let copied: Result<Vec<u64>, Diagnostic> = copies
        .par_iter()
        .map(|(rel, abs)| {
            let to = staging.join(rel);
            writer.copy(abs, &to).map_err(|e| io_error(&to, &e))
        })
        .collect();
    let written: Result<Vec<u64>, Diagnostic> = files
        .par_iter()
        .map(|file| {
            let to = staging.join(&file.path);
            writer
                .write(&to, &file.bytes)
                .map_err(|e| io_error(&to, &e))?;
            Ok(file.bytes.len() as u64)
        })
        .collect();
    let copied = copied?;
    let written = written?;
    Ok(EmitStats {
        files: copied.len() + written.len(),
        bytes: copied.iter().chain(&written).sum(),
    })
}

/// Puts `staging` at `output`; the old output (if any) ends up at `staging`.
fn swap_in(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return fs::rename(staging, output).map_err(|e| io_error(output, &e));
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Some file systems cannot exchange; fall back to two renames below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(io_error(output, &io::Error::from(e))),
        }
    }
    let mut old = staging.as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    fs::rename(output, &old).map_err(|e| io_error(output, &e))?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(io_error(output, &e));
    }
    fs::rename(&old, staging).map_err(|e| io_error(&old, &e))
}

/// Removes `.NAME.tmp-PID` folders left by builds that were killed (their process is gone).
/// A build killed between the two renames of the fallback swap leaves no output and the old
/// one at `.NAME.tmp-PID.old`: that one is put back first.
fn remove_stale_temporaries(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest.split('.').next().unwrap_or_default();
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
        });
        if !alive {
            stale.push(entry.path());
        }
    }
    stale.sort();
    let output = parent.join(name);
    for path in stale {
        let is_old = path.extension().is_some_and(|e| e == "old");
        if is_old && !output.exists() && fs::rename(&path, &output).is_ok() {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// Refuses an output folder that holds a site (or anything that is not a build output), so
/// `--output .` cannot swap the site away.
fn guard_output(output: &Path) -> Result<(), Diagnostic> {
    for marker in ["config.toml", "content", "Cargo.toml", ".git"] {
        if output.join(marker).exists() {
            return Err(emit_error(
                output,
                &format!("the output folder contains `{marker}`, so it is not a build output; refusing to replace it"),
            )
            .help("choose an output folder of its own, such as public/"));
        }
    }
    Ok(())
}

/// Output paths come from slugs and walked paths; this is the last line of defence.
fn check_relative(path: &str) -> Result<(), Diagnostic> {
    let p = Path::new(path);
    let safe = !path.is_empty()
        && !path.contains(['\\', '\0'])
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if safe {
        Ok(())
    } else {
        Err(Diagnostic::error(format!(
            "internal error: refusing to write outside the output folder: `{path}`"
        ))
        .help("please report this as a bug"))
    }
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

fn io_error(path: &Path, error: &io::Error) -> Diagnostic {
    emit_error(path, &error_text(error))
}

/// An I/O error as message text: lowercase, without the `(os error N)` suffix.
fn error_text(error: &io::Error) -> String {
    let text = error.to_string();
    let text = text.split(" (os error").next().unwrap_or(&text);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn emit_error(path: &Path, message: &str) -> Diagnostic {
    Diagnostic::error(format!("cannot write the output: {message}"))
        .in_file(path)
        .help("check free disk space and permissions; the previous output was left untouched")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_only() {
        assert!(check_relative("a/b/index.html").is_ok());
        assert!(check_relative("../x").is_err());
        assert!(check_relative("/etc/passwd").is_err());
        assert!(check_relative("a\\b").is_err());
        assert!(check_relative("").is_err());
    }
}
