//! What a build leaves beside its output (`.public.build.json` for `site/public`): every
//! output file with its stamp and content hash, and the fingerprint of
//! the inputs it was built from, with the problems that build reported.
//!
//! The next build uses it twice. When its inputs have the same fingerprint and the output
//! folder is still exactly as recorded, it writes nothing and reports the same problems
//! ([`Record::up_to_date`]). Otherwise it rebuilds, but a file whose bytes are unchanged is
//! hard-linked from the old output instead of written ([`Record::reusable`]), so its
//! modification time stays put and an upload tool that compares times sends only what changed.
//!
//! Both uses trust a file's [`Stamp`] (size, modification time, inode and change time); a
//! record that is missing, unreadable or from another version is simply ignored.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::StoredDiagnostic;
use crate::load::Stamp;

/// Bumped whenever the format or the meaning of a field changes.
const FORMAT: u32 = 2;

/// One output file as the build left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    pub stamp: Stamp,
    /// The xxh3 hash of a rendered file's bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<u64>,
    /// The stamp of the source a copied file came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Stamp>,
}

impl FileRecord {
    /// A path claimed for a file not written yet.
    pub fn pending(hash: Option<u64>) -> FileRecord {
        FileRecord {
            stamp: Stamp {
                len: 0,
                modified: 0,
                changed: 0,
                inode: 0,
            },
            hash,
            source: None,
        }
    }
}

/// What the inputs of a build were and what it reported; `None` for builds made through the
/// library without them (only their files are then reused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    pub fingerprint: u64,
    pub pages: usize,
    pub diagnostics: Vec<StoredDiagnostic>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    format: u32,
    #[serde(default)]
    pub inputs: Option<Inputs>,
    /// By path below the output folder.
    pub files: BTreeMap<String, FileRecord>,
}

/// `.NAME.build.json` beside the output folder `NAME`.
pub fn record_path(output: &Path) -> PathBuf {
    super::beside(output, "build.json")
}

impl Record {
    pub fn new(inputs: Option<Inputs>, files: BTreeMap<String, FileRecord>) -> Record {
        Record {
            format: FORMAT,
            inputs,
            files,
        }
    }

    /// The record of `output`, if there is a readable one of this version.
    pub fn read(output: &Path) -> Option<Record> {
        let bytes = fs::read(record_path(output)).ok()?;
        let record: Record = serde_json::from_slice(&bytes).ok()?;
        (record.format == FORMAT).then_some(record)
    }

    /// Writes the record beside `output`, replacing the old one in one rename.
    pub fn write(&self, output: &Path) -> std::io::Result<()> {
        let path = record_path(output);
        let mut temporary = path.clone().into_os_string();
        temporary.push(format!(".tmp-{}", std::process::id()));
        let temporary = PathBuf::from(temporary);
        fs::write(&temporary, serde_json::to_vec(self)?)?;
        fs::rename(&temporary, &path).inspect_err(|_| {
            let _ = fs::remove_file(&temporary);
        })
    }

    /// The recorded inputs, when they have `fingerprint` and `output` holds exactly the
    /// recorded files, unchanged: then a build would write the same files again.
    pub fn up_to_date(&self, fingerprint: u64, output: &Path) -> Option<&Inputs> {
        let inputs = self.inputs.as_ref()?;
        (inputs.fingerprint == fingerprint && self.matches(output)).then_some(inputs)
    }

    /// True when `output` holds the recorded files, with their recorded stamps, and no other.
    fn matches(&self, output: &Path) -> bool {
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(output).follow_links(false) {
            let Ok(entry) = entry else { return false };
            if entry.file_type().is_dir() {
                continue;
            }
            let Some(rel) = relative(output, entry.path()) else {
                return false;
            };
            let recorded = self.files.get(&rel);
            let stamp = entry.metadata().ok().map(|m| Stamp::from_metadata(&m));
            if recorded.is_none_or(|r| Some(r.stamp) != stamp || !entry.file_type().is_file()) {
                return false;
            }
            seen += 1;
        }
        seen == self.files.len()
    }

    /// The old output file at `rel`, if it is unchanged since the record and holds the bytes
    /// a build now wants there: rendered bytes with `hash`, or a copy of a source with
    /// `source` stamp.
    pub fn reusable(
        &self,
        output: &Path,
        rel: &str,
        hash: Option<u64>,
        source: Option<Stamp>,
    ) -> Option<(PathBuf, &FileRecord)> {
        let recorded = self.files.get(rel)?;
        let same = match (hash, source) {
            (Some(hash), _) => recorded.hash == Some(hash),
            (None, Some(stamp)) => recorded.source == Some(stamp),
            (None, None) => false,
        };
        if !same {
            return None;
        }
        let path = output.join(rel);
        (Stamp::of(&path) == Some(recorded.stamp)).then_some((path, recorded))
    }
}

/// `path` below `root` with `/` separators.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}
