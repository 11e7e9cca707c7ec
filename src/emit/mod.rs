//! The `emit` stage, the only one that writes: it writes every output file into a fresh
//! temporary folder beside the output folder, then swaps it in with one atomic rename
//! (`renameat2(RENAME_EXCHANGE)` on Linux). A build that fails or is killed before the swap
//! leaves the previous output exactly as it was; stale temporary folders are removed by the
//! next build. A lock file beside the output (see [`lock`]) keeps two builds from writing one
//! output folder at once. Every write goes through a [`Writer`], so tests can make the disk
//! fail at any point.
//!
//! Only a [`Target`] can be written: an output folder checked not to be the site or one of its
//! inputs, nor a folder continuum did not write (see [`target`]). An output folder that cannot
//! be swapped (a mount point) is written in place instead (see `in_place`).

mod in_place;
pub mod lock;
pub mod record;
pub mod target;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::Stamp;
use crate::render::OutputFile;
use crate::resolve::Site;
use record::{FileRecord, Inputs, Record};
pub use target::Target;

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmitStats {
    pub files: usize,
    pub bytes: u64,
    /// Files unchanged since the last build, linked from its output rather than written.
    pub kept: usize,
    /// The output folder is a mount point, so it was written in place rather than swapped.
    pub in_place: bool,
}

/// How files reach the disk; [`Disk`] in a build, a failing one in tests.
pub trait Writer: Sync {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Copies `from` to `to`, returning the bytes copied.
    fn copy(&self, from: &Path, to: &Path) -> io::Result<u64>;
    /// Makes `to` another name of the old output file `from`.
    fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }
    /// Renames `from` to `to`, replacing a file there.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }
    /// Exchanges two folders in one step, where the system can.
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = (a, b);
            Err(io::ErrorKind::Unsupported.into())
        }
    }
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

/// Writes `files` plus the site's static files and assets to `target`, atomically.
pub fn emit(target: &Target, files: &[OutputFile], site: &Site) -> Result<EmitStats, Diagnostic> {
    emit_with(target, files, site, &Disk)
}

/// [`emit`] through `writer`; tests use it to simulate a full disk.
#[doc(hidden)]
pub fn emit_with(
    target: &Target,
    files: &[OutputFile],
    site: &Site,
    writer: &dyn Writer,
) -> Result<EmitStats, Diagnostic> {
    let staging = Staging::begin(target, writer)?;
    staging.write_all(files)?;
    staging.finish(site, None)
}

/// An output folder being written: a fresh temporary folder beside it, under the output's
/// lock. Files go in as they are made, from any thread ([`Staging::write`]), so a build can
/// write pages while it renders them; [`Staging::finish`] copies the static files and swaps
/// the folder in. Dropped unfinished (an error anywhere in the build), it is removed and the
/// old output stays as it was.
pub struct Staging<'w> {
    output: PathBuf,
    path: PathBuf,
    writer: &'w dyn Writer,
    /// The old output's record: its unchanged files are linked, not written.
    previous: Option<Record>,
    /// What was written or linked, by path; `true` when kept from the old output.
    written: Mutex<HashMap<String, (FileRecord, bool)>>,
    /// The output is a mount point: files are installed into it, not swapped in. The old
    /// output's unchanged files are then kept where they are, not linked.
    in_place: bool,
    _lock: lock::OutputLock,
}

impl<'w> Staging<'w> {
    /// Takes the lock of `target` and makes its empty temporary folder.
    pub fn begin(target: &Target, writer: &'w dyn Writer) -> Result<Staging<'w>, Diagnostic> {
        let output = target.path().to_path_buf();
        let parent = output
            .parent()
            .ok_or_else(|| emit_error(&output, "the output folder has no parent folder"))?;
        let name = output
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| emit_error(&output, "the output folder needs a plain name"))?;
        fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
        let lock = lock::OutputLock::acquire(&output)?;
        remove_stale_temporaries(parent, name);
        let path = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if path.exists() {
            fs::remove_dir_all(&path).map_err(|e| io_error(&path, &e))?;
        }
        fs::create_dir(&path).map_err(|e| io_error(&path, &e))?;
        Ok(Staging {
            previous: Record::read(&output),
            in_place: is_mount_point(&output),
            output,
            path,
            writer,
            written: Mutex::new(HashMap::new()),
            _lock: lock,
        })
    }

    /// Writes one rendered file (or links the old output's copy when its bytes are the same).
    pub fn write(&self, file: &OutputFile) -> Result<(), Diagnostic> {
        check_relative(&file.path)?;
        let hash = Some(xxhash_rust::xxh3::xxh3_64(&file.bytes));
        if !self.claim(&file.path, hash)? {
            return Ok(());
        }
        let to = self.path.join(&file.path);
        self.make_parent(&to)?;
        let entry = match self.keep(&file.path, hash, None, &to) {
            Some(kept) => kept,
            None => {
                self.writer
                    .write(&to, &file.bytes)
                    .map_err(|e| io_error(&self.output.join(&file.path), &e))?;
                (FileRecord::pending(hash), false)
            }
        };
        self.record(&file.path, entry);
        Ok(())
    }

    /// Writes `files` in parallel, stopping at the first error.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), Diagnostic> {
        files.par_iter().try_for_each(|file| self.write(file))
    }

    /// Copies the site's static files and content assets, swaps the folder in for the old
    /// output (or installs its files in place, see `in_place`), and records what it holds
    /// (with the build's `inputs`) beside it.
    pub fn finish(self, site: &Site, inputs: Option<Inputs>) -> Result<EmitStats, Diagnostic> {
        copies(site)
            .par_iter()
            .try_for_each(|(rel, abs)| self.copy(rel, abs))?;
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let mut in_place = self.in_place;
        if !in_place {
            match swap_in(&self.path, &self.output, self.writer) {
                Ok(()) => {}
                // A mount point cannot be renamed; nothing moved, so write it in place.
                Err(e) if cannot_move(&e) && self.path.exists() && self.output.exists() => {
                    in_place = true;
                }
                Err(e) => return Err(io_error(&self.output, &e)),
            }
        }
        if in_place {
            in_place::install(
                &self.path,
                &self.output,
                self.previous.as_ref(),
                &written,
                self.writer,
            )?;
        }
        // The old output (after a swap) goes now, so that the stamps recorded below are final:
        // unlinking a file changes its change time.
        let _ = fs::remove_dir_all(&self.path);
        let mut stats = EmitStats {
            in_place,
            ..EmitStats::default()
        };
        let mut records = BTreeMap::new();
        for (rel, (mut record, kept)) in written {
            record.stamp = Stamp::of(&self.output.join(&rel)).unwrap_or(record.stamp);
            stats.files += 1;
            stats.bytes += record.stamp.len;
            stats.kept += usize::from(kept);
            records.insert(rel, record);
        }
        // Without a record the next build only does more work, so a failure is no error.
        if Record::new(inputs, records).write(&self.output).is_err() {
            let _ = fs::remove_file(record::record_path(&self.output));
        }
        Ok(stats)
    }

    fn copy(&self, rel: &str, abs: &Path) -> Result<(), Diagnostic> {
        check_relative(rel)?;
        if !self.claim(rel, None)? {
            return Ok(());
        }
        let to = self.path.join(rel);
        self.make_parent(&to)?;
        let source = Stamp::of(abs);
        let entry = match self.keep(rel, None, source, &to) {
            Some(kept) => kept,
            None => {
                self.writer
                    .copy(abs, &to)
                    .map_err(|e| io_error(&self.output.join(rel), &e))?;
                let mut entry = FileRecord::pending(None);
                entry.source = source;
                (entry, false)
            }
        };
        self.record(rel, entry);
        Ok(())
    }

    /// Reserves `rel` for one file. A second file with the same bytes is skipped (`false`),
    /// and so is a static file where the build made a file (`static/robots.txt`: the
    /// generated one wins, as it always has); two rendered files with different bytes are a
    /// bug.
    fn claim(&self, rel: &str, hash: Option<u64>) -> Result<bool, Diagnostic> {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        match written.get(rel) {
            Some((other, _)) if hash.is_none() || other.hash == hash => Ok(false),
            Some(_) => Err(Diagnostic::error(format!(
                "internal error: two different outputs for `{rel}`"
            ))
            .help("please report this as a bug")),
            None => {
                written.insert(rel.to_owned(), (FileRecord::pending(hash), false));
                Ok(true)
            }
        }
    }

    fn record(&self, rel: &str, entry: (FileRecord, bool)) {
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        written.insert(rel.to_owned(), entry);
    }

    fn make_parent(&self, path: &Path) -> Result<(), Diagnostic> {
        match path.parent() {
            Some(dir) if dir != self.path => fs::create_dir_all(dir).map_err(|e| io_error(dir, &e)),
            _ => Ok(()),
        }
    }

    /// Links the old output's file at `rel` to `to` when it already holds what `rel` needs.
    fn keep(
        &self,
        rel: &str,
        hash: Option<u64>,
        source: Option<Stamp>,
        to: &Path,
    ) -> Option<(FileRecord, bool)> {
        let (from, recorded) = self
            .previous
            .as_ref()?
            .reusable(&self.output, rel, hash, source)?;
        if !self.in_place {
            self.writer.link(&from, to).ok()?;
        }
        Some((recorded.clone(), true))
    }
}

impl Drop for Staging<'_> {
    /// After a swap the folder holds the old output; after a failure, the partial build.
    fn drop(&mut self) {
        if self.path.exists() {
            let _ = fs::remove_dir_all(&self.path);
        }
    }
}

/// `.NAME.SUFFIX` beside the output folder `NAME`: where its lock and record live.
pub fn beside(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.{suffix}"))
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

/// Puts `staging` at `output`; the old output (if any) ends up at `staging`. An error that
/// [`cannot_move`] accepts leaves both where they were.
fn swap_in(staging: &Path, output: &Path, writer: &dyn Writer) -> io::Result<()> {
    if !output.exists() {
        return writer.rename(staging, output);
    }
    match writer.exchange(staging, output) {
        Ok(()) => return Ok(()),
        // Some file systems cannot exchange; fall back to two renames below.
        Err(e) if cannot_exchange(&e) => {}
        Err(e) => return Err(e),
    }
    let mut old = staging.as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    writer.rename(output, &old)?;
    if let Err(e) = writer.rename(staging, output) {
        let _ = writer.rename(&old, output);
        return Err(e);
    }
    writer.rename(&old, staging)
}

/// True when `error` has one of the `codes`.
#[cfg(unix)]
fn is_errno(error: &io::Error, codes: &[rustix::io::Errno]) -> bool {
    codes
        .iter()
        .any(|code| error.raw_os_error() == Some(code.raw_os_error()))
}

/// The system or file system cannot exchange two folders in one step.
fn cannot_exchange(error: &io::Error) -> bool {
    #[cfg(unix)]
    if is_errno(error, &[rustix::io::Errno::INVAL, rustix::io::Errno::NOSYS]) {
        return true;
    }
    error.kind() == io::ErrorKind::Unsupported
}

/// The output folder cannot be moved: it is a mount point (`EBUSY`), or on another file
/// system than its parent (`EXDEV`).
fn cannot_move(error: &io::Error) -> bool {
    #[cfg(unix)]
    return is_errno(error, &[rustix::io::Errno::BUSY, rustix::io::Errno::XDEV]);
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// An existing `output` on another device than its parent folder: the root of a mount.
fn is_mount_point(output: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Some(parent), Ok(meta)) = (output.parent(), fs::metadata(output)) else {
            return false;
        };
        fs::metadata(parent).is_ok_and(|p| meta.is_dir() && p.dev() != meta.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = output;
        false
    }
}

/// Removes `.NAME.tmp-PID` folders left by builds that were killed (their process is gone).
/// A build killed between the two renames of the fallback swap leaves no output and the old
/// one at `.NAME.tmp-PID.old`: that one is put back first.
pub(crate) fn remove_stale_temporaries(parent: &Path, name: &str) {
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
