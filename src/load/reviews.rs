//! Reads `reviews.toml`, the record of clinical approvals at the site root (docs/governance.md),
//! when the site has one. `review::Record` parses it; this only reads it, as all reading
//! happens in `load`.

use std::path::Path;

use super::{decode, read_error};
use crate::diagnostics::{Diagnostics, SourceText};

/// The record's file name at the site root.
pub const RECORD_FILE: &str = "reviews.toml";

/// The record's text, or `None` when the site has none; a file that cannot be read is an error.
pub(super) fn read(root: &Path, diagnostics: &mut Diagnostics) -> Option<SourceText> {
    let abs = root.join(RECORD_FILE);
    if !abs.is_file() {
        return None;
    }
    match std::fs::read(&abs)
        .map_err(|e| read_error(&abs, root, &e))
        .and_then(|bytes| decode(Path::new(RECORD_FILE), bytes))
    {
        Ok(source) => Some(source),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}
