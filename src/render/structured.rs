//! Structured data for search engines: JSON-LD with `MedicalWebPage` (review dates, reviewer,
//! topics), `BreadcrumbList` and, on FAQ pages, `FAQPage`. The JSON is escaped so that it can
//! sit inside `<script type="application/ld+json">` whatever the content: `<`, `>`, `&` and the
//! line separators U+2028 and U+2029 become `\u` escapes, so `</script>` cannot end the block.

use serde_json::{json, Value};

use super::views::PageView;
use crate::config::Config;

/// The page's JSON-LD, ready to place inside a script element.
pub fn json_ld(view: &PageView, config: &Config) -> String {
    let mut graph = vec![page_node(view, config), breadcrumbs(view)];
    if !view.faq.is_empty() {
        graph.push(faq_node(view));
    }
    if let Some(location) = &view.location {
        graph.push(super::locations::clinic_node(location));
    }
    escape_for_script(&json!({ "@context": "https://schema.org", "@graph": graph }).to_string())
}

fn page_node(view: &PageView, config: &Config) -> Value {
    let kind = if view.is_section {
        "CollectionPage"
    } else {
        "MedicalWebPage"
    };
    // The page's own language, and the site as readers of that language see it: its title
    // and its home (`[languages.CODE] title`, path).
    let language = config.language(view.lang);
    let site_title = language.settings.title.as_deref().unwrap_or(&config.title);
    let mut node = json!({
        "@type": kind,
        "@id": view.permalink,
        "url": view.permalink,
        "name": view.title,
        "inLanguage": view.lang,
        "isPartOf": { "@type": "WebSite", "name": site_title, "url": config.permalink(&language.prefix) },
    });
    let fields = node.as_object_mut().expect("an object");
    if let Some(description) = view.description {
        fields.insert("description".into(), json!(description));
    }
    if let Some(date) = &view.last_reviewed {
        fields.insert("lastReviewed".into(), json!(date.iso));
    }
    // Sample content names no reviewer: nobody reviewed it.
    if view.review_status.is_none() {
        if let Some(reviewer) = reviewed_by(view) {
            fields.insert("reviewedBy".into(), reviewer);
        }
    }
    if let Some(date) = &view.date {
        fields.insert("datePublished".into(), json!(date.iso));
    }
    if let Some(date) = view.updated.as_ref().or(view.last_reviewed.as_ref()) {
        fields.insert("dateModified".into(), json!(date.iso));
    }
    let about: Vec<Value> = view
        .taxonomies
        .values()
        .flatten()
        .map(|term| json!({ "@type": "Thing", "name": term.name }))
        .collect();
    if !about.is_empty() {
        fields.insert("about".into(), Value::Array(about));
    }
    let citations: Vec<Value> = view
        .sources
        .iter()
        .map(|s| {
            let mut c = json!({ "@type": "CreativeWork", "name": s.title });
            if let Some(url) = &s.url {
                c["url"] = json!(url);
            }
            if let Some(publisher) = &s.publisher {
                c["publisher"] = json!({ "@type": "Organization", "name": publisher });
            }
            c
        })
        .collect();
    if !citations.is_empty() {
        fields.insert("citation".into(), Value::Array(citations));
    }
    node
}

/// A person with credentials and role (`Person`: `honorificSuffix`, `jobTitle`), a team
/// (`Organization`), or an older site's free-text `reviewed_by` (`Organization`).
fn reviewed_by(view: &PageView) -> Option<Value> {
    match view.reviewer {
        Some(r) => match (&r.name, &r.team) {
            (Some(name), _) => {
                let mut person = json!({ "@type": "Person", "name": name });
                if let Some(credentials) = &r.credentials {
                    person["honorificSuffix"] = json!(credentials);
                }
                if let Some(role) = &r.role {
                    person["jobTitle"] = json!(role);
                }
                Some(person)
            }
            (None, Some(team)) => Some(json!({ "@type": "Organization", "name": team })),
            (None, None) => None,
        },
        None => view
            .reviewed_by
            .as_ref()
            .map(|name| json!({ "@type": "Organization", "name": name })),
    }
}

fn breadcrumbs(view: &PageView) -> Value {
    let mut items: Vec<Value> = view
        .ancestors
        .iter()
        .enumerate()
        .map(|(i, link)| json!({ "@type": "ListItem", "position": i + 1, "name": link.title, "item": link.url }))
        .collect();
    items.push(json!({ "@type": "ListItem", "position": items.len() + 1, "name": view.title, "item": view.permalink }));
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

fn faq_node(view: &PageView) -> Value {
    let questions: Vec<Value> = view
        .faq
        .iter()
        .map(|q| {
            json!({
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": { "@type": "Answer", "text": q.answer.trim() },
            })
        })
        .collect();
    json!({ "@type": "FAQPage", "mainEntity": questions })
}

/// Makes JSON safe inside a `<script>` element (still valid JSON, same meaning).
pub fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_end_tags_and_separators_cannot_break_out() {
        let raw = json!({ "name": "A </script><script>alert(1)</script> & \u{2028}" }).to_string();
        let escaped = escape_for_script(&raw);
        assert!(!escaped.contains("</script"));
        assert!(!escaped.contains('\u{2028}'));
        let back: Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(
            back["name"],
            "A </script><script>alert(1)</script> & \u{2028}"
        );
    }
}
