//! Privacy: content must not make readers' browsers contact other sites. A Markdown image
//! with an `http(s)` address, or raw HTML that loads something (`<script src>`, `<iframe>`,
//! `<img>`, `<link href>`, `<video>`, CSS `url()`), is an error unless its origin is the
//! site's own or listed in `[checks] allowed_origins`. Ordinary links (`<a href>`, Markdown
//! links) are fine: they only lead elsewhere when the reader chooses to follow them.

use std::ops::Range;

use super::html_tags::{self, HtmlTag};
use super::prose::Mapped;
use super::rules::{Finding, Rule};
use super::PageContext;
use crate::config::Config;

/// Which origins content may load from.
pub struct Origins {
    own: Option<String>,
    /// Full origins (`https://host:port`) and bare hosts (any scheme).
    allowed: Vec<String>,
}

/// Tag and attribute pairs that make the browser fetch something.
const LOADS: &[(&str, &str)] = &[
    ("img", "src"),
    ("img", "srcset"),
    ("script", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("track", "src"),
    ("link", "href"),
    ("input", "src"),
    ("image", "href"),
    ("use", "href"),
    ("form", "action"),
];

impl Origins {
    pub fn new(config: &Config) -> Origins {
        Origins {
            own: origin(&config.base_url),
            allowed: config
                .checks
                .allowed_origins
                .iter()
                .map(|o| o.trim().trim_end_matches('/').to_lowercase())
                .collect(),
        }
    }

    /// The third-party origin `url` loads from, or `None` if it is relative, the site's own
    /// or allowed.
    fn foreign(&self, url: &str) -> Option<String> {
        let origin = origin(url)?;
        let host = origin.split_once("//").map_or(origin.as_str(), |(_, h)| h);
        let allowed = self.own.as_deref() == Some(origin.as_str())
            || self.allowed.iter().any(|a| *a == origin || a == host);
        (!allowed).then_some(origin)
    }
}

/// `scheme://host[:port]` of an absolute or protocol-relative URL, lowercase.
pub fn origin(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_lowercase();
    let (scheme, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        ("https:", rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        ("http:", rest)
    } else if let Some(rest) = lower.strip_prefix("//") {
        ("", rest)
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials before `@` are not part of the origin.
    let host = host.rsplit('@').next().unwrap_or(host);
    (!host.is_empty()).then(|| format!("{scheme}//{host}"))
}

pub fn check(page: &PageContext, origins: &Origins, findings: &mut Vec<Finding>) {
    for image in &page.prose.images {
        if let Some(origin) = origins.foreign(&image.dest) {
            push(findings, page, image.span.clone(), "image", &origin, false);
        }
    }
    for chunk in &page.prose.html {
        for tag in html_tags::tags(&chunk.text) {
            html_tag(page, origins, chunk, &tag, findings);
        }
        for (url, span) in html_tags::css_urls(&chunk.text) {
            if let Some(origin) = origins.foreign(&url) {
                push(
                    findings,
                    page,
                    chunk.source_span(span),
                    "CSS `url()`",
                    &origin,
                    false,
                );
            }
        }
    }
}

fn html_tag(
    page: &PageContext,
    origins: &Origins,
    chunk: &Mapped,
    tag: &HtmlTag,
    findings: &mut Vec<Finding>,
) {
    for attr in &tag.attrs {
        if !LOADS.contains(&(tag.name.as_str(), attr.name.as_str())) {
            continue;
        }
        let urls: Vec<&str> = if attr.name == "srcset" {
            attr.value
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .collect()
        } else {
            vec![attr.value.as_str()]
        };
        for url in urls {
            if let Some(origin) = origins.foreign(url) {
                let what = format!("`<{}>`", tag.name);
                let pixel = tag.name == "img" && is_pixel(tag);
                push(
                    findings,
                    page,
                    chunk.source_span(attr.span.clone()),
                    &what,
                    &origin,
                    pixel,
                );
            }
        }
    }
}

/// A 1×1 or hidden image: the classic tracking pixel.
fn is_pixel(tag: &HtmlTag) -> bool {
    let tiny = |name: &str| {
        tag.attr(name)
            .is_some_and(|a| matches!(a.value.trim().trim_end_matches("px"), "0" | "1"))
    };
    let hidden = tag.attr("style").is_some_and(|a| {
        let style = a.value.replace(' ', "").to_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    });
    tiny("width") || tiny("height") || hidden
}

fn push(
    findings: &mut Vec<Finding>,
    page: &PageContext,
    span: Range<usize>,
    what: &str,
    origin: &str,
    pixel: bool,
) {
    let source = &page.entry.doc.source;
    let message = if pixel {
        format!("{what} looks like a tracking pixel from `{origin}`")
    } else {
        format!("{what} loads content from another site, `{origin}`")
    };
    findings.push(Finding::new(
        Rule::ThirdParty,
        Rule::ThirdParty.at(source, span, message).help(format!(
            "every reader's browser would contact {origin}, which can track them; copy the file into the site, link to the page instead, or (if the site owner approved it) add \"{origin}\" to [checks] allowed_origins"
        )),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{findings_with, page_with};

    fn third_party(body: &str, extra: &str) -> Vec<String> {
        findings_with(&page_with("title = \"A\"", body), "2026-06-01", extra)
            .into_iter()
            .filter(|(r, _)| *r == Rule::ThirdParty)
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin("https://User@Example.org:8080/a?b"),
            Some("https://example.org:8080".into())
        );
        assert_eq!(
            origin("//cdn.example.org/x.js"),
            Some("//cdn.example.org".into())
        );
        assert_eq!(origin("../a.png"), None);
        assert_eq!(origin("mailto:a@b.org"), None);
    }

    #[test]
    fn loads_from_other_sites_are_reported_links_are_not() {
        let body = "![Chart](https://cdn.example.net/c.png) ![Own](https://example.org/a.png) [a link](https://other.org/)\n\n<script src=\"https://tracker.io/t.js\"></script>\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n<a href=\"https://fine.org\">fine</a>\n\n<img src=\"https://ads.example.com/p.gif\" width=\"1\" height=\"1\" alt=\"\">\n\n<div style=\"background: url(https://img.example.com/bg.png)\"></div>\n";
        let found = third_party(body, "");
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0]
            .starts_with("image loads content from another site, `https://cdn.example.net`"));
        assert!(found.iter().any(|f| f.contains("tracking pixel")));
        let allowed = third_party(
            body,
            "[checks]\nallowed_origins = [\"https://cdn.example.net\", \"tracker.io\", \"https://www.youtube.com/\", \"https://ads.example.com\", \"https://img.example.com\"]\n",
        );
        assert!(allowed.is_empty(), "{allowed:#?}");
    }
}
