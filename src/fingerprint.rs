//! One hash of everything a build's output and reported problems depend on, so that a build
//! whose inputs match the last one's can leave the output as it is (see `emit::record`).
//!
//! It covers what `load` read (every text, and the `Stamp` of files that are only copied:
//! size, times and inode), the problems `load` met, config.toml with the command-line
//! overrides (the whole checked `Config`, see `crate::memo`), every build option, the day (review dates are compared with it) and the program itself: a new
//! `continuum` binary may render differently, so its stamp counts too.

use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use crate::diagnostics::Diagnostics;
use crate::load::{Corpus, Stamp};
use crate::{BuildOptions, Config};

pub fn inputs(
    options: &BuildOptions,
    config: &Config,
    corpus: &Corpus,
    load_diagnostics: &Diagnostics,
) -> u64 {
    // Paths below the site count as written from its root, so `--root .` and `--root /abs`
    // are the same site.
    let mut hasher = Hasher {
        state: Xxh3::new(),
        root: &options.root,
    };
    hasher.text(env!("CARGO_PKG_VERSION"));
    let program = std::env::current_exe().ok();
    hasher.stamp(program.as_deref());
    let today = options
        .checks
        .today
        .unwrap_or_else(crate::load::front_matter::Date::today);
    hasher.text(&today.to_string());
    // Every option but where the site is read from and written to (see above) and whether an
    // unknown output folder may be replaced (it changes what may be deleted, not what is
    // written), and the whole checked configuration with them applied: nothing picked by hand.
    let options = BuildOptions {
        root: std::path::PathBuf::new(),
        output: None,
        replace_output: false,
        ..options.clone()
    };
    hasher.state.update(
        &crate::memo::KeyHasher::new()
            .debug(&options)
            .finish()
            .to_le_bytes(),
    );
    hasher
        .state
        .update(&crate::memo::config(config).to_le_bytes());
    for diagnostic in load_diagnostics.iter() {
        hasher.text(&format!(
            "{:?}|{}|{:?}|{:?}",
            diagnostic.severity,
            diagnostic.message,
            diagnostic.path,
            diagnostic.location.as_ref().map(|l| &l.1)
        ));
    }
    for document in &corpus.documents {
        hasher.text(&document.rel_path);
        hasher.text(&document.source.text);
    }
    for asset in &corpus.assets {
        hasher.text(&asset.rel);
        hasher.stamp(Some(&asset.abs));
    }
    for (rel, abs) in &corpus.static_files {
        hasher.text(rel);
        hasher.stamp(Some(abs));
    }
    for (rel, style) in &corpus.styles {
        hasher.text(rel);
        hasher.text(&style.text);
    }
    for (name, template) in &corpus.templates {
        hasher.text(name);
        hasher.text(&template.source.text);
    }
    for strings in &corpus.strings {
        hasher.text(&format!("{}|{}", strings.lang, strings.site));
        hasher.text(&strings.source.path.to_string_lossy());
        hasher.text(&strings.source.text);
    }
    if let Some(reviews) = &corpus.reviews {
        hasher.text(&reviews.text);
    }
    hasher.state.digest()
}

struct Hasher<'a> {
    state: Xxh3,
    root: &'a Path,
}

impl Hasher<'_> {
    /// Adds `text` and a separator, so that ("ab", "c") and ("a", "bc") differ.
    fn text(&mut self, text: &str) {
        self.state.update(&(text.len() as u64).to_le_bytes());
        self.state.update(text.as_bytes());
    }

    fn stamp(&mut self, path: Option<&Path>) {
        let stamp = path.and_then(Stamp::of);
        let shown = path.map(|p| p.strip_prefix(self.root).unwrap_or(p));
        self.text(&format!("{shown:?}|{stamp:?}"));
    }
}
