//! `continuum check --external`: every `http(s)` address the content uses (Markdown links
//! and images, raw HTML `href`/`src`, front-matter `sources`) is requested once, with a
//! timeout and a bounded number of requests at a time: `HEAD` first, `GET` when the server
//! does not support `HEAD` (405, 501). An address that answers 4xx or 5xx, or cannot be
//! reached, is an error at every place it is used. Without `--external` nothing here runs,
//! so checks never touch the network by default.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use super::html_tags;
use super::locate;
use super::rules::{Finding, Rule};
use super::{ChecksConfig, PageContext};
use crate::diagnostics::SourceText;

/// One place an external address is used.
#[derive(Debug, Clone)]
pub struct Use {
    pub entry: usize,
    pub url: String,
    pub source: SourceText,
    pub span: Range<usize>,
}

fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Every external address on a page.
pub fn collect(page: &PageContext) -> Vec<Use> {
    let doc = &page.entry.doc;
    let mut uses = Vec::new();
    let mut add = |url: &str, span: Range<usize>| {
        if is_external(url) {
            uses.push(Use {
                entry: page.index,
                url: url.trim().to_string(),
                source: doc.source.clone(),
                span,
            });
        }
    };
    for link in &page.prose.links {
        add(&link.dest, link.span.clone());
    }
    for image in &page.prose.images {
        add(&image.dest, image.span.clone());
    }
    for chunk in &page.prose.html {
        for tag in html_tags::tags(&chunk.text) {
            for attr in tag
                .attrs
                .iter()
                .filter(|a| matches!(a.name.as_str(), "href" | "src"))
            {
                add(&attr.value, chunk.source_span(attr.span.clone()));
            }
        }
    }
    for (i, source) in doc.front.sources.iter().enumerate() {
        if let Some(url) = &source.url {
            let span = locate::key_value(doc, &format!("sources.{i}.url"))
                .unwrap_or_else(|| locate::missing_key(doc));
            add(url, span);
        }
    }
    uses
}

/// The address without its `#fragment`: one request serves every anchor of a page.
fn request_url(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// Requests every distinct address and reports the failures at each use.
pub fn check(uses: &[Use], config: &ChecksConfig) -> Vec<(usize, Finding)> {
    let mut by_url: BTreeMap<&str, Vec<&Use>> = BTreeMap::new();
    for u in uses {
        let url = request_url(&u.url);
        if config
            .external_ignore
            .iter()
            .any(|prefix| url.starts_with(prefix.as_str()))
        {
            continue;
        }
        by_url.entry(url).or_default().push(u);
    }
    let urls: Vec<&str> = by_url.keys().copied().collect();
    let results = probe_all(&urls, config);
    let mut findings = Vec::new();
    for (url, result) in urls.iter().zip(results) {
        let Err(problem) = result else {
            continue;
        };
        for u in &by_url[url] {
            let diagnostic = Rule::ExternalLink
                .at(&u.source, u.span.clone(), format!("external link `{url}` is broken: {problem}"))
                .help("fix the address or remove the link; if the site refuses automated checks, add its address to [checks] external_ignore");
            findings.push((u.entry, Finding::new(Rule::ExternalLink, diagnostic)));
        }
    }
    findings
}

/// Probes every address with at most `external_concurrency` requests at a time; the
/// results are in the order of `urls`.
fn probe_all(urls: &[&str], config: &ChecksConfig) -> Vec<Result<(), String>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(
            config.external_timeout_secs.max(1),
        )))
        .http_status_as_error(false)
        .user_agent(concat!("continuum-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let results: Vec<Mutex<Option<Result<(), String>>>> =
        urls.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = config
        .external_concurrency
        .clamp(1, 32)
        .min(urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else {
                    break;
                };
                let result = probe(&agent, url);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(result);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("not checked".into()))
        })
        .collect()
}

/// `HEAD`, then `GET` if the server does not allow `HEAD`. Redirects are followed.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let mut status = agent.head(url).call().map_err(describe)?.status();
    if matches!(status.as_u16(), 405 | 501) {
        status = agent.get(url).call().map_err(describe)?.status();
    }
    if status.as_u16() >= 400 {
        let reason = status.canonical_reason().unwrap_or("error");
        return Err(format!("the server answered {} {reason}", status.as_u16()));
    }
    Ok(())
}

fn describe(error: ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer before the timeout".into(),
        ureq::Error::HostNotFound => "the host name does not exist".into(),
        ureq::Error::Io(e) => format!("connection failed ({e})"),
        other => format!("request failed ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{external_uses, page_with};

    #[test]
    fn collects_every_external_address_with_its_line() {
        let page = page_with(
            "title = \"A\"\n[[sources]]\ntitle = \"S\"\nurl = \"https://s.example.org/doc\"",
            "[a](https://a.example.org/x#y) [b](b.md) [c](mailto:c@example.org)\n\n![i](http://i.example.org/p.png)\n\n<a href=\"https://h.example.org/\">h</a>\n",
        );
        let mut uses = external_uses(&page);
        uses.sort();
        assert_eq!(
            uses,
            vec![
                ("http://i.example.org/p.png".to_string(), 9),
                ("https://a.example.org/x#y".to_string(), 7),
                ("https://h.example.org/".to_string(), 11),
                ("https://s.example.org/doc".to_string(), 5),
            ]
        );
    }

    #[test]
    fn one_request_per_address_without_fragment() {
        assert_eq!(request_url("https://a.org/x#part"), "https://a.org/x");
        assert!(is_external("HTTPS://A.ORG"));
        assert!(!is_external("tel:988"));
    }
}
