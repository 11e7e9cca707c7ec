//! Acronyms readers may not know: a word of two or more capitals (`ASAM`, `IOPs`, `PTSD`)
//! that is neither a glossary term, acronym or alias, nor in `[checks] allowed_acronyms`,
//! nor spelled out on the page where it is first used: "National Institute on Drug Abuse
//! (NIDA)", "TTY (text telephone)", "Internet Protocol, or IP," or "WM means withdrawal
//! management" (in Spanish, "Protocolo de Internet, o IP," and "WM significa…"). Each
//! undefined acronym is reported once per page, at its first use. On Spanish pages, the
//! doubled capitals of plural abbreviations (*EE. UU.*, *RR. HH.*) are not acronyms.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::rules::{Finding, Rule};
use super::sentences::{Analyzed, BlockText, Token, TokenKind};
use super::{ChecksConfig, PageContext};
use crate::resolve::Site;

/// Roman numerals are written in capitals but are not acronyms.
const ROMAN: &[&str] = &["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"];

/// The acronyms the site defines or allows.
pub struct Known {
    known: HashSet<String>,
}

impl Known {
    pub fn new(site: &Site, config: &ChecksConfig) -> Known {
        let mut known: HashSet<String> = config.allowed_acronyms.iter().cloned().collect();
        for entry in &site.entries {
            for term in &entry.front().glossary {
                let spellings = std::iter::once(&term.term)
                    .chain(term.acronym.iter())
                    .chain(term.aliases.iter());
                for spelling in spellings {
                    known.extend(candidates(spelling));
                }
            }
        }
        Known { known }
    }

    pub fn check(&self, page: &PageContext, findings: &mut Vec<Finding>) {
        let spelled_out = spelled_out(page);
        let mut reported = BTreeSet::new();
        for (b, block) in page.analyzed.blocks.iter().enumerate() {
            for token in block.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
                for acronym in acronyms_in(&page.analyzed, token) {
                    let plural_abbreviation =
                        page.language.doubled_capital_plurals && doubled_capitals(&acronym);
                    if plural_abbreviation
                        || self.known.contains(&acronym)
                        || !reported.insert(acronym.clone())
                    {
                        continue;
                    }
                    let defined_at = spelled_out.get(&acronym).copied();
                    if defined_at.is_some_and(|(block, _)| block <= b) {
                        continue;
                    }
                    findings.push(finding(page, token.span.clone(), &acronym, defined_at));
                }
            }
        }
    }
}

fn finding(
    page: &PageContext,
    span: std::ops::Range<usize>,
    acronym: &str,
    defined_at: Option<(usize, usize)>,
) -> Finding {
    let source = &page.entry.doc.source;
    let diagnostic = match defined_at {
        Some((_, offset)) => {
            let line = source.line_col(offset).0;
            Rule::Acronym
                .at(source, span, format!("acronym `{acronym}` is used before it is spelled out"))
                .help(format!("line {line} spells it out; do that here, at its first use on the page"))
        }
        None => Rule::Acronym
            .at(source, span, format!("acronym `{acronym}` is not explained"))
            .help(format!(
                "spell it out at its first use, e.g. \"Full Name ({acronym})\", or add a [[glossary]] entry with acronym = \"{acronym}\"; acronyms every reader knows go in [checks] allowed_acronyms"
            )),
    };
    Finding::new(Rule::Acronym, diagnostic)
}

/// `EE`, `UU`, `EEUU`, `RRHH`: Spanish writes the abbreviation of a plural by doubling each
/// letter (*EE. UU.* for *Estados Unidos*).
fn doubled_capitals(acronym: &str) -> bool {
    let chars: Vec<char> = acronym.chars().collect();
    chars.len().is_multiple_of(2)
        && !chars.is_empty()
        && chars
            .chunks(2)
            .all(|pair| pair[0] == pair[1] && pair[0].is_ascii_uppercase())
}

/// Acronyms the page spells out, with the block and source offset of the first place.
fn spelled_out(page: &PageContext) -> BTreeMap<String, (usize, usize)> {
    let mut found = BTreeMap::new();
    for (b, block) in page.analyzed.blocks.iter().enumerate() {
        let text = &page.prose.blocks[block.block].mapped.text;
        for (i, token) in block.tokens.iter().enumerate() {
            // The acronyms first: few tokens have any, and they are cheaper to find.
            let acronyms = acronyms_in(&page.analyzed, token);
            if acronyms.is_empty() || !defines(&page.analyzed, block, text, i) {
                continue;
            }
            for acronym in acronyms {
                found.entry(acronym).or_insert((b, token.span.start));
            }
        }
    }
    found
}

/// Whether token `i` is written as a definition: `Words (ACR)`, `ACR (words)`,
/// `Words, or ACR,` or `ACR means …`.
fn defines(analyzed: &Analyzed, block: &BlockText, text: &str, i: usize) -> bool {
    let tokens = &block.tokens;
    let token = &tokens[i];
    let before = text[..token.at.start].trim_end();
    let after = text[token.at.end..].trim_start();
    let words_before = i;
    // "National Institute on Drug Abuse (NIDA)"
    if before.ends_with('(') && after.starts_with([')', ',']) && words_before >= 2 {
        return true;
    }
    // "TTY (text telephone)", or with the rest of a name: "SMART Recovery (Self-Management…)"
    let name_rest = after
        .split_once(char::is_whitespace)
        .filter(|(word, _)| word.starts_with(char::is_uppercase))
        .map_or("", |(_, rest)| rest.trim_start());
    if let Some(paren) = after
        .strip_prefix('(')
        .or_else(|| name_rest.strip_prefix('('))
    {
        let inside = paren.split(')').next().unwrap_or_default();
        if inside.split_whitespace().count() >= 2 {
            return true;
        }
    }
    // "an Internet Protocol, or IP, address"; "Protocolo de Internet, o IP,"
    if i >= 3 && matches!(analyzed.text(&tokens[i - 1]), "or" | "o" | "u") {
        let gap = &text[tokens[i - 2].at.end..tokens[i - 1].at.start];
        if gap.contains(',') {
            return true;
        }
    }
    // "WM means withdrawal management"; "WM significa…"
    tokens
        .get(i + 1)
        .is_some_and(|next| matches!(analyzed.text(next), "means" | "stands" | "significa"))
}

/// The acronyms in a token ([`candidates`]); none in a word without capitals.
fn acronyms_in(analyzed: &Analyzed, token: &Token) -> Vec<String> {
    if analyzed.is_lowercase(token) {
        return Vec::new();
    }
    candidates(analyzed.text(token))
}

/// The acronyms in a word: `IOPs` → `IOP`, `ASAM's` → `ASAM`, `COVID-19` → `COVID`.
pub fn candidates(word: &str) -> Vec<String> {
    // Each acronym has two capitals or more, so a word with fewer has none.
    if word.bytes().filter(u8::is_ascii_uppercase).count() < 2 {
        return Vec::new();
    }
    word.split([' ', '-', '/'])
        .filter_map(|part| {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            let part = part
                .strip_suffix("'s")
                .or_else(|| part.strip_suffix("’s"))
                .unwrap_or(part);
            // A plural: capitals then one lowercase s.
            let part = match part.strip_suffix('s') {
                Some(stem) if is_acronym(stem) => stem,
                _ => part,
            };
            is_acronym(part).then(|| part.to_string())
        })
        .collect()
}

fn is_acronym(part: &str) -> bool {
    let capitals = part.chars().filter(char::is_ascii_uppercase).count();
    capitals >= 2
        && part
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
        && !ROMAN.contains(&part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{findings_with, page_in, page_with};

    #[test]
    fn spanish_definitions_and_plural_abbreviations() {
        let page = page_in(
            "es",
            "title = \"A\"",
            "Vive en EE. UU. y trabaja en RR. HH. El Protocolo de Internet, o IP, importa. WM significa manejo de la abstinencia. Llame al NIMH.",
        );
        let found: Vec<String> = findings_with(&page, "2026-06-01", "")
            .into_iter()
            .filter(|(r, _)| *r == Rule::Acronym)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("acronym `NIMH`"), "{found:?}");
        // In English, EE is an unexplained acronym like any other.
        let page = page_with("title = \"A\"", "The EE team.");
        assert!(findings_with(&page, "2026-06-01", "")
            .iter()
            .any(|(r, t)| *r == Rule::Acronym && t.contains("`EE`")));
    }

    #[test]
    fn finds_acronyms_in_words() {
        assert_eq!(candidates("IOPs"), vec!["IOP"]);
        assert_eq!(candidates("ASAM's"), vec!["ASAM"]);
        assert_eq!(candidates("COVID-19"), vec!["COVID"]);
        assert_eq!(candidates("AT&T"), vec!["AT&T"]);
        assert!(candidates("Medicaid").is_empty());
        assert!(candidates("I").is_empty());
        assert!(candidates("III").is_empty());
        assert!(candidates("FindTreatment").is_empty());
    }

    #[test]
    fn glossary_and_allow_list_define_acronyms() {
        let page = page_with(
            "title = \"A\"\n[[glossary]]\nterm = \"Intensive outpatient program\"\nacronym = \"IOP\"\ndefinition = \"Care.\"",
            "An IOP or two IOPs. Ask NIDA and NIDA again. The US FAQ. `CODE` is fine. ASAM's rules.",
        );
        let found: Vec<String> = findings_with(&page, "2026-06-01", "")
            .into_iter()
            .filter(|(r, _)| *r == Rule::Acronym)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("acronym `NIDA` is not explained"));
        assert!(found[1].starts_with("acronym `ASAM`"));
        let allowed = findings_with(
            &page,
            "2026-06-01",
            "[checks]\nallowed_acronyms = [\"NIDA\", \"ASAM\", \"US\", \"FAQ\"]\n",
        );
        assert!(!allowed.iter().any(|(r, _)| *r == Rule::Acronym));
    }

    #[test]
    fn acronyms_spelled_out_on_the_page_are_defined() {
        let page = page_with(
            "title = \"A\"",
            "The National Institute on Drug Abuse (NIDA) says so; NIDA again. Call TTY (text telephone). Try SMART Recovery (Self-Management and Recovery Training). An Internet Protocol, or IP, address. From 1-WM to 4-WM (\"WM\" means withdrawal management).\n\nThe CMS rule.\n\nThe Centers for Medicare & Medicaid Services (CMS) made it.\n",
        );
        let found: Vec<String> = findings_with(&page, "2026-06-01", "")
            .into_iter()
            .filter(|(r, _)| *r == Rule::Acronym)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("acronym `CMS` is used before it is spelled out"),
            "{found:?}"
        );
        assert!(found[0].contains("line 8 spells it out"), "{found:?}");
    }
}
