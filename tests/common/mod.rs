//! A small harness in the manner of mdBook's `BookTest`: copy a fixture site into a temporary
//! folder, edit files, build or check, and inspect the output and diagnostics.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use std::fs;
use std::path::{Path, PathBuf};

use continuum::{BuildOptions, Diagnostic, Outcome};

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl TestSite {
    /// The `minimal` fixture (config, home page, the `plain` theme).
    pub fn minimal() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures().join("minimal"), dir.path());
        TestSite { dir }
    }

    /// `minimal` with fixture `name` copied over it.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::minimal();
        copy_dir(&fixtures().join(name), site.root());
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file below the site root, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
        self
    }

    /// Writes a page with the given front matter lines and body.
    pub fn page(&self, rel: &str, front: &str, body: &str) -> &Self {
        self.write(
            &format!("content/{rel}"),
            &format!("+++\n{front}\n+++\n{body}"),
        )
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        }
    }

    pub fn build(&self) -> Outcome {
        continuum::build(&self.options())
    }

    /// Builds and fails the test on any error, returning the outcome.
    pub fn build_ok(&self) -> Outcome {
        let outcome = self.build();
        assert!(
            !outcome.diagnostics.has_errors(),
            "build failed:\n{}",
            outcome.diagnostics.report(false)
        );
        outcome
    }

    /// Runs load, resolve and render without writing.
    pub fn check(&self) -> Outcome {
        continuum::prepare(&self.options()).1
    }

    /// A file of the output as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.output().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

/// The only error of an outcome (fails the test if there is not exactly one).
pub fn single_error(outcome: &Outcome) -> Diagnostic {
    let errors: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "expected one error, got:\n{}",
        outcome.diagnostics.report(false)
    );
    errors[0].clone()
}

/// Asserts a diagnostic's position (`path:line`), message fragment and help fragment.
pub fn assert_diagnostic(d: &Diagnostic, position: &str, message: &str, help: &str) {
    let at = d.position().unwrap_or_default();
    assert!(
        at.starts_with(position),
        "position `{at}` is not `{position}`\n{}",
        d.render(false)
    );
    assert!(
        d.message.contains(message),
        "message `{}` lacks `{message}`",
        d.message
    );
    let got_help = d.help.clone().unwrap_or_default();
    assert!(got_help.contains(help), "help `{got_help}` lacks `{help}`");
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file below `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// A small deterministic generator (SplitMix64): no dependency, and a seed replays a run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Mounts a tmpfs of `size` (`8m`) on `at`, for tests of what a full disk or a mount point
/// does; false, with the reason printed, where this user may not mount (CI runs as root).
pub fn mount_tmpfs(at: &Path, size: &str) -> bool {
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .output();
    match mounted {
        Ok(out) if out.status.success() => true,
        Ok(out) => {
            eprintln!(
                "skipped: cannot mount a tmpfs: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            false
        }
        Err(e) => {
            eprintln!("skipped: cannot run mount: {e}");
            false
        }
    }
}
