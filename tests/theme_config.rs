//! The default theme's settings in `[extra]`: brand colours become a generated, fingerprinted
//! stylesheet (no inline style, so a strict CSP holds), unsafe values are refused, weak
//! contrast is a warning, and a logo appears in the header.

mod common;

use std::path::Path;

use common::{copy_dir, TestSite};

fn site(extra: &str) -> TestSite {
    let site = TestSite::minimal();
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &site.root().join("themes/default"));
    site.write(
        "config.toml",
        &format!("title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\n\n[extra]\n{extra}"),
    );
    site
}

#[test]
fn brand_colours_become_a_fingerprinted_stylesheet() {
    let site = site("logo = \"logo.svg\"\n\n[extra.colors]\nlink = \"#00457a\"\naccent = \"rgb(0, 80, 90)\"\n\n[extra.dark_colors]\nlink = \"#9fd0ff\"\n");
    site.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok();
    let home = site.read("index.html");
    let start = home.find("assets/colors.").expect("colors.css is linked");
    let name: String = home[start..].chars().take_while(|c| *c != '"').collect();
    let css = site.read(&name);
    assert!(
        css.contains("--link:#00457a") && css.contains("--accent:rgb(0,80,90)"),
        "{css}"
    );
    assert!(
        css.contains("prefers-color-scheme:dark") || css.contains("prefers-color-scheme: dark"),
        "{css}"
    );
    assert!(css.contains("--link:#9fd0ff"), "{css}");
    assert!(
        home.contains("<img class=\"site-logo\" src=\"/assets/logo")
            || home.contains("<img class=\"site-logo\" src=\"/logo.svg\""),
        "{home}"
    );
    assert!(!home.contains("style="), "no inline style");
}

#[test]
fn a_value_that_is_not_a_colour_is_refused() {
    let site = site("[extra.colors]\nlink = \"red;}body{display:none\"\nlnik = \"#000\"\n");
    let outcome = site.build();
    let messages: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} | {}", d.message, d.help.clone().unwrap_or_default()))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("`link` in [extra.colors] is not a colour")
            || messages[1].contains("`link` in [extra.colors] is not a colour"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown colour `lnik`") && m.contains("did you mean `link`?")),
        "{messages:?}"
    ); // Each points at its line of config.toml.
    let positions: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.position().unwrap_or_default())
        .collect();
    assert!(
        positions.iter().any(|p| p.starts_with("config.toml:7")),
        "{positions:?}"
    );
    assert!(
        positions.iter().any(|p| p.starts_with("config.toml:8")),
        "{positions:?}"
    );
}

#[test]
fn weak_contrast_is_a_warning() {
    let site = site("[extra.colors]\nlink = \"#9ab\"\n");
    let outcome = site.build();
    let warning = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("contrast"))
        .expect("a contrast warning");
    let at = warning.position().unwrap_or_default();
    assert!(at.starts_with("config.toml:7"), "{at}");
    assert!(
        warning.message.contains("`link` on `bg`"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("below the 4.5:1"),
        "{}",
        warning.message
    );
}

#[test]
fn a_header_band_is_a_colour_pair_checked_for_contrast() {
    let band = site("[extra.colors]\nheader_bg = \"#0b3d5c\"\nheader_text = \"#ffffff\"\n");
    let outcome = band.build();
    assert!(
        !outcome
            .diagnostics
            .iter()
            .any(|d| d.message.contains("contrast")),
        "white on a dark band passes"
    );
    let css = std::fs::read_dir(band.output().join("assets"))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("colors."))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .expect("colors.css is written");
    assert!(
        css.contains("--header-bg:#0b3d5c;") && css.contains("--header-text:#ffffff;"),
        "{css}"
    );

    let weak = site("[extra.colors]\nheader_bg = \"#0b3d5c\"\nheader_text = \"#335577\"\n");
    let outcome = weak.build();
    let warning = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("contrast"))
        .expect("a contrast warning");
    assert!(
        warning.message.contains("`header-text` on `header-bg`"),
        "{}",
        warning.message
    );
    assert!(
        warning
            .position()
            .unwrap_or_default()
            .starts_with("config.toml:8"),
        "{:?}",
        warning.position()
    );
}
