//! Stylesheets and scripts from `static/` get content-hashed names (`assets/style.3f2a1c9e.css`,
//! `assets/search.5b6c7d8e.js`), so hosts can cache them for a year and a new version is
//! fetched the moment it changes. Templates ask for `get_url(path="style.css")` or
//! `get_url(path="search.js")` and get the fingerprinted address.
//!
//! Stylesheets are minified. Scripts are not: the `minifier` crate's JavaScript mode is a
//! heuristic token filter, not a parser. It joins lines, so code that relies on automatic
//! semicolon insertion stops parsing (`let a = 1\nlet b = a` becomes `let a=1let b=a`) or
//! silently changes meaning (`return\n  x` becomes `return x`); and it mistakes a regular
//! expression after a keyword (`return /a b/.test(s)`) for a division, then treats the pattern
//! as code. A site author's script would break with no diagnostic, so scripts are published
//! byte for byte, with one exception below.
//!
//! A script also keeps its own path (`search.js` is an API others import from the site root);
//! the fingerprinted copy lives one folder deeper, under `assets/`, so wherever the module finds
//! things relative to itself (`new URL('./', import.meta.url)`) the copy reads `import.meta.url`
//! as the address of the original instead. A script that imports other files by relative
//! specifier (`from './x.js'`) or names a relative source map cannot be moved that way, so it
//! is not fingerprinted: `get_url` gives its own path.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// A fingerprinted file.
#[derive(Debug, Clone)]
pub struct Fingerprinted {
    /// Output path below the site root, e.g. `assets/style.3f2a1c9e.css`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Minifies stylesheets, rebases scripts, and names both by content, by their path in
/// `static/`. A script that cannot be moved is left out (it is published at its own path).
pub fn fingerprint(
    sources: &BTreeMap<String, SourceText>,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Fingerprinted> {
    sources
        .iter()
        .filter_map(|(rel, source)| {
            let text = if rel.ends_with(".js") {
                script(rel, &source.text)?
            } else {
                stylesheet(source, diagnostics)
            };
            let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
            Some((
                rel.clone(),
                Fingerprinted {
                    path: hashed_name(rel, hash),
                    bytes: text.into_bytes(),
                },
            ))
        })
        .collect()
}

fn stylesheet(source: &SourceText, diagnostics: &mut Diagnostics) -> String {
    match minifier::css::minify(&source.text) {
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
    }
}

/// The text of the fingerprinted copy of script `rel`, or `None` when it must stay where it is.
fn script(rel: &str, text: &str) -> Option<String> {
    if has_relative_reference(text) {
        return None;
    }
    // `assets/` plus the script's own folders: that many steps up reach the site root.
    let up = "../".repeat(1 + rel.matches('/').count());
    let original = format!("new URL(\"{up}{}\", import.meta.url).href", url_path(rel));
    Some(replace_word(text, "import.meta.url", &original))
}

/// Whether the script names a file relative to its own address: an `import`/`export … from`
/// of `./` or `../`, a dynamic `import('./…')`, or a relative `sourceMappingURL`. False
/// positives (the words in a comment or a string) only cost the fingerprint.
fn has_relative_reference(text: &str) -> bool {
    let relative = |rest: &str| {
        let rest = rest.trim_start();
        let rest = rest.strip_prefix('(').map_or(rest, str::trim_start);
        let mut chars = rest.chars();
        matches!(chars.next(), Some('\'' | '"' | '`'))
            && (chars.as_str().starts_with("./") || chars.as_str().starts_with("../"))
    };
    let imports = ["import", "from"]
        .iter()
        .any(|word| word_positions(text, word).any(|end| relative(&text[end..])));
    let source_map = text.match_indices("sourceMappingURL=").any(|(at, m)| {
        let target = &text[at + m.len()..];
        !(target.starts_with("data:") || target.starts_with('/') || has_scheme(target))
    });
    imports || source_map
}

fn has_scheme(target: &str) -> bool {
    target.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic())
    })
}

/// Byte offsets just past each occurrence of `word` not inside a longer identifier or a
/// property access (`x.import`).
fn word_positions<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(word).filter_map(move |(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
        (!before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident))
            .then_some(at + word.len())
    })
}

/// `text` with each whole-word `word` replaced by `with`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for end in word_positions(text, word).collect::<Vec<_>>() {
        out.push_str(&text[last..end - word.len()]);
        out.push_str(with);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// A path below `static/` as a URL path: anything but unreserved characters and `/`
/// percent-encoded, so it is safe inside a double-quoted string and a URL.
fn url_path(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for byte in rel.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `css/site.css` → `assets/css/site.1a2b3c4d.css`.
fn hashed_name(rel: &str, hash: u64) -> String {
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    format!("assets/{stem}.{:08x}.{ext}", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(rel: &str, text: &str) -> Option<Fingerprinted> {
        let mut sources = BTreeMap::new();
        sources.insert(
            rel.to_string(),
            SourceText::new(format!("static/{rel}"), text),
        );
        let mut diagnostics = Diagnostics::new();
        let mut out = fingerprint(&sources, &mut diagnostics);
        assert_eq!(diagnostics.warning_count(), 0);
        out.remove(rel)
    }

    #[test]
    fn minified_and_named_by_content() {
        let file = one("style.css", "body {\n  color: red; /* note */\n}\n").unwrap();
        assert!(
            file.path.starts_with("assets/style.") && file.path.ends_with(".css"),
            "{}",
            file.path
        );
        assert_eq!(String::from_utf8_lossy(&file.bytes), "body{color:red;}");
        assert_ne!(
            one("style.css", "body{color:blue}").unwrap().path,
            file.path
        );
    }

    #[test]
    fn scripts_are_named_by_content_and_not_minified() {
        // Relies on automatic semicolon insertion: a minifier that joins lines breaks it.
        let source = "// comment\nconst a = 1\nlet b = a\nfunction f() {\n  return\n    b\n}\n";
        let file = one("search.js", source).unwrap();
        assert!(
            file.path.starts_with("assets/search.") && file.path.ends_with(".js"),
            "{}",
            file.path
        );
        assert_eq!(String::from_utf8_lossy(&file.bytes), source);
        assert_ne!(one("search.js", "const a = 2;").unwrap().path, file.path);
    }

    #[test]
    fn import_meta_url_reads_as_the_original_address() {
        let source = "const root = new URL('./', import.meta.url).href; // import.meta.urls\n";
        let file = one("search.js", source).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&file.bytes),
            "const root = new URL('./', new URL(\"../search.js\", import.meta.url).href).href; \
             // import.meta.urls\n"
        );
        // One more folder, one more step up; odd characters are escaped.
        let nested = one("js/my \"x\".js", "f(import.meta.url)").unwrap();
        assert!(
            nested.path.starts_with("assets/js/my \"x\"."),
            "{}",
            nested.path
        );
        assert_eq!(
            String::from_utf8_lossy(&nested.bytes),
            "f(new URL(\"../../js/my%20%22x%22.js\", import.meta.url).href)"
        );
    }

    #[test]
    fn scripts_with_relative_references_stay_where_they_are() {
        for source in [
            "import { a } from './a.js';",
            "import {a} from\"../lib/a.js\";",
            "export * from './a.js';",
            "import './side-effect.js';",
            "const m = await import ( `./lazy.js` );",
            "x();\n//# sourceMappingURL=search.js.map\n",
        ] {
            assert!(one("app.js", source).is_none(), "{source}");
        }
        for source in [
            "const { readFile } = await import('node:fs/promises');",
            "import { a } from '/abs/a.js';",
            "const x = { from: './not-an-import' }.from;",
            "x();\n//# sourceMappingURL=data:application/json;base64,e30=\n",
            "x();\n//# sourceMappingURL=https://example.org/a.map\n",
        ] {
            assert!(one("app.js", source).is_some(), "{source}");
        }
    }
}
