//! The search index: built from the rendered pages into a chunked, versioned format that the
//! dependency-free client (`search.js`) loads piece by piece. docs/search-index.md documents it.

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::render::{OutputFile, Rendered};
use crate::resolve::Site;

/// `[search]` in config.toml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {}

/// Builds the index files (paths below the output folder).
pub fn index(
    _site: &Site,
    _rendered: &Rendered,
    _config: &Config,
) -> (Vec<OutputFile>, Diagnostics) {
    (Vec::new(), Diagnostics::new())
}
