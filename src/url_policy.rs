//! The one URL policy: every address that reaches an attribute of a built page from content or
//! config (Markdown links and images, raw HTML, front-matter `url` and `link` fields, `href`
//! and the like in config.toml's `[extra]`) passes [`check`] first.
//!
//! Allowed: `http:`, `https:`, `mailto:`, `tel:`, relative paths (`../a.md`, `/a/`,
//! `//host/`), fragments (`#top`) and queries (`?q=1`). Anything else is refused: `javascript:`,
//! `data:`, `vbscript:`, `file:` and every unknown scheme. The address is read the way a
//! browser reads it, and a little more suspiciously: ASCII whitespace and control characters
//! anywhere are ignored (browsers strip tabs and newlines inside the scheme and trim the
//! rest), case does not matter, and entity- or percent-encoded characters (`&#58;`,
//! `&colon;`, `%3A`) are decoded first, so no spelling of a script address slips through.
//! A relative address that merely looks like one after decoding (`a%3Ab`) is refused too: a
//! false alarm costs an editor a rename, a miss costs a reader their browser.

/// The schemes an address may have. ammonia's allow-list in `render::sanitize` is this list.
pub(crate) const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The help line of every refusal.
pub(crate) const HELP: &str = "use https://, mailto:, tel: or a relative link";

/// Why an address was refused: its scheme, lowercased, as read after decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub scheme: String,
}

impl Refused {
    /// `a link to a `javascript:` address is not allowed`, for diagnostics; `what` is the
    /// start of the sentence (`a link to`, `an image from`).
    pub(crate) fn message(&self, what: &str) -> String {
        format!("{what} a `{}:` address is not allowed", self.scheme)
    }
}

/// An address that passed [`check`]: the only form in which templates receive an address
/// from content or config, so a theme cannot be handed an unchecked one by accident. It
/// serializes as the plain string.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct SafeUrl(String);

impl SafeUrl {
    /// The address if the policy allows it.
    pub(crate) fn new(url: &str) -> Option<SafeUrl> {
        check(url).ok().map(|()| SafeUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A free-form settings table (`[extra]` of config.toml or front matter) with every string
/// under an address key (see [`is_url_key`]) that the policy refuses taken out. Load reports
/// such values as errors; this keeps a template from ever seeing one even so.
pub(crate) fn safe_table(table: &toml::Table) -> std::borrow::Cow<'_, toml::Table> {
    /// `value`, under a key whose strings are addresses when `url`, cleaned.
    fn clean(value: &toml::Value, url: bool) -> Option<toml::Value> {
        match value {
            toml::Value::String(s) if url && check(s).is_err() => None,
            toml::Value::Array(items) => Some(toml::Value::Array(
                items.iter().filter_map(|v| clean(v, url)).collect(),
            )),
            toml::Value::Table(table) => Some(toml::Value::Table(clean_table(table, ""))),
            other => Some(other.clone()),
        }
    }
    fn clean_table(table: &toml::Table, name: &str) -> toml::Table {
        table
            .iter()
            .filter_map(|(k, v)| {
                let v = match v {
                    toml::Value::Table(inner) => toml::Value::Table(clean_table(inner, k)),
                    v => clean(v, is_url_key_in(name, k))?,
                };
                Some((k.clone(), v))
            })
            .collect()
    }
    let cleaned = clean_table(table, "");
    if cleaned == *table {
        std::borrow::Cow::Borrowed(table)
    } else {
        std::borrow::Cow::Owned(cleaned)
    }
}

/// Checks one address against the policy (see the module comment).
pub fn check(url: &str) -> Result<(), Refused> {
    // A scheme is short: looking further than this costs time and finds nothing.
    let head: String = url.chars().take(256).collect();
    let decoded = decode(&head);
    let compact: String = decoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let Some(colon) = compact.find(':') else {
        return Ok(());
    };
    let before = &compact[..colon];
    // A `/`, `?` or `#` before the first colon makes the address relative (`a/b:c`, `?x=a:b`).
    if before.contains(['/', '?', '#', '\\']) {
        return Ok(());
    }
    let scheme = before.to_ascii_lowercase();
    if ALLOWED_SCHEMES.contains(&scheme.as_str()) {
        return Ok(());
    }
    let shown: String = scheme
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .take(24)
        .collect();
    Err(Refused {
        scheme: if shown.is_empty() {
            "unknown".to_string()
        } else {
            shown
        },
    })
}

/// Whether a config or front-matter key names an address: `href`, `url`, `link`, `src`, or a
/// name ending in `_href`, `_url`, `_link` or `_src`. Its string values pass [`check`]
/// (except in the theme's colour tables, see [`is_url_key_in`]).
pub(crate) fn is_url_key(key: &str) -> bool {
    const NAMES: &[&str] = &["href", "url", "link", "src"];
    let key = key.to_ascii_lowercase();
    NAMES.contains(&key.as_str())
        || NAMES
            .iter()
            .any(|name| key.strip_suffix(name).is_some_and(|k| k.ends_with('_')))
}

/// [`is_url_key`] for `key` inside the table or list named `parent`: `[extra.colors]` and
/// `[extra.dark_colors]` name colours, and their `link` is the colour of links.
pub(crate) fn is_url_key_in(parent: &str, key: &str) -> bool {
    !matches!(parent, "colors" | "dark_colors") && is_url_key(key)
}

/// `text` with numeric character references, the named ones that can spell a scheme's
/// punctuation (`&colon;`, `&Tab;`, `&NewLine;`) and percent escapes decoded, repeatedly,
/// so double encodings decode too (a few rounds at most; each round shortens the text).
fn decode(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let next = decode_once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn decode_once(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['&', '%']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (decoded, used) = if rest.starts_with('&') {
            entity(rest)
        } else {
            percent(rest)
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(&rest[..used]),
        }
        rest = &rest[used..];
    }
    out.push_str(rest);
    out
}

/// The character of the entity at the start of `text` (`&#58;`, `&#x3A`, `&colon;`) and the
/// bytes it used; `(None, 1)` when it is no entity.
fn entity(text: &str) -> (Option<char>, usize) {
    const NAMED: &[(&str, char)] = &[
        ("&colon;", ':'),
        ("&tab;", '\t'),
        ("&newline;", '\n'),
        ("&sol;", '/'),
        ("&num;", '#'),
        ("&quest;", '?'),
    ];
    let lower: String = text
        .chars()
        .take(10)
        .collect::<String>()
        .to_ascii_lowercase();
    for (name, c) in NAMED {
        if lower.starts_with(name) {
            return (Some(*c), name.len());
        }
    }
    let Some(number) = text.strip_prefix("&#") else {
        return (None, 1);
    };
    let (radix, digits_at) = match number.as_bytes().first() {
        Some(b'x' | b'X') => (16, 3),
        _ => (10, 2),
    };
    let digits: String = text[digits_at..]
        .chars()
        .take_while(|c| c.is_digit(radix))
        .collect();
    if digits.is_empty() {
        return (None, 1);
    }
    let mut used = digits_at + digits.len();
    if text[used..].starts_with(';') {
        used += 1;
    }
    // Leading zeros are allowed in any number; an overlong one is no character.
    let significant = digits.trim_start_matches('0');
    let value = match significant.len() {
        0 => Some(0),
        1..=8 => u32::from_str_radix(significant, radix).ok(),
        _ => None,
    };
    (value.and_then(char::from_u32), used)
}

/// The byte of the percent escape at the start of `text`, as a character when it is ASCII.
fn percent(text: &str) -> (Option<char>, usize) {
    match text.get(1..3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
        Some(byte) if byte.is_ascii() => (Some(byte as char), 3),
        _ => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The policy's one table: (address, allowed).
    const TABLE: &[(&str, bool)] = &[
        // Allowed schemes, any case.
        ("https://samhsa.gov/find-help", true),
        ("http://example.org", true),
        ("HTTPS://EXAMPLE.ORG", true),
        ("mailto:help@example.org", true),
        ("tel:988", true),
        ("tel:+18006624357", true),
        // Relative addresses, fragments, queries.
        ("", true),
        ("../levels-of-care/iop.md#schedule", true),
        ("/about/", true),
        ("//cdn.example.org/x.png", true),
        ("#top", true),
        ("?q=a:b", true),
        ("images/chart.png", true),
        ("a/b:c", true),
        ("notes.md#a:b", true),
        // Script and data addresses in every spelling.
        ("javascript:alert(1)", false),
        ("JaVaScRiPt:alert(1)", false),
        ("  javascript:alert(1)", false),
        ("\u{1}\u{1f}javascript:alert(1)", false),
        ("java\tscript:alert(1)", false),
        ("java\nscript:alert(1)", false),
        ("java\rscript:alert(1)", false),
        ("javascript\t:alert(1)", false),
        ("javascript&#58;alert(1)", false),
        ("javascript&#x3A;alert(1)", false),
        ("javascript&#x0003a;alert(1)", false),
        ("javascript&colon;alert(1)", false),
        ("javascript&COLON;alert(1)", false),
        ("&#106;avascript:alert(1)", false),
        ("java&#x09;script:alert(1)", false),
        ("java&Tab;script:alert(1)", false),
        ("javascript%3Aalert(1)", false),
        ("javascript%253Aalert(1)", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("DATA:image/svg+xml;base64,PHN2Zz4=", false),
        ("vbscript:msgbox(1)", false),
        ("file:///etc/passwd", false),
        ("ftp://example.org/", false),
        ("blob:https://example.org/x", false),
        ("chrome-extension://x/y", false),
        ("C:\\Windows\\x.md", false),
        ("x-unknown+scheme.v1:stuff", false),
    ];

    #[test]
    fn the_policy_table() {
        let wrong: Vec<String> = TABLE
            .iter()
            .filter(|(url, allowed)| check(url).is_ok() != *allowed)
            .map(|(url, allowed)| {
                format!(
                    "{url:?} should be {}",
                    if *allowed { "allowed" } else { "refused" }
                )
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn the_refusal_names_the_scheme_as_read() {
        assert_eq!(check("Java\tScript:x").unwrap_err().scheme, "javascript");
        assert_eq!(
            check("data:x").unwrap_err().message("a link to"),
            "a link to a `data:` address is not allowed"
        );
    }

    #[test]
    fn url_keys() {
        let keys = [
            "href",
            "url",
            "link",
            "src",
            "Href",
            "logo_url",
            "donate_href",
            "more_link",
        ];
        for key in keys {
            assert!(is_url_key(key), "{key}");
        }
        for key in ["name", "links", "curl", "hyperlink", "url_text", "action"] {
            assert!(!is_url_key(key), "{key}");
        }
        // `[extra.colors] link = "#0a57a4"` is the colour of links.
        assert!(!is_url_key_in("colors", "link"));
        assert!(!is_url_key_in("dark_colors", "link"));
        assert!(is_url_key_in("footer", "link"));
    }

    #[test]
    fn templates_get_only_checked_addresses() {
        assert_eq!(SafeUrl::new("tel:988").unwrap().as_str(), "tel:988");
        assert!(SafeUrl::new("javascript:x").is_none());
        let table: toml::Table = toml::from_str(
            "a = \"javascript:x\"\n[[lines]]\nname = \"javascript:x\"\nhref = \"javascript:x\"\n[[lines]]\nhref = \"tel:988\"\n",
        )
        .unwrap();
        let safe = safe_table(&table);
        assert_eq!(
            toml::to_string(&*safe).unwrap(),
            "a = \"javascript:x\"\n\n[[lines]]\nname = \"javascript:x\"\n\n[[lines]]\nhref = \"tel:988\"\n"
        );
        let clean: toml::Table = toml::from_str("href = \"/a/\"").unwrap();
        assert!(matches!(safe_table(&clean), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn odd_entities_never_panic() {
        for url in [
            "&",
            "&#",
            "&#x",
            "&#99999999999:",
            "%",
            "%Z",
            "%e9:",
            "&#xD800;:",
        ] {
            let _ = check(url);
        }
    }
}
