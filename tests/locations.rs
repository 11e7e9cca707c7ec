//! Locations (docs/locations.md): a `[location]` table is checked field by field, every
//! mistake reported at once with its line, and the bundled sample's location pages carry
//! `tel:` links, `MedicalClinic` data and the "where we offer this" list.

mod common;

use std::path::Path;

use common::{assert_diagnostic, TestSite};
use continuum::{BuildOptions, Diagnostic};

fn site_with_level() -> TestSite {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        "title = \"Fixture\"\nbase_url = \"https://example.org/help/\"\ntheme = \"plain\"\n\n\
         [[taxonomies]]\nname = \"levels-of-care\"\n\
         terms = [\"Outpatient\", \"Intensive outpatient\", \"Residential\"]\n",
    );
    site.page("levels-of-care/_index.md", "title = \"Levels\"", "");
    site.page(
        "levels-of-care/iop.md",
        "title = \"IOP\"\n[taxonomies]\nlevels-of-care = [\"Intensive outpatient\"]",
        "About IOP.\n",
    );
    site
}

fn errors(site: &TestSite) -> Vec<Diagnostic> {
    site.check()
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

fn find<'a>(all: &'a [Diagnostic], message: &str) -> &'a Diagnostic {
    all.iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("no error `{message}` in {all:#?}"))
}

#[test]
fn a_valid_location_has_no_errors() {
    let site = site_with_level();
    site.page(
        "locations/a.md",
        "title = \"A\"\n[location]\nname = \"A\"\nstreet = \"1 Main St\"\ncity = \"Portland\"\n\
         state = \"OR\"\nzip = \"97201\"\nphone = \"(503) 555-0100\"\ntty = \"711\"\n\
         levels = [\"../levels-of-care/iop.md\", \"intensive outpatient\"]\npayment = [\"medicaid\"]\n\
         telehealth = true",
        "A sample.\n",
    );
    assert!(errors(&site).is_empty(), "{:#?}", errors(&site));
}

#[test]
fn every_mistake_in_a_location_is_reported_at_once_with_its_line() {
    let site = site_with_level();
    site.page(
        "locations/bad.md",
        "title = \"Bad\"\n[location]\nname = \"Bad\"\nstreet = \"1 Main St\"\ncity = \"Portland\"\n\
         state = \"Oregon\"\nzip = \"9720\"\nphon = \"x\"\nphone = \"555-01\"\ntelehealth = \"yes\"\n\
         payment = [\"medicad\"]\ntracks = [\"evenings\"]\nlevels = [\"../levels-of-care/iopp.md\", \"Intensive outpatent\", \"Residential\"]\n\
         lat = 95.0",
        "Body.\n",
    );
    let all = errors(&site);
    let file = "content/locations/bad.md";
    assert_diagnostic(
        find(&all, "unknown key `phon`"),
        &format!("{file}:9:"),
        "unknown key",
        "did you mean `phone`?",
    );
    assert_diagnostic(
        find(&all, "`Oregon` is not a US state"),
        &format!("{file}:7:"),
        "state",
        "two-letter",
    );
    assert_diagnostic(
        find(&all, "`9720` is not a ZIP code"),
        &format!("{file}:8:"),
        "ZIP",
        "five digits",
    );
    assert_diagnostic(
        find(&all, "`555-01` is not a phone number"),
        &format!("{file}:10:"),
        "phone",
        "area code",
    );
    assert_diagnostic(
        find(&all, "`telehealth` in [location] must be true or false"),
        &format!("{file}:11:"),
        "telehealth",
        "telehealth = true",
    );
    assert_diagnostic(
        find(&all, "unknown payment value `medicad`"),
        &format!("{file}:12:"),
        "payment",
        "did you mean `medicaid`?",
    );
    assert_diagnostic(
        find(&all, "unknown tracks value `evenings`"),
        &format!("{file}:13:"),
        "tracks",
        "did you mean `evening`?",
    );
    assert_diagnostic(
        find(&all, "is not a level-of-care article"),
        &format!("{file}:14:"),
        "iopp.md",
        "did you mean `../levels-of-care/iop.md`?",
    );
    assert_diagnostic(
        find(&all, "`lat` = 95 is out of range"),
        &format!("{file}:15:"),
        "out of range",
        "from -90 to 90",
    );
    assert_diagnostic(
        find(&all, "unknown level of care `Intensive outpatent`"),
        &format!("{file}:14:"),
        "level of care",
        "did you mean `Intensive outpatient`?",
    );
    assert_diagnostic(
        find(&all, "no level-of-care article has `Residential`"),
        &format!("{file}:14:"),
        "Residential",
        "levels-of-care = [\"Residential\"]",
    );
    assert_eq!(all.len(), 11, "{all:#?}");
}

#[test]
fn a_missing_required_field_points_at_the_location_table() {
    let site = site_with_level();
    site.page(
        "locations/bare.md",
        "title = \"Bare\"\n[location]\nname = \"Bare\"\nstreet = \"1 Main St\"\nstate = \"OR\"\nzip = \"97201\"",
        "Body.\n",
    );
    let all = errors(&site);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_diagnostic(
        &all[0],
        "content/locations/bare.md:3:",
        "[location] has no `city`",
        "add `city = \"...\"`",
    );
}

#[test]
fn continuum_check_fails_on_a_broken_location_file() {
    let site = site_with_level();
    site.page(
        "locations/bad.md",
        "title = \"Bad\"\n[location]\nname = \"Bad\"\nstreet = \"1 Main St\"\ncity = \"Portland\"\n\
         state = \"OR\"\nzip = \"97201\"\nphon = \"x\"",
        "Body.\n",
    );
    let output = assert_cmd::Command::cargo_bin("continuum")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(["check", "--root"])
        .arg(site.root())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        stderr.contains("unknown key `phon` in [location]")
            && stderr.contains("content/locations/bad.md:9:")
            && stderr.contains("did you mean `phone`?"),
        "{stderr}"
    );
    assert!(!site.output().exists(), "check writes nothing");
}

/// The bundled sample, built once into a temporary folder.
fn bundled() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("temp dir");
    let outcome = continuum::build(&BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(out.path().to_path_buf()),
        ..BuildOptions::default()
    });
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    out
}

#[test]
fn sample_locations_render_pages_list_finder_and_level_links() {
    let out = bundled();
    let read = |rel: &str| std::fs::read_to_string(out.path().join(rel)).expect(rel);
    let page = read("locations/riverside/index.html");
    assert!(
        page.contains(r#"<a class="tel" href="tel:+15035550100">(503) 555-0100</a>"#),
        "{page}"
    );
    assert!(page.contains(r#"<a class="tel" href="tel:711">711</a>"#));
    assert!(page.contains(r#""@type":"MedicalClinic""#));
    assert!(page.contains(r#""geo":{"@type":"GeoCoordinates","latitude":45.5075"#));
    assert!(page.contains(r#"<a href="/levels-of-care/intensive-outpatient/">"#));
    assert!(page.contains("What happens when you call"));
    let spanish = read("es/lugares/riverside/index.html");
    assert!(spanish.contains("Qué pasa cuando llama"), "{spanish}");
    assert!(spanish.contains("Tarifa según ingresos"));
    let list = read("locations/index.html");
    for name in ["Riverside", "Eastside", "Westside"] {
        assert!(list.contains(&format!("Example Clinic — {name} (sample location)")));
    }
    let finder = read("locations/finder/index.html");
    assert!(finder.contains(r#"data-zip="97030""#) && finder.contains("finder."));
    assert!(!finder.contains("<form") || !finder.contains("method=\"post\""));
    let level = read("levels-of-care/intensive-outpatient/index.html");
    assert!(level.contains("Where we offer this"));
    assert!(level.contains(r#"<a href="/locations/eastside/">"#));
    let outpatient_es = read("es/niveles-de-atencion/tratamiento-ambulatorio/index.html");
    assert!(
        outpatient_es.contains("Dónde ofrecemos esta atención"),
        "{outpatient_es}"
    );
    assert!(out.path().join("locations/zip/972.json").exists());
}
