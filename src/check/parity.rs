//! Translation parity (`translation-parity`, an error): a translation states the same facts
//! as its original. Every number (digits, or a number word from two to twenty in the page's
//! language), phone number, URL and email in the original's published text (body outside
//! code, title, description, facts, FAQ and glossary) must appear in the translation and the
//! other way round, normalised so that `1-800-662-4357` = `(800) 662 4357` and `1,000` =
//! `1.000`. An amount's unit is compared too: "9 hours" = "9 horas", but not "9 días". Each
//! mismatch names both files and lines.
//!
//! What is not compared, because languages say it differently: "one", "un" and "una" (an
//! article or a pronoun as often as a number), Spanish "los dos" ("both"), decades ("the
//! 1970s" is "los años setenta"), and the facts of the site's crisis lines in config.toml
//! (`[[extra.crisis_lines]]` of either language: "press 2 for Spanish", "24 hours a day"),
//! which every page repeats in its language's own words and the theme shows as configured.

use std::collections::{BTreeMap, BTreeSet};

use super::locate;
use super::rules::{Finding, Rule};
use crate::config::Config;
use crate::lang::{profile, Profile};
use crate::resolve::{Entry, Site};

/// One thing a page states, with its byte offset in the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Claim {
    Number(String),
    Phone(String),
    Url(String),
    Email(String),
}

impl Claim {
    fn shown(&self) -> String {
        match self {
            Claim::Number(n) => format!("the number {n}"),
            Claim::Phone(p) => format!("the phone number {p}"),
            Claim::Url(u) => format!("the address {u}"),
            Claim::Email(e) => format!("the email {e}"),
        }
    }
}

/// What a page states: each claim with where it first appears, and the units numbers carry.
#[derive(Debug, Default)]
struct Claims {
    first: BTreeMap<Claim, (usize, String)>,
    /// Every claim in the order written, to find what stands in the other page's place.
    order: Vec<(Claim, usize, String)>,
    units: BTreeMap<String, BTreeMap<&'static str, (usize, String)>>,
}

/// The claims of each language's crisis lines in config.toml.
fn standing(config: &Config) -> BTreeMap<String, Claims> {
    let mut by_lang = BTreeMap::new();
    for language in &config.languages {
        let mut claims = Claims::default();
        let extra = config.extra_for(&language.code);
        let lines = extra.get("crisis_lines").and_then(|v| v.as_array());
        for line in lines.into_iter().flatten().filter_map(|l| l.as_table()) {
            for value in line.values().filter_map(|v| v.as_str()) {
                scan(value, 0, profile(&language.code), &mut claims);
            }
        }
        by_lang.insert(language.code.clone(), claims);
    }
    by_lang
}

pub fn check(site: &Site, config: &Config) -> Vec<(Option<usize>, Finding)> {
    let standing = standing(config);
    let mut findings = Vec::new();
    for (index, entry) in site.entries.iter().enumerate() {
        let Some(original) = entry.original.map(|o| &site.entries[o]) else {
            continue;
        };
        if entry.doc.source.text.is_empty() || original.doc.source.text.is_empty() {
            continue;
        }
        let mut theirs = claims(original, &written_facts(entry));
        let mut mine = claims(entry, &written_facts(original));
        for claims in standing.values() {
            for claim in claims.first.keys() {
                theirs.first.remove(claim);
                mine.first.remove(claim);
            }
        }
        for finding in compare(original, entry, &theirs, &mine) {
            findings.push((Some(index), finding));
        }
    }
    findings
}

fn compare(original: &Entry, translation: &Entry, theirs: &Claims, mine: &Claims) -> Vec<Finding> {
    let o_path = original.doc.source.path.display().to_string();
    let t_path = translation.doc.source.path.display().to_string();
    let line = |entry: &Entry, at: usize| entry.doc.source.line_col(at).0;
    let missing: Vec<(&Claim, &(usize, String))> = theirs
        .first
        .iter()
        .filter(|(c, _)| !mine.first.contains_key(*c))
        .collect();
    let mut extra: Vec<(&Claim, &(usize, String))> = mine
        .first
        .iter()
        .filter(|(c, _)| !theirs.first.contains_key(*c))
        .collect();
    let mut findings = Vec::new();
    let at_title = locate::missing_key(&translation.doc);
    for (claim, (o_at, o_text)) in missing {
        // A claim of the same kind the translation has instead: the likely mistranslation.
        let same_kind = extra
            .iter()
            .position(|(c, _)| std::mem::discriminant(*c) == std::mem::discriminant(claim));
        let (span, message) = match same_kind {
            Some(i) => {
                let (other, (t_at, t_text)) = extra.remove(i);
                (
                    *t_at..*t_at + t_text.len(),
                    format!(
                        "the translation says `{t_text}` ({t_path}:{}) where its original says `{o_text}` ({o_path}:{}): {} is not {}",
                        line(translation, *t_at),
                        line(original, *o_at),
                        other.shown(),
                        claim.shown(),
                    ),
                )
            }
            // What stands in its place: the translation's claim at the same position.
            None => match theirs
                .order
                .iter()
                .position(|(c, _, _)| c == claim)
                .and_then(|i| mine.order.get(i))
            {
                Some((_, t_at, t_text)) => (
                    *t_at..*t_at + t_text.len(),
                    format!(
                        "the translation says `{t_text}` ({t_path}:{}) where its original says `{o_text}` ({o_path}:{}): the translation never states {}",
                        line(translation, *t_at),
                        line(original, *o_at),
                        claim.shown(),
                    ),
                ),
                None => (
                    at_title.clone(),
                    format!(
                        "the original {o_path}:{} states {} (`{o_text}`), which the translation {t_path} does not",
                        line(original, *o_at),
                        claim.shown(),
                    ),
                ),
            },
        };
        findings.push(finding(translation, span, message));
    }
    for (claim, (t_at, t_text)) in extra {
        let message = format!(
            "the translation {t_path}:{} states {} (`{t_text}`), which its original {o_path} does not",
            line(translation, *t_at),
            claim.shown(),
        );
        findings.push(finding(translation, *t_at..*t_at + t_text.len(), message));
    }
    for (number, units) in &mine.units {
        let Some(their_units) = theirs.units.get(number) else {
            continue;
        };
        if units.keys().any(|u| their_units.contains_key(u)) {
            continue;
        }
        let (unit, (t_at, t_text)) = units.iter().next().expect("a unit");
        let (their_unit, (o_at, o_text)) = their_units.iter().next().expect("a unit");
        let message = format!(
            "the translation says `{t_text}` ({t_path}:{}) where its original says `{o_text}` ({o_path}:{}): {unit}s are not {their_unit}s",
            line(translation, *t_at),
            line(original, *o_at),
        );
        findings.push(finding(translation, *t_at..*t_at + t_text.len(), message));
    }
    findings
}

fn finding(translation: &Entry, span: std::ops::Range<usize>, message: String) -> Finding {
    Finding::new(
        Rule::TranslationParity,
        Rule::TranslationParity
            .at(&translation.doc.source, span, message)
            .help("a translation states the same numbers, amounts, phone numbers, addresses and emails as its original: correct whichever file is wrong"),
    )
}

/// The page's claims, from the lines that are published text. Of the facts, only those the
/// other page writes too count: a translation that leaves a fact out shows its original's.
fn claims(entry: &Entry, other_facts: &BTreeSet<String>) -> Claims {
    let language = profile(&entry.lang);
    let text = &entry.doc.source.text;
    let mut claims = Claims::default();
    for (start, line) in published_lines(text, entry.doc.body.start, other_facts) {
        let line = blank_out(line);
        scan(&line, start, language, &mut claims);
    }
    claims
}

/// The fact keys the page's own front matter writes (resolve fills a translation's missing
/// facts in from its original, so the parsed facts cannot tell).
fn written_facts(entry: &Entry) -> BTreeSet<String> {
    entry
        .front()
        .facts
        .keys()
        .filter(|key| entry.doc.spans.key(&format!("facts.{key}")).is_some())
        .cloned()
        .collect()
}

/// Lines of published text with their offsets: the body outside fenced code, and in the front
/// matter the title, description, facts, FAQ and glossary (not dates, weights or sources).
fn published_lines<'t>(
    text: &'t str,
    body_start: usize,
    other_facts: &BTreeSet<String>,
) -> Vec<(usize, &'t str)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    let mut table = String::new();
    let mut fence: Option<&str> = None;
    let mut yaml_key = String::new();
    let yaml = text.starts_with("---");
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if start >= body_start {
            if let Some(open) = fence {
                if trimmed.starts_with(open) {
                    fence = None;
                }
                continue;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                fence = Some(&trimmed[..3]);
                continue;
            }
            lines.push((start, line));
            continue;
        }
        if trimmed.starts_with('#') || start == 0 {
            continue;
        }
        if yaml {
            if !line.starts_with([' ', '\t', '-']) {
                yaml_key = trimmed.split(':').next().unwrap_or_default().to_string();
            }
            if matches!(
                yaml_key.as_str(),
                "title" | "description" | "faq" | "glossary"
            ) {
                lines.push((start, line));
            }
            continue;
        }
        if trimmed.starts_with('[') {
            table = trimmed.trim_matches(['[', ']']).trim().to_string();
            continue;
        }
        let key = trimmed.split('=').next().unwrap_or_default().trim();
        let text_key = match table.as_str() {
            "" => matches!(key, "title" | "description"),
            "facts" => other_facts.contains(key.trim_matches('"')),
            "faq" | "glossary" => true,
            _ => false,
        };
        if text_key {
            // The value only: a key name is not text.
            let value_at = line.find('=').map_or(0, |i| i + 1);
            lines.push((start + value_at, &line[value_at..]));
        }
    }
    lines
}

/// The line with what is not stated text replaced by spaces (offsets stay): relative link
/// targets, heading ids and TOML escapes.
fn blank_out(line: &str) -> String {
    let mut out = line.to_string();
    let mut from = 0;
    while let Some(i) = out[from..].find("](") {
        let open = from + i + 2;
        let Some(len) = out[open..].find(')') else {
            break;
        };
        let target = &out[open..open + len];
        if !(target.starts_with("http") || target.starts_with("mailto:")) {
            let spaces = " ".repeat(len);
            out.replace_range(open..open + len, &spaces);
        }
        from = open + len;
    }
    if let Some(i) = out.find("{#") {
        let end = out[i..].find('}').map_or(out.len(), |j| i + j + 1);
        let spaces = " ".repeat(end - i);
        out.replace_range(i..end, &spaces);
    }
    out
}

/// The unit a word names, in English or Spanish.
fn unit(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    let unit = match lower.trim_end_matches(['.', ',', ';', ':', ')']) {
        "hour" | "hours" | "hora" | "horas" | "hr" | "hrs" => "hour",
        "day" | "days" | "día" | "días" | "dia" | "dias" => "day",
        "week" | "weeks" | "semana" | "semanas" => "week",
        "month" | "months" | "mes" | "meses" => "month",
        "year" | "years" | "año" | "años" => "year",
        "minute" | "minutes" | "minuto" | "minutos" | "min" => "minute",
        "dose" | "doses" | "dosis" => "dose",
        _ => return None,
    };
    Some(unit)
}

/// Finds the claims on one line (`start` is its offset in the file).
fn scan(line: &str, start: usize, language: &Profile, claims: &mut Claims) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut add = |claim: Claim, at: usize, text: &str| {
        claims
            .order
            .push((claim.clone(), start + at, text.to_string()));
        claims
            .first
            .entry(claim)
            .or_insert_with(|| (start + at, text.to_string()));
    };
    while i < bytes.len() {
        let rest = &line[i..];
        let boundary = i == 0
            || !line[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric());
        if boundary && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let len = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '\'' | '<')
                })
                .unwrap_or(rest.len());
            let url = rest[..len].trim_end_matches(['.', ',', ';', ':']);
            add(Claim::Url(normal_url(url)), i, url);
            i += len;
            continue;
        }
        if let Some(len) = email_at(line, i) {
            let email = &line[i..i + len];
            add(Claim::Email(email.to_lowercase()), i, email);
            i += len;
            continue;
        }
        let c = rest.chars().next().expect("a char");
        if c == '(' {
            if let Some((len, digits)) = phone_at(rest) {
                add(Claim::Phone(digits), i, &rest[..len]);
                i += len;
                continue;
            }
        }
        if c.is_ascii_digit() && boundary {
            if let Some((len, digits)) = phone_at(rest) {
                add(Claim::Phone(digits), i, &rest[..len]);
                i += len;
                continue;
            }
            let len = number_len(rest);
            if len == 4 && rest[len..].starts_with('s') {
                // A decade ("the 1970s").
                i += len + 1;
                continue;
            }
            let value = normal_number(&rest[..len]);
            let next = next_word(&rest[len..]);
            add(Claim::Number(value.clone()), i, &rest[..len]);
            if let Some(u) = unit(next) {
                let end = rest[len..].find(next).map_or(len, |j| len + j + next.len());
                claims
                    .units
                    .entry(value)
                    .or_default()
                    .entry(u)
                    .or_insert_with(|| (start + i, rest[..end].to_string()));
            }
            i += len;
            continue;
        }
        if c.is_alphabetic() && boundary {
            let len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let word = &rest[..len];
            let next = next_word(&rest[len..]);
            let third_party = word.eq_ignore_ascii_case("third") && next.starts_with("part");
            let value = language.number_word(word, previous_word(&line[..i]));
            if let Some(value) = value.filter(|_| !third_party) {
                let value = value.to_string();
                add(Claim::Number(value.clone()), i, word);
                if let Some(u) = unit(next) {
                    let end = rest[len..].find(next).map_or(len, |j| len + j + next.len());
                    claims
                        .units
                        .entry(value)
                        .or_default()
                        .entry(u)
                        .or_insert_with(|| (start + i, rest[..end].to_string()));
                }
            }
            i += len;
            continue;
        }
        i += c.len_utf8();
    }
}

fn previous_word(text: &str) -> &str {
    let text = text.trim_end();
    let start = text.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    &text[start..]
}

fn next_word(text: &str) -> &str {
    let text = text.trim_start_matches([' ', '\u{a0}', '-']);
    let len = text
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(text.len());
    &text[..len]
}

/// Digits with thousands separators or a decimal part: `9`, `1,000`, `1.000`, `2.5`, `2,5`.
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let separator =
            matches!(bytes[i], b'.' | b',') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !(bytes[i].is_ascii_digit() || separator) {
            break;
        }
        i += 1;
    }
    i
}

/// `1,000` and `1.000` are 1000; `2.5` and `2,5` are 2.5.
fn normal_number(text: &str) -> String {
    let groups: Vec<&str> = text.split(['.', ',']).collect();
    if groups.len() > 1 && groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3 {
        return groups.concat();
    }
    match groups.as_slice() {
        [whole, fraction] => format!("{whole}.{fraction}"),
        _ => text.to_string(),
    }
}

/// A North American phone number at the start of `text`: `1-800-662-4357`, `800 662 4357`,
/// `(800) 662-4357`, `800.662.4357`. Returns its length and its ten digits.
fn phone_at(text: &str) -> Option<(usize, String)> {
    if let Some(inner) = text.strip_prefix('(') {
        // `(800) 662-4357`
        let area = inner
            .get(..3)
            .filter(|a| a.bytes().all(|b| b.is_ascii_digit()))?;
        let after = inner[3..].strip_prefix(')')?;
        let gap = after.len() - after.trim_start_matches(' ').len();
        let rest = &after.as_bytes()[gap..];
        let digits = |r: std::ops::Range<usize>| {
            rest.get(r.clone())
                .filter(|d| d.iter().all(u8::is_ascii_digit))?;
            Some(r)
        };
        let (first, second) = (digits(0..3)?, digits(4..8)?);
        if !matches!(rest[3], b'-' | b'.' | b' ') || rest.get(8).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let text = &after[gap..];
        return Some((
            5 + gap + 8,
            format!("{area}{}{}", &text[first], &text[second]),
        ));
    }
    let mut groups: Vec<&str> = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    loop {
        let len = text[i..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - i);
        if len == 0 {
            break;
        }
        groups.push(&text[i..i + len]);
        let end = i + len;
        let sep = bytes.get(end).copied();
        if groups.len() < 4
            && matches!(sep, Some(b'-' | b' ' | b'.'))
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        {
            i = end + 1;
            continue;
        }
        i = end;
        break;
    }
    let sizes: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let digits = match sizes.as_slice() {
        [1, 3, 3, 4] if groups[0] == "1" => groups[1..].concat(),
        [3, 3, 4] => groups.concat(),
        _ => return None,
    };
    Some((i, digits))
}

fn email_at(line: &str, i: usize) -> Option<usize> {
    let rest = &line[i..];
    let local = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-')))
        .unwrap_or(rest.len());
    if local == 0 || !rest[local..].starts_with('@') {
        return None;
    }
    if i > 0
        && line[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.')
    {
        return None;
    }
    let domain = &rest[local + 1..];
    let len = domain
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
        .unwrap_or(domain.len());
    let host = domain[..len].trim_end_matches('.');
    host.contains('.').then_some(local + 1 + host.len())
}

fn normal_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    format!(
        "{}://{}/{}",
        scheme.to_lowercase(),
        host.to_lowercase(),
        path.trim_end_matches('/')
    )
}

/// Every claim's text, for tests.
#[cfg(test)]
fn claim_list(text: &str, language: &Profile) -> BTreeSet<Claim> {
    let mut claims = Claims::default();
    scan(text, 0, language, &mut claims);
    claims.first.into_keys().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{page_in, page_with};

    fn pair(en: &str, es: &str) -> Vec<String> {
        let original = page_with("title = \"A\"", en);
        let translation = page_in("es", "title = \"A\"", es);
        let (o, t) = (written_facts(&original), written_facts(&translation));
        compare(
            &original,
            &translation,
            &claims(&original, &t),
            &claims(&translation, &o),
        )
        .into_iter()
        .map(|f| {
            assert_eq!(f.rule, Rule::TranslationParity);
            f.diagnostic.message
        })
        .collect()
    }

    #[test]
    fn normalises_phones_numbers_and_words() {
        let en = claim_list(
            "Call 1-800-662-4357 or (800) 662 4357; three weeks, 1,000 people.",
            profile("en"),
        );
        let es = claim_list(
            "Llame al 1 800 662 4357; tres semanas, 1.000 personas.",
            profile("es"),
        );
        assert_eq!(en, es);
        assert!(en.contains(&Claim::Phone("8006624357".into())));
    }

    #[test]
    fn a_changed_amount_names_both_files_and_lines() {
        let got = pair(
            "Intro.\n\nAdults get 9 hours a week. Teens get 6 or more.\n",
            "Intro.\n\nLos adultos reciben 6 horas por semana. Los adolescentes, 6 o más.\n",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("content/a.md:6"), "{}", got[0]);
        assert!(got[0].contains("the number 9"), "{}", got[0]);
        assert!(pair("Adults get 9 hours.", "Los adultos reciben 9 horas.").is_empty());
    }

    #[test]
    fn nine_horas_that_became_six_horas() {
        let got = pair(
            "Adults: 9 hours, teens: 6 hours.\n",
            "Adultos: 6 horas, adolescentes: 6 horas.\n",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].contains("content/a.md:4") && got[0].contains("content/a.es.md"),
            "{}",
            got[0]
        );
    }

    #[test]
    fn units_phones_urls_and_emails_must_match() {
        assert_eq!(pair("For 9 hours.", "Durante 9 días.").len(), 1);
        assert_eq!(
            pair("Call 1-800-662-4357.", "Llame al 1-800-662-4356.").len(),
            1
        );
        assert_eq!(
            pair(
                "See https://988lifeline.org/.",
                "Vea https://988lifeline.org"
            )
            .len(),
            0
        );
        assert_eq!(
            pair("Write help@example.org.", "Escriba a ayuda@example.org.").len(),
            1
        );
        assert!(pair(
            "One of the ways. [x](../a.md)",
            "Una de las formas. [x](../a.es.md)"
        )
        .is_empty());
        assert!(pair(
            "Both of you, since the 1970s.",
            "Los dos, desde los años setenta."
        )
        .is_empty());
        assert_eq!(pair("Two of you.", "Los dos y tres.").len(), 1);
        assert!(pair("An 8th-grade level, or 6th.", "Octavo grado, o sexto.").is_empty());
        assert!(pair("No third-party requests.", "Nada de otras empresas.").is_empty());
        assert!(pair("The fourth edition.", "La cuarta edición.").is_empty());
        assert!(pair("```\n5\n```\nText.", "Texto.").is_empty());
    }

    #[test]
    fn facts_a_translation_leaves_out_are_inherited_not_missing() {
        let original = page_with(
            "title = \"A\"\n[facts]\nhours = 9\nlevel = \"2.1\"",
            "Text.",
        );
        let same = page_in("es", "title = \"A\"\n[facts]\nhours = 9", "Texto.");
        let other = page_in("es", "title = \"A\"\n[facts]\nhours = 6", "Texto.");
        for (translation, expected) in [(same, 0), (other, 1)] {
            let (o, t) = (written_facts(&original), written_facts(&translation));
            let got = compare(
                &original,
                &translation,
                &claims(&original, &t),
                &claims(&translation, &o),
            );
            assert_eq!(got.len(), expected, "{got:?}");
        }
    }
}
