//! The indexer: documents in, posting lists out. Each document is tokenized field by field
//! (title, description, headings, glossary terms, body by section) in parallel; then, with the
//! average body length known, every (term, document) pair gets one impact byte that already
//! holds the field weights and BM25's saturation and length normalization, so the client only
//! multiplies by the term's IDF.

use std::sync::Arc;

use rayon::prelude::*;

use super::format::{section_bit, Posting};
use super::text::Section;
use super::tokenize::{for_each_word, FastMap, TermCache, Tokenizer};

/// What the indexer needs of a page.
#[derive(Debug, Clone, Default)]
pub struct DocSource {
    pub url: String,
    pub title: String,
    pub description: String,
    /// Titles of the ancestors, from the home page down.
    pub crumbs: Vec<String>,
    /// Body sections, then FAQ questions, then glossary terms defined on the page.
    pub sections: Vec<Section>,
    /// Spellings of the glossary terms defined on this page or whose full article it is.
    pub glossary: Vec<String>,
}

/// Field weights. An impact is `TITLE·t + DESCRIPTION·d + HEADING·sat(h) + GLOSSARY/g +
/// BM25(body)`, where t and d say whether the term is in the field and g is the fewest words of
/// a glossary spelling holding it.
pub const TITLE: f32 = 3.0;
pub const DESCRIPTION: f32 = 1.0;
pub const HEADING: f32 = 1.5;
pub const GLOSSARY: f32 = 2.5;
pub const K1: f32 = 1.2;
pub const B: f32 = 0.75;
/// The largest impact, which quantizes to 255.
pub const MAX_IMPACT: f32 = TITLE + DESCRIPTION + HEADING + GLOSSARY + K1 + 1.0;

/// Counts of one term in one document, per field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub title: u16,
    pub description: u16,
    pub heading: u16,
    /// The fewest indexed words of a glossary spelling holding the term (0: none): "IOP" is
    /// the whole of one spelling, "virtual" half of "virtual IOP".
    pub glossary: u16,
    pub body: u32,
    pub mask: u32,
}

/// One document's terms.
#[derive(Debug, Default)]
pub struct DocTerms {
    pub terms: Vec<(Arc<str>, Counts)>,
    pub title_len: u32,
    pub body_len: u32,
}

/// Per-thread state: the term cache and a slot per term id for the current document.
#[derive(Default)]
pub struct Scratch {
    pub cache: TermCache,
    slot: Vec<u32>,
    counts: Vec<(u32, Counts)>,
}

#[derive(Clone, Copy)]
enum Field {
    Title,
    Description,
    Heading(usize),
    /// A glossary spelling of this many indexed words.
    Glossary(u16),
    Body(usize),
}

impl Scratch {
    fn add(&mut self, tokenizer: &Tokenizer, text: &str, field: Field) -> u32 {
        let mut n = 0;
        let Scratch {
            cache,
            slot,
            counts,
        } = self;
        for_each_word(text, |word, _| {
            let Some(id) = cache.id(tokenizer, word) else {
                return;
            };
            n += 1;
            let id = id as usize;
            if slot.len() <= id {
                slot.resize(id + 1, u32::MAX);
            }
            if slot[id] == u32::MAX {
                slot[id] = counts.len() as u32;
                counts.push((id as u32, Counts::default()));
            }
            let c = &mut counts[slot[id] as usize].1;
            match field {
                Field::Title => c.title = c.title.saturating_add(1),
                Field::Description => c.description = c.description.saturating_add(1),
                Field::Glossary(words) if c.glossary == 0 || words < c.glossary => {
                    c.glossary = words
                }
                Field::Glossary(_) => {}
                Field::Heading(section) => {
                    c.heading = c.heading.saturating_add(1);
                    c.mask |= section_bit(section);
                }
                Field::Body(section) => {
                    c.body += 1;
                    c.mask |= section_bit(section);
                }
            }
        });
        n
    }
}

/// Tokenizes one document.
pub fn analyze(doc: &DocSource, tokenizer: &Tokenizer, scratch: &mut Scratch) -> DocTerms {
    let title_len = scratch.add(tokenizer, &doc.title, Field::Title);
    scratch.add(tokenizer, &doc.description, Field::Description);
    for spelling in &doc.glossary {
        let words = tokenizer.tokens(spelling).len().clamp(1, u16::MAX as usize) as u16;
        scratch.add(tokenizer, spelling, Field::Glossary(words));
    }
    let mut body_len = 0;
    for (i, section) in doc.sections.iter().enumerate() {
        scratch.add(tokenizer, &section.heading, Field::Heading(i));
        for sub in &section.subheadings {
            scratch.add(tokenizer, sub, Field::Heading(i));
        }
        body_len += scratch.add(tokenizer, &section.text, Field::Body(i));
    }
    let mut terms = Vec::with_capacity(scratch.counts.len());
    for (id, counts) in scratch.counts.drain(..) {
        scratch.slot[id as usize] = u32::MAX;
        terms.push((scratch.cache.terms[id as usize].clone(), counts));
    }
    DocTerms {
        terms,
        title_len,
        body_len,
    }
}

/// A term's impact in a document, before quantization.
pub fn impact(c: &Counts, title_len: u32, body_len: u32, average_body: f32) -> f32 {
    let mut score = 0.0;
    if c.title > 0 {
        // A short title is mostly about the term; a long one less so.
        score += TITLE * (0.5 + 2.0 / title_len.max(1) as f32).min(1.0);
    }
    if c.description > 0 {
        score += DESCRIPTION;
    }
    if c.heading > 0 {
        let h = f32::from(c.heading);
        score += HEADING * h / (h + 0.5);
    }
    if c.glossary > 0 {
        // A word that is a whole spelling ("IOP") names the term; one word of a longer
        // spelling ("virtual IOP") only part of it.
        score += GLOSSARY / f32::from(c.glossary);
    }
    if c.body > 0 {
        let tf = c.body as f32;
        let norm = 1.0 - B + B * body_len as f32 / average_body.max(1.0);
        score += tf * (K1 + 1.0) / (tf + K1 * norm);
    }
    score
}

/// Quantizes an impact to 1..=255.
pub fn quantize(impact: f32) -> u8 {
    ((impact / MAX_IMPACT * 255.0).round() as i32).clamp(1, 255) as u8
}

/// Every term's posting list, terms in byte order.
pub fn postings(docs: &[DocTerms]) -> Vec<(Arc<str>, Vec<Posting>)> {
    let total: u64 = docs.iter().map(|d| u64::from(d.body_len)).sum();
    let average = total as f32 / docs.len().max(1) as f32;
    let mut lists: FastMap<Arc<str>, Vec<Posting>> = FastMap::default();
    for (doc, terms) in docs.iter().enumerate() {
        for (term, counts) in &terms.terms {
            let posting = Posting {
                doc: doc as u32,
                impact: quantize(impact(counts, terms.title_len, terms.body_len, average)),
                mask: counts.mask,
            };
            match lists.get_mut(term) {
                Some(list) => list.push(posting),
                None => {
                    lists.insert(term.clone(), vec![posting]);
                }
            }
        }
    }
    let mut sorted: Vec<(Arc<str>, Vec<Posting>)> = lists.into_iter().collect();
    sorted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> DocSource {
        DocSource {
            title: title.into(),
            sections: vec![
                Section {
                    text: body.into(),
                    ..Section::default()
                },
                Section {
                    anchor: "more".into(),
                    heading: "Group sessions".into(),
                    text: "Groups meet daily.".into(),
                    ..Section::default()
                },
            ],
            ..DocSource::default()
        }
    }

    #[test]
    fn counts_fields_and_sections() {
        let tokenizer = Tokenizer::default();
        let mut scratch = Scratch::default();
        let terms = analyze(
            &doc("Group therapy", "Therapy in a group."),
            &tokenizer,
            &mut scratch,
        );
        let get = |t: &str| terms.terms.iter().find(|(x, _)| &**x == t).unwrap().1;
        let group = get("group");
        assert_eq!((group.title, group.heading, group.body), (1, 1, 2));
        assert_eq!(group.mask, 0b11);
        assert_eq!(get("daili").mask, 0b10);
        assert_eq!(terms.title_len, 2);
        assert_eq!(terms.body_len, 5);
    }

    #[test]
    fn title_outweighs_body() {
        let in_title = Counts {
            title: 1,
            ..Counts::default()
        };
        let in_body = Counts {
            body: 3,
            ..Counts::default()
        };
        assert!(impact(&in_title, 2, 100, 100.0) > impact(&in_body, 2, 100, 100.0));
        assert_eq!(quantize(MAX_IMPACT), 255);
        assert_eq!(quantize(0.0), 1);
    }

    #[test]
    fn a_whole_glossary_spelling_outweighs_a_word_of_a_longer_one() {
        let tokenizer = Tokenizer::default();
        let mut scratch = Scratch::default();
        let with = |spellings: &[&str], scratch: &mut Scratch| {
            let mut source = doc("Care", "Text.");
            source.glossary = spellings.iter().map(|s| s.to_string()).collect();
            let terms = analyze(&source, &tokenizer, scratch);
            let (_, counts) = terms.terms.iter().find(|(t, _)| &**t == "iop").unwrap();
            impact(counts, terms.title_len, terms.body_len, 10.0)
        };
        let whole = with(&["Intensive outpatient program", "IOP"], &mut scratch);
        let part = with(&["Virtual IOP"], &mut scratch);
        assert!(whole > part, "{whole} {part}");
    }

    #[test]
    fn postings_are_sorted_by_term_then_document() {
        let tokenizer = Tokenizer::default();
        let mut scratch = Scratch::default();
        let docs: Vec<DocTerms> = [doc("Alpha", "beta"), doc("Beta", "alpha")]
            .iter()
            .map(|d| analyze(d, &tokenizer, &mut scratch))
            .collect();
        let lists = postings(&docs);
        let names: Vec<&str> = lists.iter().map(|(t, _)| &**t).collect();
        assert_eq!(
            names,
            ["alpha", "beta", "daili", "group", "meet", "session"]
        );
        assert_eq!(lists[0].1.iter().map(|p| p.doc).collect::<Vec<_>>(), [0, 1]);
        assert!(lists[0].1[0].impact > lists[0].1[1].impact);
    }
}
