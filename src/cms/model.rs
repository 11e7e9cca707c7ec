//! The front-matter keys the loader accepts, read from the loader's own types: each is a
//! `#[serde(deny_unknown_fields)]` struct, and serde names every field it knows when it
//! refuses an unknown one. So the CMS configuration (and its test) follow the code; a key
//! added to `FrontMatter` reaches them without anyone listing it again.

use serde::de::DeserializeOwned;

use crate::check::PageChecks;
use crate::load::front_matter::{FaqEntry, FrontMatter, GlossaryEntry, Reviewer, Source};

/// The fields `T` accepts, in declaration order.
pub(crate) fn fields_of<T: DeserializeOwned>() -> Vec<String> {
    // No real key starts with a control character, so this one is always unknown.
    let probe = serde_json::json!({ "\u{1}": 0 });
    let Err(error) = serde_json::from_value::<T>(probe) else {
        return Vec::new();
    };
    let message = error.to_string();
    let Some((_, expected)) = message.split_once("expected") else {
        return Vec::new();
    };
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Every top-level front-matter key.
pub fn front_matter_keys() -> Vec<String> {
    fields_of::<FrontMatter>()
}

/// The keys of each front-matter table whose entries have a fixed shape, by its key.
pub fn nested_keys() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("sources", fields_of::<Source>()),
        ("faq", fields_of::<FaqEntry>()),
        ("glossary", fields_of::<GlossaryEntry>()),
        ("reviewer", fields_of::<Reviewer>()),
        ("checks", fields_of::<PageChecks>()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_fields_from_the_types() {
        let keys = front_matter_keys();
        assert_eq!(keys.first().map(String::as_str), Some("title"));
        assert!(keys.iter().any(|k| k == "faq"));
        assert!(keys.iter().any(|k| k == "extra"));
        assert_eq!(
            fields_of::<FaqEntry>(),
            vec!["question".to_string(), "answer".to_string()]
        );
    }
}
