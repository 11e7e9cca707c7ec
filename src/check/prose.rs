//! The page model's text blocks, as the checks read them. They are built by the parse stage
//! from the same pulldown-cmark pass that render reads (see [`crate::parse::prose`]); this
//! module only names them for the checks.

pub use crate::parse::prose::*;
