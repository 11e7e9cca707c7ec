//! Which folder a build may write to, decided before anything is written (before the lock,
//! the temporary folder and the up-to-date check). A build replaces its whole output folder,
//! so a mistyped `--output` would otherwise delete what it names, or feed the output back in
//! as input on every build.
//!
//! Always refused: the site's folder, any of its input folders (`content/`, `static/`,
//! `templates/`, `themes/`, `i18n/`; config.toml's folder is the site's), a folder inside or
//! above one of them, a path that is a file, and a folder that holds a site or a repository.
//! Refused unless the user asks for it (`--replace-output`): an existing folder that is not
//! empty and has no build record beside it, that is, one continuum did not write. Paths are
//! compared after resolving symbolic links and `..` (a folder that does not exist yet by its
//! nearest existing ancestor), so neither can get around the rules.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The site's folders that a build reads.
const INPUTS: [&str; 5] = ["content", "static", "templates", "themes", "i18n"];

/// An output folder that passed [`Target::check`]; the only way to start writing one.
#[derive(Debug, Clone)]
pub struct Target {
    output: PathBuf,
}

impl Target {
    /// Checks that the site at `root` may be built into `output`. `replace_foreign` allows a
    /// non-empty folder continuum did not write (its files will be deleted).
    pub fn check(root: &Path, output: &Path, replace_foreign: bool) -> Result<Target, Diagnostic> {
        let refuse = |reason: String, help: &str| {
            Err(Diagnostic::error(format!(
                "refusing to write the site into `{}`: {reason}",
                output.display()
            ))
            .help(help))
        };
        let choose = "a build replaces its output folder with the built site; choose a folder of its own outside the site's input folders, such as `public` (the default)";
        let absolute = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
        let real = real_path(&absolute);
        let site = real_path(root);
        if real == site {
            return refuse("it is the site's own folder".into(), choose);
        }
        if site.starts_with(&real) {
            return refuse("it holds the site's own folder".into(), choose);
        }
        for name in INPUTS {
            let input = real_path(&root.join(name));
            let reason = if real == input {
                "it is"
            } else if real.starts_with(&input) {
                "it is inside"
            } else if input.starts_with(&real) {
                "it holds"
            } else {
                continue;
            };
            return refuse(format!("{reason} the site's `{name}/` folder"), choose);
        }
        let Ok(meta) = fs::metadata(&absolute) else {
            return Ok(Target { output: absolute });
        };
        if !meta.is_dir() {
            return refuse(
                "it is a file, not a folder".into(),
                "remove the file, or choose another output folder",
            );
        }
        for marker in ["config.toml", "content", "Cargo.toml", ".git"] {
            if absolute.join(marker).exists() {
                return refuse(
                    format!(
                        "it holds `{marker}`, so it is a site or a repository, not a build output"
                    ),
                    choose,
                );
            }
        }
        let ours = super::record::record_path(&absolute).exists();
        if !ours && !replace_foreign && !is_empty(&absolute) {
            let record = super::record::record_path(&absolute);
            let record = record.file_name().unwrap_or_default().to_string_lossy();
            return refuse(
                format!("it is not empty and continuum did not write it (there is no `{record}` beside it)"),
                "choose a new or empty folder; to delete everything in this one and build into it, pass --replace-output",
            );
        }
        Ok(Target { output: absolute })
    }

    /// The output folder, absolute.
    pub fn path(&self) -> &Path {
        &self.output
    }
}

/// True when `dir` holds nothing but `lost+found` (the root of some mounted file systems).
fn is_empty(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .all(|e| e.file_name() == "lost+found" && e.path().is_dir()),
        Err(_) => false,
    }
}

/// `path` with symbolic links and `..` resolved: its longest existing ancestor by the file
/// system, the rest (which cannot hold links, as it does not exist) by its components.
pub(crate) fn real_path(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = path.components().collect();
    for existing in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..existing].iter().collect();
        let Ok(mut real) = fs::canonicalize(&prefix) else {
            continue;
        };
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return real;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("site/content")).unwrap();
        fs::write(dir.path().join("site/config.toml"), "").unwrap();
        dir
    }

    fn refused(root: &Path, output: &Path) -> String {
        Target::check(root, output, true).unwrap_err().message
    }

    #[test]
    fn inputs_their_insides_and_ancestors_are_refused() {
        let dir = site();
        let root = dir.path().join("site");
        assert!(refused(&root, Path::new("/")).contains("holds the site's own folder"));
        assert!(refused(&root, &root.join("..")).contains("holds the site's own folder"));
        assert!(refused(&root, &root.join("content/../.")).contains("the site's own folder"));
        assert!(refused(&root, &root.join("i18n/new/x")).contains("inside the site's `i18n/`"));
        assert!(
            refused(&root, &root.join("public/../content")).contains("is the site's `content/`")
        );
        assert!(Target::check(&root, &root.join("public"), false).is_ok());
        assert!(Target::check(&root, &dir.path().join("elsewhere/out"), false).is_ok());
    }

    #[test]
    fn the_real_path_of_a_missing_folder_resolves_links_above_it() {
        let dir = site();
        let real = fs::canonicalize(dir.path()).unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(real.join("site/content"), real.join("c")).unwrap();
            assert_eq!(
                real_path(&real.join("c/new/../x")),
                real.join("site/content/x")
            );
        }
        assert_eq!(real_path(&real.join("site/a/b/..")), real.join("site/a"));
    }

    #[test]
    fn a_foreign_folder_needs_the_flag_and_an_empty_one_does_not() {
        let dir = site();
        let root = dir.path().join("site");
        let out = dir.path().join("out");
        fs::create_dir_all(out.join("lost+found")).unwrap();
        assert!(Target::check(&root, &out, false).is_ok());
        fs::write(out.join("mine.txt"), "mine").unwrap();
        let message = Target::check(&root, &out, false).unwrap_err().message;
        assert!(message.contains("continuum did not write it"), "{message}");
        assert!(Target::check(&root, &out, true).is_ok());
        fs::write(dir.path().join(".out.build.json"), "{}").unwrap();
        assert!(Target::check(&root, &out, false).is_ok());
        fs::write(out.join(".git"), "").unwrap();
        assert!(refused(&root, &out).contains("a site or a repository"));
    }
}
