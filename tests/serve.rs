//! The dev server over a real loopback socket: pages, live reload after an edit, the error
//! overlay with the last good page kept, traversal refused, HEAD and conditional requests.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::TestSite;
use continuum::serve::{self, RunningServer, ServeOptions};

fn start(site: &TestSite) -> RunningServer {
    serve::start(ServeOptions {
        build: site.options(),
        interface: "127.0.0.1".parse().unwrap(),
        port: 0,
        verbose: false,
    })
    .expect("server starts")
}

/// A raw HTTP/1.1 request, so paths reach the server exactly as written.
fn request(address: SocketAddr, method: &str, path: &str, headers: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{headers}\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn get(address: SocketAddr, path: &str) -> (u16, String) {
    let (status, _, body) = request(address, "GET", path, "");
    (status, body)
}

/// Reads server-sent events until one named `name` arrives.
fn wait_for_event(events: &mut BufReader<TcpStream>, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        if events.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("event stream closed");
        }
        if line.trim() == format!("event: {name}") {
            return;
        }
    }
    panic!("no `{name}` event within 20 s");
}

fn subscribe(address: SocketAddr) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /__continuum/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while !line.starts_with(": connected") {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    reader
}

#[test]
fn serves_pages_with_the_reload_script_and_never_writes_public() {
    let site = TestSite::fixture("features");
    let server = start(&site);
    let (status, body) = get(server.address, "/care/iop/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Intensive outpatient</h1>"));
    assert!(body.contains(r#"<script type="module" src="/__continuum/reload.js"></script>"#));
    // Links point at the dev server, not at the configured base path.
    assert!(body.contains(r#"href="/care/outpatient/""#), "{body}");
    let (status, body) = get(server.address, "/__continuum/reload.js");
    assert_eq!(status, 200);
    assert!(body.contains("EventSource"));
    let (status, body) = get(server.address, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Not found"));
    server.stop();
    assert!(!site.output().exists());
}

#[test]
fn an_edit_rebuilds_and_reloads() {
    let site = TestSite::fixture("features");
    let server = start(&site);
    let mut events = subscribe(server.address);
    let before = server.generation();
    site.page(
        "therapies/dbt.md",
        "title = \"Dialectical behavior therapy\"",
        "A freshly edited sentence.\n",
    );
    wait_for_event(&mut events, "reload");
    assert!(server.generation() > before);
    let (_, body) = get(server.address, "/therapies/dbt/");
    assert!(body.contains("A freshly edited sentence."), "{body}");
    server.stop();
}

#[test]
fn the_search_index_follows_an_edit_without_a_second_reload() {
    let site = TestSite::fixture("features");
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!("{config}\n[search]\nenabled = true\n"),
    );
    let server = start(&site);
    let mut events = subscribe(server.address);
    let (status, manifest) = get(server.address, "/search/manifest.json");
    assert_eq!(status, 200);
    site.page(
        "therapies/new-group.md",
        "title = \"Skills group\"",
        "A brand new page about zebrafinch skills.\n",
    );
    // The page is served first; the index follows, with no further reload.
    wait_for_event(&mut events, "reload");
    let deadline = Instant::now() + Duration::from_secs(10);
    let updated = loop {
        let (_, now) = get(server.address, "/search/manifest.json");
        if now != manifest {
            break now;
        }
        assert!(
            Instant::now() < deadline,
            "the search index was not rebuilt"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let entry = updated.split("\"entry\":\"").nth(1).unwrap();
    let entry = entry.split('"').next().unwrap();
    let (status, _) = get(server.address, &format!("/search/{entry}"));
    assert_eq!(status, 200, "{updated}");
    events
        .get_ref()
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut line = String::new();
    let mut more = Vec::new();
    while events.read_line(&mut line).is_ok_and(|n| n > 0) {
        more.push(std::mem::take(&mut line));
    }
    assert!(
        !more.iter().any(|l| l.trim() == "event: reload"),
        "{more:?}"
    );
    server.stop();
}

#[test]
fn a_broken_edit_keeps_the_last_good_page_and_shows_errors() {
    let site = TestSite::fixture("features");
    let server = start(&site);
    let mut events = subscribe(server.address);
    site.write(
        "content/therapies/dbt.md",
        "+++\ntitle = \"DBT\"\ndraft = \"maybe\"\n+++\nBroken.\n",
    );
    wait_for_event(&mut events, "errors");
    let (status, body) = get(server.address, "/therapies/dbt/");
    assert_eq!(status, 200);
    assert!(
        body.contains("DBT teaches skills."),
        "the last good page stays: {body}"
    );
    let (_, errors) = get(server.address, "/__continuum/errors");
    assert!(errors.contains("content/therapies/dbt.md:3:9"), "{errors}");
    // Fixing the file clears the errors.
    site.page("therapies/dbt.md", "title = \"DBT\"", "Fixed now.\n");
    wait_for_event(&mut events, "reload");
    let (_, errors) = get(server.address, "/__continuum/errors");
    assert_eq!(errors.trim(), "");
    assert!(get(server.address, "/therapies/dbt/")
        .1
        .contains("Fixed now."));
    server.stop();
}

#[test]
fn traversal_is_refused_over_the_socket() {
    let site = TestSite::fixture("features");
    std::fs::write(site.root().join("secret.txt"), "secret").unwrap();
    let server = start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/care/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%2e%2e%5csecret.txt",
    ] {
        let (status, _, body) = request(server.address, "GET", path, "");
        assert_eq!(status, 400, "{path}");
        assert!(!body.contains("secret"), "{path}");
    }
    server.stop();
}

#[test]
fn head_and_conditional_requests_over_the_socket() {
    let site = TestSite::fixture("features");
    let server = start(&site);
    let (status, head, body) = request(server.address, "HEAD", "/care/bundle-page/chart.svg", "");
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert!(
        head.to_lowercase().contains("content-type: image/svg+xml"),
        "{head}"
    );
    let etag = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("ETag: ")
                .or_else(|| l.strip_prefix("etag: "))
        })
        .expect("etag")
        .to_string();
    let (status, _, _) = request(
        server.address,
        "GET",
        "/care/bundle-page/chart.svg",
        &format!("If-None-Match: {etag}\r\n"),
    );
    assert_eq!(status, 304);
    server.stop();
}

#[test]
fn request_bodies_are_bounded_and_routed() {
    let site = TestSite::minimal();
    let server = start(&site);
    // A page request with a body is refused; so is a post where nothing takes one.
    let (status, _, _) = request(server.address, "GET", "/", "Content-Length: 5\r\n\r\nhello");
    assert_eq!(status, 413);
    let (status, head, _) = request(server.address, "POST", "/", "Content-Length: 0\r\n");
    assert_eq!(status, 405, "{head}");
    // A body announced larger than the limit is refused before it is read.
    let (status, _, _) = request(
        server.address,
        "POST",
        "/",
        &format!("Content-Length: {}\r\n", serve::MAX_BODY + 1),
    );
    assert_eq!(status, 413);
    // Keep-alive: two requests on one connection get two answers.
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nope/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut both = String::new();
    let _ = stream.read_to_string(&mut both);
    assert_eq!(both.matches("HTTP/1.1 200").count(), 1, "{both}");
    assert_eq!(both.matches("HTTP/1.1 404").count(), 1, "{both}");
    server.stop();
}

/// `continuum serve` run as a user runs it: the built binary, in `dir`, with `args`. Killed
/// when dropped.
struct ServeProcess {
    child: std::process::Child,
    address: SocketAddr,
}

impl ServeProcess {
    fn start(dir: &std::path::Path, args: &[&str]) -> ServeProcess {
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_continuum"))
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("continuum serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads stdout to its end, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("serving on http://") {
                    let _ = tx.send(rest.split('/').next().unwrap_or("").to_string());
                }
            }
        });
        let address = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(address) => address.parse().expect("an address"),
            Err(_) => {
                let _ = child.kill();
                panic!("`continuum serve {args:?}` did not start serving");
            }
        };
        ServeProcess { child, address }
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` until it holds, for at most 20 s.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what}: not seen within 20 s");
}

/// A new site as `continuum init --minimal` writes it, in `parent/name`.
fn init_site(parent: &std::path::Path, name: &str) -> std::path::PathBuf {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_continuum"))
        .args(["init", "--minimal", name])
        .current_dir(parent)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("init runs");
    assert!(status.success());
    parent.join(name)
}

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn write_new(path: &std::path::Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Edits each kind of input the way an editor would and waits for the served site to show it.
fn every_kind_of_edit_shows(site: &std::path::Path, server: &ServeProcess) {
    let address = server.address;
    let article = "/articles/first-article/";
    let page_has = |path: &str, text: &str| get(address, path).1.contains(text);
    assert!(page_has(article, "Your first article"));

    let source = site.join("content/articles/first-article.md");
    std::fs::write(
        &source,
        std::fs::read_to_string(&source).unwrap() + "\nAn edited sentence about sleep.\n",
    )
    .unwrap();
    eventually("an article's text", || {
        page_has(article, "An edited sentence about sleep.")
    });

    // An editor's atomic save: the new text written beside the article, renamed over it.
    let saved = std::fs::read_to_string(&source).unwrap() + "\nSaved the way editors save.\n";
    let temporary = site.join("content/articles/.first-article.md.tmp");
    std::fs::write(&temporary, saved).unwrap();
    std::fs::rename(&temporary, &source).unwrap();
    eventually("an atomic save", || {
        page_has(article, "Saved the way editors save.")
    });

    edit(
        &source,
        "title = \"Your first article\"",
        "title = \"A renamed article\"",
    );
    eventually("a front-matter field", || {
        page_has(article, "A renamed article")
    });

    edit(
        &site.join("config.toml"),
        "title = \"Our Patient Education Library\"",
        "title = \"The Renamed Library\"",
    );
    eventually("a config key", || page_has("/", "The Renamed Library"));

    let theme_page =
        std::fs::read_to_string(site.join("themes/default/templates/page.html")).unwrap();
    write_new(
        &site.join("templates/page.html"),
        &theme_page.replacen(
            "{% block content %}",
            "{% block content %}<p>override marker</p>",
            1,
        ),
    );
    eventually("a new template override", || {
        page_has(article, "<p>override marker</p>")
    });

    let style = site.join("themes/default/static/style.css");
    std::fs::write(
        &style,
        std::fs::read_to_string(&style).unwrap() + "\n.theme-edit-marker{color:red}\n",
    )
    .unwrap();
    eventually("a theme static file", || {
        let page = get(address, article).1;
        page.match_indices("rel=\"stylesheet\" href=\"")
            .any(|(at, m)| {
                let href = &page[at + m.len()..];
                let href = &href[..href.find('"').unwrap_or(0)];
                let path = href.trim_start_matches(&format!("http://{address}"));
                get(address, path).1.contains(".theme-edit-marker")
            })
    });

    write_new(
        &site.join("i18n/en.toml"),
        "skip_link = \"Jump to the words\"\n",
    );
    eventually("a new i18n file", || page_has(article, "Jump to the words"));
    edit(
        &site.join("i18n/en.toml"),
        "Jump to the words",
        "Go to the text",
    );
    eventually("an i18n string", || page_has(article, "Go to the text"));

    write_new(&site.join("static/hello.txt"), "first version\n");
    eventually("a new static/ file", || {
        page_has("/hello.txt", "first version")
    });
    std::fs::write(site.join("static/hello.txt"), "second version\n").unwrap();
    eventually("an edited static/ file", || {
        page_has("/hello.txt", "second version")
    });
}

#[test]
fn serve_inside_the_site_folder_without_root_shows_every_edit() {
    let parent = tempfile::tempdir().unwrap();
    let site = init_site(parent.path(), "mysite");
    let server = ServeProcess::start(&site, &[]);
    every_kind_of_edit_shows(&site, &server);
}

#[test]
fn serve_with_root_dot_shows_every_edit() {
    let parent = tempfile::tempdir().unwrap();
    let site = init_site(parent.path(), "mysite");
    let server = ServeProcess::start(&site, &["--root", "."]);
    every_kind_of_edit_shows(&site, &server);
}

#[test]
fn serve_from_a_parent_folder_with_a_relative_root_shows_every_edit() {
    let parent = tempfile::tempdir().unwrap();
    let site = init_site(parent.path(), "site");
    let server = ServeProcess::start(parent.path(), &["--root", "site"]);
    every_kind_of_edit_shows(&site, &server);
}

#[test]
fn a_port_in_use_is_named_with_a_free_one_to_pass_and_exits_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let parent = tempfile::tempdir().unwrap();
    let site = init_site(parent.path(), "site");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_continuum"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(&site)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: port {port} on 127.0.0.1 is already in use"
        )),
        "{stderr}"
    );
    let suggested: u16 = stderr
        .split("`--port ")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no port suggested: {stderr}"));
    assert_ne!(suggested, port);
    drop(taken);
}
