//! Interface strings per language: `themes/THEME/i18n/CODE.toml`, with single strings
//! overridden by the site's `i18n/CODE.toml`. Templates read them as `i18n.KEY`. Every key
//! of the default language must exist in each other language, so no page shows a hole or a
//! string in the wrong language; docs/languages.md describes the files.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};

/// The languages with word rules of their own (search stemming, syllables, readability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordLanguage {
    English,
    Spanish,
}

/// The word rules of a BCP 47 code, by its primary subtag: `es`, `es-MX` and `ES` are Spanish;
/// `None` for languages without rules here.
pub fn word_language(code: &str) -> Option<WordLanguage> {
    let primary = code.split(['-', '_']).next().unwrap_or_default();
    if primary.eq_ignore_ascii_case("en") {
        Some(WordLanguage::English)
    } else if primary.eq_ignore_ascii_case("es") {
        Some(WordLanguage::Spanish)
    } else {
        None
    }
}

/// The writing direction of a BCP 47 code for `<html dir>`: `rtl` for the right-to-left
/// scripts' languages (by primary subtag, or an `-Arab`/`-Hebr` script subtag), else `ltr`.
/// The one place that knows it, until language profiles carry a direction.
pub(crate) fn direction(code: &str) -> &'static str {
    const RTL: [&str; 11] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi",
    ];
    let lower = code.to_ascii_lowercase();
    let primary = lower.split(['-', '_']).next().unwrap_or_default();
    let script_rtl = lower
        .split(['-', '_'])
        .skip(1)
        .any(|s| s == "arab" || s == "hebr");
    if RTL.contains(&primary) || script_rtl {
        "rtl"
    } else {
        "ltr"
    }
}

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
                            .at(&file.source, find(&file.source.text, &key))
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
            let at = setting_span(&config.source.text, "default_language");
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
fn setting_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with(key) && line[key.len()..].trim_start().starts_with('=') {
            return offset..offset + key.len();
        }
        offset += line.len();
    }
    0..0
}

fn find(text: &str, key: &str) -> std::ops::Range<usize> {
    text.find(key).map_or(0..0, |i| i..i + key.len())
}

#[cfg(test)]
mod tests {
    use super::direction;

    #[test]
    fn arabic_hebrew_and_arabic_script_are_right_to_left() {
        for code in ["ar", "ar-EG", "he", "fa", "ur", "ku-Arab", "pa_Arab"] {
            assert_eq!(direction(code), "rtl", "{code}");
        }
        for code in ["en", "es-MX", "zh-Hant", "ku", "arn", "tl"] {
            assert_eq!(direction(code), "ltr", "{code}");
        }
    }
}
