//! Which files the CMS may read and write: paths below `content/` or `static/`, written
//! relative to the site's root with `/`. Refused: absolute paths, `..` and `.` parts, empty
//! parts, backslashes, NUL, hidden files, and any path through a symbolic link (a link could
//! lead out of the site). Writes are atomic: a temporary file beside the target, renamed
//! over it, so a reader (the watcher, the build) never sees half a file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folders below the site's root the CMS may touch.
pub const ALLOWED: [&str; 2] = ["content", "static"];

/// `root/rel` when `rel` is a path the CMS may touch; why not otherwise.
pub fn confine(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let refuse = |why: &str| Err(format!("`{rel}` is refused: {why}"));
    if rel.is_empty() || rel.starts_with('/') || rel.contains(['\\', '\0', ':']) {
        return refuse("write a path relative to the site, like content/iop/first-day.md");
    }
    let parts: Vec<&str> = rel.trim_end_matches('/').split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == ".." || p.starts_with('.'))
    {
        return refuse("no empty, `.`, `..` or hidden parts");
    }
    if !ALLOWED.contains(&parts[0]) {
        return refuse("only files below content/ and static/ are edited here");
    }
    let mut path = root.to_path_buf();
    for part in &parts {
        path.push(part);
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return refuse("it goes through a symbolic link");
        }
    }
    Ok(path)
}

/// Writes `bytes` to `path` atomically, making its folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let parent = path.parent().ok_or("a file needs a folder")?;
    fs::create_dir_all(parent).map_err(|e| format!("cannot make {}: {e}", parent.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{name}.continuum-{}", std::process::id()));
    let written = fs::File::create(&temporary)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()))
        .and_then(|()| fs::rename(&temporary, path));
    written.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        format!("cannot write {}: {e}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_below_content_and_static() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        assert!(confine(root, "content/iop/a.md").is_ok());
        assert!(confine(root, "static/media/a.png").is_ok());
        for bad in [
            "",
            "/etc/passwd",
            "content/../config.toml",
            "content/./a.md",
            "content//a.md",
            "config.toml",
            "themes/default/a.css",
            "content\\a.md",
            "content/.git/config",
            "C:/x",
        ] {
            assert!(confine(root, bad).is_err(), "{bad}");
        }
        std::fs::create_dir_all(root.join("content")).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc", root.join("content/out")).unwrap();
            assert!(confine(root, "content/out/passwd").is_err());
        }
    }

    #[test]
    fn writes_replace_whole_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("content/a/b.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }
}
