//! One build writes an output folder at a time. The lock is an advisory `flock` on
//! `.NAME.lock` beside the output folder, holding the writer's pid for the message a second
//! build shows. The kernel releases a `flock` when its process dies however it dies, so a
//! lock file left by a killed build (a dead pid) is simply taken over.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Held while a build writes; dropping it removes the file and releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    path: PathBuf,
    #[cfg_attr(not(unix), allow(dead_code, reason = "only unix takes the lock"))]
    file: Option<File>,
}

/// The lock file of the output folder `output`: `.public.lock` for `site/public`.
pub fn lock_path(output: &Path) -> PathBuf {
    super::beside(output, "lock")
}

impl OutputLock {
    /// Takes the lock of `output` or explains who holds it. Never waits.
    pub fn acquire(output: &Path) -> Result<OutputLock, Diagnostic> {
        let path = lock_path(output);
        // The holder removes the file when it is done; if that happens between our open and
        // our lock we hold a lock on a removed file, so try again (a bounded number of times).
        for _ in 0..8 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| lock_error(&path, &e))?;
            match try_lock(&file) {
                Ok(true) => {}
                Ok(false) => {
                    let mut pid = String::new();
                    let _ = file.read_to_string(&mut pid);
                    return Err(busy(output, &path, pid.trim()));
                }
                // A file system without locks (some network mounts): build unlocked, as before.
                Err(_) => {
                    return Ok(OutputLock { path, file: None });
                }
            }
            if !same_file(&file, &path) {
                continue;
            }
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = write!(file, "{}", std::process::id());
            let _ = file.flush();
            return Ok(OutputLock {
                path,
                file: Some(file),
            });
        }
        Err(busy(output, &path, ""))
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        if self.file.is_some() {
            // Removed while still held, so no other build can be holding this same file.
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &File) -> std::io::Result<bool> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

fn busy(output: &Path, lock: &Path, pid: &str) -> Diagnostic {
    let who = if pid.is_empty() {
        String::new()
    } else {
        format!(" (pid {pid})")
    };
    let name = output
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    Diagnostic::error(format!("another build is writing {name}/{who}"))
        .in_file(output)
        .help(format!(
            "wait for it, or remove {} if no build is running",
            lock.display()
        ))
}

fn lock_error(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!(
        "cannot create the lock file: {}",
        super::error_text(error)
    ))
    .in_file(path)
    .help("check that the output folder's parent folder is writable")
}
