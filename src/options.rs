//! What a `build` or `check` run is asked to do ([`BuildOptions`], from the command line or a
//! caller of the library) and how it is applied to config.toml ([`load_config`]). Kept out of
//! the crate root so the modules that read the options (`fingerprint`, `register`) sit below
//! the root that runs the build, not beside it in a cycle.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Date;

/// What a `build` or `check` run is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding config.toml).
    pub root: PathBuf,
    /// Where to write; `root/public` by default.
    pub output: Option<PathBuf>,
    /// Allows an output folder that is not empty and that continuum did not write: its files
    /// are deleted (see `emit::target`).
    pub replace_output: bool,
    /// Overrides `base_url` from config.toml.
    pub base_url: Option<String>,
    /// Includes pages with `draft = true`.
    pub drafts: bool,
    /// How the editorial checks run.
    pub checks: CheckOptions,
    /// Print every handout to PDF (`--pdf`; `[handouts] pdf = true` asks too).
    pub pdf: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Reads and validates config.toml, applying the command-line overrides.
pub fn load_config(
    root: &Path,
    options: &BuildOptions,
) -> Result<(Config, Diagnostics), Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let source = match crate::load::read_config(root) {
        Ok(source) => source,
        Err(d) => {
            diagnostics.push(d);
            return Err(diagnostics);
        }
    };
    let (config, found) = Config::parse(&source);
    diagnostics.extend(found);
    let Some(mut config) = config else {
        return Err(diagnostics);
    };
    config.drafts = options.drafts;
    if let Some(base_url) = &options.base_url {
        if let Err(message) = config.set_base_url(base_url) {
            diagnostics
                .push(Diagnostic::error(format!("--base-url: {message}")).help(
                    "pass a full address, e.g. --base-url https://preview.example.org/help/",
                ));
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok((config, diagnostics))
}

/// How a run of the checks was asked for (command-line flags).
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Readability findings become errors.
    pub strict: bool,
    /// Check external links over the network.
    pub external: bool,
    /// The day review dates are compared with; `None` is the real today. Tests and
    /// reproducible reports set it.
    pub today: Option<Date>,
}
