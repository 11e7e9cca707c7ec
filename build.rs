//! `continuum init` embeds the default theme, the sample content and the starter site;
//! rebuild the binary when any of them changes.
fn main() {
    for dir in [
        "themes/default",
        "content",
        "src/scaffold/starter",
        "config.toml",
    ] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
