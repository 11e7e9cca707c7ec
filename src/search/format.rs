//! The index's byte layout (docs/search-index.md is the specification): varints, front-coded
//! vocabulary chunks, posting chunks, per-document files, the entry file and the manifest.
//! Every binary file is zlib-compressed (the client inflates it with `DecompressionStream`),
//! and every file but the manifest is named by a hash of its bytes, so it can be cached
//! forever. Output depends only on the input: no clocks, no hash-map order.

use flate2::Compression;

/// The format's version: the entry file and the manifest carry it; the client refuses others.
pub const VERSION: u32 = 3;
/// Raw size at which a posting chunk is closed (a longer list gets a chunk of its own).
pub const POSTING_CHUNK: usize = 4 * 1024;
/// Raw size at which a vocabulary chunk is closed.
pub const VOCAB_CHUNK: usize = 4 * 1024;
/// Documents per folder of document files (the folder's name hashes its documents).
pub const DOC_BUCKET: usize = 64;
/// Postings in a list's head: the list's best postings by impact, stored apart so a query of one
/// word fetches only them. Longer lists keep the rest in a tail.
pub const HEAD: usize = 128;
/// Section bits in a posting's mask: sections 0 to 26 have their own bit, later ones share 27.
pub const MASK_BITS: u32 = 28;

/// Appends `value` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a varint at `*at`, advancing it. `None` at a truncated or overlong varint.
pub fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

/// The mask bit of section `index`.
pub fn section_bit(index: usize) -> u32 {
    1 << (index as u32).min(MASK_BITS - 1)
}

/// One posting: a document, its quantized impact (1 to 255) and the sections the term is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub impact: u8,
    pub mask: u32,
}

/// A posting list: per posting, the document id's delta from the previous one (the first is
/// the id), the impact byte, and the section mask as a varint.
pub fn encode_postings(postings: &[Posting], out: &mut Vec<u8>) {
    let mut previous = 0u32;
    for p in postings {
        put_varint(out, u64::from(p.doc - previous));
        out.push(p.impact);
        put_varint(out, u64::from(p.mask));
        previous = p.doc;
    }
}

/// Decodes `count` postings (for tests and tools).
pub fn decode_postings(bytes: &[u8], count: usize) -> Option<Vec<Posting>> {
    let mut at = 0;
    let mut doc = 0u32;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        doc += u32::try_from(get_varint(bytes, &mut at)?).ok()?;
        let impact = *bytes.get(at)?;
        at += 1;
        let mask = u32::try_from(get_varint(bytes, &mut at)?).ok()?;
        out.push(Posting { doc, impact, mask });
    }
    Some(out)
}

/// Where a term's posting list is: chunk number, byte offset and length in the inflated chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListRef {
    pub chunk: u32,
    pub offset: u32,
    pub len: u32,
}

/// One vocabulary entry: the term, its document frequency, and where its head (the `head`
/// best postings) and, when `head < df`, its tail (the others) are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabEntry {
    pub term: String,
    pub df: u32,
    pub head: u32,
    pub list: ListRef,
    pub tail: Option<ListRef>,
}

/// A vocabulary chunk: a varint count, then per term: the byte length it shares with the
/// previous term (one byte), the varint length and bytes of the rest, then varints df, head,
/// and the head's chunk, offset and length, then, when head < df, the tail's.
pub fn encode_vocab(entries: &[VocabEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, entries.len() as u64);
    let mut previous: &str = "";
    for e in entries {
        let shared = shared_prefix(previous, &e.term).min(255);
        out.push(shared as u8);
        let rest = &e.term.as_bytes()[shared..];
        put_varint(&mut out, rest.len() as u64);
        out.extend_from_slice(rest);
        put_varint(&mut out, u64::from(e.df));
        put_varint(&mut out, u64::from(e.head));
        for list in std::iter::once(&e.list).chain(e.tail.iter()) {
            put_varint(&mut out, u64::from(list.chunk));
            put_varint(&mut out, u64::from(list.offset));
            put_varint(&mut out, u64::from(list.len));
        }
        previous = &e.term;
    }
    out
}

/// Decodes a vocabulary chunk (for tests and tools).
pub fn decode_vocab(bytes: &[u8]) -> Option<Vec<VocabEntry>> {
    let mut at = 0;
    let count = get_varint(bytes, &mut at)? as usize;
    let mut out: Vec<VocabEntry> = Vec::with_capacity(count);
    let mut previous: Vec<u8> = Vec::new();
    for _ in 0..count {
        let shared = *bytes.get(at)? as usize;
        at += 1;
        let len = get_varint(bytes, &mut at)? as usize;
        let mut term = previous.get(..shared)?.to_vec();
        term.extend_from_slice(bytes.get(at..at + len)?);
        at += len;
        let mut next = || get_varint(bytes, &mut at).and_then(|v| u32::try_from(v).ok());
        let (df, head) = (next()?, next()?);
        let mut list = || -> Option<ListRef> {
            Some(ListRef {
                chunk: next()?,
                offset: next()?,
                len: next()?,
            })
        };
        let first = list()?;
        let tail = if head < df { Some(list()?) } else { None };
        previous.clone_from(&term);
        out.push(VocabEntry {
            term: String::from_utf8(term).ok()?,
            df,
            head,
            list: first,
            tail,
        });
    }
    Some(out)
}

/// Bytes two strings share at the start, cut back to a character boundary of `b`.
fn shared_prefix(a: &str, b: &str) -> usize {
    let mut n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !b.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// zlib-compresses `bytes` (deterministic for a given input).
pub fn compress(bytes: &[u8], level: u32) -> Vec<u8> {
    Compressor::new(level).compress(bytes)
}

/// A reusable zlib compressor: setting one up costs more than compressing a small document,
/// so each thread keeps one.
pub struct Compressor(flate2::Compress);

impl Compressor {
    pub fn new(level: u32) -> Compressor {
        Compressor(flate2::Compress::new(Compression::new(level), true))
    }

    pub fn compress(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.0.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let consumed = self.0.total_in() as usize;
            let status = self
                .0
                .compress_vec(&bytes[consumed..], &mut out, flate2::FlushCompress::Finish)
                .expect("compressing in memory");
            if status == flate2::Status::StreamEnd {
                return out;
            }
            out.reserve(out.capacity().max(64));
        }
    }
}

/// Inflates a zlib stream (for tests and tools).
pub fn decompress(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

/// A stable 64-bit content hash for file names (not for security): eight bytes a step, each
/// step a bijection of the state, then a SplitMix64 finish so every bit of the name varies.
#[derive(Clone, Copy)]
pub struct ContentHash(u64);

impl Default for ContentHash {
    fn default() -> Self {
        ContentHash(0x243f_6a88_85a3_08d3)
    }
}

impl ContentHash {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }

    pub fn update(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
    }

    /// The first 10 hex digits: 40 bits, plenty to tell one build's files from the next.
    pub fn hex(self) -> String {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        format!("{z:016x}")[..10].to_string()
    }
}

/// The name part of a file holding `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h = ContentHash::default();
    h.update(bytes);
    h.hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut out = Vec::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64] {
            put_varint(&mut out, v);
        }
        let mut at = 0;
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64] {
            assert_eq!(get_varint(&out, &mut at), Some(v));
        }
        assert_eq!(at, out.len());
        assert_eq!(get_varint(&[0x80], &mut 0), None);
    }

    #[test]
    fn postings_round_trip() {
        let list = [
            Posting {
                doc: 0,
                impact: 9,
                mask: 1,
            },
            Posting {
                doc: 5,
                impact: 255,
                mask: 1 << 27,
            },
            Posting {
                doc: 700,
                impact: 1,
                mask: 0,
            },
        ];
        let mut bytes = Vec::new();
        encode_postings(&list, &mut bytes);
        assert_eq!(bytes[..3], [0, 9, 1]);
        assert_eq!(decode_postings(&bytes, 3).as_deref(), Some(&list[..]));
    }

    #[test]
    fn vocab_front_codes_terms() {
        let list = ListRef {
            chunk: 2,
            offset: 10,
            len: 3,
        };
        let entries: Vec<VocabEntry> = ["therapi", "therapist", "ñu"]
            .iter()
            .enumerate()
            .map(|(i, t)| VocabEntry {
                term: t.to_string(),
                df: 4,
                head: if i == 1 { 2 } else { 4 },
                list,
                tail: (i == 1).then_some(list),
            })
            .collect();
        let bytes = encode_vocab(&entries);
        // "therapist" shares 7 bytes with "therapi" and stores "st".
        assert_eq!(&bytes[15..19], &[7, 2, b's', b't']);
        assert_eq!(decode_vocab(&bytes), Some(entries));
    }

    #[test]
    fn compression_round_trips_and_is_stable() {
        let text = b"the same bytes in, the same bytes out ".repeat(50);
        let a = compress(&text, 6);
        assert_eq!(a, compress(&text, 6));
        assert!(a.len() < text.len() / 5);
        assert_eq!(decompress(&a).unwrap(), text);
        let mut reused = Compressor::new(6);
        assert_eq!(reused.compress(b"other"), compress(b"other", 6));
        assert_eq!(reused.compress(&text), a);
    }

    #[test]
    fn section_bits_saturate() {
        assert_eq!(section_bit(0), 1);
        assert_eq!(section_bit(26), 1 << 26);
        assert_eq!(section_bit(40), 1 << 27);
        assert_eq!(content_hash(b"").len(), 10);
        assert_ne!(content_hash(b"a"), content_hash(b"b"));
        assert_ne!(content_hash(b"a"), content_hash(b"a\0"));
    }
}
