//! Stylesheets are minified and given content-hashed names (`assets/style.3f2a1c9e.css`), so
//! hosts can cache them for a year and a new version is fetched the moment it changes.
//! Templates ask for `get_url(path="style.css")` and get the fingerprinted address.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// A minified, fingerprinted file.
#[derive(Debug, Clone)]
pub struct Fingerprinted {
    /// Output path below the site root, e.g. `assets/style.3f2a1c9e.css`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Minifies and names every stylesheet, by its path in `static/`.
pub fn fingerprint_styles(
    styles: &BTreeMap<String, SourceText>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Fingerprinted> {
    styles
        .iter()
        .map(|(rel, source)| {
            let text = match minifier::css::minify(&source.text) {
                Ok(minified) => minified.to_string(),
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "cannot minify this stylesheet ({error}); it is published as written"
                        ))
                        .in_file(&source.path)
                        .help("check the CSS syntax near the reported position"),
                    );
                    source.text.to_string()
                }
            };
            let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
            (
                rel.clone(),
                Fingerprinted {
                    path: hashed_name(rel, hash),
                    bytes: text.into_bytes(),
                },
            )
        })
        .collect()
}

/// `css/site.css` → `assets/css/site.1a2b3c4d.css`.
fn hashed_name(rel: &str, hash: u64) -> String {
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    format!("assets/{stem}.{:08x}.{ext}", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_and_named_by_content() {
        let mut styles = BTreeMap::new();
        styles.insert(
            "style.css".to_string(),
            SourceText::new("static/style.css", "body {\n  color: red; /* note */\n}\n"),
        );
        let mut diagnostics = Diagnostics::new();
        let out = fingerprint_styles(&styles, &mut diagnostics);
        let file = &out["style.css"];
        assert!(
            file.path.starts_with("assets/style.") && file.path.ends_with(".css"),
            "{}",
            file.path
        );
        assert_eq!(String::from_utf8_lossy(&file.bytes), "body{color:red;}");
        styles.insert(
            "style.css".to_string(),
            SourceText::new("static/style.css", "body{color:blue}"),
        );
        assert_ne!(
            fingerprint_styles(&styles, &mut diagnostics)["style.css"].path,
            file.path
        );
    }
}
