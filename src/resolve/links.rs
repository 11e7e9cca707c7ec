//! Internal links as editors write them: relative (`../iop/first-day.md#schedule`) or
//! site-absolute (`/iop/first-day.md`) paths to Markdown sources. [`resolve_link`] turns one
//! into the target's final URL, or a diagnostic with a "did you mean" for a missing target.
//! Anchors are checked later, once every page's headings are known ([`check_anchors`]).

use std::collections::HashSet;
use std::ops::Range;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, SourceText};
use crate::resolve::{join_source_path, Site};

/// A link from one entry to another, kept for the link graph and the anchor check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub target: usize,
    pub anchor: Option<String>,
    /// The link's span in the source file.
    pub span: Range<usize>,
}

/// What became of a link destination.
pub enum Resolved {
    /// Not ours to touch: external, mailto, a static file.
    Untouched,
    /// A same-page anchor (`#schedule`), checked against the page's own headings.
    SelfAnchor(String),
    /// Rewritten to `url`; `link` is recorded for the link graph. `fallback` names the
    /// language of the target when the page's own language has no translation of it.
    Internal {
        url: String,
        link: InternalLink,
        fallback: Option<String>,
    },
    /// A content asset: rewritten to its output URL.
    Asset(String),
}

/// What the destination is written in: a link's names a page or a file, an image's always
/// names a file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Link,
    Image,
}

/// Resolves `dest` written in the source file `from`.
pub fn resolve_link(
    dest: &str,
    from: &str,
    span: Range<usize>,
    site: &Site,
    config: &Config,
) -> Result<Resolved, LinkError> {
    resolve(dest, from, span, site, config, Kind::Link)
}

/// Resolves `dest` written in `from` as a `kind` destination: an image's must name an
/// existing file whatever its extension.
pub fn resolve(
    dest: &str,
    from: &str,
    span: Range<usize>,
    site: &Site,
    config: &Config,
    kind: Kind,
) -> Result<Resolved, LinkError> {
    if dest.is_empty() || is_external(dest) {
        return Ok(Resolved::Untouched);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Resolved::SelfAnchor(anchor.to_string()));
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let decoded = percent_decode(path);
    let joined =
        join_source_path(from, &decoded).ok_or_else(|| LinkError::Escapes(dest.to_string()))?;
    if !decoded.ends_with(".md") {
        if let Some(&asset) = site.asset_by_source.get(&joined) {
            return Ok(Resolved::Asset(config.url_path(&site.assets[asset].output)));
        }
        if (kind == Kind::Image || names_a_file(&decoded))
            && !site.static_files.contains_key(&joined)
        {
            return Err(LinkError::MissingFile {
                suggestion: suggest_file(&joined, from, site),
                written: joined,
            });
        }
        return Ok(Resolved::Untouched);
    }
    // In a translation, a link to an original goes to the translation in the page's
    // language when there is one, else to the original, marked as another language.
    let lang = match site.by_path.get(from) {
        Some(&source) => site.entries[source].lang.as_str(),
        None => config.languages[0].code.as_str(),
    };
    let written = site.by_path.get(&joined).copied();
    let translated = match written {
        Some(target) if site.entries[target].lang != lang => {
            site.in_language(&site.entries[target].key, lang)
        }
        Some(_) => None,
        None => site.in_language(&joined, lang),
    };
    if let Some(target) = translated.or(written) {
        let entry = &site.entries[target];
        let fallback = (entry.lang != lang && translated.is_none() && written.is_some())
            .then(|| entry.lang.clone());
        let url = match &anchor {
            Some(anchor) => format!("{}#{anchor}", entry.url),
            None => entry.url.clone(),
        };
        return Ok(Resolved::Internal {
            url,
            link: InternalLink {
                target,
                anchor,
                span,
            },
            fallback,
        });
    }
    if site.drafts.contains(&joined) {
        return Err(LinkError::Draft(joined));
    }
    if let Some(real) = site
        .by_path
        .keys()
        .find(|k| k.eq_ignore_ascii_case(&joined))
    {
        return Err(LinkError::Case {
            written: joined,
            real: real.clone(),
        });
    }
    Err(LinkError::Missing {
        suggestion: suggest_path(&joined, from, site),
        written: joined,
    })
}

pub enum LinkError {
    Escapes(String),
    Draft(String),
    Case {
        written: String,
        real: String,
    },
    Missing {
        written: String,
        suggestion: Option<String>,
    },
    /// An image or a file link (`.pdf`, `.png`...) to no file of `content/` or `static/`.
    MissingFile {
        written: String,
        suggestion: Option<String>,
    },
}

impl LinkError {
    pub fn to_diagnostic(&self, source: &SourceText, span: Range<usize>) -> Diagnostic {
        let (message, help) = match self {
            LinkError::Escapes(dest) => (
                format!("link `{dest}` points outside content/"),
                "link to a .md file inside content/, relative to this file".to_string(),
            ),
            LinkError::Draft(path) => (
                format!("link to `{path}`, which is a draft"),
                "publish the target (remove `draft = true`), remove the link, or build with --drafts".to_string(),
            ),
            LinkError::Case { written, real } => (
                format!("link to `{written}` differs in case from the file `{real}`"),
                format!("write the path exactly as the file is named: `{real}` (servers and Linux treat case as different)"),
            ),
            LinkError::Missing { written, suggestion } => (
                format!("broken link: `{written}` does not exist"),
                match suggestion {
                    Some(s) => format!("did you mean `{s}`? (paths are relative to this file's folder)"),
                    None => "link to an existing .md file, relative to this file's folder".to_string(),
                },
            ),
            LinkError::MissingFile { written, suggestion } => (
                format!("broken file link: `{written}` does not exist"),
                match suggestion {
                    Some(s) => format!("did you mean `{s}`? (paths are relative to this file's folder; a leading `/` starts at content/ or static/)"),
                    None => "put the file beside the page (or in static/) and link it relative to this file's folder".to_string(),
                },
            ),
        };
        Diagnostic::error(message).at(source, span).help(help)
    }
}

/// The closest existing source path, written relative to `from` as the editor would.
fn suggest_path(missing: &str, from: &str, site: &Site) -> Option<String> {
    let mut candidates: Vec<&str> = site
        .by_path
        .keys()
        .map(String::as_str)
        .filter(|c| *c != from)
        .collect();
    candidates.sort();
    let best = candidates
        .iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(missing, c), *c))
        .filter(|(similarity, _)| *similarity >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c)
        .or_else(|| {
            // Same file name in another folder: a wrong `../` is the usual mistake.
            let name = missing.rsplit('/').next()?;
            candidates
                .iter()
                .copied()
                .find(|c| c.rsplit('/').next() == Some(name))
        })?;
    Some(relative_path(from, best))
}

/// The closest existing file (a content asset, else a file of `static/`) to the missing
/// `missing`: the most similar path, else one with the same file name in another folder.
/// Content assets are written relative to `from`, static files from the site root.
fn suggest_file(missing: &str, from: &str, site: &Site) -> Option<String> {
    let assets = site.assets.iter().map(|a| (a.source.as_str(), false));
    let statics = site.static_files.keys().map(|k| (k.as_str(), true));
    let mut candidates: Vec<(&str, bool)> = assets.chain(statics).collect();
    candidates.sort();
    let name = missing.rsplit('/').next().unwrap_or(missing);
    // A file of another kind is no answer to a typo: `plan.pdf` is not `chart.png`.
    let extension = |path: &str| path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let wanted = extension(name);
    let (best, from_static) = candidates
        .iter()
        .filter(|(c, _)| extension(c) == wanted)
        .map(|&(c, s)| (strsim::normalized_damerau_levenshtein(missing, c), c, s))
        .filter(|(similarity, _, _)| *similarity >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c, s)| (c, s))
        .or_else(|| {
            candidates
                .iter()
                .copied()
                .find(|(c, _)| c.rsplit('/').next() == Some(name))
        })?;
    Some(match from_static {
        true => format!("/{best}"),
        false => relative_path(from, best),
    })
}

/// `to` written relative to the folder of `from` (both source paths below `content/`).
pub fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = crate::resolve::parent_dir(from)
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// Whether a link destination names a file by its extension (a document, an image, a
/// recording). Other extensionless or page-like destinations (`/tags/`, `/feed.xml`) may be
/// addresses the build generates, so only these are held to exist.
fn names_a_file(path: &str) -> bool {
    const FILES: &[&str] = &[
        "avif", "bmp", "csv", "doc", "docx", "epub", "gif", "ics", "jpeg", "jpg", "m4a", "mov",
        "mp3", "mp4", "odp", "ods", "odt", "oga", "ogg", "ogv", "pdf", "png", "ppt", "pptx", "rtf",
        "svg", "tif", "tiff", "vcf", "wav", "webm", "webp", "xls", "xlsx", "zip",
    ];
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && FILES.contains(&ext.to_ascii_lowercase().as_str())
    })
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    // A scheme: letters, digits, + - . before the first colon, and no slash before it.
    match dest.find(':') {
        Some(colon) => dest[..colon]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')),
        None => false,
    }
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the link graph reads from one page once its Markdown is read: the links of each of
/// its parts (body, FAQ answers) and every id it has.
pub trait PageLinks {
    /// Each part's links to other entries and its `#anchor` links to itself, in order.
    fn parts(&self) -> impl Iterator<Item = (&[InternalLink], &[(String, Range<usize>)])>;
    /// Every id on the page: headings, FAQ questions, glossary terms.
    fn ids(&self) -> &HashSet<String>;
}

/// Checks every `#anchor` against the ids its target page is known to have.
pub fn check_anchors<P: PageLinks>(
    site: &Site,
    pages: &[std::sync::Arc<P>],
    diagnostics: &mut Diagnostics,
) {
    for (from, page) in pages.iter().enumerate() {
        let source = &site.entries[from].doc.source;
        for (links, self_anchors) in page.parts() {
            let wanted = links
                .iter()
                .filter_map(|l| l.anchor.as_ref().map(|a| (l.target, a, &l.span)))
                .chain(self_anchors.iter().map(|(a, span)| (from, a, span)));
            for (target, anchor, span) in wanted {
                if anchor.is_empty() || pages[target].ids().contains(anchor.as_str()) {
                    continue;
                }
                diagnostics.push(missing_anchor(
                    site,
                    pages[target].ids(),
                    target,
                    anchor,
                    source,
                    span.clone(),
                ));
            }
        }
    }
}

fn missing_anchor(
    site: &Site,
    ids: &HashSet<String>,
    target: usize,
    anchor: &str,
    source: &SourceText,
    span: Range<usize>,
) -> Diagnostic {
    let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
    known.sort();
    let target_path = &site.entries[target].doc.rel_path;
    let help = match did_you_mean(anchor, known.iter().copied()) {
        Some(best) => format!("did you mean `#{best}`?"),
        None if known.is_empty() => format!("`{target_path}` has no headings to link to"),
        None => format!(
            "headings in `{target_path}`: {}",
            known
                .iter()
                .map(|k| format!("#{k}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Diagnostic::error(format!(
        "broken link: `{target_path}` has no heading `#{anchor}`"
    ))
    .at(source, span)
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_detection() {
        assert!(is_external("https://samhsa.gov"));
        assert!(is_external("mailto:a@b.org"));
        assert!(is_external("tel:988"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("../iop/first-day.md"));
        assert!(!is_external("/iop/first-day.md#a:b"));
    }

    #[test]
    fn relative_path_from_one_file_to_another() {
        assert_eq!(
            relative_path("therapies/cbt.md", "therapies/dbt.md"),
            "dbt.md"
        );
        assert_eq!(
            relative_path("therapies/cbt.md", "iop/first-day.md"),
            "../iop/first-day.md"
        );
        assert_eq!(
            relative_path("faq.md", "iop/first-day.md"),
            "iop/first-day.md"
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
