//! The fuzz targets' bodies, shared by the libFuzzer binaries in `fuzz_targets/` and by the
//! seeded generator test in `tests/hostile.rs` (which includes this file), so `cargo test`
//! runs the same checks on stable Rust. Each function takes arbitrary bytes and must return
//! without panicking, hanging or overflowing the stack; `raw_html` also checks that nothing
//! dangerous survives sanitizing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use continuum::config::RawHtml;
use continuum::diagnostics::SourceText;
use continuum::load::{front_matter, Corpus, DocKind, Document};
use continuum::Config;

/// Front matter: decoding, splitting and parsing, and dates.
pub fn front_matter(data: &[u8]) {
    let Ok(source) = continuum::load::decode(Path::new("content/fuzz.md"), data.to_vec()) else {
        return;
    };
    match front_matter::split(&source.text) {
        Ok(Some(split)) => {
            let _ = front_matter::parse(&source, &split);
        }
        Ok(None) => {}
        Err(error) => {
            let _ = error.to_diagnostic(&source).render(false);
        }
    }
    let _ = front_matter::Date::parse(&source.text);
}

/// `config.toml` parsing and validation, and the rendering of its diagnostics.
pub fn config(data: &[u8]) {
    let Ok(source) = continuum::load::decode(Path::new("config.toml"), data.to_vec()) else {
        return;
    };
    let (_, diagnostics) = Config::parse(&source);
    let _ = diagnostics.report(false);
}

/// The search tokenizer and the HTML-to-text step of the indexer.
pub fn search(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let stop = continuum::search::tokenize::DEFAULT_STOP_WORDS
        .iter()
        .map(|s| s.to_string());
    let tokenizer = continuum::search::tokenize::Tokenizer::new(stop);
    let _ = tokenizer.tokens(&text);
    let _ = continuum::search::crisis::fold(&text);
    let mut count = 0u32;
    continuum::search::tokenize::for_each_word(&text, |_, _| count += 1);
    let _ = continuum::search::text::plain(&text);
    let _ = continuum::search::text::sections(&text);
}

/// Raw HTML through the `sanitize` policy, then the URL and attribute policies, as the
/// renderer chains them: whatever goes in, no script can come out.
pub fn raw_html(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let source = SourceText::new("content/fuzz.md", text.as_ref());
    // `[[term]]` names a glossary term and never becomes an address in the renderer (the
    // glossary takes it before HTML is written), so it is not read as a link here.
    let options = continuum::parse::options(true) - pulldown_cmark::Options::ENABLE_WIKILINKS;
    let parser = pulldown_cmark::Parser::new_ext(&text, options).into_offset_iter();
    let mut filter =
        continuum::render::sanitize::RawHtmlFilter::new(parser, RawHtml::Sanitize, &source, 0);
    let mut edge = continuum::render::edge::EdgePolicy::new(filter.by_ref(), &source, 0);
    let mut html = String::new();
    let events = continuum::render::table::align_with_classes(edge.by_ref());
    pulldown_cmark::html::push_html(&mut html, events.map(|(event, _)| event));
    for diagnostic in &edge.diagnostics {
        let _ = diagnostic.render(false);
    }
    drop(edge);
    for diagnostic in &filter.diagnostics {
        assert!(!diagnostic.is_error(), "sanitize only warns");
        let _ = diagnostic.render(false);
    }
    if let Err(problem) = check_safe(&html) {
        let shown: String = text.chars().take(300).collect();
        panic!("unsafe output ({problem}) for input starting {shown:?}");
    }
}

/// Elements that must never come out of `sanitize`.
const FORBIDDEN: &[&str] = &[
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "base",
    "meta",
    "link",
    "form",
    "textarea",
    "frame",
    "frameset",
    "template",
    "noscript",
    "xmp",
    "plaintext",
];

/// Every tag of `html` (the output of pulldown-cmark and the filter, so every `<` starts a
/// tag) is checked: no forbidden element, no `on*` attribute, no script or data address.
pub fn check_safe(html: &str) -> Result<(), String> {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let tag_text = &rest[lt + 1..];
        let end = tag_end(tag_text).ok_or_else(|| "an unterminated tag".to_string())?;
        let tag = &tag_text[..end];
        rest = &tag_text[end..];
        if tag.starts_with('!') {
            if tag.starts_with("!-- more --") {
                continue;
            }
            return Err(format!("a comment or declaration `<{tag}>`"));
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if FORBIDDEN.contains(&name.as_str()) {
            return Err(format!("a `<{name}>` element"));
        }
        for (attr, value) in attributes(tag) {
            if attr.starts_with("on") {
                return Err(format!("an `{attr}` attribute"));
            }
            if attr == "style" || attr == "srcdoc" || attr == "formaction" {
                return Err(format!("a `{attr}` attribute"));
            }
            if matches!(
                attr.as_str(),
                "href" | "src" | "cite" | "action" | "xlink:href"
            ) {
                let decoded = decode_entities(&value);
                if continuum::url_policy::check(&decoded).is_err() {
                    return Err(format!("`{attr}=\"{value}\"`"));
                }
            }
        }
    }
    Ok(())
}

fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some(i + 1),
            None => {}
        }
    }
    None
}

fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let body = tag.trim_end_matches('>').trim_end_matches('/');
    let mut chars = body
        .char_indices()
        .skip_while(|(_, c)| !c.is_whitespace())
        .peekable();
    loop {
        while chars
            .next_if(|(_, c)| c.is_whitespace() || *c == '/')
            .is_some()
        {}
        let mut name = String::new();
        while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace() && *c != '=') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            return out;
        }
        let mut value = String::new();
        if chars.next_if(|(_, c)| *c == '=').is_some() {
            match chars.next() {
                Some((_, q @ ('"' | '\''))) => {
                    for (_, c) in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                Some((_, c)) => {
                    value.push(c);
                    while let Some((_, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
                None => {}
            }
        }
        out.push((name, value));
    }
}

/// Enough entity decoding to see through `java&#115;cript:` and `&colon;`.
fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let entity = &after[..e];
            let code = if let Some(hex) = entity.strip_prefix("#x").or(entity.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = entity.strip_prefix('#') {
                dec.parse().ok()
            } else {
                match entity {
                    "colon" => Some(58),
                    "tab" | "Tab" => Some(9),
                    "newline" | "NewLine" => Some(10),
                    "amp" => Some(38),
                    _ => None,
                }
            };
            code.and_then(char::from_u32).map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A small real site (the `minimal` and `features` fixtures: glossary, compare schema,
/// taxonomies) loaded once; each input becomes one more page of it.
fn base() -> Option<&'static (Corpus, Config, PathBuf)> {
    static BASE: OnceLock<Option<(Corpus, Config, PathBuf)>> = OnceLock::new();
    BASE.get_or_init(|| {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let fixtures = [
            manifest.join("tests/fixtures"),
            manifest.join("../tests/fixtures"),
        ]
        .into_iter()
        .find(|p| p.is_dir())?;
        let root = std::env::temp_dir().join(format!("continuum-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&fixtures.join("minimal"), &root);
        copy_dir(&fixtures.join("features"), &root);
        let _ = std::fs::remove_dir_all(root.join("expected"));
        let options = continuum::BuildOptions {
            root: root.clone(),
            ..Default::default()
        };
        let (config, _) = continuum::load_config(&root, &options).ok()?;
        let (corpus, _) = continuum::load::load(&root, &config);
        Some((corpus, config, root))
    })
    .as_ref()
}

fn copy_dir(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    let _ = std::fs::create_dir_all(to);
    for entry in entries.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            let _ = std::fs::copy(&path, &target);
        }
    }
}

/// A whole page (front matter and Markdown) through resolve, render with every transformer
/// (links, headings, callouts, compare blocks, glossary terms, highlighting, raw HTML),
/// the editorial checks and the search index, as a page of a real site.
pub fn markdown(data: &[u8]) {
    let Some((corpus, config, _)) = base() else {
        return;
    };
    let rel_path = "care/fuzz.md";
    let shown = PathBuf::from("content").join(rel_path);
    let Ok(source) = continuum::load::decode(&shown, data.to_vec()) else {
        return;
    };
    let (front, body, spans) = match front_matter::split(&source.text) {
        Ok(Some(split)) => match front_matter::parse(&source, &split) {
            Ok(front) => (
                front,
                split.body.clone(),
                front_matter::spans(&source, &split),
            ),
            Err(_) => return,
        },
        Ok(None) => (Default::default(), 0..source.text.len(), Default::default()),
        Err(_) => return,
    };
    let mut front: continuum::load::FrontMatter = front;
    if front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        front.title = Some("Fuzz".into());
    }
    let mut corpus = corpus.clone();
    let document = Document {
        rel_path: rel_path.into(),
        kind: DocKind::Page,
        bundle: false,
        spans,
        source,
        front,
        body,
    };
    let at = corpus
        .documents
        .partition_point(|d| d.rel_path.as_str() < rel_path);
    corpus.documents.insert(at, document);
    let (site, mut diagnostics) = continuum::resolve::resolve(corpus, config);
    let (rendered, found) = continuum::render::render(&site, config);
    diagnostics.extend(found);
    if !diagnostics.has_errors() {
        let options = continuum::check::CheckOptions::default();
        let (_, found) = continuum::check::run(&site, &rendered, config, &options);
        diagnostics.extend(found);
        let (_, found) = continuum::search::index(&site, &rendered, config);
        diagnostics.extend(found);
    }
    let _ = diagnostics.report(false);
}
