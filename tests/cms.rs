//! The browser editor's server side (src/cms/, docs/cms.md): the Decap CMS configuration
//! generated from the content model, the local-backend protocol over the site's files, its
//! path and origin policy, and the checks endpoint. tests/browser/cms.test.mjs drives the
//! same code through the CMS's own interface in Chromium.

use std::fs;
use std::path::Path;

use continuum::cms::{self, backend::Backend, config, model, Request};
use serde_json::{json, Value};

/// A new site as `continuum init --minimal` writes it, with Spanish added.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    continuum::scaffold::init(dir.path(), true, false).unwrap();
    let config = dir.path().join("config.toml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str("\n[languages.en]\nname = \"English\"\n\n[languages.es]\nname = \"Español\"\n");
    fs::write(&config, text).unwrap();
    dir
}

fn generated(root: &Path) -> Value {
    let (config, sections) = cms::site_model(root).unwrap();
    let yaml = config::generate(&config, &sections, &config::Remote::default(), None).unwrap();
    serde_norway::from_str(&yaml).unwrap()
}

fn names(fields: &Value) -> Vec<String> {
    fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect()
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field `{name}`"))
}

#[test]
fn every_front_matter_key_the_loader_accepts_is_a_field_of_every_collection() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cms = generated(root);
    let keys = model::front_matter_keys();
    // Read from the loader's types, not listed here: a new key is in this list at once.
    assert!(keys.len() >= 20, "{keys:?}");
    let collections = cms["collections"].as_array().unwrap();
    assert!(collections.len() >= 8, "a collection per section");
    for collection in collections {
        let fields = &collection["fields"];
        let present = names(fields);
        for key in &keys {
            assert!(
                present.contains(key),
                "`{key}` is missing from {}",
                collection["name"]
            );
        }
        assert!(present.contains(&"body".to_string()));
        for (table, inner) in model::nested_keys() {
            let inner_fields = &field(fields, table)["fields"];
            for key in inner {
                assert!(
                    names(inner_fields).contains(&key),
                    "`{table}.{key}` is missing"
                );
            }
        }
    }
}

#[test]
fn fields_are_typed_from_the_content_model_and_the_configuration() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cms = generated(root);
    let iop = cms["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["folder"] == "content/iop")
        .expect("the iop section is a collection");
    assert_eq!(iop["format"], "toml-frontmatter");
    assert_eq!(iop["label"], "Inside an IOP");
    let fields = &iop["fields"];
    assert_eq!(field(fields, "updated")["widget"], "datetime");
    assert_eq!(field(fields, "updated")["format"], "YYYY-MM-DD");
    assert_eq!(field(fields, "draft")["widget"], "boolean");
    assert_eq!(field(fields, "faq")["widget"], "list");
    assert_eq!(field(fields, "sources")["widget"], "list");
    assert_eq!(
        field(&field(fields, "sources")["fields"], "year")["value_type"],
        "int"
    );
    // Taxonomies: the configured terms are the choices.
    let therapies = field(&field(fields, "taxonomies")["fields"], "therapies");
    assert_eq!(therapies["widget"], "select");
    assert_eq!(therapies["multiple"], true);
    assert!(therapies["options"]
        .as_array()
        .unwrap()
        .contains(&json!("CBT")));
    // Comparison facts, typed by the compare schema.
    let facts = &field(fields, "facts")["fields"];
    assert_eq!(field(facts, "overnight_stay")["widget"], "boolean");
    assert_eq!(field(facts, "setting")["widget"], "string");
    // Translations: NAME.es.md files, every language of the site.
    assert_eq!(cms["i18n"]["structure"], "multiple_files");
    assert_eq!(cms["i18n"]["locales"], json!(["en", "es"]));
    assert_eq!(cms["i18n"]["default_locale"], "en");
    // Media beside the article.
    assert_eq!(iop["media_folder"], "");
    assert!(
        cms.get("local_backend").is_none(),
        "the deployed file names no local server"
    );
}

fn post(backend: &Backend, body: Value) -> (u16, Value) {
    backend.answer(body.to_string().as_bytes())
}

fn backend(root: &Path) -> Backend {
    Backend {
        root: root.to_path_buf(),
        languages: vec!["en".into(), "es".into()],
    }
}

#[test]
fn the_protocol_lists_reads_and_writes_with_default_language_names_mapped() {
    let dir = site();
    let backend = backend(dir.path());
    let (status, info) = post(&backend, json!({ "action": "info" }));
    assert_eq!(status, 200);
    assert_eq!(info["publish_modes"], json!(["simple"]));

    fs::write(
        dir.path().join("content/articles/first-article.es.md"),
        "+++\ntitle = \"Primer artículo\"\n+++\nTexto.\n",
    )
    .unwrap();
    let (status, entries) = post(
        &backend,
        json!({ "action": "entriesByFolder", "params": { "folder": "content/articles", "extension": "md", "depth": 1 } }),
    );
    assert_eq!(status, 200);
    let paths: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"]["path"].as_str().unwrap())
        .collect();
    // The CMS names every language's file NAME.LANG.md; the section's _index.md is no entry.
    assert_eq!(
        paths,
        [
            "content/articles/first-article.en.md",
            "content/articles/first-article.es.md"
        ]
    );
    assert!(entries[0]["data"]
        .as_str()
        .unwrap()
        .contains("Your first article"));

    let raw = "+++\ntitle = \"Cravings\"\ndraft = true\n+++\nText.\n";
    let (status, _) = post(
        &backend,
        json!({ "action": "persistEntry", "params": { "dataFiles": [
            { "path": "content/articles/cravings.en.md", "raw": raw },
            { "path": "content/articles/cravings.es.md", "raw": "+++\ndraft = true\n+++\n" },
        ], "assets": [
            { "path": "content/articles/photo.png", "content": "iVBORw0KGgo=", "encoding": "base64" },
        ] } }),
    );
    assert_eq!(status, 200);
    let articles = dir.path().join("content/articles");
    assert_eq!(
        fs::read_to_string(articles.join("cravings.md")).unwrap(),
        raw
    );
    assert!(!articles.join("cravings.en.md").exists());
    assert!(
        !articles.join("cravings.es.md").exists(),
        "an untranslated stub is not written"
    );
    assert_eq!(
        fs::read(articles.join("photo.png")).unwrap(),
        b"\x89PNG\r\n\x1a\n"
    );

    let (status, entry) = post(
        &backend,
        json!({ "action": "getEntry", "params": { "path": "content/articles/cravings.en.md" } }),
    );
    assert_eq!((status, entry["data"].as_str()), (200, Some(raw)));
    let (status, media) = post(
        &backend,
        json!({ "action": "getMedia", "params": { "mediaFolder": "content/articles" } }),
    );
    assert_eq!(status, 200);
    assert_eq!(media[0]["name"], "photo.png");
    assert_eq!(media[0]["content"], "iVBORw0KGgo=");
    let (status, _) = post(
        &backend,
        json!({ "action": "deleteFile", "params": { "path": "content/articles/cravings.en.md" } }),
    );
    assert_eq!(status, 200);
    assert!(!articles.join("cravings.md").exists());
    assert_eq!(post(&backend, json!({ "action": "nope" })).0, 422);
    assert_eq!(backend.answer(b"not json").0, 400);
}

#[test]
fn paths_outside_content_and_static_are_refused_in_every_action() {
    let dir = site();
    let backend = backend(dir.path());
    let config_before = fs::read_to_string(dir.path().join("config.toml")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("content/loop")).unwrap();
    for bad in [
        "config.toml",
        "/etc/passwd",
        "content/../config.toml",
        "content/loop/config.toml",
        "themes/default/theme.toml",
        "static/..\\config.toml",
        "content/.hidden.md",
    ] {
        let write = json!({ "action": "persistEntry", "params": { "dataFiles": [{ "path": bad, "raw": "x" }], "assets": [] } });
        assert_eq!(post(&backend, write).0, 400, "write {bad}");
        let read = json!({ "action": "getEntry", "params": { "path": bad } });
        assert_eq!(post(&backend, read).0, 400, "read {bad}");
        let delete = json!({ "action": "deleteFile", "params": { "path": bad } });
        assert_eq!(post(&backend, delete).0, 400, "delete {bad}");
        let media = json!({ "action": "persistMedia", "params": { "asset": { "path": bad, "content": "", "encoding": "base64" } } });
        assert_eq!(post(&backend, media).0, 400, "upload {bad}");
    }
    // One bad path in a save refuses the whole save.
    let mixed = json!({ "action": "persistEntry", "params": { "dataFiles": [
        { "path": "content/ok.en.md", "raw": "+++\ntitle = \"A\"\n+++\n" },
        { "path": "content/../config.toml", "raw": "x" },
    ], "assets": [] } });
    assert_eq!(post(&backend, mixed).0, 400);
    assert!(!dir.path().join("content/ok.md").exists());
    assert_eq!(
        fs::read_to_string(dir.path().join("config.toml")).unwrap(),
        config_before
    );
}

fn request<'a>(method: &'a str, path: &'a str, body: &'a [u8]) -> Request<'a> {
    Request {
        method,
        path,
        host: Some("127.0.0.1:4000"),
        origin: (method == "POST").then_some("http://127.0.0.1:4000"),
        content_type: (method == "POST").then_some("application/json"),
        body,
    }
}

#[test]
fn only_this_servers_own_page_may_call_the_cms() {
    let dir = site();
    let site = cms::Site::new(dir.path().to_path_buf(), "http://127.0.0.1:4000".into());
    let info = json!({ "action": "info" }).to_string();
    let ok = cms::handle(
        &site,
        &request("POST", "/__continuum/api/v1", info.as_bytes()),
    )
    .unwrap();
    assert_eq!(ok.status, 200);
    let mut rebinding = request("POST", "/__continuum/api/v1", info.as_bytes());
    rebinding.host = Some("evil.example:4000");
    assert_eq!(cms::handle(&site, &rebinding).unwrap().status, 403);
    let mut cross_site = request("POST", "/__continuum/api/v1", info.as_bytes());
    cross_site.origin = Some("https://evil.example");
    assert_eq!(cms::handle(&site, &cross_site).unwrap().status, 403);
    let mut form = request("POST", "/__continuum/api/v1", info.as_bytes());
    form.content_type = Some("text/plain");
    assert_eq!(cms::handle(&site, &form).unwrap().status, 415);
    assert_eq!(
        cms::handle(&site, &request("GET", "/__continuum/api/v1", b""))
            .unwrap()
            .status,
        405
    );
    assert!(
        cms::handle(&site, &request("GET", "/iop/", b"")).is_none(),
        "other paths are the site's"
    );

    let admin = cms::handle(&site, &request("GET", "/admin/", b"")).unwrap();
    assert_eq!(admin.status, 200);
    assert!(admin
        .header("Content-Security-Policy")
        .unwrap()
        .contains("'unsafe-eval'"));
    assert!(String::from_utf8_lossy(&admin.body).contains("src=\"decap-cms.js\""));
    let config = cms::handle(&site, &request("GET", "/admin/config.yml", b"")).unwrap();
    let yaml = String::from_utf8_lossy(&config.body).to_string();
    assert!(
        yaml.contains("url: http://127.0.0.1:4000/__continuum/api/v1"),
        "{yaml}"
    );
    for path in [
        "/admin/../config.toml",
        "/admin/..%2fconfig.toml",
        "/admin/x/decap-cms.js",
        "/admin/config.toml",
    ] {
        assert_eq!(
            cms::handle(&site, &request("GET", path, b""))
                .unwrap()
                .status,
            404,
            "{path}"
        );
    }
}

fn check(site: &cms::Site, path: &str, text: &str) -> Value {
    let body = json!({ "path": path, "text": text }).to_string();
    let response = cms::handle(
        site,
        &request("POST", "/__continuum/check", body.as_bytes()),
    )
    .unwrap();
    assert_eq!(
        response.status,
        200,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    serde_json::from_slice(&response.body).unwrap()
}

fn messages(report: &Value) -> String {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}: {} | {}", f["severity"], f["message"], f["help"]))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_checks_endpoint_reports_the_edited_texts_own_findings() {
    let dir = site();
    let site = cms::Site::new(dir.path().to_path_buf(), "http://127.0.0.1:4000".into());
    let article = fs::read_to_string(dir.path().join("content/articles/first-article.md")).unwrap();
    let clean = check(&site, "content/articles/first-article.en.md", &article);
    assert_eq!(clean["file"], "content/articles/first-article.md");
    assert!(
        clean["article"]["grade"].as_f64().is_some(),
        "the readability grade: {clean}"
    );

    let broken = article.replace("(../about.md)", "(../abuot.md)");
    let report = check(&site, "content/articles/first-article.en.md", &broken);
    let found = messages(&report);
    assert!(found.contains("abuot.md"), "{found}");
    assert!(found.contains("about.md"), "did you mean: {found}");
    assert!(report["findings"][0]["line"].as_u64().is_some());
    // Nothing was written: the file on disk is as it was.
    assert_eq!(
        fs::read_to_string(dir.path().join("content/articles/first-article.md")).unwrap(),
        article
    );

    let image = article.replace(
        "## What to write here",
        "![](photo.png)\n\n## What to write here",
    );
    fs::write(
        dir.path().join("content/articles/photo.png"),
        b"\x89PNG\r\n\x1a\n",
    )
    .unwrap();
    let found = messages(&check(
        &site,
        "content/articles/first-article.en.md",
        &image,
    ));
    assert!(
        found.to_lowercase().contains("alt"),
        "missing alt text: {found}"
    );

    // A new article, not saved yet, from the CMS's data; review fields are checked.
    let data = json!({ "title": "New", "draft": false, "slug": "", "body": "Short text about care. Ask your team." });
    let body = json!({ "path": "content/articles/new.en.md", "data": data }).to_string();
    let response = cms::handle(
        &site,
        &request("POST", "/__continuum/check", body.as_bytes()),
    )
    .unwrap();
    let report: Value = serde_json::from_slice(&response.body).unwrap();
    let found = messages(&report);
    assert!(
        found.contains("approv") || found.contains("review"),
        "review fields: {found}"
    );
}

#[test]
fn init_sites_include_the_cms_and_their_pages_never_load_it() {
    let dir = tempfile::tempdir().unwrap();
    continuum::scaffold::init(dir.path(), true, false).unwrap();
    let yaml = fs::read_to_string(dir.path().join("static/admin/config.yml")).unwrap();
    let cms: Value = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(cms["backend"]["name"], "github");
    assert!(cms["collections"].as_array().unwrap().len() >= 2);
    assert!(
        fs::read_to_string(dir.path().join("static/admin/index.html"))
            .unwrap()
            .contains("decap-cms.js")
    );
    let package = fs::read_to_string(dir.path().join("package.json")).unwrap();
    assert!(
        package.contains("\"decap-cms\""),
        "npm install fetches the CMS: {package}"
    );

    let options = continuum::BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let outcome = continuum::build(&options);
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let public = dir.path().join("public");
    assert!(
        public.join("admin/index.html").is_file(),
        "the editor is deployed with the site"
    );
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") && !path.starts_with(public.join("admin"))
        {
            let html = fs::read_to_string(path).unwrap();
            assert!(
                !html.contains("decap") && !html.contains("/admin/"),
                "{} loads the CMS",
                path.display()
            );
        }
    }
}

/// One raw HTTP exchange with the running server.
fn exchange(address: std::net::SocketAddr, request: &[&[u8]]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    for part in request {
        stream.write_all(part).unwrap();
        stream.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn serve_reads_bounded_json_bodies_for_the_cms_routes_only() {
    let dir = site();
    let server = continuum::serve::start(continuum::serve::ServeOptions {
        build: continuum::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        },
        interface: "127.0.0.1".parse().unwrap(),
        port: 0,
        verbose: false,
    })
    .unwrap();
    let address = server.address;
    let body = br#"{"action":"info"}"#;
    let head = format!(
        "POST /__continuum/api/v1 HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nOrigin: http://{address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    // The body arriving after the head, in two pieces.
    let answer = exchange(address, &[head.as_bytes(), &body[..5], &body[5..]]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"local_fs\""), "{answer}");

    let huge = format!(
        "POST /__continuum/api/v1 HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        cms::MAX_BODY + 1
    );
    assert!(exchange(address, &[huge.as_bytes()]).starts_with("HTTP/1.1 413"));
    // A chunked body is read like any other (hyper decodes it).
    let chunked = format!(
        "POST /__continuum/api/v1 HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nOrigin: http://{address}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{}\r\n0\r\n\r\n",
        body.len(),
        String::from_utf8_lossy(body)
    );
    let answer = exchange(address, &[chunked.as_bytes()]);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"local_fs\""), "{answer}");
    // Other paths still take no body.
    let page = format!("POST / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 2\r\n\r\n{{}}");
    assert!(exchange(address, &[page.as_bytes()]).starts_with("HTTP/1.1 413"));
    server.stop();
}
