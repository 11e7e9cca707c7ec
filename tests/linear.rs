//! Work that must grow linearly with the input, shown without clocks: the same site is built
//! at one and four times a size, and what the build made (its output bytes) is compared.
//! Heading ids and search hashing count their own work in unit tests (`render::ids`,
//! `search::tokenize`).

mod common;

use std::path::Path;

use common::{copy_dir, tree, TestSite};

/// A site on the default theme with `n` taxonomies, each with one term on one page (the
/// pages in a section, so the footer's list of top-level pages stays small).
fn taxonomy_site(n: usize) -> TestSite {
    let site = TestSite::minimal();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.root().join("themes/default"),
    );
    let mut config = String::from(
        "title = \"T\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\n\
         [search]\nenabled = false\n",
    );
    for i in 0..n {
        config.push_str(&format!(
            "[[taxonomies]]\nname = \"t{i}\"\ntitle = \"Taxonomy {i}\"\n"
        ));
    }
    site.write("config.toml", &config);
    site.page("s/_index.md", "title = \"Section\"", "");
    for i in 0..n {
        site.page(
            &format!("s/p{i}.md"),
            &format!(
                "title = \"Page {i}\"\ndescription = \"A page.\"\n[taxonomies]\nt{i} = [\"Term {i}\"]"
            ),
            "Body.\n",
        );
    }
    site
}

fn output_bytes(site: &TestSite) -> usize {
    site.build_ok();
    tree(&site.output()).values().map(Vec::len).sum()
}

/// Every page once listed every taxonomy (footer, "other ways to browse"): 2,000 taxonomies
/// made 1.2 GB. Four times the taxonomies must make about four times the output.
#[test]
fn taxonomy_pages_grow_linearly_with_taxonomies() {
    let one = output_bytes(&taxonomy_site(25));
    let four = output_bytes(&taxonomy_site(100));
    let ratio = four as f64 / one as f64;
    assert!(ratio < 4.5, "{one} bytes, then {four} at 4x: {ratio:.2}x");
}
