//! The settings of the editorial checks, re-exported where the checks read them: the
//! command-line flags ([`CheckOptions`], owned by `crate::options` with the other flags) and
//! `[checks]` in config.toml and in front matter ([`ChecksConfig`], [`PageChecks`], owned by
//! `crate::config::checks`).

pub use crate::config::checks::{ChecksConfig, PageChecks, RuleLevel};
pub use crate::options::CheckOptions;
