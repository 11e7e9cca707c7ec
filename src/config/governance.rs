//! `[governance]` in config.toml (docs/governance.md), owned by config so config imports no
//! stage; `crate::review` re-exports it.

use serde::{Deserialize, Serialize};

/// `[governance]` in config.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct GovernanceConfig {
    /// Every published article needs a recorded clinical approval, or must say that it is
    /// sample content awaiting review (`review_status = "sample"`). `continuum init` writes
    /// sites with it on; a site made before the workflow existed turns it on when its pages
    /// are approved.
    pub require_approval: bool,
    /// Also write the review register for staff (`review-register/`: HTML, CSV, JSON) into
    /// the build. The page is `noindex`, left out of the sitemap and search, and not linked.
    pub register: bool,
}
