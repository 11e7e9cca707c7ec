//! What a reviewer approves, split into parts that can be compared one by one: the title and
//! description, each section of the body (by heading), each fact, each FAQ item, each glossary
//! term and each source. The review fields themselves (`last_reviewed`, `next_review`,
//! `reviewer`, `review_status`, `draft`) are not part of it, so recording an approval does not
//! change what was approved. Hashes are XXH3 over normalised text (line endings and trailing
//! spaces do not count): they detect edits, they are not a signature; the commit history is
//! the tamper evidence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use crate::load::{Document, FrontMatter};

/// The per-part hashes of a page, as stored in the record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Parts {
    /// Title and description.
    pub summary: String,
    /// Body sections by heading text (`(introduction)` before the first heading).
    pub sections: BTreeMap<String, String>,
    pub facts: BTreeMap<String, String>,
    /// FAQ items by question.
    pub faq: BTreeMap<String, String>,
    /// Glossary terms by term.
    pub glossary: BTreeMap<String, String>,
    /// Sources by title.
    pub sources: BTreeMap<String, String>,
}

/// A page's reviewed content: one hash of all of it and the hash of each part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    pub content: String,
    pub parts: Parts,
}

/// The name of the text before a page's first heading.
pub const INTRODUCTION: &str = "(introduction)";

impl Reviewed {
    pub fn of(doc: &Document) -> Reviewed {
        Reviewed::from_parts(&doc.front, doc.body_text())
    }

    pub fn from_parts(front: &FrontMatter, body: &str) -> Reviewed {
        let body = normalise(body);
        let summary = format!(
            "{}\n{}",
            front.title.as_deref().unwrap_or_default().trim(),
            front.description.as_deref().unwrap_or_default().trim()
        );
        let mut parts = Parts {
            summary: short(&summary),
            ..Parts::default()
        };
        for (name, text) in sections(&body) {
            insert_unique(&mut parts.sections, name, short(&text));
        }
        for (key, value) in &front.facts {
            parts.facts.insert(key.clone(), short(&value.to_string()));
        }
        for item in &front.faq {
            let text = format!("{}\n{}", item.question.trim(), normalise(&item.answer));
            insert_unique(
                &mut parts.faq,
                item.question.trim().to_string(),
                short(&text),
            );
        }
        for term in &front.glossary {
            let text = serde_json::to_string(term).unwrap_or_default();
            insert_unique(
                &mut parts.glossary,
                term.term.trim().to_string(),
                short(&text),
            );
        }
        for source in &front.sources {
            let text = serde_json::to_string(source).unwrap_or_default();
            insert_unique(
                &mut parts.sources,
                source.title.trim().to_string(),
                short(&text),
            );
        }
        // The whole: the body as written (so moving a section counts) and every part.
        let whole = format!(
            "{body}\0{}",
            serde_json::to_string(&parts).unwrap_or_default()
        );
        Reviewed {
            content: format!("{:032x}", xxh3_128(whole.as_bytes())),
            parts,
        }
    }

    /// What changed from `approved` to this: a short, readable list ("section “Key points”
    /// edited; fact hours_per_week edited; 1 FAQ item added"), empty when nothing did.
    pub fn changes_since(&self, approved: &Reviewed) -> Vec<String> {
        if self.content == approved.content {
            return Vec::new();
        }
        let (now, then) = (&self.parts, &approved.parts);
        let mut changes = Vec::new();
        if now.summary != then.summary {
            changes.push("title or description edited".to_string());
        }
        compare("section", &now.sections, &then.sections, &mut changes);
        compare("fact", &now.facts, &then.facts, &mut changes);
        compare("FAQ item", &now.faq, &then.faq, &mut changes);
        compare("glossary term", &now.glossary, &then.glossary, &mut changes);
        compare("source", &now.sources, &then.sources, &mut changes);
        if changes.is_empty() {
            changes.push("sections moved".to_string());
        }
        changes
    }
}

/// How many names one kind of change lists before "and N more".
const NAMED: usize = 3;

fn compare(
    kind: &str,
    now: &BTreeMap<String, String>,
    then: &BTreeMap<String, String>,
    changes: &mut Vec<String>,
) {
    let edited: Vec<&str> = now
        .iter()
        .filter(|(k, v)| then.get(*k).is_some_and(|old| old != *v))
        .map(|(k, _)| k.as_str())
        .collect();
    let added: Vec<&str> = now
        .keys()
        .filter(|k| !then.contains_key(*k))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = then
        .keys()
        .filter(|k| !now.contains_key(*k))
        .map(String::as_str)
        .collect();
    for (names, what) in [(edited, "edited"), (added, "added"), (removed, "removed")] {
        if names.is_empty() {
            continue;
        }
        let plural = if names.len() == 1 { "" } else { "s" };
        let mut listed: Vec<String> = names.iter().take(NAMED).map(|n| quote(n)).collect();
        if names.len() > NAMED {
            listed.push(format!("{} more", names.len() - NAMED));
        }
        changes.push(format!("{kind}{plural} {} {what}", listed.join(", ")));
    }
}

fn quote(name: &str) -> String {
    let short: String = name.chars().take(60).collect();
    if short.len() < name.len() {
        format!("“{short}…”")
    } else {
        format!("“{short}”")
    }
}

fn insert_unique(map: &mut BTreeMap<String, String>, name: String, hash: String) {
    let mut key = name.clone();
    let mut n = 2;
    while map.contains_key(&key) {
        key = format!("{name} ({n})");
        n += 1;
    }
    map.insert(key, hash);
}

fn short(text: &str) -> String {
    format!("{:016x}", xxh3_64(text.as_bytes()))
}

/// Line endings and trailing spaces do not count, nor blank lines at either end.
pub fn normalise(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// The body's sections by ATX heading, outside fenced code: (heading text, section text).
pub fn sections(body: &str) -> Vec<(String, String)> {
    let mut out = vec![(INTRODUCTION.to_string(), String::new())];
    let mut fence: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
        } else if let Some(heading) = atx_heading(trimmed) {
            out.push((heading.to_string(), String::new()));
            continue;
        }
        let current = &mut out.last_mut().expect("one section").1;
        current.push_str(line);
        current.push('\n');
    }
    out.into_iter()
        .filter(|(name, text)| name != INTRODUCTION || !text.trim().is_empty())
        .map(|(name, text)| (name, normalise(&text)))
        .collect()
}

/// The text of an ATX heading line (`## Key points {#id}` gives `Key points`).
fn atx_heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim();
    let text = match text.rfind("{#") {
        Some(at) if text.ends_with('}') => text[..at].trim(),
        _ => text,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(extra: &str) -> FrontMatter {
        toml::from_str(&format!("title = \"A\"\ndescription = \"D\"\n{extra}")).unwrap()
    }

    #[test]
    fn review_fields_and_whitespace_do_not_change_the_hash() {
        let body = "Intro.\n\n## Key points\n\n- One\n";
        let a = Reviewed::from_parts(&front(""), body);
        let b = Reviewed::from_parts(
            &front("last_reviewed = 2026-01-01\nreviewer = { team = \"T\" }\ndraft = true"),
            "Intro.  \r\n\r\n## Key points\r\n\r\n- One\r\n\n",
        );
        assert_eq!(a, b);
    }

    #[test]
    fn each_kind_of_change_is_named() {
        let before = Reviewed::from_parts(
            &front("[facts]\nhours = 9\n[[faq]]\nquestion = \"Q?\"\nanswer = \"A.\"\n[[sources]]\ntitle = \"S\"\nyear = 2020"),
            "## Key points\n\nAdults get 9 hours.\n\n## More\n\nText.\n",
        );
        let after = Reviewed::from_parts(
            &front("[facts]\nhours = 6\n[[faq]]\nquestion = \"Q?\"\nanswer = \"B.\"\n[[faq]]\nquestion = \"New?\"\nanswer = \"C.\""),
            "## Key points\n\nAdults get 6 hours.\n\n## More\n\nText.\n",
        );
        let changes = after.changes_since(&before).join("; ");
        assert_eq!(
            changes,
            "section “Key points” edited; fact “hours” edited; FAQ item “Q?” edited; FAQ item “New?” added; source “S” removed"
        );
        assert!(before.changes_since(&before).is_empty());
    }

    #[test]
    fn moving_a_section_is_a_change() {
        let a = Reviewed::from_parts(&front(""), "## A\n\nx\n\n## B\n\ny\n");
        let b = Reviewed::from_parts(&front(""), "## B\n\ny\n\n## A\n\nx\n");
        assert_eq!(b.changes_since(&a), vec!["sections moved".to_string()]);
    }

    #[test]
    fn headings_in_code_are_not_sections() {
        let got = sections("```\n# not a heading\n```\n## Real {#id}\ntext\n");
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec![INTRODUCTION, "Real"]);
    }
}
