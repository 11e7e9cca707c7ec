//! The index's files: posting lists packed into chunks, the vocabulary front-coded into chunks
//! that point at them, one small file per document, the entry file that names them all, and the
//! fixed-name manifest that names the entry. Paths are below the output folder.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::build::{DocSource, MAX_IMPACT};
use super::format::{
    compress, content_hash, encode_postings, encode_vocab, Compressor, ContentHash, ListRef,
    Posting, VocabEntry, DOC_BUCKET, HEAD, POSTING_CHUNK, VERSION, VOCAB_CHUNK,
};
use crate::render::OutputFile;

/// The folder of the default language's index below the output folder (another language's is
/// below its prefix: `es/search`).
pub const DIR: &str = "search";
/// zlib level: 6 for the small, often-fetched chunks; documents use a faster level because
/// there are many of them and each is fetched only when shown.
const CHUNK_LEVEL: u32 = 6;
const DOC_LEVEL: u32 = 1;

/// The entry file's parts that do not come from the posting lists.
#[derive(Debug, Default, Serialize)]
pub struct Extras {
    /// The index's language code (`en`, `es`).
    pub lang: String,
    /// Its stemmer (`english`, `spanish`, `none`): the client tokenizes queries with it.
    pub stemmer: &'static str,
    pub stop: Vec<String>,
    /// Filler terms (stemmed): they never count against a page that lacks them.
    pub filler: Vec<String>,
    pub synonyms: BTreeMap<String, Vec<Vec<String>>>,
    /// Crisis phrases, folded words joined by spaces (`crisis::phrases`).
    pub crisis: Vec<String>,
    /// The facets file's name (`facets::Facets`), written beside the entry by `search::index`.
    pub facets: String,
    /// Written to a file of its own (`glossary` in the entry names it): only a query that
    /// finds nothing needs it.
    #[serde(skip)]
    pub glossary: Vec<Suggestion>,
}

/// A glossary term offered when a query finds nothing.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub t: String,
    pub u: String,
}

/// A document file's JSON (before compression).
#[derive(Serialize)]
struct DocJson<'a> {
    /// Title, URL, description, breadcrumb titles.
    t: &'a str,
    u: &'a str,
    d: &'a str,
    c: &'a [String],
    /// Sections: [anchor, heading, text].
    s: Vec<[&'a str; 3]>,
}

/// A compressor for [`doc_file`].
pub fn doc_compressor() -> Compressor {
    Compressor::new(DOC_LEVEL)
}

/// One document's compressed file.
pub fn doc_file(doc: &DocSource, compressor: &mut Compressor) -> Vec<u8> {
    let json = DocJson {
        t: &doc.title,
        u: &doc.url,
        d: &doc.description,
        c: &doc.crumbs,
        s: doc
            .sections
            .iter()
            .map(|s| [s.anchor.as_str(), s.heading.as_str(), s.text.as_str()])
            .collect(),
    };
    let bytes = serde_json::to_vec(&json).expect("JSON of strings");
    compressor.compress(&bytes)
}

#[derive(Serialize)]
struct Entry<'a> {
    format: &'static str,
    version: u32,
    /// Number of documents (ids 0 to docs - 1).
    docs: usize,
    /// The largest impact, which the byte 255 stands for.
    #[serde(rename = "impactMax")]
    impact_max: f32,
    /// Postings in a head ([`HEAD`]).
    head: usize,
    /// Vocabulary chunks: [first term, hash]; the file is `v/HASH.bin`.
    vocab: Vec<(String, String)>,
    /// Posting chunks' hashes, by chunk number; the file is `p/HASH.bin`.
    postings: Vec<String>,
    /// Documents per folder, and each folder's name.
    #[serde(rename = "docBucket")]
    doc_bucket: usize,
    #[serde(rename = "docDirs")]
    doc_dirs: Vec<String>,
    /// The glossary suggestions' file.
    glossary: String,
    #[serde(flatten)]
    extras: &'a Extras,
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: &'static str,
    version: u32,
    entry: &'a str,
}

fn file(path: String, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path,
        bytes: bytes.into(),
    }
}

/// A term's place: its head, and its tail when the list is longer than [`HEAD`].
struct Place {
    head: u32,
    list: ListRef,
    tail: Option<ListRef>,
}

/// Splits a list into its head (the [`HEAD`] best by impact, then by document) and its tail,
/// both in document order.
fn split_head(postings: &[Posting]) -> (Vec<Posting>, Vec<Posting>) {
    if postings.len() <= HEAD {
        return (postings.to_vec(), Vec::new());
    }
    let mut by_impact: Vec<&Posting> = postings.iter().collect();
    by_impact.sort_by(|a, b| b.impact.cmp(&a.impact).then(a.doc.cmp(&b.doc)));
    let cut = (by_impact[HEAD - 1].impact, by_impact[HEAD - 1].doc);
    let in_head =
        |p: &Posting| (std::cmp::Reverse(p.impact), p.doc) <= (std::cmp::Reverse(cut.0), cut.1);
    postings.iter().partition(|p| in_head(p))
}

/// Packs posting lists into chunks (each head, then its tail); returns the raw chunks and each
/// term's place.
fn posting_chunks(lists: &[(Arc<str>, Vec<Posting>)]) -> (Vec<Vec<u8>>, Vec<Place>) {
    let encoded: Vec<(u32, Vec<u8>, Vec<u8>)> = lists
        .par_iter()
        .map(|(_, postings)| {
            let (head, tail) = split_head(postings);
            let mut head_bytes = Vec::with_capacity(head.len() * 3);
            encode_postings(&head, &mut head_bytes);
            let mut tail_bytes = Vec::with_capacity(tail.len() * 3);
            encode_postings(&tail, &mut tail_bytes);
            (head.len() as u32, head_bytes, tail_bytes)
        })
        .collect();
    let mut chunks: Vec<Vec<u8>> = Vec::new();
    let mut places = Vec::with_capacity(lists.len());
    let mut current: Vec<u8> = Vec::new();
    let mut put = |bytes: &[u8], chunks: &mut Vec<Vec<u8>>| {
        if !current.is_empty() && current.len() + bytes.len() > POSTING_CHUNK {
            chunks.push(std::mem::take(&mut current));
        }
        let place = ListRef {
            chunk: chunks.len() as u32,
            offset: current.len() as u32,
            len: bytes.len() as u32,
        };
        current.extend_from_slice(bytes);
        place
    };
    for (head, head_bytes, tail_bytes) in encoded {
        let list = put(&head_bytes, &mut chunks);
        let tail = (!tail_bytes.is_empty()).then(|| put(&tail_bytes, &mut chunks));
        places.push(Place { head, list, tail });
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    (chunks, places)
}

/// Splits the vocabulary into chunks; returns each chunk's first term and raw bytes.
fn vocab_chunks(lists: &[(Arc<str>, Vec<Posting>)], places: &[Place]) -> Vec<(String, Vec<u8>)> {
    let mut chunks = Vec::new();
    let mut current: Vec<VocabEntry> = Vec::new();
    let mut size = 0;
    for ((term, postings), place) in lists.iter().zip(places) {
        if size > VOCAB_CHUNK {
            let first = current[0].term.clone();
            chunks.push((first, encode_vocab(&current)));
            current.clear();
            size = 0;
        }
        size += term.len() + 8;
        current.push(VocabEntry {
            term: term.to_string(),
            df: postings.len() as u32,
            head: place.head,
            list: place.list,
            tail: place.tail,
        });
    }
    if !current.is_empty() || chunks.is_empty() {
        let first = current.first().map(|e| e.term.clone()).unwrap_or_default();
        chunks.push((first, encode_vocab(&current)));
    }
    // The first chunk covers everything before its first term too.
    chunks[0].0 = String::new();
    chunks
}

/// Every file of the index, below `dir` (`search`, `es/search`).
pub fn files(
    dir: &str,
    lists: &[(Arc<str>, Vec<Posting>)],
    doc_files: Vec<Vec<u8>>,
    extras: Extras,
) -> Vec<OutputFile> {
    let (chunks, places) = posting_chunks(lists);
    let compressed: Vec<Vec<u8>> = chunks
        .par_iter()
        .map(|c| compress(c, CHUNK_LEVEL))
        .collect();
    let mut out = Vec::with_capacity(doc_files.len() + compressed.len() + 8);
    let mut postings = Vec::with_capacity(compressed.len());
    // Chunks are named by their content, so two equal chunks are one file.
    let mut named = std::collections::HashSet::new();
    for bytes in compressed {
        let hash = content_hash(&bytes);
        if named.insert(hash.clone()) {
            out.push(file(format!("{dir}/p/{hash}.bin"), bytes));
        }
        postings.push(hash);
    }
    let mut vocab = Vec::new();
    for (first, raw) in vocab_chunks(lists, &places) {
        let bytes = compress(&raw, CHUNK_LEVEL);
        let hash = content_hash(&bytes);
        out.push(file(format!("{dir}/v/{hash}.bin"), bytes));
        vocab.push((first, hash));
    }
    let docs = doc_files.len();
    let mut doc_dirs = Vec::new();
    let mut doc_files = doc_files.into_iter().enumerate().peekable();
    while doc_files.peek().is_some() {
        let bucket: Vec<(usize, Vec<u8>)> = doc_files.by_ref().take(DOC_BUCKET).collect();
        let mut hash = ContentHash::default();
        for (id, bytes) in &bucket {
            hash.update(&(*id as u64).to_le_bytes());
            hash.update(&(bytes.len() as u64).to_le_bytes());
            hash.update(bytes);
        }
        let folder = hash.hex();
        for (id, bytes) in bucket {
            out.push(file(format!("{dir}/d/{folder}/{id}.bin"), bytes));
        }
        doc_dirs.push(folder);
    }
    let glossary_bytes = serde_json::to_vec(&extras.glossary).expect("JSON of strings");
    let glossary = format!("glossary.{}.json", content_hash(&glossary_bytes));
    out.push(file(format!("{dir}/{glossary}"), glossary_bytes));
    let entry = Entry {
        format: "continuum-search",
        version: VERSION,
        docs,
        impact_max: MAX_IMPACT,
        head: HEAD,
        vocab,
        postings,
        doc_bucket: DOC_BUCKET,
        doc_dirs,
        glossary,
        extras: &extras,
    };
    let entry_bytes = serde_json::to_vec(&entry).expect("JSON of plain data");
    let entry_name = format!("index.{}.json", content_hash(&entry_bytes));
    let manifest = Manifest {
        format: "continuum-search",
        version: VERSION,
        entry: &entry_name,
    };
    let mut manifest_bytes = serde_json::to_vec(&manifest).expect("JSON of plain data");
    manifest_bytes.push(b'\n');
    out.push(file(format!("{dir}/{entry_name}"), entry_bytes));
    out.push(file(format!("{dir}/manifest.json"), manifest_bytes));
    out
}
