//! The shortcut of a build whose inputs did not change: the last build's record (see
//! `emit::record`) has the same input fingerprint and the output folder is untouched, so
//! the build would write the same files and report the same problems again.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostics::{Diagnostics, SourceText};
use crate::emit::{self, record::Record, EmitStats};
use crate::load::Corpus;
use crate::Config;

/// What the last build of `output` reported and wrote.
pub struct LastBuild {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub stats: EmitStats,
}

/// The last build of `output`, if it was made from inputs with `fingerprint` and its output
/// is as it left it.
pub fn last_build(
    output: &Path,
    fingerprint: u64,
    config: &Config,
    corpus: &Corpus,
) -> Option<LastBuild> {
    let output = &std::path::absolute(output).ok()?;
    let record = Record::read(output)?;
    // A build writing this output now may be about to replace it: build as usual, and let
    // the lock report it.
    let _lock = emit::lock::OutputLock::acquire(output).ok()?;
    let inputs = record.up_to_date(fingerprint, output)?;
    // What killed builds left is cleaned up as a build would.
    if let (Some(parent), Some(name)) = (output.parent(), output.file_name()) {
        emit::remove_stale_temporaries(parent, &name.to_string_lossy());
    }
    let sources = sources(config, corpus);
    let mut diagnostics = Diagnostics::new();
    for stored in &inputs.diagnostics {
        diagnostics.push(stored.restore(|path| sources.get(path).copied())?);
    }
    let stats = EmitStats {
        files: record.files.len(),
        bytes: record.files.values().map(|f| f.stamp.len).sum(),
        kept: record.files.len(),
        in_place: false,
    };
    Some(LastBuild {
        diagnostics,
        pages: inputs.pages,
        stats,
    })
}

/// Every text `load` read, by the path diagnostics show.
fn sources<'a>(config: &'a Config, corpus: &'a Corpus) -> HashMap<&'a Path, &'a SourceText> {
    let texts = corpus
        .documents
        .iter()
        .map(|d| &d.source)
        .chain(corpus.styles.values())
        .chain(corpus.templates.values().map(|t| &t.source))
        .chain(corpus.strings.iter().map(|s| &s.source))
        .chain(std::iter::once(&config.source));
    texts.map(|text| (text.path.as_path(), text)).collect()
}
