//! Clinical governance: the approval record (`reviews.toml` at the site root) that binds a
//! reviewer to a hash of exactly what they reviewed ([`parts`], [`record`]) and the command that
//! records an approval ([`approve`]). The review register staff audit builds the whole site,
//! so it lives above the stages, in `crate::register`.
//! The rules that read the record live in `check` (docs/governance.md lists them); this module
//! only describes, compares and writes approvals.

pub mod approve;
pub mod parts;
pub mod record;

pub use parts::{Parts, Reviewed};

pub use crate::config::governance::GovernanceConfig;
pub use record::{Approval, Record, RECORD_FILE};
