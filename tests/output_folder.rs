//! An output folder that cannot be swapped (a mount point: a CI cache or a container volume)
//! is written in place: new and changed files replace the old ones, files the last build
//! wrote and this one did not are removed, and files continuum did not write are left.

mod common;

use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{tree, TestSite};
use continuum::emit::{self, Target, Writer};

/// The disk, except that the output folder cannot be renamed, as a mount point cannot.
struct MountPoint(PathBuf);

impl MountPoint {
    fn check(&self, paths: [&Path; 2]) -> io::Result<()> {
        if paths.contains(&self.0.as_path()) {
            Err(io::Error::from_raw_os_error(16)) // EBUSY
        } else {
            Ok(())
        }
    }
}

impl Writer for MountPoint {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        fs::write(path, bytes)
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<u64> {
        fs::copy(from, to)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check([from, to])?;
        fs::rename(from, to)
    }

    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        self.check([a, b])?;
        Err(io::ErrorKind::Unsupported.into())
    }
}

/// Names in the site's folder other than the site's own files: temporary folders, locks.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.ends_with(".lock"))
        .collect();
    names.sort();
    names
}

fn emit_through(site: &TestSite, writer: &dyn Writer) -> emit::EmitStats {
    let (produced, outcome) = continuum::produce(&site.options());
    let (site_data, files) =
        produced.unwrap_or_else(|| panic!("{}", outcome.diagnostics.report(false)));
    let target = Target::check(site.root(), &site.output(), false).unwrap();
    emit::emit_with(&target, &files, &site_data, writer).unwrap()
}

#[test]
fn an_output_folder_that_cannot_be_renamed_is_written_in_place() {
    let site = TestSite::fixture("features");
    site.page("retired.md", "title = \"Retired\"", "Going away.\n");
    site.build_ok();
    let output = site.output();
    let folder = fs::metadata(&output).unwrap().ino();
    fs::write(output.join("mine.txt"), "the user's").unwrap();
    assert!(output.join("retired/index.html").is_file());
    fs::remove_file(site.root().join("content/retired.md")).unwrap();
    site.page("new.md", "title = \"New\"", "Arrived.\n");

    let mount = MountPoint(output.clone());
    let stats = emit_through(&site, &mount);
    assert!(stats.in_place);
    assert_eq!(fs::metadata(&output).unwrap().ino(), folder, "not swapped");
    let mut expected = {
        let other = tempfile::tempdir().unwrap();
        let mut options = site.options();
        options.output = Some(other.path().join("out"));
        assert!(!continuum::build(&options).diagnostics.has_errors());
        tree(&other.path().join("out"))
    };
    expected.insert("mine.txt".into(), b"the user's".to_vec());
    assert_eq!(tree(&output), expected);
    assert!(
        !output.join("retired").exists(),
        "the emptied folder went too"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());

    // Unchanged files stay as they are, in place.
    let page = fs::metadata(output.join("new/index.html")).unwrap();
    let again = emit_through(&site, &mount);
    assert!(again.in_place);
    assert_eq!(again.kept, again.files, "{again:?}");
    let after = fs::metadata(output.join("new/index.html")).unwrap();
    assert_eq!((after.ino(), after.mtime()), (page.ino(), page.mtime()));
    assert_eq!(tree(&output), expected);
}

/// A real mount point: a tmpfs. Needs root and a kernel that lets us mount, so it is skipped
/// (with a note) where it cannot mount.
#[cfg(target_os = "linux")]
#[test]
fn a_real_mount_point_is_built_into_in_place() {
    let site = TestSite::minimal();
    let output = site.output();
    fs::create_dir(&output).unwrap();
    if !common::mount_tmpfs(&output, "8m") {
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(output.clone());
    for round in 0..2 {
        site.page("a.md", "title = \"A\"", &format!("Round {round}.\n"));
        let outcome = site.build_ok();
        assert!(outcome.emitted.unwrap().in_place);
        assert!(output.join("a/index.html").is_file());
    }
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}
