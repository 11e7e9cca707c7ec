//! Editorial checks for patient education, run by `continuum check` (and by `build`, whose
//! findings are warnings): readability, review currency, content accessibility, plain
//! language, safety and privacy. Each rule reads the resolved site and its rendering and adds
//! diagnostics; none changes the output.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::render::Rendered;
use crate::resolve::Site;

/// How a run of the checks was asked for (command-line flags).
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Readability findings become errors.
    pub strict: bool,
    /// Check external links over the network.
    pub external: bool,
}

/// `[checks]` in config.toml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ChecksConfig {}

/// `[checks]` in a page's front matter: per-article overrides.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct PageChecks {}

/// What the checks found, per article, for the summary table and reports.
#[derive(Debug, Clone, Default)]
pub struct Report {}

/// Runs every check over the site.
pub fn run(
    _site: &Site,
    _rendered: &Rendered,
    _config: &Config,
    _options: &CheckOptions,
) -> (Report, Diagnostics) {
    (Report::default(), Diagnostics::new())
}
