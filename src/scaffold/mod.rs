//! `continuum init` and `continuum new`: a working site, or a new article with complete
//! front matter, from files embedded in the binary (so the binary alone is enough to start).

use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

static THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");
static SAMPLE_CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
static SAMPLE_CONFIG: &str = include_str!("../../config.toml");
/// The site's npm manifest: the CMS's JavaScript, installed by `npm install`, never a CDN.
static SITE_PACKAGE: &str = include_str!("site-package.json");
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
    // The browser editor (docs/cms.md): its files in static/admin/, and the npm package
    // that supplies its JavaScript.
    written += crate::cms::write_admin(dir, &crate::cms::config::Remote::default())?.len();
    if !dir.join("package.json").exists() || force {
        write_file(&dir.join("package.json"), SITE_PACKAGE.as_bytes())?;
        written += 1;
    }
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
/// it starts with `content/`): a draft (`draft = true`) with no review fields, whose starter
/// headings and crisis sentence are in the file's language (`NAME.es.md` is Spanish). It is
/// published after a clinician approves it (`continuum review approve`). Returns the path.
pub fn new_article(root: &Path, path: &str, title: Option<&str>) -> Result<PathBuf, String> {
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
        .unwrap_or_else(|| title_from_stem(stem.split('.').next().unwrap_or(stem)));
    let text = article_text(&title, Starter::for_file(stem));
    write_file(&file, text.as_bytes())?;
    Ok(file)
}

/// The starter text of a new article in one language.
struct Starter {
    key_points: &'static str,
    next_steps: &'static str,
    crisis: &'static str,
}

impl Starter {
    /// The file's language from its name (`first-day.es.md`), through the languages that
    /// have word rules; English otherwise.
    fn for_file(stem: &str) -> Starter {
        let code = stem.rsplit_once('.').map(|(_, code)| code).unwrap_or("en");
        match crate::lang::profile(code).code {
            "es" => Starter {
                key_points: "Puntos clave",
                next_steps: "Qué hacer después",
                crisis: "Si está en crisis, llame o envíe un texto al 988. En una emergencia, llame al 911.",
            },
            _ => Starter {
                key_points: "Key points",
                next_steps: "What to do next",
                crisis: "If you are in crisis, call or text 988. In an emergency, call 911.",
            },
        }
    }
}

/// A draft: no review fields (an approval writes them), and the empty description and list
/// item are placeholders that stop it from being published unfinished.
fn article_text(title: &str, starter: Starter) -> String {
    format!(
        "+++\ntitle = \"{}\"\ndescription = \"\"\ndraft = true\n\nsources = []\n+++\n## {}\n\n- \n\n## {}\n\n{}\n",
        title.replace('\\', "\\\\").replace('"', "\\\""),
        starter.key_points,
        starter.next_steps,
        starter.crisis,
    )
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
    fn new_articles_are_drafts_in_their_language() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let en = new_article(dir.path(), "iop/what-to-bring.md", None).unwrap();
        let es = new_article(dir.path(), "iop/what-to-bring.es.md", None).unwrap();
        let en = fs::read_to_string(en).unwrap();
        let es = fs::read_to_string(es).unwrap();
        assert!(en.contains("title = \"What to bring\"\n"), "{en}");
        assert!(en.contains("draft = true") && es.contains("draft = true"));
        for text in [&en, &es] {
            assert!(!text.contains("review"), "{text}");
            assert!(!text.contains("TODO"), "{text}");
        }
        assert!(en.contains("## Key points") && en.contains("call or text 988"));
        assert!(es.contains("## Puntos clave") && es.contains("## Qué hacer después"));
        assert!(es.contains("envíe un texto al 988") && !es.contains("Key points"));
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_stem("art-therapy"), "Art therapy");
        assert_eq!(title_from_stem(""), "Untitled");
    }
}
