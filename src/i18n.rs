//! Interface strings per language: `themes/THEME/i18n/CODE.toml`, with single strings
//! overridden by the site's `i18n/CODE.toml`. Templates read them as `i18n.KEY`. Every key
//! of the default language must exist in each other language, so no page shows a hole or a
//! string in the wrong language; docs/languages.md describes the files.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// One file of strings as read from disk.
#[derive(Debug, Clone)]
pub struct StringsFile {
    /// The language code: the file's name without `.toml`.
    pub lang: String,
    pub source: SourceText,
    /// The site's own file (overrides the theme's), not the theme's.
    pub site: bool,
}

/// The checked strings, by language code then key.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
}

impl Strings {
    /// Parses and checks the files for the configured languages. A theme without strings
    /// files (an older or minimal theme) gets none, and templates simply do not use them.
    pub fn build(files: &[StringsFile], config: &Config, diagnostics: &mut Diagnostics) -> Strings {
        let mut strings = Strings::default();
        // Theme files first, so the site's strings replace them.
        let mut ordered: Vec<&StringsFile> = files.iter().collect();
        ordered.sort_by_key(|f| f.site);
        let mut theme_has_files = false;
        for file in ordered {
            theme_has_files |= !file.site;
            let table: toml::Table = match toml::from_str(&file.source.text) {
                Ok(table) => table,
                Err(error) => {
                    diagnostics.push(crate::config::toml_error(
                        &file.source,
                        &error,
                        "an interface strings file",
                    ));
                    continue;
                }
            };
            let target = strings.by_lang.entry(file.lang.clone()).or_default();
            for (key, value) in table {
                match value {
                    toml::Value::String(text) => {
                        target.insert(key, text);
                    }
                    _ => diagnostics.push(
                        Diagnostic::error(format!("interface string `{key}` is not text"))
                            .at(&file.source, key_span(&file.source.text, &key))
                            .help(format!("write it as {key} = \"...\"")),
                    ),
                }
            }
        }
        if !theme_has_files {
            return strings;
        }
        let default = &config.languages[0].code;
        let theme_dir = format!("themes/{}/i18n", config.theme);
        if !strings.by_lang.contains_key(default) {
            // One error at the setting; English (or the first language the theme has) fills
            // in, so pages render instead of each failing on its first missing string.
            let has: Vec<&str> = strings.by_lang.keys().map(String::as_str).collect();
            let help = format!(
                "add {theme_dir}/{default}.toml (or i18n/{default}.toml in the site) with every \
                 string translated, or set default_language to a language the theme has: {}",
                has.join(", ")
            );
            let fallback = strings
                .by_lang
                .get("en")
                .or_else(|| strings.by_lang.values().next())
                .cloned()
                .unwrap_or_default();
            let at = key_span(&config.source.text, "default_language");
            diagnostics.push(
                Diagnostic::error(format!(
                    "the theme `{}` has no interface strings for the default language `{default}`",
                    config.theme
                ))
                .at(&config.source, at)
                .help(help),
            );
            strings.by_lang.insert(default.clone(), fallback);
        }
        let reference = strings.by_lang[default].clone();
        for language in config.languages.iter().skip(1) {
            let path = format!("{theme_dir}/{}.toml", language.code);
            // After the error, the default language's text fills the gaps, so the rest of
            // the build runs and reports its own problems instead of one per page.
            let table = strings.by_lang.entry(language.code.clone()).or_default();
            if table.is_empty() {
                *table = reference.clone();
                diagnostics.push(
                    Diagnostic::error(format!(
                        "the theme has no interface strings for language `{}`",
                        language.code
                    ))
                    .in_file(&path)
                    .help(format!(
                        "copy {theme_dir}/{default}.toml to {path} (or to i18n/{}.toml in the site) and translate every string",
                        language.code
                    )),
                );
                continue;
            }
            let missing: Vec<&str> = reference
                .keys()
                .filter(|key| !table.contains_key(*key))
                .map(String::as_str)
                .collect();
            for key in &missing {
                table.insert(key.to_string(), reference[*key].clone());
            }
            if !missing.is_empty() {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "{} interface string{} missing in language `{}`: {}",
                        missing.len(),
                        if missing.len() == 1 { " is" } else { "s are" },
                        language.code,
                        missing.join(", ")
                    ))
                    .in_file(&path)
                    .help(format!(
                        "add each key with its translation; {theme_dir}/{default}.toml has the English text"
                    )),
                );
            }
        }
        strings
    }

    /// The strings of language `lang` (empty when the theme has none).
    pub fn of(&self, lang: &str) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.by_lang.get(lang).unwrap_or(&EMPTY)
    }

    /// One string, or `fallback` when the theme does not define it.
    pub fn get<'a>(&'a self, lang: &str, key: &str, fallback: &'a str) -> &'a str {
        self.of(lang).get(key).map_or(fallback, String::as_str)
    }
}

/// Byte span of `key` where a line of config.toml sets it, or the file start.
/// Where the top-level `key` is written in the TOML `text`, as the parser reports it; the
/// start of the file when it is not there (so the diagnostic still names the file). Only an
/// error's path asks, so the text is parsed for positions only then.
fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    crate::spans::Spans::toml(text, 0).key(key).unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The position comes from the parser: a comment naming the key, earlier in the file,
    /// is not where the value is written.
    #[test]
    fn a_string_that_is_not_text_is_reported_at_its_key() {
        let file = StringsFile {
            lang: "en".into(),
            source: SourceText::new(
                "i18n/en.toml",
                "# skip_link: the first link\nskip_link = 3\n",
            ),
            site: true,
        };
        let (config, _) = Config::parse(&SourceText::new(
            "config.toml",
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        ));
        let mut diagnostics = Diagnostics::new();
        Strings::build(&[file], &config.expect("config"), &mut diagnostics);
        let found: Vec<_> = diagnostics.iter().collect();
        assert_eq!(found.len(), 1, "{}", diagnostics.report(false));
        assert_eq!(found[0].line_col(), Some((2, 1)));
    }
}
