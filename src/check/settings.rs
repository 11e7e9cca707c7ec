//! The settings of the editorial checks: the command-line flags ([`CheckOptions`]) here, and
//! `[checks]` in config.toml and in front matter ([`ChecksConfig`], [`PageChecks`]), which
//! config owns (`crate::config::checks`) and this module re-exports.

pub use crate::config::checks::{ChecksConfig, PageChecks, RuleLevel};
use crate::load::Date;

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
