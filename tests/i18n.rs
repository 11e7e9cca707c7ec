//! Interface strings in every language. The bundled site's Spanish pages carry no English
//! interface text; the Arabic fixture (tests/fixtures/lang-ar) is right to left, redirects in
//! Arabic and shows the Section 1557 taglines in footers and handouts; a default language
//! without strings is one error at config.toml.
//!
//! The Spanish scan: every text node and
//! reader-facing attribute (aria-label, title, alt, placeholder, data-text-*, meta content)
//! under `/es/`, and the Spanish search index, is scanned for the English interface strings
//! (`themes/default/i18n/en.toml`, whose keys also hold the text the engine writes: callout
//! titles, redirect pages, compare titles). English inside quoted content (source titles,
//! names of organisations) is allowed only through `ALLOWED`, each with its reason.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use continuum::BuildOptions;

/// Text that is English on Spanish pages on purpose: (text, reason).
const ALLOWED: &[(&str, &str)] = &[];

/// The English strings to look for: every English interface value that differs from its
/// Spanish translation (the same word in both, like "TTY" or "Medicaid", is not English-only).
fn english_strings(root: &Path) -> Vec<String> {
    let read = |lang: &str| -> toml::Table {
        let path = root.join(format!("themes/default/i18n/{lang}.toml"));
        toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let (en, es) = (read("en"), read("es"));
    let mut out = BTreeSet::new();
    for (key, value) in &en {
        let Some(text) = value.as_str() else { continue };
        if es.get(key).and_then(|v| v.as_str()) == Some(text) {
            continue;
        }
        if key == "months" {
            out.extend(text.split(',').map(str::to_string));
            continue;
        }
        // A template's fixed words: the longest part between placeholders, if it says enough
        // to be recognised (`{n} miles away` → "miles away"; `{month} {day}, {year}` → none).
        let longest = text
            .split(['{', '}'])
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part.trim().trim_end_matches(['.', ':']).trim())
            .max_by_key(|part| part.len())
            .unwrap_or_default();
        if longest.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            out.insert(longest.to_string());
        }
    }
    out.into_iter().collect()
}

/// Whether `text` (one text node or attribute value, whitespace collapsed) shows `english`:
/// the whole text, or, for a phrase of two words or more, its start or any part of it.
fn shows(text: &str, english: &str) -> bool {
    if text == english {
        return true;
    }
    let words = english.split_whitespace().count();
    if words < 2 {
        return false;
    }
    let lower = text.to_lowercase();
    let needle = english.to_lowercase();
    lower.match_indices(&needle).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some(' '),
            n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reader-visible text of an HTML page: text nodes (outside script and style) and the
/// values of the attributes readers meet through assistive technology or scripts.
fn visible_text(html: &str) -> Vec<String> {
    const ATTRIBUTES: [&str; 5] = ["aria-label", "title", "alt", "placeholder", "content"];
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push(unescape(&rest[..open]));
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        // The tag runs to the first `>` outside quotes.
        let mut quote = None;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => return true,
                    _ => {}
                }
                false
            })
            .map_or(rest.len(), |(i, _)| i);
        let tag = &rest[1..end];
        rest = rest.get(end + 1..).unwrap_or("");
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        for attribute in tag.split('"').collect::<Vec<_>>().chunks(2) {
            if let [before, value] = attribute {
                let key = before
                    .trim()
                    .trim_end_matches('=')
                    .rsplit(' ')
                    .next()
                    .unwrap();
                // Meta content that readers see: descriptions and titles, not og:type or URLs.
                let readable_meta = tag.contains("name=\"description\"")
                    || ["og:title", "og:description", "og:site_name"]
                        .iter()
                        .any(|p| tag.contains(&format!("property=\"{p}\"")));
                if (ATTRIBUTES.contains(&key) && (key != "content" || readable_meta))
                    || key.starts_with("data-text-")
                {
                    out.push(unescape(value));
                }
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |e| &rest[e..]);
        }
    }
    out.push(unescape(rest));
    out.retain(|t| !t.is_empty());
    out
}

/// The text of a search index file, decompressed when it is zlib data.
fn index_text(bytes: &[u8]) -> String {
    let mut text = String::new();
    if flate2::read::ZlibDecoder::new(bytes)
        .read_to_string(&mut text)
        .is_ok()
    {
        return text;
    }
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn spanish_pages_and_search_index_have_no_english_interface_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let outcome = continuum::build(&BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        ..BuildOptions::default()
    });
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let english = english_strings(root);
    assert!(english.iter().any(|e| e == "Important") && english.len() > 150);
    let allowed = |text: &str| ALLOWED.iter().any(|(a, _)| text.contains(a));
    let mut found = BTreeSet::new();
    let mut pages = 0;
    let spanish = out.path().join("public/es");
    for file in walkdir::WalkDir::new(&spanish) {
        let file = file.unwrap();
        let path = file.path();
        let rel = path.strip_prefix(&spanish).unwrap().display().to_string();
        let texts = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                pages += 1;
                visible_text(&std::fs::read_to_string(path).unwrap())
            }
            // The search index: what result snippets and glossary answers show.
            Some("bin" | "json") if rel.starts_with("search") => {
                vec![index_text(&std::fs::read(path).unwrap())]
            }
            _ => continue,
        };
        for text in texts.iter().filter(|t| !allowed(t)) {
            for e in english.iter().filter(|e| shows(text, e)) {
                found.insert(format!("es/{rel}: {e:?} in {text:.120?}"));
            }
        }
    }
    assert!(pages > 100, "only {pages} Spanish pages");
    assert!(
        found.is_empty(),
        "English interface text on Spanish pages ({}):\n{}",
        found.len(),
        found.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_scanner_sees_text_nodes_and_attributes_but_not_scripts() {
    let html = "<p class=\"x\">Hola <b>Important</b></p><div aria-label=\"Warning\"></div>\
                <script>const a = 'Tip';</script><!-- Note --><input placeholder=\"Busque &amp; lea\">";
    assert_eq!(
        visible_text(html),
        ["Hola", "Important", "Warning", "Busque & lea"]
    );
    assert!(shows("Also called: x", "Also called"));
    assert!(!shows("Importante", "Important"));
    assert!(!shows("Read the full articles", "Read the full article"));
}

/// The Arabic fixture with the repository's default theme.
fn arabic() -> common::TestSite {
    let site = common::TestSite::fixture("lang-ar");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&theme, &site.root().join("themes/default"));
    site
}

#[test]
fn arabic_pages_are_right_to_left_and_english_pages_are_not() {
    let site = arabic();
    let outcome = site.build_ok();
    assert!(
        outcome.diagnostics.is_empty(),
        "{}",
        outcome.diagnostics.report(false)
    );
    for page in [
        "ar/index.html",
        "ar/care/index.html",
        "ar/care/barnamaj-mukathaf/index.html",
        "ar/care/barnamaj-mukathaf/handout/index.html",
        "ar/search/index.html",
        "ar/site-map/index.html",
    ] {
        let html = site.read(page);
        assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"), "{page}");
    }
    let article = site.read("ar/care/barnamaj-mukathaf/index.html");
    assert!(
        article.contains("<p class=\"callout-title\">مهم</p>"),
        "{article}"
    );
    assert!(article.contains("\"inLanguage\":\"ar\""), "{article}");
    assert!(article.contains("\"name\":\"الرعاية الخارجية\",\"url\":\"https://example.org/ar/\""));
    // The Arabic home is a home page, with the guides listed.
    let home = site.read("ar/index.html");
    assert!(home.contains("<body class=\"home\">") && home.contains("تصفح الأدلة"));
    assert!(site
        .read("care/iop/index.html")
        .contains("<html lang=\"en\">"));
    // An old address of an Arabic page redirects in Arabic.
    let redirect = site.read("ar/old-iop/index.html");
    assert!(
        redirect.contains("<html lang=\"ar\" dir=\"rtl\">")
            && redirect.contains("<title>جارٍ التحويل</title>")
            && redirect.contains("<p>نُقلت هذه الصفحة إلى <a href=\"/ar/care/barnamaj-mukathaf/\">"),
        "{redirect}"
    );
}

#[test]
fn language_help_taglines_are_in_every_footer_and_handout() {
    let site = arabic();
    site.build_ok();
    for page in [
        "index.html",
        "ar/index.html",
        "ar/care/barnamaj-mukathaf/index.html",
        "ar/care/barnamaj-mukathaf/handout/index.html",
        "care/iop/handout/large/index.html",
    ] {
        let html = site.read(page);
        let list = html
            .split("<ul class=\"language-help\"")
            .nth(1)
            .unwrap_or_else(|| panic!("{page} has no taglines"));
        let list = &list[..list.find("</ul>").unwrap()];
        // Each line in its own language, its direction from its text, the number a link.
        assert!(list.contains("<li lang=\"ar\" dir=\"auto\">ملحوظة: إذا كنت تتحدث العربية، فإن خدمات المساعدة اللغوية تتوافر لك بالمجان. اتصل برقم <a class=\"tel\" href=\"tel:+15035550199\" dir=\"ltr\">(503) 555-0199</a> (رقم هاتف الصم والبكم: 711).</li>"), "{page}: {list}");
        assert!(
            list.contains("<li lang=\"es\" dir=\"auto\">ATENCIÓN: si habla español"),
            "{page}"
        );
        assert!(
            !list.contains("{phone}") && !list.contains("{tty}"),
            "{page}"
        );
    }
}

#[test]
fn a_default_language_without_interface_strings_is_one_error_at_config_toml() {
    let site = arabic();
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("default_language = \"fr\"\n{config}"),
    );
    let outcome = site.build();
    let error = common::single_error(&outcome);
    common::assert_diagnostic(
        &error,
        "config.toml:1",
        "the theme `default` has no interface strings for the default language `fr`",
        "add themes/default/i18n/fr.toml",
    );
}

#[test]
fn compare_titles_captions_and_missing_facts_are_in_the_page_language() {
    let site = arabic();
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("{config}\n[compare.care]\nfacts = [{{ key = \"hours\", label = \"Hours\", type = \"number\" }}, {{ key = \"setting\", label = \"Setting\" }}]\n"),
    );
    let iop = std::fs::read_to_string(site.root().join("content/care/iop.md")).unwrap();
    site.write(
        "content/care/iop.md",
        &iop.replacen(
            "review_status = \"sample\"\n",
            "review_status = \"sample\"\n[facts]\nhours = 9\n",
            1,
        ),
    );
    let arabic_iop = std::fs::read_to_string(site.root().join("content/care/iop.ar.md")).unwrap();
    site.write(
        "content/care/iop.ar.md",
        &format!("{arabic_iop}\nالمكان: {{{{ fact(item=\"iop.md\", key=\"setting\") }}}}.\n"),
    );
    site.build_ok();
    let compare = site.read("ar/care/compare/index.html");
    assert!(compare.contains("<h1>قارن: الرعاية</h1>"), "{compare}");
    assert!(compare.contains("<caption>مقارنة</caption>"), "{compare}");
    let english = site.read("care/compare/index.html");
    assert!(
        english.contains("<h1>Compare: Care</h1>")
            && english.contains("<caption>Comparison</caption>")
    );
    let article = site.read("ar/care/barnamaj-mukathaf/index.html");
    assert!(article.contains("المكان: غير محدد."), "{article}");
}
