//! What `serve` keeps between rebuilds so that an edit re-renders only what it changes.
//! Nothing is invalidated by hand: every cached result is stored with a key made from all of
//! its inputs, and reused only when the key matches, so an incremental build's output is the
//! same as a full build's by construction (tests/incremental.rs checks it).
//!
//! - Markdown of an entry depends on its source text and on the whole site except the other
//!   entries' bodies (the whole configuration, every address and front matter, templates,
//!   strings, reviews): [`site_signature`], from `crate::memo`, which owns every key recipe.
//! - A page's HTML depends on its template view, the shared context and the templates: the
//!   key hashes the view (with its HTML body hashed separately, which is faster than
//!   serializing it) together with the shared parts.

use std::collections::HashMap;
use std::sync::Arc;

use xxhash_rust::xxh3::Xxh3;

use super::{Graph, MarkdownOut, OutputFile};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::resolve::Site;

#[derive(Default)]
pub struct RenderCache {
    pub(super) markdown: HashMap<String, CachedMarkdown>,
    pub(super) pages: HashMap<String, CachedPage>,
    pub(super) generated: HashMap<String, (u64, OutputFile)>,
    pub(super) handouts: HashMap<String, (u64, OutputFile)>,
    pub(super) graph: Option<(u64, Arc<Graph>)>,
    pub(super) last_graph_key: u64,
    /// What the last render did, for tests and `--timings`.
    pub last: Work,
}

/// How many entries the last render had to redo (the rest came from the cache).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    pub markdown_rendered: usize,
    pub pages_rendered: usize,
}

pub(super) struct CachedMarkdown {
    /// The source text it was rendered from: the load cache hands back the same `Arc` for an
    /// unchanged file, so comparing pointers is enough (and text equality the fallback).
    pub source: Arc<str>,
    pub signature: u64,
    pub out: Arc<MarkdownOut>,
    pub diagnostics: Vec<Diagnostic>,
}

impl CachedMarkdown {
    pub fn matches(&self, source: &Arc<str>, signature: u64) -> bool {
        self.signature == signature && (Arc::ptr_eq(&self.source, source) || self.source == *source)
    }
}

/// A rendered page and what it was rendered from.
#[derive(Clone)]
pub struct CachedPage {
    /// [`site_signature`], the shared context and the link graph when it was rendered.
    pub quick: u64,
    pub source: Arc<str>,
    pub markdown: Arc<MarkdownOut>,
    /// The hash of its full template view.
    pub key: u64,
    pub file: OutputFile,
}

impl CachedPage {
    /// True when nothing the page is made from can have changed.
    pub fn unchanged(&self, quick: u64, source: &Arc<str>, markdown: &Arc<MarkdownOut>) -> bool {
        self.quick == quick
            && Arc::ptr_eq(&self.source, source)
            && Arc::ptr_eq(&self.markdown, markdown)
    }
}

/// A hash of everything outside an entry's own text that its Markdown rendering reads: the
/// whole site except the entries' bodies (see [`crate::memo::site`]).
pub fn site_signature(site: &Site, config: &Config) -> u64 {
    crate::memo::site(site, config)
}

/// Hashes bytes (a rendered body, a serialized view).
pub fn hash_bytes(parts: &[&[u8]]) -> u64 {
    let mut hasher = Xxh3::new();
    for part in parts {
        hasher.update(part);
        hasher.update(&[0xff]);
    }
    hasher.digest()
}
