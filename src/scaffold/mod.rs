//! `continuum init` and `continuum new`: a working site, or a new article with complete
//! front matter, from files embedded in the binary (so the binary alone is enough to start).

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::load::front_matter::Date;

static THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
static SAMPLE_CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
static SAMPLE_CONFIG: &str = include_str!("../../config.toml");
static STARTER: Dir = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/starter");

/// Writes a new site into `dir`: config, the default theme, and the sample knowledge base
/// (or a minimal starter). Refuses a non-empty folder unless `force`. Returns the files written.
pub fn init(dir: &Path, minimal: bool, force: bool) -> Result<usize, String> {
    if dir.is_file() {
        return Err(format!("{} is a file, not a folder", dir.display()));
    }
    let occupied = fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if occupied && !force {
        return Err(format!(
            "{} is not empty; choose an empty folder, or pass --force to write over existing files",
            dir.display()
        ));
    }
    let mut written = 0;
    written += write_dir(&THEME, &dir.join("themes/default"))?;
    if minimal {
        written += write_dir(&STARTER, dir)?;
    } else {
        write_file(&dir.join("config.toml"), SAMPLE_CONFIG.as_bytes())?;
        written += 1 + write_dir(&SAMPLE_CONTENT, &dir.join("content"))?;
    }
    fs::create_dir_all(dir.join("static")).map_err(|e| io_error(&dir.join("static"), &e))?;
    fs::create_dir_all(dir.join("templates")).map_err(|e| io_error(&dir.join("templates"), &e))?;
    Ok(written)
}

fn write_dir(embedded: &Dir, to: &Path) -> Result<usize, String> {
    let mut written = 0;
    for file in embedded.files() {
        write_file(&to.join(file.path()), file.contents())?;
        written += 1;
    }
    for sub in embedded.dirs() {
        written += write_dir(sub, to)?;
    }
    Ok(written)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, &e))?;
    }
    fs::write(path, bytes).map_err(|e| io_error(path, &e))
}

fn io_error(path: &Path, error: &std::io::Error) -> String {
    format!("cannot write {}: {error}", path.display())
}

/// Creates `content/PATH` (a `.md` path below content/, or below the current folder when
/// it starts with `content/`) with complete front matter. Returns the file's path.
pub fn new_article(
    root: &Path,
    path: &str,
    title: Option<&str>,
    today: Date,
) -> Result<PathBuf, String> {
    let rel = path.trim_start_matches("./").trim_start_matches("content/");
    if !rel.ends_with(".md")
        || rel
            .split('/')
            .any(|p| p.is_empty() || p == ".." || p == ".")
    {
        return Err(format!(
            "`{path}` is not a Markdown path below content/; write e.g. `therapies/art-therapy.md`"
        ));
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(format!(
            "{} has no content/ folder; run this in a site's folder (or pass --root), or make one with `continuum init`",
            root.display()
        ));
    }
    let file = content.join(rel);
    if file.exists() {
        return Err(format!(
            "{} already exists; choose another name",
            file.display()
        ));
    }
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| title_from_stem(stem));
    let text = format!(
        "+++\ntitle = \"{}\"\ndescription = \"\"\nlast_reviewed = {today}\nnext_review = {}\nreviewed_by = \"TODO: the reviewing clinician's role or team\"\n\nsources = []\n+++\n## Key points\n\n- \n\n## What to do next\n\nIf you are in crisis, call or text 988. In an emergency, call 911.\n",
        title.replace('\\', "\\\\").replace('"', "\\\""),
        today.add_years(3),
    );
    write_file(&file, text.as_bytes())?;
    Ok(file)
}

fn title_from_stem(stem: &str) -> String {
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_stem("art-therapy"), "Art therapy");
        assert_eq!(title_from_stem(""), "Untitled");
    }
}
