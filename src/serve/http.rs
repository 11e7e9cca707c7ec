//! Answers one dev-server request from the in-memory site: safe path handling (no traversal
//! in any encoding), content types, 404 page, HEAD and conditional requests (ETag). Pure:
//! request in, response out, so it is tested without sockets as well as over them.

use std::sync::Arc;

use super::state::{File, Snapshot};

/// Where the dev server's own files live; no content path can start with it.
pub const PREFIX: &str = "/__continuum/";
const MAX_URL: usize = 8 * 1024;
const RELOAD_JS: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

pub use crate::response::{content_type, Response};

/// One request as the transport read it, body included.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Answers any request: the site's files for `GET` and `HEAD`.
pub fn route(request: &Request, snapshot: &Snapshot) -> Response {
    // A page request carries no body; one that does is not what it seems.
    if matches!(request.method.as_str(), "GET" | "HEAD") && !request.body.is_empty() {
        return Response::text(413, "request bodies are not accepted here\n");
    }
    respond(
        &request.method,
        &request.target,
        request.header("If-None-Match"),
        snapshot,
    )
}

/// Answers `method url` (with the request's `If-None-Match`, if any).
pub fn respond(
    method: &str,
    url: &str,
    if_none_match: Option<&str>,
    snapshot: &Snapshot,
) -> Response {
    let head = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut response = Response::text(405, "method not allowed\n");
            response.headers.push(("Allow", "GET, HEAD".into()));
            return response;
        }
    };
    let mut response = answer(url, if_none_match, snapshot);
    if head {
        response
            .headers
            .push(("Content-Length", response.body.len().to_string()));
        response.body = Arc::from(Vec::new());
    }
    response
}

fn answer(url: &str, if_none_match: Option<&str>, snapshot: &Snapshot) -> Response {
    if url.len() > MAX_URL {
        return Response::text(414, "address too long\n");
    }
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(path) = clean_path(path) else {
        return Response::text(400, "bad path\n");
    };
    if let Some(own) = format!("/{path}").strip_prefix(PREFIX) {
        return own_file(own, snapshot);
    }
    let (key, file) = match lookup(&path, snapshot) {
        Lookup::Found(key, file) => (key, file),
        Lookup::Redirect(to) => {
            let mut response = Response::text(301, "moved\n");
            response.headers.push(("Location", to));
            return response;
        }
        Lookup::Missing => return not_found(snapshot),
    };
    let etag = format!("\"{:x}-{}\"", file.hash, snapshot.generation);
    if if_none_match
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        let mut response = Response::new(304, content_type(&key), Arc::from(Vec::new()));
        response.headers.push(("ETag", etag));
        return response;
    }
    let body = if key.ends_with(".html") {
        inject(&file.bytes)
    } else {
        file.bytes.clone()
    };
    let mut response = Response::new(200, content_type(&key), body);
    response.headers.push(("ETag", etag));
    response.headers.push(("Cache-Control", "no-cache".into()));
    response
}

enum Lookup {
    Found(String, Arc<File>),
    Redirect(String),
    Missing,
}

fn lookup(path: &str, snapshot: &Snapshot) -> Lookup {
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if let Some(file) = snapshot.files.get(&key) {
        return Lookup::Found(key, file.clone());
    }
    // `/iop` → `/iop/` when that is a page, as static hosts do.
    if !path.is_empty()
        && !path.ends_with('/')
        && snapshot.files.contains_key(&format!("{path}/index.html"))
    {
        return Lookup::Redirect(format!("/{path}/"));
    }
    Lookup::Missing
}

fn not_found(snapshot: &Snapshot) -> Response {
    match snapshot.files.get("404.html") {
        Some(file) => Response::new(404, "text/html; charset=utf-8", inject(&file.bytes)),
        None => Response::text(404, "not found\n"),
    }
}

fn own_file(name: &str, snapshot: &Snapshot) -> Response {
    match name {
        "reload.js" => Response::new(
            200,
            "text/javascript; charset=utf-8",
            Arc::from(RELOAD_JS.as_bytes()),
        ),
        "overlay.css" => Response::new(
            200,
            "text/css; charset=utf-8",
            Arc::from(OVERLAY_CSS.as_bytes()),
        ),
        "errors" => {
            let mut response = Response::text(200, snapshot.errors.as_deref().unwrap_or(""));
            response.headers.push(("Cache-Control", "no-store".into()));
            response
        }
        _ => Response::text(404, "not found\n"),
    }
}

/// Percent-decodes and checks a URL path; `None` for anything that could climb out of the
/// site (`..` in any encoding, backslashes, NUL, invalid UTF-8). Returns the path without
/// its leading slash.
pub fn clean_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let parts: Vec<&str> = decoded.split('/').collect();
    if parts.iter().any(|p| *p == ".." || *p == ".") {
        return None;
    }
    // A decoded `%2e%2e` is refused above; a double-encoded one stays literal text.
    Some(decoded.trim_start_matches('/').to_string())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Adds the reload script before `</head>` (or at the end); it loads the overlay's style
/// into the overlay's own shadow root.
fn inject(html: &[u8]) -> Arc<[u8]> {
    let tags = format!("<script type=\"module\" src=\"{PREFIX}reload.js\"></script>");
    let text = String::from_utf8_lossy(html);
    let injected = match text.rfind("</head>") {
        Some(at) => format!("{}{tags}{}", &text[..at], &text[at..]),
        None => format!("{text}{tags}"),
    };
    Arc::from(injected.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn snapshot() -> Snapshot {
        let mut files = HashMap::new();
        for (path, body) in [
            ("index.html", "<html><head></head><body>home</body></html>"),
            ("iop/index.html", "<html><head></head>iop</html>"),
            ("style.css", "body{}"),
            ("404.html", "<html><head></head>missing</html>"),
        ] {
            files.insert(
                path.to_string(),
                Arc::new(File::new(body.as_bytes().to_vec())),
            );
        }
        Snapshot {
            files,
            errors: None,
            generation: 1,
        }
    }

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        for path in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/..%5c..%5cwindows",
            "/%00",
            "/a/./b",
            "/..%2f",
            "/%c0%ae%c0%ae/",
        ] {
            assert_eq!(
                respond("GET", path, None, &snapshot()).status,
                400,
                "{path}"
            );
        }
        // Double encoding stays literal: just a missing page.
        assert_eq!(
            respond("GET", "/%252e%252e/etc/passwd", None, &snapshot()).status,
            404
        );
    }

    #[test]
    fn pages_types_redirects_and_404() {
        let s = snapshot();
        let home = respond("GET", "/", None, &s);
        assert_eq!(home.status, 200);
        assert_eq!(
            home.header("Content-Type"),
            Some("text/html; charset=utf-8")
        );
        assert!(String::from_utf8_lossy(&home.body).contains("/__continuum/reload.js"));
        assert_eq!(
            respond("GET", "/style.css?v=1", None, &s).header("Content-Type"),
            Some("text/css; charset=utf-8")
        );
        let redirect = respond("GET", "/iop", None, &s);
        assert_eq!(
            (redirect.status, redirect.header("Location")),
            (301, Some("/iop/"))
        );
        let missing = respond("GET", "/nope/", None, &s);
        assert_eq!(missing.status, 404);
        assert!(String::from_utf8_lossy(&missing.body).contains("missing"));
        assert_eq!(respond("POST", "/", None, &s).status, 405);
    }

    #[test]
    fn head_and_conditional_requests() {
        let s = snapshot();
        let get = respond("GET", "/style.css", None, &s);
        let head = respond("HEAD", "/style.css", None, &s);
        assert!(head.body.is_empty());
        assert_eq!(head.header("Content-Length"), Some("6"));
        let etag = get.header("ETag").unwrap().to_string();
        assert_eq!(respond("GET", "/style.css", Some(&etag), &s).status, 304);
        assert_eq!(
            respond("GET", "/style.css", Some("\"other\""), &s).status,
            200
        );
    }
}
