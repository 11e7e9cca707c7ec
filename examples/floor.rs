//! The floor a build cannot beat: read every Markdown file of a site, render it with
//! pulldown-cmark alone (in parallel, no templates, links, glossary or search) and write the
//! HTML. `cargo run --release --example floor -- SITE_DIR OUT_DIR`.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (site, out) = match (args.get(1), args.get(2)) {
        (Some(site), Some(out)) => (PathBuf::from(site), PathBuf::from(out)),
        _ => {
            eprintln!("usage: floor SITE_DIR OUT_DIR");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let _ = fs::remove_dir_all(&out);
    let written: usize = files
        .par_iter()
        .map(|file| render(file, &site.join("content"), &out))
        .sum();
    println!(
        "floor: {} files, {} bytes in {:.3} s",
        files.len(),
        written,
        started.elapsed().as_secs_f64()
    );
}

fn render(file: &Path, content: &Path, out: &Path) -> usize {
    let text = fs::read_to_string(file).unwrap_or_default();
    let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
    let parser = pulldown_cmark::Parser::new_ext(body, continuum::parse::options(true));
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    let rel = file
        .strip_prefix(content)
        .unwrap_or(file)
        .with_extension("");
    let target = out.join(rel).join("index.html");
    if let Some(parent) = target.parent() {
        let _ = fs::create_dir_all(parent);
    }
    let _ = fs::write(&target, &html);
    html.len()
}
