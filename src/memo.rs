//! The keys under which results are reused between builds (`serve`'s [`crate::Cache`], the
//! up-to-date shortcut of `build`). A key is a hash of whole inputs, never of fields picked by
//! hand: the whole checked [`Config`] goes in through its derived `Debug` (every field, the
//! file's text and the command-line overrides included), so a setting added tomorrow is part
//! of every key the day it is added, with nothing to remember.
//!
//! Two keys cover a site, and each stage's cache combines them with what it reads of one page:
//! - [`config`]: the configuration.
//! - [`site`]: everything a site is made of except the bodies of its entries — the
//!   configuration, every entry's address and whole front matter, drafts, assets, static
//!   files, stylesheets, templates, interface strings and the review record. One page's
//!   results are then keyed by this and its own source text; what other pages' bodies give it
//!   (links, anchors, backlinks) comes through the link graph, which is keyed by itself.
//!
//! The guarantee is tested, not argued: tests/incremental_property.rs edits every config key
//! and every kind of input at random and compares with clean builds byte for byte.

use std::fmt::{self, Debug, Write as _};

use xxhash_rust::xxh3::Xxh3;

use crate::resolve::Site;
use crate::Config;

/// A hasher for keys: each part is length-prefixed, so ("ab", "c") and ("a", "bc") differ.
pub(crate) struct KeyHasher(Xxh3);

impl KeyHasher {
    pub(crate) fn new() -> KeyHasher {
        KeyHasher(Xxh3::new())
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    pub(crate) fn u64(&mut self, value: u64) -> &mut Self {
        self.0.update(&value.to_le_bytes());
        self
    }

    /// The whole value as its derived `Debug` shows it, streamed into the hash. Only for
    /// values whose `Debug` is deterministic (sorted maps), as everything given here is.
    pub(crate) fn debug(&mut self, value: &impl Debug) -> &mut Self {
        // Writing to the hash cannot fail.
        let _ = write!(self, "{value:?}");
        self.0.update(&[0xff]);
        self
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl fmt::Write for KeyHasher {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

/// The whole checked configuration, command-line overrides included. Where the file was read
/// from is left out: `--root .` and `--root /abs` are the same site.
pub(crate) fn config(config: &Config) -> u64 {
    let mut config = config.clone();
    config.source.path = std::path::PathBuf::new();
    KeyHasher::new().debug(&config).finish()
}

/// Everything `site` is made of except the bodies of its entries (see the module doc).
pub(crate) fn site(site: &Site, config: &Config) -> u64 {
    let mut key = KeyHasher::new();
    key.u64(self::config(config));
    for entry in &site.entries {
        let text = &entry.doc.source.text;
        let front = &text[..entry.doc.body.start.min(text.len())];
        key.text(&entry.doc.rel_path)
            .text(&entry.path)
            .text(&entry.url)
            .text(&entry.template)
            .text(front);
    }
    key.debug(&site.drafts)
        .debug(&site.strings)
        .debug(&site.reviews.approvals);
    for asset in &site.assets {
        key.text(&asset.source).text(&asset.output);
    }
    for (path, source) in &site.static_files {
        key.text(path).text(&source.to_string_lossy());
    }
    for (path, style) in &site.styles {
        key.text(path).text(&style.path).bytes(&style.bytes);
    }
    for (name, template) in &site.templates {
        key.text(name).text(&template.source.text);
    }
    key.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    fn parse(text: &str) -> Config {
        let source = SourceText::new("config.toml", text);
        Config::parse(&source).0.expect("config parses")
    }

    #[test]
    fn any_setting_changes_the_config_key() {
        let base = "title = \"T\"\nbase_url = \"https://example.org/\"\n";
        let plain = config(&parse(base));
        // Settings no cache names: each one still changes the key.
        for extra in [
            "[extra]\nanything = 1\n",
            "[search]\nenabled = false\n",
            "[handouts]\npdf = true\n",
            "[markdown]\nsmart_punctuation = false\n",
        ] {
            let changed = config(&parse(&format!("{base}{extra}")));
            assert_ne!(plain, changed, "{extra}");
        }
        let mut drafts = parse(base);
        drafts.drafts = true;
        assert_ne!(plain, config(&drafts), "a command-line override");
        assert_eq!(plain, config(&parse(base)), "and the key is stable");
    }
}
