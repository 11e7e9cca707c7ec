//! The `load` stage, the only one that reads the site: it walks `content/`, reads every Markdown
//! file, splits and parses its front matter, and lists assets, static files and templates.
//! A file that cannot be read or parsed becomes a diagnostic and is left out; the rest loads.

pub mod front_matter;
mod walk;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
pub use front_matter::{Date, FrontMatter};
use walk::walk;

mod reviews;
pub use reviews::RECORD_FILE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A folder's `_index.md`.
    Section,
    /// `NAME.md` or a bundle's `NAME/index.md`.
    Page,
}

/// One Markdown file with its parsed front matter.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path below `content/` with `/` separators: `levels-of-care/outpatient.md`.
    pub rel_path: String,
    pub kind: DocKind,
    /// `NAME/index.md`: the other files of its folder are copied beside the page.
    pub bundle: bool,
    pub source: SourceText,
    pub front: FrontMatter,
    /// Where each front-matter value is written in `source.text`, as its parser reports it.
    pub spans: crate::spans::Spans,
    /// Where the Markdown body starts and ends in `source.text`.
    pub body: Range<usize>,
}

impl Document {
    pub fn body_text(&self) -> &str {
        &self.source.text[self.body.clone()]
    }
}

/// A file to copy to the output: `rel` is its path there, `abs` where it is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyFile {
    pub rel: String,
    pub abs: PathBuf,
}

#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub name: String,
    pub source: SourceText,
}

/// Everything the site is made of, read from disk.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Sorted by `rel_path`.
    pub documents: Vec<Document>,
    /// Non-Markdown files in `content/`, by path below `content/`.
    pub assets: Vec<CopyFile>,
    /// Theme then site `static/` files (the site's win), by output path.
    pub static_files: BTreeMap<String, PathBuf>,
    /// Stylesheets and scripts from the static folders (the site's win), by path, to be
    /// fingerprinted. Scripts stay in `static_files` too.
    pub styles: BTreeMap<String, SourceText>,
    /// Theme templates overridden by the site's `templates/`, by name.
    pub templates: BTreeMap<String, TemplateSource>,
    /// Interface strings: the theme's `i18n/*.toml`, then the site's.
    pub strings: Vec<crate::i18n::StringsFile>,
    /// `reviews.toml`, the record of clinical approvals, when the site has one.
    pub reviews: Option<SourceText>,
}

/// Every place below the site's root that [`load_cached`] and [`read_config`] read: the
/// configuration file, the record of approvals and the folders (`themes/` holds each theme's
/// templates, static files and interface strings). `serve` watches exactly these; a new kind
/// of input is added here and in the loader together.
pub fn input_locations(root: &Path) -> Vec<PathBuf> {
    [
        "config.toml",
        reviews::RECORD_FILE,
        "content",
        "static",
        "templates",
        "themes",
        "i18n",
    ]
    .iter()
    .map(|name| root.join(name))
    .collect()
}

/// Reads `root/config.toml`.
pub fn read_config(root: &Path) -> Result<SourceText, Diagnostic> {
    let path = root.join("config.toml");
    match std::fs::read(&path) {
        Ok(bytes) => decode(Path::new("config.toml"), bytes),
        Err(error) => Err(Diagnostic::error(format!(
            "cannot read {}: {}",
            path.display(),
            error_text(&error)
        ))
        .in_file("config.toml")
        .help("run continuum in the site's folder, or pass --root DIR; `continuum init DIR` makes a new site")),
    }
}

/// Walks and reads the site at `root`.
pub fn load(root: &Path, config: &Config) -> (Corpus, Diagnostics) {
    load_cached(root, config, &mut LoadCache::default())
}

/// What earlier loads read: a file whose [`Stamp`] is unchanged is not read or parsed again
/// (`serve` keeps one across rebuilds).
#[derive(Debug, Default)]
pub struct LoadCache {
    documents: HashMap<PathBuf, (Stamp, Result<Document, Diagnostic>)>,
}

/// What tells a build that a file changed without reading it (the load cache, the build
/// record, the input fingerprint): its size and modification time, as make and cargo use,
/// and also its inode and change time (ctime). A file replaced by one of the same size with
/// its old modification time set back (`cp -p`, `rsync -t`, `tar`) has another inode or a new
/// change time, which no tool can set back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Nanoseconds since 1970.
    pub modified: u128,
    /// Nanoseconds since 1970; 0 where the system has no change time.
    pub changed: u128,
    /// 0 where the system has no inodes.
    pub inode: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp::from_metadata(&meta))
    }

    pub fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            let seconds = u128::try_from(meta.ctime()).unwrap_or(0);
            let nanos = u128::try_from(meta.ctime_nsec()).unwrap_or(0);
            (seconds * 1_000_000_000 + nanos, meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (0, 0);
        Stamp {
            len: meta.len(),
            modified,
            changed,
            inode,
        }
    }
}

/// [`load`], reusing what `cache` holds for unchanged files and updating it.
pub fn load_cached(root: &Path, config: &Config, cache: &mut LoadCache) -> (Corpus, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let content = root.join("content");
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    if content.is_dir() {
        for (rel, abs) in walk(&content, &mut diagnostics, root) {
            if rel.ends_with(".md") {
                markdown.push((rel, abs));
            } else {
                assets.push(CopyFile { rel, abs });
            }
        }
    } else {
        diagnostics.push(
            Diagnostic::error("the site has no content/ folder")
                .in_file("content")
                .help("create content/_index.md for the home page"),
        );
    }
    let results: Vec<(PathBuf, Option<Stamp>, Result<Document, Diagnostic>)> = markdown
        .par_iter()
        .map(|(rel, abs)| {
            let stamp = Stamp::of(abs);
            let cached = cache.documents.get(abs).filter(|(s, _)| Some(*s) == stamp);
            let result = match cached {
                Some((_, result)) => result.clone(),
                None => read_document(rel, abs),
            };
            (abs.clone(), stamp, result)
        })
        .collect();
    cache.documents.clear();
    let mut documents = Vec::new();
    for (abs, stamp, result) in results {
        if let Some(stamp) = stamp {
            cache.documents.insert(abs, (stamp, result.clone()));
        }
        match result {
            Ok(document) => {
                diagnostics.extend(hygiene(&document));
                documents.push(document);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    documents.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));

    let theme_dir = root.join("themes").join(&config.theme);
    if !theme_dir.is_dir() {
        let available = list_dirs(&root.join("themes"));
        diagnostics.push(
            Diagnostic::error(format!("theme `{}` not found", config.theme))
                .in_file(format!("themes/{}", config.theme))
                .help(if available.is_empty() {
                    "put the theme in themes/NAME/ (`continuum init` writes the default theme)"
                        .to_string()
                } else {
                    format!("themes here: {}", available.join(", "))
                }),
        );
    }
    let mut static_files = BTreeMap::new();
    for dir in [theme_dir.join("static"), root.join("static")] {
        if dir.is_dir() {
            static_files.extend(walk(&dir, &mut diagnostics, root));
        }
    }
    // Stylesheets and scripts are fingerprinted, so they are read here; the rest is copied.
    // A script also keeps its own path (it is a module others may import, e.g. search.js).
    let mut styles = BTreeMap::new();
    let hashed: Vec<String> = static_files
        .keys()
        .filter(|rel| rel.ends_with(".css") || rel.ends_with(".js"))
        .cloned()
        .collect();
    for rel in hashed {
        let abs = if rel.ends_with(".js") {
            static_files.get(&rel).cloned()
        } else {
            static_files.remove(&rel)
        };
        let Some(abs) = abs else {
            continue;
        };
        match std::fs::read(&abs)
            .map_err(|e| read_error(&abs, root, &e))
            .and_then(|bytes| decode(&display_path(&abs, root), bytes))
        {
            Ok(source) => {
                styles.insert(rel, source);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    let mut templates = BTreeMap::new();
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        if dir.is_dir() {
            for (name, abs) in walk(&dir, &mut diagnostics, root) {
                match std::fs::read(&abs)
                    .map_err(|e| read_error(&abs, root, &e))
                    .and_then(|bytes| decode(&display_path(&abs, root), bytes))
                {
                    Ok(source) => {
                        templates.insert(name.clone(), TemplateSource { name, source });
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
        }
    }
    let mut strings = Vec::new();
    for (dir, site) in [(theme_dir.join("i18n"), false), (root.join("i18n"), true)] {
        if !dir.is_dir() {
            continue;
        }
        for (name, abs) in walk(&dir, &mut diagnostics, root) {
            let Some(lang) = name.strip_suffix(".toml").filter(|l| !l.contains('/')) else {
                continue;
            };
            match std::fs::read(&abs)
                .map_err(|e| read_error(&abs, root, &e))
                .and_then(|bytes| decode(&display_path(&abs, root), bytes))
            {
                Ok(source) => strings.push(crate::i18n::StringsFile {
                    lang: lang.to_string(),
                    source,
                    site,
                }),
                Err(d) => diagnostics.push(d),
            }
        }
    }
    let reviews = reviews::read(root, &mut diagnostics);
    let corpus = Corpus {
        documents,
        assets,
        static_files,
        styles,
        templates,
        strings,
        reviews,
    };
    (corpus, diagnostics)
}

fn read_document(rel: &str, abs: &Path) -> Result<Document, Diagnostic> {
    let shown = PathBuf::from("content").join(rel);
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(format!("cannot read file: {}", error_text(&e)))
            .in_file(&shown)
            .help("check the file's permissions")
    })?;
    document_from_bytes(rel, bytes)
}

/// Text hygiene and the URL policy, on every front-matter field and the body.
pub(crate) fn hygiene(document: &Document) -> Vec<Diagnostic> {
    let front = 0..document.body.start;
    let mut found = crate::text_fields::check_fields(&document.front, &document.source, front);
    found.extend(crate::text_fields::check_body(
        &document.source,
        document.body.clone(),
    ));
    found
}

/// A page from its bytes, as if read from `content/REL` (the CMS's checks endpoint checks
/// text not yet saved); the same checks and diagnostics as a file read from disk.
pub fn document_from_bytes(rel: &str, bytes: Vec<u8>) -> Result<Document, Diagnostic> {
    let shown = PathBuf::from("content").join(rel);
    let source = decode(&shown, bytes)?;
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let kind = if file_name == "_index.md" {
        DocKind::Section
    } else {
        DocKind::Page
    };
    let split =
        match front_matter::split(&source.text) {
            Ok(Some(split)) => split,
            Ok(None) => return Err(Diagnostic::error("the file has no front matter")
                .at(&source, 0..0)
                .help(
                    "start the file with a front-matter block:\n+++\ntitle = \"Page title\"\n+++",
                )),
            Err(error) => return Err(error.to_diagnostic(&source)),
        };
    let front = front_matter::parse(&source, &split)?;
    let spans = front_matter::spans(&source, &split);
    if front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(Diagnostic::error("the page has no `title`")
            .at(&source, 0..split.front.start.saturating_sub(1))
            .help("add a title to the front matter, e.g. title = \"What is an IOP?\""));
    }
    Ok(Document {
        rel_path: rel.to_string(),
        kind,
        bundle: file_name == "index.md",
        body: split.body.clone(),
        front,
        spans,
        source,
    })
}

/// Bytes to text: a UTF-8 byte-order mark is dropped; UTF-16, binary and invalid UTF-8 are errors.
pub fn decode(shown: &Path, mut bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::error("the file is UTF-16 text")
            .in_file(shown)
            .help("save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)"));
    }
    if bytes.contains(&0) {
        return Err(
            Diagnostic::error("the file looks binary, not text (it contains NUL bytes)")
                .in_file(shown)
                .help(
                    "only Markdown text belongs in a .md file; give other files another extension",
                ),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceText::new(shown, text)),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let source = SourceText::new(shown, lossy);
            Err(Diagnostic::error("the file is not valid UTF-8")
                .at(&source, at..at + 1)
                .help("save the file as UTF-8; text pasted from another program may carry another encoding"))
        }
    }
}

fn read_error(abs: &Path, root: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read file: {}", error_text(error)))
        .in_file(display_path(abs, root))
        .help("check the file's permissions")
}

pub(crate) fn error_text(error: &std::io::Error) -> String {
    let text = error.to_string();
    text.split(" (os error")
        .next()
        .unwrap_or(&text)
        .to_lowercase()
}

/// `abs` relative to the site root, for messages.
pub fn display_path(abs: &Path, root: &Path) -> PathBuf {
    abs.strip_prefix(root).unwrap_or(abs).to_path_buf()
}

fn list_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_utf16_binary_and_bad_utf8() {
        let p = Path::new("a.md");
        assert!(decode(p, vec![0xFF, 0xFE, b'a', 0])
            .unwrap_err()
            .message
            .contains("UTF-16"));
        assert!(decode(p, b"ab\0c".to_vec())
            .unwrap_err()
            .message
            .contains("binary"));
        let d = decode(p, b"ok\n\xC3(".to_vec()).unwrap_err();
        assert_eq!(d.line_col(), Some((2, 1)));
        assert_eq!(
            &*decode(p, b"\xEF\xBB\xBF+++".to_vec()).unwrap().text,
            "+++"
        );
    }
}
