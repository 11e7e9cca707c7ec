//! `[handouts]` in config.toml (docs/handouts.md), owned by config so config imports no
//! stage; `crate::pdf` re-exports it.

use serde::{Deserialize, Serialize};

/// `[handouts]` in config.toml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct HandoutsConfig {
    /// Print every handout to `handout.pdf` beside it (needs Chromium).
    pub pdf: bool,
    /// A PDF larger than this many kilobytes is reported with a warning.
    pub pdf_budget_kb: u64,
}

impl Default for HandoutsConfig {
    fn default() -> Self {
        HandoutsConfig {
            pdf: false,
            pdf_budget_kb: 500,
        }
    }
}
