//! Crisis numbers must be exactly right. The site's numbers are those of
//! `[[extra.crisis_lines]]` in config.toml (`action` and `href`; each language's
//! `[languages.CODE.extra]` lines too), 988, 911 and `[checks] phone_numbers`, and every page,
//! whatever its language, is compared with all of them. A number in content that is close to one of them but not it
//! (`1-800-662-4375`, `9888`), or a short one written with a gap (`98 8`), is an error.
//!
//! Long numbers (7 digits or more) are compared wherever they appear: same length and one or
//! two digits different, or one digit added or dropped. Short ones (988, 911) only where the
//! text is about calling (`call`, `text`, `dial`, `line`…, Spanish `llame`, `marque`,
//! `línea`… just before or after), since
//! "9-19 hours" or "180 days" are not phone numbers, and the N11 service codes (211 to 811)
//! are real numbers of their own.

use std::ops::Range;

use super::rules::{Finding, Rule};
use super::PageContext;
use crate::config::Config;

/// A number the site publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownNumber {
    pub digits: String,
    /// How config.toml writes it.
    pub shown: String,
    /// Whose number it is.
    pub name: String,
}

pub struct Numbers {
    known: Vec<KnownNumber>,
}

/// A run of digits in text, possibly with separators (`1-800-662-4357`, `(800) 662 4357`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub digits: String,
    pub range: Range<usize>,
    /// Written with a space between digits.
    pub spaced: bool,
}

const DIAL_WORDS: &[&str] = &[
    "call",
    "calling",
    "text",
    "texting",
    "dial",
    "dialing",
    "phone",
    "telephone",
    "hotline",
    "helpline",
    "line",
    "lifeline",
    "number",
    "tel",
    "contact",
    "reach",
    // Spanish.
    "llame",
    "llama",
    "llamar",
    "llámenos",
    "llámanos",
    "marque",
    "marca",
    "marcar",
    "envíe",
    "envía",
    "escriba",
    "escribe",
    "mensaje",
    "texto",
    "teléfono",
    "línea",
    "número",
    "contacte",
    "comuníquese",
];

impl Numbers {
    pub fn new(config: &Config) -> Numbers {
        let mut known = vec![
            KnownNumber {
                digits: "988".into(),
                shown: "988".into(),
                name: "988 Suicide & Crisis Lifeline".into(),
            },
            KnownNumber {
                digits: "911".into(),
                shown: "911".into(),
                name: "emergency services".into(),
            },
        ];
        let extras: Vec<toml::Table> = config
            .languages
            .iter()
            .map(|l| config.extra_for(&l.code))
            .collect();
        let lines = extras
            .iter()
            .filter_map(|extra| extra.get("crisis_lines").and_then(|v| v.as_array()));
        for line in lines.flatten().filter_map(|l| l.as_table()) {
            let name = line
                .get("name")
                .and_then(|v| v.as_str())
                .unwrap_or("crisis line");
            for key in ["action", "href"] {
                let Some(text) = line.get(key).and_then(|v| v.as_str()) else {
                    continue;
                };
                for candidate in candidates(text) {
                    add(
                        &mut known,
                        &text[candidate.range.clone()],
                        candidate.digits,
                        name,
                    );
                }
            }
        }
        for number in &config.checks.phone_numbers {
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            add(
                &mut known,
                number,
                digits,
                "a number in [checks] phone_numbers",
            );
        }
        Numbers { known }
    }

    pub fn check(&self, page: &PageContext, findings: &mut Vec<Finding>) {
        for block in &page.prose.blocks {
            let text = &block.mapped.text;
            for candidate in candidates(text) {
                let dialing = near_dial_word(text, &candidate.range);
                if let Some(problem) = self.problem(&candidate, dialing) {
                    let span = block.mapped.source_span(candidate.range.clone());
                    let written = &text[candidate.range.clone()];
                    findings.push(finding(page, span, written, problem));
                }
            }
        }
        for link in &page.prose.links {
            let lower = link.dest.to_lowercase();
            let Some(number) = lower
                .strip_prefix("tel:")
                .or_else(|| lower.strip_prefix("sms:"))
            else {
                continue;
            };
            let digits: String = number.chars().filter(char::is_ascii_digit).collect();
            let candidate = Candidate {
                digits,
                range: 0..0,
                spaced: false,
            };
            if let Some(problem) = self.problem(&candidate, true) {
                findings.push(finding(page, link.span.clone(), &link.dest, problem));
            }
        }
    }

    /// What is wrong with a number, if anything.
    fn problem(&self, candidate: &Candidate, dialing: bool) -> Option<Problem<'_>> {
        let digits = candidate.digits.as_str();
        if let Some(known) = self.known.iter().find(|k| same_number(&k.digits, digits)) {
            let short = known.digits.len() <= 3;
            return (short && candidate.spaced && dialing).then_some(Problem::Split(known));
        }
        if is_year(digits) {
            return None;
        }
        self.known
            .iter()
            .filter(|k| near_miss(&k.digits, digits, dialing))
            .min_by_key(|k| (strsim::levenshtein(&k.digits, digits), k.digits.clone()))
            .map(Problem::NearMiss)
    }
}

enum Problem<'a> {
    NearMiss(&'a KnownNumber),
    Split(&'a KnownNumber),
}

fn finding(page: &PageContext, span: Range<usize>, written: &str, problem: Problem) -> Finding {
    let source = &page.entry.doc.source;
    let diagnostic = match problem {
        Problem::NearMiss(known) => Rule::CrisisNumber
            .at(
                source,
                span,
                format!("`{written}` looks like a mistyped {} number", known.name),
            )
            .help(format!(
                "the number is {}; copy it exactly: a wrong digit can send a person in crisis to a stranger",
                known.shown
            )),
        Problem::Split(known) => Rule::CrisisNumber
            .at(source, span, format!("`{written}` splits the number {}", known.shown))
            .help(format!(
                "write {} with no spaces, so it cannot be read as two numbers",
                known.shown
            )),
    };
    Finding::new(Rule::CrisisNumber, diagnostic)
}

fn add(known: &mut Vec<KnownNumber>, shown: &str, digits: String, name: &str) {
    if digits.len() < 3 || known.iter().any(|k| same_number(&k.digits, &digits)) {
        return;
    }
    known.push(KnownNumber {
        digits,
        shown: shown.trim().to_string(),
        name: name.to_string(),
    });
}

/// Equal, ignoring the country code 1 in front of a 10-digit number.
fn same_number(a: &str, b: &str) -> bool {
    national(a) == national(b)
}

fn national(digits: &str) -> &str {
    match digits.strip_prefix('1') {
        Some(rest) if digits.len() == 11 => rest,
        _ => digits,
    }
}

fn is_year(digits: &str) -> bool {
    digits.len() == 4
        && digits
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2099).contains(&y))
}

/// Whether `digits` is probably a typo of `known` (they are not equal).
fn near_miss(known: &str, digits: &str, dialing: bool) -> bool {
    if known.len() >= 7 {
        let (k, d) = (national(known), national(digits));
        if d.len() < 7 {
            return false;
        }
        let distance = strsim::levenshtein(k, d);
        return match k.len().abs_diff(d.len()) {
            0 => (1..=2).contains(&distance),
            1 => distance == 1,
            _ => false,
        };
    }
    if !dialing || is_service_code(digits) {
        return false;
    }
    match digits.len().checked_sub(known.len()) {
        Some(0) => strsim::hamming(known, digits) == Ok(1),
        Some(1) => strsim::levenshtein(known, digits) == 1,
        _ => false,
    }
}

/// 211 to 811: community, city, information and relay services.
fn is_service_code(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    bytes.len() == 3 && (b'2'..=b'8').contains(&bytes[0]) && &bytes[1..] == b"11"
}

/// Whether a word about calling is among the three words before the number or right after.
fn near_dial_word(text: &str, range: &Range<usize>) -> bool {
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let before = text[..range.start]
        .split_whitespace()
        .rev()
        .take(3)
        .map(clean);
    let after = text[range.end..].split_whitespace().take(1).map(clean);
    before
        .chain(after)
        .any(|w| DIAL_WORDS.contains(&w.as_str()))
}

/// Every phone-like run of digits in `text`. Decimals (`2.5`), percentages, thousands
/// (`1,000`) and digits glued to letters (`CY2024`) are not phone numbers.
pub fn candidates(text: &str) -> Vec<Candidate> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        if glued_before(bytes, i) {
            // Skip the rest of a number glued to a word or a decimal point.
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            continue;
        }
        let (candidate, end) = scan(text, i);
        if let Some(candidate) = candidate {
            found.push(candidate);
        }
        i = end.max(i + 1);
    }
    found
}

fn glued_before(bytes: &[u8], i: usize) -> bool {
    let Some(&before) = i.checked_sub(1).map(|p| &bytes[p]) else {
        return false;
    };
    let decimal = matches!(before, b'.' | b',') && i >= 2 && bytes[i - 2].is_ascii_digit();
    before.is_ascii_alphanumeric() || decimal || before >= 0x80
}

/// Reads one number from `start`: digit groups joined by up to two separator characters.
fn scan(text: &str, start: usize) -> (Option<Candidate>, usize) {
    let bytes = text.as_bytes();
    let mut digits = String::new();
    // Lengths of the digit groups and the separators between them.
    let mut groups: Vec<usize> = Vec::new();
    let mut separators: Vec<&str> = Vec::new();
    let mut i = start;
    loop {
        let group_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            digits.push(char::from(bytes[i]));
            i += 1;
        }
        groups.push(i - group_start);
        let mut j = i;
        while j < bytes.len() && j - i < 2 && matches!(bytes[j], b' ' | b'-' | b'.' | b'(' | b')') {
            j += 1;
        }
        if j == i || !bytes.get(j).is_some_and(u8::is_ascii_digit) {
            break;
        }
        separators.push(&text[i..j]);
        i = j;
    }
    let end = i;
    let after = bytes.get(end).copied();
    let glued_after = after.is_some_and(|b| b.is_ascii_alphabetic() || b == b'%' || b >= 0x80)
        || (matches!(after, Some(b'.' | b','))
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit));
    // A dot next to a group of one or two digits is a decimal point ("2.5", "3.7").
    let decimal = separators
        .iter()
        .enumerate()
        .any(|(k, sep)| sep.contains('.') && (groups[k] < 3 || groups[k + 1] < 3));
    if glued_after || decimal {
        return (None, end);
    }
    let spaced = separators.iter().any(|sep| sep.contains(' '));
    (
        Some(Candidate {
            digits,
            range: start..end,
            spaced,
        }),
        end,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{findings_with, page_with};

    fn digits(text: &str) -> Vec<String> {
        candidates(text).into_iter().map(|c| c.digits).collect()
    }

    #[test]
    fn finds_phone_like_numbers() {
        assert_eq!(
            digits("Call 1-800-662-4357 or (800) 662 4357, 988, 98 8. Ages 12 to 17, 2.5 hours, 98.6, 1,000, CY2024, 50%."),
            vec!["18006624357", "8006624357", "988", "988", "12", "17"]
        );
        assert!(candidates("98 8")[0].spaced);
    }

    fn crisis(body: &str) -> Vec<String> {
        let config = "[[extra.crisis_lines]]\nname = \"SAMHSA National Helpline\"\naction = \"Call 1-800-662-4357\"\nhref = \"tel:+18006624357\"\n";
        findings_with(&page_with("title = \"A\"", body), "2026-06-01", config)
            .into_iter()
            .filter(|(r, _)| *r == Rule::CrisisNumber)
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn near_misses_are_errors() {
        let found = crisis(
            "Call 1-800-662-4375 today. Or call 9888. Or text 98 8. [Call](tel:+18006624358)\n",
        );
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[0]
            .starts_with("`1-800-662-4375` looks like a mistyped SAMHSA National Helpline number"));
        assert!(found[0].contains("the number is 1-800-662-4357"));
        assert!(found[1].starts_with("`9888` looks like a mistyped 988"));
        assert!(found[2].starts_with("`98 8` splits the number 988"));
        assert!(found[3].contains("tel:+18006624358"));
    }

    #[test]
    fn spanish_pages_and_spanish_crisis_lines() {
        let config = "[languages.es]\nname = \"Español\"\n[[languages.es.extra.crisis_lines]]\nname = \"Línea Nacional de Prevención del Suicidio en español\"\naction = \"Llame al 1-888-628-9454\"\n";
        let page = crate::check::testing::page_in(
            "es",
            "title = \"A\"",
            "Llame o envíe un mensaje al 9888. Marque 1-888-628-9455.\n\nEl IOP son 9-19 horas por semana, para 1.000 personas.\n",
        );
        let found: Vec<String> = findings_with(&page, "2026-06-01", config)
            .into_iter()
            .filter(|(r, _)| *r == Rule::CrisisNumber)
            .map(|(_, t)| t)
            .collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with("`9888` looks like a mistyped 988"),
            "{found:#?}"
        );
        assert!(
            found[1].contains("the number is 1-888-628-9454"),
            "{found:#?}"
        );
    }

    #[test]
    fn right_numbers_and_other_numbers_are_fine() {
        let found = crisis(
            "Call or text 988, call 911, or call 1-800-662-4357 (TTY 1-800-487-4889). Call 211 for local help. IOP is 9-19 hours a week for 180 days; in 1988 and 2024. A 912 sq ft room.\n",
        );
        assert!(found.is_empty(), "{found:#?}");
    }
}
