//! `config.toml`: parsed into a raw serde struct that rejects unknown keys, then validated into
//! a checked [`Config`]. Every problem is a [`Diagnostic`] pointing at the key in the file, with
//! the nearest valid key suggested for a misspelling.

pub mod checks;
pub mod governance;
pub mod handouts;
pub mod search;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceText};
use crate::spans::Spans;

/// The raw file, exactly as written. Every field is documented in docs/config.md.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// The site's name, shown in the header and the page titles.
    title: String,
    /// One sentence about the site, for the home page's meta description.
    #[serde(default)]
    description: String,
    /// The address the site is served from, e.g. `https://example.org/help/`.
    base_url: String,
    /// The language of the content, as a BCP 47 tag (`en`, `es`).
    #[serde(default = "default_language")]
    default_language: String,
    /// The theme folder under `themes/`.
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    taxonomies: Vec<RawTaxonomy>,
    #[serde(default)]
    markdown: MarkdownConfig,
    /// Comparable sections: the section's folder name maps to its fact schema.
    #[serde(default)]
    compare: BTreeMap<String, CompareSchema>,
    /// The editorial checks' settings.
    #[serde(default)]
    checks: checks::ChecksConfig,
    /// The search index's settings.
    #[serde(default)]
    search: search::SearchConfig,
    /// Clinical governance: approvals and the review register (docs/governance.md).
    #[serde(default)]
    governance: governance::GovernanceConfig,
    /// Handouts (docs/handouts.md): PDFs and their size budget.
    #[serde(default)]
    handouts: handouts::HandoutsConfig,
    /// Free-form settings for the theme (crisis lines, footer links, colours).
    #[serde(default)]
    extra: toml::Table,
    /// The site's languages (docs/languages.md); the default language may have a table too.
    #[serde(default)]
    languages: BTreeMap<String, Language>,
}

/// `[languages.CODE]`: one language of the site and its translated settings.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Language {
    /// The language's name in itself (`Español`), for the language switcher.
    pub name: String,
    /// URL prefix (`es` puts pages under `/es/`); empty for the default language.
    pub path: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Replaces the same keys of `[extra]` on this language's pages.
    pub extra: toml::Table,
    /// Taxonomy name → its title in this language.
    pub taxonomies: BTreeMap<String, String>,
    /// Taxonomy term (as written in the default language) → its name in this language.
    pub terms: BTreeMap<String, String>,
    /// Comparable section → translated title and fact labels.
    pub compare: BTreeMap<String, CompareLabels>,
    /// `[search]` for this language's index; unset keys keep the language's defaults.
    pub search: Option<search::SearchConfig>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompareLabels {
    pub title: Option<String>,
    pub facts: BTreeMap<String, FactLabels>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FactLabels {
    pub label: Option<String>,
    pub help: Option<String>,
    pub unit: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: String,
    #[serde(default)]
    title: Option<String>,
    /// A fixed vocabulary: other terms in front matter get a warning.
    #[serde(default)]
    terms: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, en and em dashes, ellipses.
    pub smart_punctuation: bool,
    /// Highlight fenced code with syntect (CSS classes, no inline styles).
    pub highlight_code: bool,
    /// What happens to raw HTML written in Markdown: passed through (`allow`), cleaned to a
    /// safe allow-list with a warning for each removal (`sanitize`), or an error (`deny`).
    pub raw_html: RawHtml,
}

/// The raw-HTML policy of `[markdown] raw_html`; docs/security.md describes each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Raw HTML reaches readers as written: for sites whose every editor is trusted.
    Allow,
    /// Scripts, event handlers, `javascript:` URLs, frames and styles are removed.
    #[default]
    Sanitize,
    /// Any raw HTML (other than comments) is an error.
    Deny,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: true,
            raw_html: RawHtml::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CompareSchema {
    /// Heading of the generated compare page.
    #[serde(default)]
    pub title: Option<String>,
    /// The facts, in display order.
    pub facts: Vec<FactSchema>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FactSchema {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: FactKind,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    #[default]
    Text,
    Number,
    Bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    pub terms: Option<Vec<String>>,
}

/// The checked configuration the pipeline runs on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute site address without a trailing slash, e.g. `https://example.org/help`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`, e.g. `/help/`.
    pub base_path: String,
    pub default_language: String,
    pub theme: String,
    pub taxonomies: Vec<Taxonomy>,
    pub markdown: MarkdownConfig,
    pub compare: BTreeMap<String, CompareSchema>,
    pub checks: checks::ChecksConfig,
    pub search: search::SearchConfig,
    pub governance: governance::GovernanceConfig,
    pub handouts: handouts::HandoutsConfig,
    pub extra: toml::Table,
    /// Every language, the default first. A site without `[languages]` has just the default.
    pub languages: Vec<LanguageConfig>,
    /// The file itself, so later stages can point at a setting they check (`[extra.colors]`).
    #[serde(skip)]
    pub source: SourceText,
    /// Whether drafts are built (`--drafts`), not a file setting.
    #[serde(skip)]
    pub drafts: bool,
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Parses and validates `config.toml`. Returns the config (if it could be built at all)
    /// and every problem found.
    pub fn parse(source: &SourceText) -> (Option<Config>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let raw: RawConfig = match toml::from_str(&source.text) {
            Ok(raw) => raw,
            Err(error) => {
                diagnostics.push(toml_error(source, &error, "config.toml"));
                return (None, diagnostics);
            }
        };
        let config = validate(raw, source, &mut diagnostics);
        (Some(config), diagnostics)
    }

    /// A site-absolute URL path (`/help/a/b/`) for a path relative to the site root (`a/b/`).
    pub fn url_path(&self, relative: &str) -> String {
        format!("{}{}", self.base_path, relative.trim_start_matches('/'))
    }

    /// The full address of a path relative to the site root.
    pub fn permalink(&self, relative: &str) -> String {
        let origin_end = self.base_url.len() - self.base_path.trim_end_matches('/').len();
        format!(
            "{}{}",
            &self.base_url[..origin_end],
            self.url_path(relative)
        )
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub fn set_base_url(&mut self, base_url: &str) -> Result<(), String> {
        let (url, path) = split_base_url(base_url)?;
        self.base_url = url;
        self.base_path = path;
        Ok(())
    }
}

fn validate(raw: RawConfig, source: &SourceText, diagnostics: &mut Diagnostics) -> Config {
    let spans = Spans::toml(&source.text, 0);
    let key_at = |path: &str| spans.key(path).unwrap_or(0..0);
    let (base_url, base_path) = match split_base_url(&raw.base_url) {
        Ok(parts) => parts,
        Err(message) => {
            diagnostics.push(
                Diagnostic::error(message)
                    .at(source, key_at("base_url"))
                    .help("write a full address such as base_url = \"https://example.org/help/\""),
            );
            ("http://localhost".into(), "/".into())
        }
    };
    if raw.title.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error("the site `title` is empty")
                .at(source, key_at("title"))
                .help("give the site a name, e.g. title = \"Understanding intensive outpatient care\""),
        );
    }
    let mut taxonomies = Vec::new();
    for (i, raw_taxonomy) in raw.taxonomies.into_iter().enumerate() {
        let name_at = spans.value_or_parent(&format!("taxonomies.{i}.name"));
        if crate::slug::slugify(&raw_taxonomy.name) != raw_taxonomy.name {
            diagnostics.push(
                Diagnostic::error(format!(
                    "taxonomy name `{}` is not a URL slug",
                    raw_taxonomy.name
                ))
                .at(source, name_at.clone())
                .help(format!(
                    "use lowercase letters, digits and hyphens, e.g. `{}`",
                    crate::slug::slugify(&raw_taxonomy.name)
                )),
            );
        }
        if taxonomies
            .iter()
            .any(|t: &Taxonomy| t.name == raw_taxonomy.name)
        {
            diagnostics.push(
                Diagnostic::error(format!(
                    "taxonomy `{}` is declared twice",
                    raw_taxonomy.name
                ))
                .at(source, name_at)
                .help("remove one of the two [[taxonomies]] entries"),
            );
            continue;
        }
        taxonomies.push(Taxonomy {
            title: raw_taxonomy
                .title
                .unwrap_or_else(|| title_case(&raw_taxonomy.name)),
            name: raw_taxonomy.name,
            terms: raw_taxonomy.terms,
        });
    }
    let languages = languages(
        &raw.default_language,
        raw.languages,
        source,
        &spans,
        diagnostics,
    );
    for (section, schema) in &raw.compare {
        let mut seen = Vec::new();
        for (i, fact) in schema.facts.iter().enumerate() {
            if seen.contains(&fact.key.as_str()) {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "fact `{}` appears twice in the schema of `{section}`",
                        fact.key
                    ))
                    .at(
                        source,
                        spans.value_or_parent(&format!("compare.{section}.facts.{i}.key")),
                    )
                    .help("each fact key is listed once"),
                );
            }
            seen.push(&fact.key);
        }
    }
    let config = Config {
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        default_language: raw.default_language,
        theme: raw.theme,
        taxonomies,
        markdown: raw.markdown,
        compare: raw.compare,
        checks: raw.checks,
        search: raw.search,
        governance: raw.governance,
        handouts: raw.handouts,
        extra: raw.extra,
        languages,
        source: source.clone(),
        drafts: false,
    };
    // Text hygiene and the URL policy (`href` of crisis lines and the like), on every string.
    diagnostics.extend(crate::text_fields::check_fields(
        &config,
        source,
        0..source.text.len(),
    ));
    config
}

/// Splits `https://example.org/help/` into (`https://example.org/help`, `/help/`).
fn split_base_url(base_url: &str) -> Result<(String, String), String> {
    let base_url = base_url.trim();
    let rest = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
        .ok_or_else(|| {
            format!("`base_url` must start with https:// or http://, not `{base_url}`")
        })?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("`base_url` has no host name: `{base_url}`"));
    }
    if path.contains(['?', '#', ' ']) {
        return Err(format!(
            "`base_url` may not contain a query, fragment or space: `{base_url}`"
        ));
    }
    let path = path.trim_matches('/');
    let base_path = if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    };
    let scheme_len = base_url.len() - rest.len();
    let url = format!(
        "{}{}{}",
        &base_url[..scheme_len],
        host,
        base_path.trim_end_matches('/')
    );
    Ok((url, base_path))
}

/// One language of the site, checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LanguageConfig {
    /// BCP 47 code (`en`, `es`).
    pub code: String,
    /// Output path prefix, `""` for the default language, else ending in `/` (`es/`).
    pub prefix: String,
    pub settings: Language,
}

impl LanguageConfig {
    pub fn name(&self) -> &str {
        if self.settings.name.is_empty() {
            &self.code
        } else {
            &self.settings.name
        }
    }
}

impl Config {
    /// The settings of language `code` (the default language's when `code` is unknown).
    pub fn language(&self, code: &str) -> &LanguageConfig {
        self.languages
            .iter()
            .find(|l| l.code == code)
            .unwrap_or(&self.languages[0])
    }

    /// Whether `code` is a declared language other than the default: the suffix of a
    /// translation's file name (`iop.es.md`).
    pub(crate) fn is_translation_language(&self, code: &str) -> bool {
        self.languages.iter().skip(1).any(|l| l.code == code)
    }

    /// `[extra]` as seen on a page in language `code`: its `[languages.CODE.extra]` keys win.
    pub(crate) fn extra_for(&self, code: &str) -> toml::Table {
        let mut extra = self.extra.clone();
        for (key, value) in &self.language(code).settings.extra {
            extra.insert(key.clone(), value.clone());
        }
        extra
    }
}

/// The default language first, then the others in code order.
fn languages(
    default: &str,
    mut raw: BTreeMap<String, Language>,
    source: &SourceText,
    spans: &Spans,
    diagnostics: &mut Diagnostics,
) -> Vec<LanguageConfig> {
    let mut out = vec![LanguageConfig {
        code: default.to_string(),
        prefix: String::new(),
        settings: raw.remove(default).unwrap_or_default(),
    }];
    if out[0]
        .settings
        .path
        .as_deref()
        .is_some_and(|p| !p.is_empty())
    {
        diagnostics.push(
            Diagnostic::error(format!(
                "the default language `{default}` cannot have a `path`"
            ))
            .at(
                source,
                spans.value_or_parent(&format!("languages.{default}.path")),
            )
            .help("the default language lives at the site root; remove its `path`"),
        );
    }
    for (code, settings) in raw {
        let valid_code = !code.is_empty()
            && code
                .split('-')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
        if !valid_code {
            diagnostics.push(
                Diagnostic::error(format!("`{code}` is not a language code"))
                    .at(
                        source,
                        spans.key(&format!("languages.{code}")).unwrap_or(0..0),
                    )
                    .help("use a BCP 47 code such as `es`, `zh-Hant` or `pt-BR`"),
            );
            continue;
        }
        let path = settings.path.clone().unwrap_or_else(|| code.to_lowercase());
        let path_at = spans.value_or_parent(&format!("languages.{code}.path"));
        let slug = crate::slug::slugify(&path);
        if slug.is_empty() || slug != path {
            diagnostics.push(
                Diagnostic::error(format!("language path `{path}` is not a URL slug"))
                    .at(source, path_at.clone())
                    .help(format!(
                        "use lowercase letters, digits and hyphens, e.g. `{}`",
                        if slug.is_empty() {
                            code.to_lowercase()
                        } else {
                            slug
                        }
                    )),
            );
            continue;
        }
        if let Some(other) = out.iter().find(|l| l.prefix == format!("{path}/")) {
            diagnostics.push(
                Diagnostic::error(format!(
                    "languages `{}` and `{code}` share the path `{path}`",
                    other.code
                ))
                .at(source, path_at)
                .help("give each language its own `path`"),
            );
            continue;
        }
        out.push(LanguageConfig {
            code,
            prefix: format!("{path}/"),
            settings,
        });
    }
    out
}

fn title_case(name: &str) -> String {
    let spaced = name.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Turns a toml error into a diagnostic: the span mapped into the file and, for an unknown
/// key, the nearest valid key. `what` names the document in the message.
pub(crate) fn toml_error(source: &SourceText, error: &toml::de::Error, what: &str) -> Diagnostic {
    toml_error_at(source, error, what, 0)
}

/// Like [`toml_error`] for TOML embedded at byte `offset` of `source` (front matter).
pub(crate) fn toml_error_at(
    source: &SourceText,
    error: &toml::de::Error,
    what: &str,
    offset: usize,
) -> Diagnostic {
    let span = error
        .span()
        .map(|s| s.start + offset..s.end + offset)
        .unwrap_or(offset..offset);
    let message = error.message().trim().to_string();
    if let Some((key, expected)) = parse_unknown_field(&message) {
        let suggestion = did_you_mean(&key, expected.iter().map(String::as_str));
        let help = match suggestion {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("valid keys here: {}", expected.join(", ")),
        };
        return Diagnostic::error(format!("unknown key `{key}` in {what}"))
            .at(source, span)
            .help(help);
    }
    let help = if message.contains("missing field") {
        "add the missing key".to_string()
    } else if message.contains("invalid type") {
        "check the value's type: text needs quotes, true/false and numbers do not".to_string()
    } else {
        "check the TOML syntax near this position (https://toml.io)".to_string()
    };
    Diagnostic::error(format!("invalid {what}: {}", lowercase_first(&message)))
        .at(source, span)
        .help(help)
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
pub(crate) fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Config>, Diagnostics) {
        Config::parse(&SourceText::new("config.toml", text))
    }

    #[test]
    fn base_url_with_sub_path() {
        let (config, diagnostics) =
            parse("title = \"T\"\nbase_url = \"https://example.org/help\"\n");
        assert!(diagnostics.is_empty());
        let config = config.unwrap();
        assert_eq!(config.base_url, "https://example.org/help");
        assert_eq!(config.base_path, "/help/");
        assert_eq!(config.url_path("iop/"), "/help/iop/");
        assert_eq!(config.permalink("iop/"), "https://example.org/help/iop/");
    }

    #[test]
    fn base_url_at_root() {
        let (config, _) = parse("title = \"T\"\nbase_url = \"https://example.org\"\n");
        let config = config.unwrap();
        assert_eq!(config.base_path, "/");
        assert_eq!(config.permalink(""), "https://example.org/");
    }

    #[test]
    fn misspelled_key_names_the_line_and_nearest_key() {
        let (config, diagnostics) =
            parse("title = \"T\"\nbase_url = \"https://e.org\"\ndescripton = \"x\"\n");
        assert!(config.is_none());
        let d = diagnostics.iter().next().unwrap();
        assert_eq!(d.message, "unknown key `descripton` in config.toml");
        assert_eq!(d.help.as_deref(), Some("did you mean `description`?"));
        assert_eq!(d.line_col().unwrap().0, 3);
    }

    #[test]
    fn bad_base_url_is_an_error() {
        let (_, diagnostics) = parse("title = \"T\"\nbase_url = \"example.org\"\n");
        assert!(diagnostics.has_errors());
        let d = diagnostics.iter().next().unwrap();
        assert!(d.message.contains("https://"), "{}", d.message);
        assert_eq!(d.line_col().unwrap().0, 2);
    }

    #[test]
    fn unknown_key_in_nested_table() {
        let (_, diagnostics) = parse(
            "title = \"T\"\nbase_url = \"https://e.org\"\n[markdown]\nsmart_punctation = true\n",
        );
        let d = diagnostics.iter().next().unwrap();
        assert_eq!(d.help.as_deref(), Some("did you mean `smart_punctuation`?"));
        assert_eq!(d.line_col().unwrap().0, 4);
    }
}
