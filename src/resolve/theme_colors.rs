//! `[extra.colors]` and `[extra.dark_colors]`: a provider's brand colours for the default
//! theme, written as a generated stylesheet (`colors.css`, fingerprinted like the others),
//! since a strict Content-Security-Policy forbids inline styles. Only the theme's colour
//! variables are accepted, only colour values pass (nothing can be injected into the CSS),
//! and a pair that would fail WCAG AA contrast against the background is a warning.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceText};

/// The default theme's colour variables and their values in light and dark mode.
const VARIABLES: &[(&str, &str, &str)] = &[
    ("bg", "#fff", "#14181c"),
    ("surface", "#f4f6f8", "#1e242a"),
    ("text", "#1d2125", "#e6e9ec"),
    ("muted", "#4b5560", "#b3bcc5"),
    ("border", "#c5ced6", "#3d4750"),
    ("link", "#0a57a4", "#8dc3ff"),
    ("visited", "#6a3d9a", "#cdb0ff"),
    ("accent", "#0d6470", "#7fd0d9"),
    ("crisis", "#e8f3f3", "#10292d"),
    // The header band and the text on it (site name, menu links): a brand colour band.
    ("header-bg", "#fff", "#14181c"),
    ("header-text", "#1d2125", "#e6e9ec"),
];

/// Text colours and what they are read on, each pair held to 4.5:1 (WCAG 2.2 AA, 1.4.3).
const TEXT_ON: &[(&str, &str)] = &[
    ("text", "bg"),
    ("muted", "bg"),
    ("link", "bg"),
    ("visited", "bg"),
    ("accent", "bg"),
    ("header-text", "header-bg"),
];

/// The generated stylesheet, or `None` when the site sets no colours.
pub fn stylesheet(config: &Config, diagnostics: &mut Diagnostics) -> Option<SourceText> {
    if !config.extra.contains_key("colors") && !config.extra.contains_key("dark_colors") {
        return None;
    }
    // Written even when every value was refused: the theme links it whenever the tables exist.
    let light = colours(config, "colors", diagnostics);
    let dark = colours(config, "dark_colors", diagnostics);
    check_contrast(&light, false, &config.source, diagnostics);
    check_contrast(&dark, true, &config.source, diagnostics);
    let mut css = String::from(
        "/* Generated from [extra.colors] and [extra.dark_colors] in config.toml. */\n",
    );
    if !light.is_empty() {
        css.push_str(&format!(":root{{{}}}\n", declarations(&light)));
    }
    if !dark.is_empty() {
        css.push_str(&format!(
            "@media (prefers-color-scheme: dark){{:root{{{}}}}}\n",
            declarations(&dark)
        ));
    }
    Some(SourceText::new("config.toml", css))
}

fn declarations(colours: &BTreeMap<String, String>) -> String {
    colours
        .iter()
        .map(|(name, value)| format!("--{name}:{value};"))
        .collect()
}

/// The valid entries of `[extra.TABLE]`; each invalid one is an error.
fn colours(
    config: &Config,
    table: &str,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(value) = config.extra.get(table) else {
        return out;
    };
    let Some(entries) = value.as_table() else {
        diagnostics.push(
            Diagnostic::error(format!("`[extra] {table}` must be a table of colours"))
                .at(&config.source, locate(&config.source.text, table, table))
                .help(format!(
                    "write [extra.{table}] with lines such as link = \"#0a57a4\""
                )),
        );
        return out;
    };
    for (key, value) in entries {
        let name = key.replace('_', "-");
        if !VARIABLES.iter().any(|(v, _, _)| *v == name) {
            let names = VARIABLES.iter().map(|(v, _, _)| *v);
            let help = match did_you_mean(&name, names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "the theme's colours: {}",
                    VARIABLES
                        .iter()
                        .map(|(v, _, _)| *v)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diagnostics.push(
                Diagnostic::error(format!("unknown colour `{key}` in [extra.{table}]"))
                    .at(&config.source, locate(&config.source.text, table, key))
                    .help(help),
            );
            continue;
        }
        match value.as_str().filter(|v| is_colour(v)) {
            Some(colour) => {
                out.insert(name, colour.trim().to_string());
            }
            None => diagnostics.push(
                Diagnostic::error(format!(
                    "`{key}` in [extra.{table}] is not a colour: {value}"
                ))
                .at(&config.source, locate(&config.source.text, table, key))
                .help("write a hex colour such as \"#0a57a4\", or rgb(...) / hsl(...)"),
            ),
        }
    }
    out
}

/// A hex colour, or an `rgb()`/`hsl()` form made only of digits, dots, commas, percent signs,
/// slashes and spaces: nothing that could end the declaration.
fn is_colour(value: &str) -> bool {
    let value = value.trim();
    if let Some(hex) = value.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    ["rgb(", "rgba(", "hsl(", "hsla("].iter().any(|f| {
        value
            .strip_prefix(f)
            .and_then(|rest| rest.strip_suffix(')'))
            .is_some_and(|inner| {
                inner.chars().all(|c| {
                    c.is_ascii_digit() || " .,%/".contains(c) || c == 'd' || c == 'e' || c == 'g'
                })
            })
    })
}

/// Warns when a text colour and the background (as set, or the theme's) are below 4.5:1.
fn check_contrast(
    set: &BTreeMap<String, String>,
    dark: bool,
    source: &SourceText,
    diagnostics: &mut Diagnostics,
) {
    if set.is_empty() {
        return;
    }
    let colour = |name: &str| -> Option<[f64; 3]> {
        let value = set.get(name).map(String::as_str).or_else(|| {
            VARIABLES
                .iter()
                .find(|(v, _, _)| *v == name)
                .map(|(_, light, dark_value)| if dark { *dark_value } else { *light })
        })?;
        hex_rgb(value)
    };
    for (name, under) in TEXT_ON {
        let (Some(fg), Some(bg)) = (colour(name), colour(under)) else {
            continue;
        };
        let ratio = contrast(fg, bg);
        if ratio < 4.5 && (set.contains_key(*name) || set.contains_key(*under)) {
            let table = if dark { "dark_colors" } else { "colors" };
            let at = if set.contains_key(*name) { name } else { under };
            diagnostics.push(
                Diagnostic::warning(format!(
                    "[extra.{table}]: `{name}` on `{under}` has a contrast of {ratio:.2}:1, below the 4.5:1 WCAG AA asks for text"
                ))
                .at(source, locate(&source.text, table, &at.replace('-', "_")))
                .help(format!("choose a {} `{name}` or a {} `{under}`", if dark { "lighter" } else { "darker" }, if dark { "darker" } else { "lighter" })),
            );
        }
    }
}

/// Where `key` is written in table `[extra.TABLE]` of config.toml (else the table), as the
/// TOML parser reports it, for pointing at it.
fn locate(text: &str, table: &str, key: &str) -> std::ops::Range<usize> {
    let spans = crate::spans::Spans::toml(text, 0);
    spans
        .key(&format!("extra.{table}.{key}"))
        .or_else(|| spans.key(&format!("extra.{table}")))
        .unwrap_or(0..0)
}

fn hex_rgb(value: &str) -> Option<[f64; 3]> {
    let hex = value.trim().strip_prefix('#')?;
    let expand: String = match hex.len() {
        3 | 4 => hex.chars().take(3).flat_map(|c| [c, c]).collect(),
        6 | 8 => hex[..6].to_string(),
        _ => return None,
    };
    let channel = |i: usize| {
        u8::from_str_radix(&expand[i..i + 2], 16)
            .ok()
            .map(f64::from)
    };
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// The WCAG contrast ratio of two sRGB colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let luminance = |c: [f64; 3]| {
        let f = |v: f64| {
            let v = v / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2])
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_colour_values_pass() {
        assert!(is_colour("#0a57a4") && is_colour("#fff") && is_colour("rgb(10, 87, 164)"));
        assert!(is_colour("hsl(210deg 90% 34%)"));
        assert!(!is_colour("red;}body{display:none"));
        assert!(!is_colour("#12345"));
        assert!(!is_colour("url(x)"));
        assert!(!is_colour("rgb(1,2,3);}"));
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        let white = [255.0, 255.0, 255.0];
        assert!((contrast([0.0, 0.0, 0.0], white) - 21.0).abs() < 0.01);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast([118.0, 118.0, 118.0], white) - 4.54).abs() < 0.01);
    }
}
