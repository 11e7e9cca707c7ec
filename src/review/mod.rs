//! Clinical governance: the approval record (`reviews.toml` at the site root) that binds a
//! reviewer to a hash of exactly what they reviewed ([`parts`], [`record`]), the command that
//! records an approval ([`approve`]) and the review register staff audit ([`register`]).
//! The rules that read the record live in `check` (docs/governance.md lists them); this module
//! only describes, compares and writes approvals.

pub mod approve;
pub mod parts;
pub mod record;
pub mod register;

pub use parts::{Parts, Reviewed};

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
pub use record::{Approval, Record, RECORD_FILE};
