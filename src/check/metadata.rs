//! What search results and browser tabs show of an article: its `description` (the meta
//! description and search snippet: present, and at most `[checks] max_description_chars`)
//! and its `title` (unique among the pages of its language, so results and tabs can be told
//! apart; a translation may keep its original's title).

use std::collections::BTreeMap;

use super::locate;
use super::rules::{Finding, Rule};
use super::PageContext;
use crate::resolve::Site;

pub fn check(page: &PageContext, findings: &mut Vec<Finding>) {
    let doc = &page.entry.doc;
    let source = &doc.source;
    let limit = page.config.max_description_chars;
    match doc.front.description.as_deref().map(str::trim) {
        Some("") if !doc.front.draft => findings.push(Finding::new(
            Rule::Placeholder,
            Rule::Placeholder
                .at(
                    source,
                    locate::key_value(doc, "description").unwrap_or_else(|| locate::missing_key(doc)),
                    "the description is empty",
                )
                .help(format!(
                    "write one sentence of at most {limit} characters saying what the reader will learn, or keep the article a draft (draft = true)"
                )),
        )),
        None | Some("") => findings.push(Finding::new(
            Rule::DescriptionMissing,
            Rule::DescriptionMissing
                .at(source, locate::missing_key(doc), "the article has no `description`")
                .help(format!(
                    "add description = \"…\": one sentence of at most {limit} characters saying what the reader will learn; search engines show it"
                )),
        )),
        Some(description) => {
            let length = description.chars().count();
            if length > limit {
                let span = locate::key_value(doc, "description")
                    .unwrap_or_else(|| locate::missing_key(doc));
                findings.push(Finding::new(
                    Rule::DescriptionLength,
                    Rule::DescriptionLength
                        .at(
                            source,
                            span,
                            format!("description is {length} characters, over the limit of {limit}"),
                        )
                        .help(format!(
                            "search results cut it off; shorten it by {} characters",
                            length - limit
                        )),
                ));
            }
        }
    }
}

/// Entries of one language sharing a title (ignoring case and spacing): every one after the
/// first, with the first named in the help.
pub fn duplicate_titles(site: &Site) -> Vec<(usize, Finding)> {
    let mut by_title: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (index, entry) in site.entries.iter().enumerate() {
        if entry.doc.source.text.is_empty() {
            continue;
        }
        let key = entry
            .title()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !key.is_empty() {
            by_title
                .entry((entry.lang.clone(), key))
                .or_default()
                .push(index);
        }
    }
    let mut findings = Vec::new();
    for mut group in by_title.into_values().filter(|g| g.len() > 1) {
        group.sort_by(|&a, &b| {
            site.entries[a]
                .doc
                .rel_path
                .cmp(&site.entries[b].doc.rel_path)
        });
        let first = &site.entries[group[0]].doc;
        for &index in &group[1..] {
            let doc = &site.entries[index].doc;
            let span = locate::key_value(doc, "title").unwrap_or_else(|| locate::missing_key(doc));
            findings.push((
                index,
                Finding::new(
                    Rule::TitleDuplicate,
                    Rule::TitleDuplicate
                        .at(
                            &doc.source,
                            span,
                            format!(
                                "title `{}` is also used by another article",
                                site.entries[index].title()
                            ),
                        )
                        .help(format!(
                            "{} has the same title; give each a title that says how it differs",
                            first.source.path.display()
                        )),
                ),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{of_rule, page_with};

    #[test]
    fn descriptions() {
        let page = page_with("title = \"A\"", "");
        assert_eq!(of_rule(&page, Rule::DescriptionMissing).len(), 1);
        let long = "x".repeat(161);
        let page = page_with(&format!("title = \"A\"\ndescription = \"{long}\""), "");
        let found = of_rule(&page, Rule::DescriptionLength);
        assert!(found[0].contains("161 characters"), "{found:?}");
        let ok = "x".repeat(160);
        let page = page_with(&format!("title = \"A\"\ndescription = \"{ok}\""), "");
        assert!(of_rule(&page, Rule::DescriptionLength).is_empty());
    }

    #[test]
    fn duplicate_titles_name_the_first() {
        let mut a = page_with("title = \"Group  therapy\"", "");
        a.doc.rel_path = "a.md".into();
        let mut b = page_with("title = \"group therapy\"", "");
        b.doc.rel_path = "b.md".into();
        b.doc.source.path = "content/b.md".into();
        let c = page_with("title = \"Other\"", "");
        let site = Site {
            entries: vec![b, a, c],
            ..Site::default()
        };
        let found = duplicate_titles(&site);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 0);
        assert!(found[0]
            .1
            .diagnostic
            .help
            .as_deref()
            .unwrap()
            .contains("content/a.md"));
        // A translation may keep its original's title.
        let mut translated = site.entries[1].clone();
        translated.lang = "es".into();
        let site = Site {
            entries: vec![site.entries[1].clone(), translated],
            ..Site::default()
        };
        assert!(duplicate_titles(&site).is_empty());
        let site = Site {
            entries: vec![
                page_with("title = \"Group therapy\"", ""),
                page_with("title = \"Other\"", ""),
                page_with("title = \"group therapy\"", ""),
            ],
            ..Site::default()
        };
        assert_eq!(duplicate_titles(&site).len(), 1);
    }
}
