//! Editing in the browser: Decap CMS at `/admin/` on `continuum serve`. [`handle`] answers
//! the CMS's requests and nothing else: the admin page, the configuration generated from
//! the site's content model ([`config`]), the CMS's JavaScript from an npm-installed copy
//! (`node_modules/decap-cms/dist`, never a CDN), the local-backend protocol that reads and
//! writes the site's files ([`backend`], confined by [`paths`]), and the checks endpoint
//! that runs Continuum's checks on the text being edited ([`checks`]). It takes a request
//! and gives a response, with no sockets, so any HTTP transport can call it and tests call
//! it directly. docs/cms.md is the guide.

pub mod backend;
pub mod checks;
pub mod config;
pub mod model;
pub mod paths;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};

use crate::response::Response;

const INDEX_HTML: &str = include_str!("admin/index.html");
const PREVIEW_JS: &str = include_str!("admin/preview.js");

/// Where the CMS lives on the dev server.
pub const ADMIN: &str = "/admin/";
/// The checks endpoint.
pub const CHECK_PATH: &str = "/__continuum/check";
/// The largest request body accepted (an upload is base64 in JSON).
pub const MAX_BODY: usize = 32 * 1024 * 1024;
/// The CMS page's own Content-Security-Policy. The CMS needs inline styles (emotion),
/// `eval` (its configuration validator compiles schemas) and WebAssembly; the site's pages
/// never load it, so their policy stays strict.
pub const ADMIN_CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

/// One request to the CMS's routes.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub method: &'a str,
    /// The path, without the query.
    pub path: &'a str,
    /// The `Host`, `Origin` and `Content-Type` headers, when sent.
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// What the CMS routes know about the site being served.
pub struct Site {
    /// The site's folder (absolute).
    pub root: PathBuf,
    /// The dev server's address, `http://127.0.0.1:1111`: the CMS's local backend is there.
    pub origin: String,
    /// The checks endpoint's caches.
    pub checks: checks::CheckState,
}

impl Site {
    pub fn new(root: PathBuf, origin: String) -> Site {
        Site {
            root,
            origin,
            checks: checks::CheckState::default(),
        }
    }
}

/// Whether `path` is one of the CMS's routes (so a request body may be read for it).
pub fn is_route(path: &str) -> bool {
    path == "/admin" || path.starts_with(ADMIN) || path == config::API_PATH || path == CHECK_PATH
}

/// Answers a request for one of the CMS's routes; `None` for any other path.
pub fn handle(site: &Site, request: &Request) -> Option<Response> {
    let path = request.path;
    if !is_route(path) {
        return None;
    }
    let post = match request.method {
        "POST" => true,
        "GET" | "HEAD" => false,
        _ => return Some(method_not_allowed("GET, HEAD, POST")),
    };
    if let Err(refused) = guard(site, request, post) {
        return Some(refused);
    }
    Some(match path {
        config::API_PATH if post => {
            let (status, value) = backend(site).answer(request.body);
            json_response(status, &value)
        }
        CHECK_PATH if post => check(site, request.body),
        config::API_PATH | CHECK_PATH => method_not_allowed("POST"),
        _ if post => method_not_allowed("GET, HEAD"),
        "/admin" => {
            let mut response = text(301, "moved\n");
            response.headers.push(("Location", ADMIN.to_string()));
            response
        }
        _ => admin_file(site, request, &path[ADMIN.len()..]),
    })
}

/// The CMS reads and writes the site's files, so only its own page may call it: the `Host`
/// must be this server by a loopback name (no DNS rebinding), and a `POST` must be JSON
/// (which a cross-site form cannot send without a preflight this server never allows)
/// from this server's origin.
fn guard(site: &Site, request: &Request, post: bool) -> Result<(), Response> {
    let hosts = allowed_hosts(&site.origin);
    if !request.host.is_some_and(|h| hosts.iter().any(|a| a == h)) {
        return Err(text(
            403,
            "the CMS answers on this server's own address only\n",
        ));
    }
    if !post {
        return Ok(());
    }
    let json = request.content_type.is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/json")
    });
    if !json {
        return Err(text(415, "send application/json\n"));
    }
    let same_origin = request.origin.is_none_or(|origin| {
        origin
            .strip_prefix("http://")
            .is_some_and(|h| hosts.iter().any(|a| a == h))
    });
    if !same_origin {
        return Err(text(403, "requests from other sites are refused\n"));
    }
    Ok(())
}

/// `127.0.0.1:PORT`, `localhost:PORT` and `[::1]:PORT`, and the origin's own host.
fn allowed_hosts(origin: &str) -> Vec<String> {
    let host = origin.trim_start_matches("http://").trim_end_matches('/');
    let port = host.rsplit_once(':').map_or("80", |(_, p)| p);
    let mut hosts = vec![host.to_string()];
    for name in ["127.0.0.1", "localhost", "[::1]"] {
        hosts.push(format!("{name}:{port}"));
    }
    hosts
}

/// The backend over the site's files, with its languages for the file-name mapping.
fn backend(site: &Site) -> backend::Backend {
    // config.toml only: the languages decide the file-name mapping.
    let options = crate::BuildOptions {
        root: site.root.clone(),
        ..crate::BuildOptions::default()
    };
    let languages = crate::load_config(&site.root, &options)
        .map(|(config, _)| config.languages.iter().map(|l| l.code.clone()).collect())
        .unwrap_or_default();
    backend::Backend {
        root: site.root.clone(),
        languages,
    }
}

fn admin_file(site: &Site, request: &Request, name: &str) -> Response {
    let mut response = match name {
        "" | "index.html" => ok("text/html; charset=utf-8", INDEX_HTML.as_bytes().to_vec()),
        "preview.js" => ok(
            "text/javascript; charset=utf-8",
            PREVIEW_JS.as_bytes().to_vec(),
        ),
        "collections.json" => match site_model(&site.root) {
            Ok((_, sections)) => {
                let names: Vec<String> = sections.iter().map(config::collection_name).collect();
                ok("application/json", json!(names).to_string().into_bytes())
            }
            Err(message) => text(500, &format!("{message}\n")),
        },
        "config.yml" => match admin_config(site, request.host.unwrap_or("127.0.0.1")) {
            Ok(yaml) => ok("text/yaml; charset=utf-8", yaml.into_bytes()),
            Err(message) => text(500, &format!("{message}\n")),
        },
        _ => dist_file(&site.root, name),
    };
    response
        .headers
        .push(("Content-Security-Policy", ADMIN_CSP.to_string()));
    response.headers.push(("Cache-Control", "no-cache".into()));
    response
}

/// The configuration for the dev server: production's, plus the local backend at the
/// address the page was loaded from (a checked `Host`), so its requests are same-origin.
fn admin_config(site: &Site, host: &str) -> Result<String, String> {
    let (config, sections) = site_model(&site.root)?;
    let url = format!("http://{host}{}", config::API_PATH);
    config::generate(&config, &sections, &config::Remote::default(), Some(&url))
}

/// `continuum cms`: writes the deployed CMS's files into `static/admin/` (its page, the
/// preview script and the configuration for `remote`), so the built site carries them.
/// The CMS's JavaScript is added at deploy time from node_modules (docs/cms.md). Returns
/// the files written, relative to `root`.
pub fn write_admin(root: &Path, remote: &config::Remote) -> Result<Vec<String>, String> {
    let (config, sections) = site_model(root)?;
    let yaml = config::generate(&config, &sections, remote, None)?;
    let files = [
        ("static/admin/index.html", INDEX_HTML.as_bytes()),
        ("static/admin/preview.js", PREVIEW_JS.as_bytes()),
        ("static/admin/config.yml", yaml.as_bytes()),
    ];
    for (rel, bytes) in files {
        paths::write_atomic(&root.join(rel), bytes)?;
    }
    Ok(files.iter().map(|(rel, _)| rel.to_string()).collect())
}

/// The site's configuration and its sections (one collection each), read from `root`.
pub fn site_model(root: &Path) -> Result<(crate::Config, Vec<config::Section>), String> {
    let options = crate::BuildOptions {
        root: root.to_path_buf(),
        ..crate::BuildOptions::default()
    };
    let (config, _) = crate::load_config(root, &options)
        .map_err(|found| format!("config.toml has errors:\n{}", found.report(false)))?;
    let (corpus, _) = crate::load::load(root, &config);
    let sections = corpus
        .documents
        .iter()
        .filter(|d| d.kind == crate::load::DocKind::Section)
        .filter_map(|d| {
            let folder = d.rel_path.strip_suffix("_index.md")?;
            let folder = format!("content/{}", folder.trim_end_matches('/'));
            let folder = folder.trim_end_matches('/').to_string();
            let label = d.front.title.clone().unwrap_or_else(|| folder.clone());
            Some(config::Section { folder, label })
        })
        .collect();
    Ok((config, sections))
}

/// The npm-installed CMS: `node_modules/decap-cms/dist` in the site's folder or above it.
pub fn dist_dir(root: &Path) -> Option<PathBuf> {
    root.ancestors()
        .map(|dir| dir.join("node_modules/decap-cms/dist"))
        .find(|dir| dir.join("decap-cms.js").is_file())
}

/// A file of the CMS's build: its bundle, the chunks it loads and its WebAssembly, by
/// plain name only.
fn dist_file(root: &Path, name: &str) -> Response {
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !name.starts_with('.');
    let served = name.ends_with(".js") || name.ends_with(".wasm");
    if !plain || !served {
        return text(404, "not found\n");
    }
    let Some(dist) = dist_dir(root) else {
        return text(
            404,
            "the CMS is not installed: run `npm install --save-dev decap-cms@3` in the site's folder (docs/cms.md)\n",
        );
    };
    match std::fs::read(dist.join(name)) {
        Ok(bytes) => ok(crate::response::content_type(name), bytes),
        Err(_) => text(404, "not found\n"),
    }
}

/// `POST /__continuum/check` with `{"path": "content/iop/x.en.md", "text": ...}` or with
/// `{"path", "data": {front-matter fields and body}}` (what the CMS preview has).
fn check(site: &Site, body: &[u8]) -> Response {
    let request: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            return json_response(
                400,
                &json!({ "error": format!("the request is not JSON: {e}") }),
            )
        }
    };
    let Some(path) = request["path"].as_str() else {
        return json_response(400, &json!({ "error": "the request has no `path`" }));
    };
    let disk = backend(site).to_disk(path);
    let rel = match disk.strip_prefix("content/") {
        Some(rel) if rel.ends_with(".md") && paths::confine(&site.root, &disk).is_ok() => rel,
        _ => {
            return json_response(
                400,
                &json!({ "error": format!("`{path}` is not a Markdown file below content/") }),
            )
        }
    };
    let text = match (&request["text"], &request["data"]) {
        (Value::String(text), _) => text.clone(),
        (_, Value::Object(data)) => entry_text(data),
        _ => return json_response(400, &json!({ "error": "send `text` or `data`" })),
    };
    match checks::check_entry(&site.checks, &site.root, rel, &text) {
        Ok(report) => json_response(200, &json!(report)),
        Err(message) => json_response(500, &json!({ "error": message })),
    }
}

/// The file text of an entry the CMS holds as data: TOML front matter, then the body.
/// Empty values are left out, as the CMS leaves untouched fields out.
pub fn entry_text(data: &serde_json::Map<String, Value>) -> String {
    let body = data.get("body").and_then(Value::as_str).unwrap_or("");
    let mut front = serde_json::Map::new();
    for (key, value) in data {
        if key != "body" {
            if let Some(value) = prune(value) {
                front.insert(key.clone(), value);
            }
        }
    }
    let toml = serde_json::from_value::<toml::Table>(Value::Object(front))
        .ok()
        .and_then(|table| toml::to_string(&table).ok())
        .unwrap_or_default();
    format!("+++\n{toml}+++\n{body}")
}

/// `value` without nulls, empty strings, empty lists and empty tables.
fn prune(value: &Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Array(items) => {
            let items: Vec<Value> = items.iter().filter_map(prune).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(map) => {
            let map: serde_json::Map<String, Value> = map
                .iter()
                .filter_map(|(k, v)| prune(v).map(|v| (k.clone(), v)))
                .collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        other => Some(other.clone()),
    }
}

fn ok(content_type: &str, body: Vec<u8>) -> Response {
    Response {
        status: 200,
        headers: vec![("Content-Type", content_type.to_string())],
        body: Arc::from(body),
    }
}

fn text(status: u16, body: &str) -> Response {
    Response {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".to_string())],
        body: Arc::from(body.as_bytes()),
    }
}

fn json_response(status: u16, value: &Value) -> Response {
    let mut response = ok("application/json", value.to_string().into_bytes());
    response.status = status;
    response.headers.push(("Cache-Control", "no-store".into()));
    response
}

fn method_not_allowed(allow: &'static str) -> Response {
    let mut response = text(405, "method not allowed\n");
    response.headers.push(("Allow", allow.to_string()));
    response
}
