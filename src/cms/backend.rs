//! Decap CMS's local-backend protocol (what its `decap-server` package answers at
//! `POST /api/v1`), reading and writing the site's own files: `info`, `entriesByFolder`,
//! `entriesByFiles`, `getEntry`, `persistEntry`, `getMedia`, `getMediaFile`,
//! `persistMedia`, `deleteFile`, `deleteFiles`, `getDeployPreview`. Every path goes through
//! [`super::paths::confine`]; every write is atomic.
//!
//! Decap names every translation `NAME.LANG.md`, the default language's too; Continuum's
//! default-language file is `NAME.md`. The protocol's paths are mapped at this edge, so the
//! CMS sees `first-day.en.md` for the file `first-day.md` and the site's files keep their
//! names.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{json, Value};

use super::paths::{confine, write_atomic};

/// The site the protocol edits.
#[derive(Debug, Clone)]
pub struct Backend {
    pub root: PathBuf,
    /// Every language code, the default first; the mapping of file names is on when there
    /// are several.
    pub languages: Vec<String>,
}

/// A protocol answer: an HTTP status and its JSON body.
pub type Answer = (u16, Value);

impl Backend {
    /// Answers one request body (`{"action": ..., "params": {...}}`).
    pub fn answer(&self, body: &[u8]) -> Answer {
        let request: Value = match serde_json::from_slice(body) {
            Ok(value) => value,
            Err(e) => return error(400, format!("the request is not JSON: {e}")),
        };
        let action = request["action"].as_str().unwrap_or("");
        let params = &request["params"];
        let result = match action {
            "info" => Ok(self.info()),
            "entriesByFolder" => self.entries_by_folder(params),
            "entriesByFiles" => {
                let files = params["files"].as_array().cloned().unwrap_or_default();
                let paths: Vec<String> = files
                    .iter()
                    .filter_map(|f| f["path"].as_str().map(str::to_string))
                    .collect();
                self.entries(&paths).map(Value::Array)
            }
            "getEntry" => text(params, "path")
                .and_then(|path| self.entries(&[path]))
                .map(|mut e| e.pop().unwrap_or(Value::Null)),
            "persistEntry" => self.persist_entry(params),
            "getMedia" => self.get_media(params),
            "getMediaFile" => text(params, "path").and_then(|p| self.media_file(&p)),
            "persistMedia" => self.persist_media(params),
            "deleteFile" => text(params, "path")
                .and_then(|p| self.delete(&p))
                .map(|()| json!({ "message": "deleted" })),
            "deleteFiles" => {
                let paths = params["paths"].as_array().cloned().unwrap_or_default();
                paths
                    .iter()
                    .filter_map(Value::as_str)
                    .try_for_each(|p| self.delete(p))
                    .map(|()| json!({ "message": "deleted" }))
            }
            "getDeployPreview" => Ok(Value::Null),
            other => return error(422, format!("unknown action `{other}`")),
        };
        match result {
            Ok(value) => (200, value),
            Err(message) => error(400, message),
        }
    }

    fn info(&self) -> Value {
        let repo = self
            .root
            .file_name()
            .map_or_else(|| "site".to_string(), |n| n.to_string_lossy().to_string());
        json!({ "repo": repo, "publish_modes": ["simple"], "type": "local_fs" })
    }

    /// The files of a folder (to `depth` levels) with the extension, sections' `_index`
    /// pages left out (they are not articles of the section).
    fn entries_by_folder(&self, params: &Value) -> Result<Value, String> {
        let folder = text(params, "folder")?;
        let extension = params["extension"].as_str().unwrap_or("md").to_string();
        let depth = params["depth"].as_u64().unwrap_or(1).clamp(1, 16) as usize;
        let dir = confine(&self.root, &folder)?;
        let mut paths = Vec::new();
        list(&dir, &folder, depth, &mut paths);
        paths.retain(|p| {
            p.ends_with(&format!(".{extension}"))
                && !p.rsplit('/').next().unwrap_or("").starts_with("_index")
        });
        let mut cms: Vec<String> = paths.iter().map(|p| self.to_cms(p)).collect();
        cms.sort();
        self.entries(&cms).map(Value::Array)
    }

    /// `{data, file: {path, id}}` per path (as the CMS names it); `data: null` when missing.
    fn entries(&self, cms_paths: &[String]) -> Result<Vec<Value>, String> {
        cms_paths
            .iter()
            .map(|cms_path| {
                let disk = confine(&self.root, &self.to_disk(cms_path))?;
                Ok(match fs::read(&disk) {
                    Ok(bytes) => json!({
                        "data": String::from_utf8_lossy(&bytes),
                        "file": { "path": cms_path, "id": id(&bytes) },
                    }),
                    Err(_) => json!({ "data": null, "file": { "path": cms_path, "id": null } }),
                })
            })
            .collect()
    }

    fn persist_entry(&self, params: &Value) -> Result<Value, String> {
        let files = match params["dataFiles"].as_array() {
            Some(files) => files.clone(),
            None => vec![params["entry"].clone()],
        };
        // Every path is checked before anything is written.
        let mut writes = Vec::new();
        for file in &files {
            let path = text(file, "path")?;
            let raw = file["raw"].as_str().ok_or("an entry has no `raw` text")?;
            // The CMS saves every language's file; one nobody translated has no title,
            // which the build would refuse. No translation is written instead.
            if self.is_translation(&path) && is_untranslated(raw) {
                continue;
            }
            let disk = self.to_disk(&path);
            let target = confine(&self.root, &disk)?;
            // The CMS rewrites every language's file on each save; one whose content did
            // not change keeps its own bytes (comments, layout, key order).
            if unchanged(&disk, &target, raw) {
                continue;
            }
            writes.push((target, raw.as_bytes().to_vec()));
        }
        for asset in params["assets"].as_array().cloned().unwrap_or_default() {
            let (path, bytes) = decode_asset(&asset)?;
            writes.push((confine(&self.root, &path)?, bytes));
        }
        for (path, bytes) in &writes {
            write_atomic(path, bytes)?;
        }
        Ok(json!({ "message": "entry persisted" }))
    }

    fn get_media(&self, params: &Value) -> Result<Value, String> {
        let folder = text(params, "mediaFolder")?;
        let dir = confine(&self.root, &folder)?;
        let mut paths = Vec::new();
        list(&dir, &folder, 1, &mut paths);
        paths
            .iter()
            .filter(|p| !p.ends_with(".md"))
            .map(|p| self.media_file(p))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    fn media_file(&self, path: &str) -> Result<Value, String> {
        let disk = confine(&self.root, path)?;
        let bytes = fs::read(&disk).map_err(|e| format!("cannot read {path}: {e}"))?;
        Ok(json!({
            "id": id(&bytes),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": path,
            "name": path.rsplit('/').next().unwrap_or(path),
        }))
    }

    fn persist_media(&self, params: &Value) -> Result<Value, String> {
        let (path, bytes) = decode_asset(&params["asset"])?;
        write_atomic(&confine(&self.root, &path)?, &bytes)?;
        self.media_file(&path)
    }

    fn delete(&self, path: &str) -> Result<(), String> {
        let disk = confine(&self.root, &self.to_disk(path))?;
        if disk.is_file() {
            fs::remove_file(&disk).map_err(|e| format!("cannot delete {path}: {e}"))?;
        }
        Ok(())
    }

    /// The file on disk for a path the CMS names: `NAME.en.md` → `NAME.md` for the default
    /// language `en`.
    pub fn to_disk(&self, cms_path: &str) -> String {
        match self.default_language() {
            Some(default) => match cms_path.strip_suffix(&format!(".{default}.md")) {
                Some(stem) => format!("{stem}.md"),
                None => cms_path.to_string(),
            },
            None => cms_path.to_string(),
        }
    }

    /// The path the CMS knows a file by: `NAME.md` → `NAME.en.md`; a translation keeps its name.
    pub fn to_cms(&self, disk_path: &str) -> String {
        let Some(default) = self.default_language() else {
            return disk_path.to_string();
        };
        let Some(stem) = disk_path.strip_suffix(".md") else {
            return disk_path.to_string();
        };
        let name = stem.rsplit('/').next().unwrap_or(stem);
        let translated = name
            .rsplit_once('.')
            .is_some_and(|(_, code)| self.languages.iter().any(|l| l == code));
        if translated {
            disk_path.to_string()
        } else {
            format!("{stem}.{default}.md")
        }
    }

    /// Whether the CMS path names a file in a language other than the default.
    fn is_translation(&self, cms_path: &str) -> bool {
        let Some(default) = self.default_language() else {
            return false;
        };
        self.languages[1..]
            .iter()
            .any(|code| code != default && cms_path.ends_with(&format!(".{code}.md")))
    }

    fn default_language(&self) -> Option<&str> {
        (self.languages.len() > 1).then(|| self.languages[0].as_str())
    }
}

/// The files below `dir` (named `prefix/...`), to `depth` levels, sorted; hidden files and
/// symbolic links left out.
fn list(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().to_string();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if name.starts_with('.') || kind.is_symlink() {
            continue;
        }
        let rel = format!("{prefix}/{name}");
        if kind.is_dir() {
            if depth > 1 {
                list(&entry.path(), &rel, depth - 1, out);
            }
        } else {
            out.push(rel);
        }
    }
}

/// Whether `raw` says what the file at `target` says: the same front matter, as the
/// loader reads it, and the same body.
fn unchanged(disk: &str, target: &Path, raw: &str) -> bool {
    let Some(rel) = disk.strip_prefix("content/").filter(|r| r.ends_with(".md")) else {
        return false;
    };
    let Ok(old) = fs::read(target) else {
        return false;
    };
    let read = |bytes: Vec<u8>| crate::load::document_from_bytes(rel, bytes).ok();
    match (read(old), read(raw.as_bytes().to_vec())) {
        (Some(old), Some(new)) => {
            old.front == new.front && old.body_text().trim_end() == new.body_text().trim_end()
        }
        _ => false,
    }
}

/// A file the CMS made for a language nobody wrote in: no title and no body.
fn is_untranslated(raw: &str) -> bool {
    let Ok(Some(split)) = crate::load::front_matter::split(raw) else {
        return raw.trim().is_empty();
    };
    let titled = toml::from_str::<toml::Table>(&raw[split.front.clone()])
        .ok()
        .and_then(|front| {
            front
                .get("title")
                .and_then(|t| t.as_str().map(str::to_string))
        })
        .is_some_and(|title| !title.trim().is_empty());
    !titled && raw[split.body].trim().is_empty()
}

fn decode_asset(asset: &Value) -> Result<(String, Vec<u8>), String> {
    let path = text(asset, "path")?;
    let content = asset["content"].as_str().unwrap_or("");
    let bytes = match asset["encoding"].as_str() {
        Some("base64") => base64::engine::general_purpose::STANDARD
            .decode(content)
            .map_err(|e| format!("{path}: the upload is not base64: {e}"))?,
        _ => content.as_bytes().to_vec(),
    };
    Ok((path.trim_start_matches('/').to_string(), bytes))
}

fn text(params: &Value, key: &str) -> Result<String, String> {
    params[key]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("the request has no `{key}`"))
}

fn id(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

fn error(status: u16, message: String) -> Answer {
    (status, json!({ "error": message }))
}
