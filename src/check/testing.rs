//! Helpers for the rule modules' unit tests: a page from front matter and body, checked
//! alone with the default settings on a chosen day.

use std::sync::Arc;

use super::rules::Rule;
use super::{check_page, Shared};
use crate::config::Config;
use crate::diagnostics::SourceText;
use crate::load::front_matter;
use crate::load::{Date, DocKind, Document};
use crate::resolve::{Entry, Site};

pub fn page_with(front: &str, body: &str) -> Entry {
    let text = format!("+++\n{front}\n+++\n{body}");
    let split = front_matter::split(&text)
        .expect("split")
        .expect("front matter");
    let source = SourceText::new("content/a.md", Arc::<str>::from(text.as_str()));
    let front = front_matter::parse(&source, &split).expect("front matter parses");
    let spans = front_matter::spans(&source, &split);
    Entry {
        doc: Document {
            rel_path: "a.md".into(),
            kind: DocKind::Page,
            bundle: false,
            source,
            front,
            spans,
            body: split.body,
        },
        path: "a/".into(),
        url: "/a/".into(),
        permalink: "https://example.org/a/".into(),
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        prev: None,
        next: None,
        terms: Vec::new(),
        template: "page.html".into(),
        title_key: "a".into(),
        lang: "en".into(),
        key: "a.md".into(),
        original: None,
        translations: Vec::new(),
    }
}

/// A page in language `lang` (`content/a.LANG.md`, a translation of `a.md`).
pub fn page_in(lang: &str, front: &str, body: &str) -> Entry {
    let mut entry = page_with(front, body);
    let path = format!("content/a.{lang}.md");
    entry.doc.source = SourceText::new(path, entry.doc.source.text.clone());
    entry.doc.rel_path = format!("a.{lang}.md");
    entry.lang = lang.into();
    entry
}

pub fn config(extra: &str) -> Config {
    let text = format!("title = \"T\"\nbase_url = \"https://example.org/\"\n{extra}");
    let (config, found) = Config::parse(&SourceText::new("config.toml", text));
    assert!(!found.has_errors(), "{}", found.report(false));
    config.expect("config")
}

/// What render reads from `entry`'s parse that the checks read too: the prose of its body
/// and of each FAQ answer, parsed as render parses them.
fn parsed(entry: &Entry, config: &Config) -> crate::render::MarkdownOut {
    let doc = &entry.doc;
    let smart = config.markdown.smart_punctuation;
    let mut out = crate::render::MarkdownOut::default();
    out.body.prose = crate::parse::Prose::parse(doc.body_text(), doc.body.start, smart);
    for (i, faq) in doc.front.faq.iter().enumerate() {
        let at = crate::parse::answer_offset(doc, i, &faq.answer);
        let mut answer = crate::render::markdown::RenderedMarkdown::default();
        answer.prose = crate::parse::Prose::parse(&faq.answer, at, smart);
        out.faq.push((String::new(), answer));
    }
    out
}

/// Every finding on `entry` as (rule, "message | help"), with config.toml lines `extra`.
pub fn findings_with(entry: &Entry, today: &str, extra: &str) -> Vec<(Rule, String)> {
    let config = config(extra);
    let site = Site {
        entries: vec![entry.clone()],
        ..Site::default()
    };
    let shared = Shared::new(&site, &config, Date::parse(today).expect("date"));
    let outcome = check_page(0, entry, &parsed(entry, &config), &shared);
    outcome
        .findings
        .into_iter()
        .map(|f| {
            let help = f.diagnostic.help.unwrap_or_default();
            (f.rule, format!("{} | {help}", f.diagnostic.message))
        })
        .collect()
}

pub fn findings_for(entry: &Entry, today: &str) -> Vec<(Rule, String)> {
    findings_with(entry, today, "")
}

/// The diagnostics of one rule on `entry`, checked on 2026-06-01.
pub fn diagnostics_of(entry: &Entry, rule: Rule) -> Vec<crate::diagnostics::Diagnostic> {
    let config = config("");
    let site = Site {
        entries: vec![entry.clone()],
        ..Site::default()
    };
    let shared = Shared::new(&site, &config, Date::parse("2026-06-01").expect("date"));
    check_page(0, entry, &parsed(entry, &config), &shared)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.diagnostic)
        .collect()
}

/// The findings of one rule.
pub fn of_rule(entry: &Entry, rule: Rule) -> Vec<String> {
    findings_for(entry, "2026-06-01")
        .into_iter()
        .filter(|(r, _)| *r == rule)
        .map(|(_, text)| text)
        .collect()
}

/// The external addresses `check --external` would request for `entry`, with their lines.
pub fn external_uses(entry: &Entry) -> Vec<(String, usize)> {
    let config = config("");
    let site = Site {
        entries: vec![entry.clone()],
        ..Site::default()
    };
    let shared = Shared::new(&site, &config, Date::parse("2026-06-01").expect("date"));
    check_page(0, entry, &parsed(entry, &config), &shared)
        .external
        .into_iter()
        .map(|u| {
            let line = crate::diagnostics::line_col(&u.source.text, u.span.start).0;
            (u.url, line)
        })
        .collect()
}
