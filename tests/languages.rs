//! Translated sites: addresses under the language prefix, links that prefer the translation
//! (and mark the fallback), hreflang and the language switcher, per-language glossary,
//! taxonomies, compare tables, dates and feeds, and the interface strings check.

mod common;

use std::path::Path;

use common::{copy_dir, TestSite};

/// The `languages` fixture with the repository's default theme.
fn site() -> TestSite {
    let site = TestSite::fixture("languages");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &site.root().join("themes/default"));
    site
}

#[test]
fn translations_live_under_the_language_prefix_with_translated_folders_and_slugs() {
    let site = site();
    site.build_ok();
    for path in [
        "es/index.html",
        "es/atencion/index.html",
        "es/atencion/programa-intensivo/index.html",
        "es/atencion/compare/index.html",
        "es/topics/therapies/terapia-familiar/index.html",
        "es/search/index.html",
        "es/site-map/index.html",
        "es/atom.xml",
        "care/iop/index.html",
        "topics/therapies/family-therapy/index.html",
    ] {
        assert!(site.output().join(path).is_file(), "{path} missing");
    }
    // Untranslated pages are absent in Spanish, never filled with English.
    assert!(!site.output().join("es/care/php/index.html").exists());
    assert!(!site.output().join("es/family/index.html").exists());
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/help/es/atencion/programa-intensivo/</loc>\n    <lastmod>2025-06-01</lastmod>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/help/care/iop/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://example.org/help/es/atencion/programa-intensivo/\"/>"), "{sitemap}");
    let feed = site.read("es/atom.xml");
    assert!(feed.contains("xml:lang=\"es\"") && feed.contains("Programa intensivo"));
    assert!(!feed.contains("<title>PHP</title>"), "{feed}");
}

#[test]
fn links_prefer_the_translation_and_mark_the_fallback_with_a_warning() {
    let site = site();
    let outcome = site.build_ok();
    let page = site.read("es/atencion/programa-intensivo/index.html");
    // Translated target: the Spanish page.
    assert!(
        page.contains("<a href=\"/help/es/\">el inicio</a>"),
        "{page}"
    );
    // Untranslated target: the English page, marked, with hreflang.
    assert!(
        page.contains("<a href=\"/help/care/php/\" hreflang=\"en\">PHP</a> <span class=\"other-language\">(en inglés)</span>"),
        "{page}"
    );
    let warning = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("not translated into Español"))
        .expect("a warning for untranslated link targets");
    assert!(
        warning.message.contains("care/php.md, family.md"),
        "{}",
        warning.message
    );
    assert!(warning
        .position()
        .unwrap_or_default()
        .starts_with("content/care/iop.es.md:8"));
    // The English original has no such marker.
    let english = site.read("care/iop/index.html");
    assert!(!english.contains("other-language"), "{english}");
}

#[test]
fn pages_declare_their_language_alternates_and_offer_only_existing_translations() {
    let site = site();
    site.build_ok();
    let spanish = site.read("es/atencion/programa-intensivo/index.html");
    assert!(spanish.contains("<html lang=\"es\">"));
    assert!(spanish.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/help/care/iop/\">"
    ));
    assert!(spanish.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/help/care/iop/\">"));
    assert!(spanish.contains(
        "<a href=\"/help/care/iop/\" hreflang=\"en\" lang=\"en\" rel=\"alternate\">English</a>"
    ));
    let english = site.read("care/iop/index.html");
    assert!(english.contains("<html lang=\"en\">"));
    assert!(english.contains("hreflang=\"es\" lang=\"es\" rel=\"alternate\">Español</a>"));
    // No translation, no switcher.
    let php = site.read("care/php/index.html");
    assert!(!php.contains("language-switcher"), "{php}");
}

#[test]
fn interface_strings_dates_and_settings_follow_the_page_language() {
    let site = site();
    site.build_ok();
    let spanish = site.read("es/atencion/programa-intensivo/index.html");
    assert!(
        spanish.contains("Última revisión <time datetime=\"2025-06-01\">1 de junio de 2025</time>")
    );
    assert!(spanish.contains("Saltar al contenido principal"));
    assert!(spanish.contains("<p class=\"disclaimer\">Solo educativo.</p>"));
    assert!(spanish.contains("action=\"/help/es/search/\""));
    // get_page(…, lang=lang): the footer links the review policy in the page's language.
    assert!(
        spanish.contains(
            "<li><a href=\"/help/es/atencion/programa-intensivo/\">Programa intensivo</a></li>"
        ),
        "{spanish}"
    );
    let english = site.read("care/iop/index.html");
    assert!(english.contains("Last reviewed <time datetime=\"2026-01-01\">January 1, 2026</time>"));
    assert!(english.contains("Skip to main content"));
}

#[test]
fn glossary_taxonomies_and_facts_are_per_language() {
    let site = site();
    site.build_ok();
    let spanish = site.read("es/atencion/programa-intensivo/index.html");
    // The Spanish term is marked on the Spanish page; the English page marks the English term.
    assert!(
        spanish.contains("glossary/#programa-intensivo-ambulatorio"),
        "{spanish}"
    );
    let english = site.read("care/iop/index.html");
    assert!(
        english.contains("glossary/#intensive-outpatient-program"),
        "{english}"
    );
    assert!(!english.contains("programa-intensivo-ambulatorio"));
    // Inherited taxonomy, shown with its translated name.
    assert!(spanish
        .contains("<a href=\"/help/es/topics/therapies/terapia-familiar/\">Terapia familiar</a>"));
    // Facts: number inherited, text translated, labels translated, yes/no translated.
    assert!(
        spanish
            .contains("<th scope=\"row\">Horas</th><td data-label=\"Programa intensivo\">9</td>"),
        "{spanish}"
    );
    assert!(spanish.contains("Clínica"));
    assert!(spanish.contains("<caption>Comparación de Programa intensivo y PHP</caption>"));
    // The untranslated item is marked in the table as links are.
    assert!(
        spanish.contains("<a href=\"/help/care/php/\" hreflang=\"en\">PHP</a> <span class=\"other-language\">(en inglés)</span></th>"),
        "{spanish}"
    );
    let compare = site.read("es/atencion/compare/index.html");
    assert!(
        compare.contains("Programa intensivo") && !compare.contains(">IOP<"),
        "{compare}"
    );
}

#[test]
fn backlinks_stay_within_a_language() {
    let site = site();
    // The fixture's IOP pages are its review-policy page, which backlinks leave out (the
    // footer links it everywhere), so two plain articles link the untranslated family page.
    site.write("content/more/_index.md", "+++\ntitle = \"More\"\n+++\n");
    site.write("content/more/_index.es.md", "+++\ntitle = \"Más\"\n+++\n");
    site.write(
        "content/more/extra.md",
        "+++\ntitle = \"Extra reading\"\n+++\nSee [family](../family.md).\n",
    );
    site.write(
        "content/more/extra.es.md",
        "+++\ntitle = \"Lectura extra\"\n+++\nVea [familia](../family.md).\n",
    );
    site.build_ok();
    let family = site.read("family/index.html");
    assert!(family.contains("Articles that link here"), "{family}");
    assert!(family.contains(">Extra reading</a>"), "{family}");
    assert!(!family.contains("Lectura extra"), "{family}");
    assert!(!family.contains("Programa intensivo"), "{family}");
}

#[test]
fn a_missing_interface_string_is_an_error_naming_the_file_and_key() {
    let site = site();
    let es = site.root().join("themes/default/i18n/es.toml");
    let text = std::fs::read_to_string(&es).expect("es.toml");
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("min_read =") && !l.starts_with("sources ="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&es, without).expect("write");
    let outcome = site.build();
    let error = common::single_error(&outcome);
    common::assert_diagnostic(
        &error,
        "themes/default/i18n/es.toml",
        "2 interface strings are missing in language `es`: min_read, sources",
        "add each key with its translation",
    );
    std::fs::remove_file(&es).expect("remove");
    let error = common::single_error(&site.build());
    common::assert_diagnostic(
        &error,
        "themes/default/i18n/es.toml",
        "the theme has no interface strings for language `es`",
        "translate every string",
    );
}

#[test]
fn a_site_can_override_single_strings() {
    let site = site();
    site.write("i18n/es.toml", "skip_link = \"Ir al contenido\"\n");
    site.build_ok();
    let spanish = site.read("es/index.html");
    assert!(spanish.contains("Ir al contenido"));
    assert!(spanish.contains("Última revisión") || spanish.contains("Inicio"));
}

/// Browser editors (Decap CMS with a GitHub or GitLab backend) name the default language's
/// file `NAME.en.md`: it is the same page as `NAME.md`, and its translation pairs with it.
/// Both files at once would be one page twice: an error naming both.
#[test]
fn the_default_language_suffix_is_the_default_language_file() {
    let site = site();
    site.write(
        "content/visit.en.md",
        "+++\ntitle = \"Your first visit\"\n+++\nWhat to bring.\n",
    );
    site.write(
        "content/visit.es.md",
        "+++\ntitle = \"Su primera visita\"\n+++\nQué traer.\n",
    );
    site.build_ok();
    assert!(site.output().join("visit/index.html").is_file());
    assert!(!site.output().join("visit.en/index.html").exists());
    let english = site.read("visit/index.html");
    assert!(
        english.contains("hreflang=\"es\""),
        "the translation is paired"
    );
    site.write("content/visit.md", "+++\ntitle = \"Visit\"\n+++\nAgain.\n");
    let outcome = site.build();
    let report = outcome.diagnostics.report(false);
    assert!(outcome.diagnostics.has_errors(), "{report}");
    assert!(
        report.contains("visit.md") && report.contains("visit.en.md"),
        "{report}"
    );
}
