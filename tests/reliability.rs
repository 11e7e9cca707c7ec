//! The output is never lost or half-written: a build killed at any moment, a full disk, a
//! write error and concurrent builds all leave the previous output byte for byte, and the next
//! build cleans up after them. Also: the same input gives the same bytes in any folder, and the
//! dev server bounds large and slow requests.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{copy_dir, tree, TestSite};
use continuum::emit::{self, lock::OutputLock, Writer};

/// A site of `pages` articles with some bulk, so that writing it takes a moment.
fn large_site(pages: usize) -> TestSite {
    let site = TestSite::minimal();
    let paragraph =
        "Your care team meets with you every week to plan the next steps of treatment. \
                     Family members are welcome at the Tuesday group. "
            .repeat(12);
    for i in 0..pages {
        let section = i % 10;
        if i < 10 {
            site.page(
                &format!("s{section}/_index.md"),
                &format!("title = \"Section {section}\""),
                "",
            );
        }
        let next = (i + 1) % pages;
        site.page(
            &format!("s{section}/page-{i}.md"),
            &format!("title = \"Page {i}\"\ndescription = \"Article {i}.\""),
            &format!(
                "## Overview\n\n{paragraph}\n\nSee [page {next}](../s{}/page-{next}.md).\n\n## Details\n\n{paragraph}\n",
                next % 10
            ),
        );
    }
    for i in 0..20 {
        site.write_bytes(
            &format!("content/files/blob-{i}.bin"),
            &vec![i as u8; 256 * 1024],
        );
    }
    site
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_continuum"))
}

fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The record of the last build stays beside the output on purpose.
        .filter(|n| n.starts_with(".public.") && n != ".public.build.json")
        .collect();
    names.sort();
    names
}

type Tree = BTreeMap<String, Vec<u8>>;

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_output() {
    let site = large_site(300);
    site.build_ok();
    let old: Tree = tree(&site.output());
    // Change every page, so that a finished build would differ from the old output.
    let config = fs::read_to_string(site.root().join("config.toml")).unwrap();
    fs::write(
        site.root().join("config.toml"),
        config.replace("title = \"Fixture\"", "title = \"Fixture, edited\""),
    )
    .unwrap();
    let mut states: Vec<(String, Tree)> = Vec::new();
    let delays_ms = [0u64, 5, 20, 50, 100, 200, 400, 800];
    let started = Instant::now();
    for (round, delay) in delays_ms.iter().enumerate() {
        let mut child = binary()
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let staging = site.root().join(format!(".public.tmp-{}", child.id()));
        if round % 2 == 1 {
            // Wait until the build is writing, then wait `delay` more.
            let deadline = Instant::now() + Duration::from_secs(60);
            while !staging.exists() && Instant::now() < deadline {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
        }
        std::thread::sleep(Duration::from_millis(*delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let when = format!("round {round}, {delay} ms, exit {status:?}");
        states.push((when, tree(&site.output())));
    }
    // A build run to its end cleans up and gives the new output.
    site.build_ok();
    let new: Tree = tree(&site.output());
    assert_ne!(old, new);
    let mut killed_before_swap = 0;
    for (when, state) in &states {
        if *state == old {
            killed_before_swap += 1;
        } else {
            assert!(
                *state == new,
                "{when}: the output is neither the old nor the new one"
            );
        }
    }
    eprintln!(
        "{} kills in {:.1} s, {killed_before_swap} before the swap",
        states.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(killed_before_swap > 0, "no kill landed before the swap");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_stale_temporary_folder_and_lock_are_cleaned_by_the_next_build() {
    let site = TestSite::minimal();
    site.build_ok();
    // What a build killed long ago (pid 999999 is not running) leaves.
    fs::create_dir_all(site.root().join(".public.tmp-999999/half")).unwrap();
    fs::write(
        site.root().join(".public.tmp-999999/half/index.html"),
        "<p>half",
    )
    .unwrap();
    fs::write(site.root().join(".public.lock"), "999999").unwrap();
    site.build_ok();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_build_killed_between_the_two_renames_gets_its_output_back() {
    // File systems without an atomic exchange swap with two renames; a kill between them
    // leaves the old output at `.public.tmp-PID.old` and none at `public/`.
    let site = TestSite::minimal();
    site.build_ok();
    let old = tree(&site.output());
    fs::rename(site.output(), site.root().join(".public.tmp-999999.old")).unwrap();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    );
    // The next build restores it before anything else, then replaces it as usual.
    let produced = continuum::produce(&site.options());
    let (site_data, files) = produced.0.expect("builds");
    let target = emit::Target::check(site.root(), &site.output(), false).unwrap();
    emit::emit(&target, &files, &site_data).unwrap();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert_eq!(tree(&site.output()).len(), old.len());
}

/// Fails every write (or link) after the first `after`, as a full disk does.
struct FullDisk {
    after: usize,
    writes: AtomicUsize,
}

impl FullDisk {
    fn check(&self) -> io::Result<()> {
        if self.writes.fetch_add(1, Ordering::SeqCst) >= self.after {
            Err(io::Error::from_raw_os_error(28))
        } else {
            Ok(())
        }
    }
}

impl Writer for FullDisk {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.check()?;
        fs::write(path, bytes)
    }

    fn copy(&self, from: &Path, to: &Path) -> io::Result<u64> {
        self.check()?;
        fs::copy(from, to)
    }

    fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check()?;
        fs::hard_link(from, to)
    }
}

#[test]
fn a_write_error_at_any_point_leaves_the_old_output() {
    let site = TestSite::fixture("features");
    site.build_ok();
    let old = tree(&site.output());
    site.page("extra.md", "title = \"Extra\"", "New page.\n");
    let (produced, _) = continuum::produce(&site.options());
    let (site_data, files) = produced.expect("builds");
    for after in [0, 1, 5, files.len() / 2, files.len()] {
        let writer = FullDisk {
            after,
            writes: AtomicUsize::new(0),
        };
        let target = emit::Target::check(site.root(), &site.output(), false).unwrap();
        let error =
            emit::emit_with(&target, &files, &site_data, &writer).expect_err("the disk is full");
        assert!(
            error
                .message
                .starts_with("cannot write the output: no space left on device"),
            "{}",
            error.message
        );
        assert!(error.help.as_deref().unwrap().contains("disk space"));
        assert_eq!(tree(&site.output()), old, "after {after} writes");
        assert_eq!(leftovers(site.root()), Vec::<String>::new());
    }
}

/// A real full disk: a 1 MB tmpfs. Needs root and a kernel that lets us mount.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_old_output() {
    let disk = tempfile::tempdir().unwrap();
    if !common::mount_tmpfs(disk.path(), "1m") {
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(disk.path());
    let site = TestSite::minimal();
    let output = disk.path().join("public");
    let mut options = site.options();
    options.output = Some(output.clone());
    let outcome = continuum::build(&options);
    assert!(
        !outcome.diagnostics.has_errors(),
        "{}",
        outcome.diagnostics.report(false)
    );
    let old = tree(&output);
    // 1.5 MB of assets cannot fit beside the old output.
    site.write_bytes("content/big.bin", &vec![7u8; 1536 * 1024]);
    let outcome = continuum::build(&options);
    let error = common::single_error(&outcome);
    assert!(
        error.message.contains("no space left on device"),
        "{}",
        error.message
    );
    assert_eq!(tree(&output), old);
    let mut left: Vec<_> = fs::read_dir(disk.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // The old output, and the record of the build that made it.
    assert_eq!(left, [".public.build.json", "public"]);
}

#[test]
fn a_second_build_is_refused_while_one_writes() {
    let site = TestSite::minimal();
    site.build_ok();
    let held = OutputLock::acquire(&site.output()).unwrap();
    let outcome = site.build();
    let d = common::single_error(&outcome);
    assert_eq!(
        d.message,
        format!(
            "another build is writing public/ (pid {})",
            std::process::id()
        )
    );
    let help = d.help.clone().unwrap();
    assert!(help.starts_with("wait for it, or remove "), "{help}");
    assert!(
        help.ends_with(".public.lock if no build is running"),
        "{help}"
    );
    drop(held);
    site.build_ok();
    assert!(!site.root().join(".public.lock").exists());
}

#[test]
fn concurrent_builds_never_corrupt_the_output() {
    let site = large_site(120);
    site.build_ok();
    site.page("late.md", "title = \"Late\"", "Added later.\n");
    let children: Vec<_> = (0..4)
        .map(|_| {
            binary()
                .args(["build", "--root"])
                .arg(site.root())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut succeeded = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            succeeded += 1;
        } else {
            assert!(
                stderr.contains("another build is writing public/"),
                "{stderr}"
            );
        }
    }
    assert!(succeeded >= 1);
    let concurrent = tree(&site.output());
    site.build_ok();
    assert_eq!(concurrent, tree(&site.output()));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn the_bundled_site_builds_to_the_same_bytes_in_any_folder() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut trees = Vec::new();
    for _ in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        for part in ["content", "themes", "static", "templates"] {
            if repo.join(part).is_dir() {
                copy_dir(&repo.join(part), &dir.path().join(part));
            }
        }
        fs::copy(repo.join("config.toml"), dir.path().join("config.toml")).unwrap();
        let outcome = continuum::build(&continuum::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        });
        assert!(
            !outcome.diagnostics.has_errors(),
            "{}",
            outcome.diagnostics.report(false)
        );
        trees.push((tree(&dir.path().join("public")), dir));
    }
    let (a, b) = (&trees[0].0, &trees[1].0);
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in a {
        assert!(b[path] == *bytes, "{path} differs between the two builds");
    }
}

fn serve(site: &TestSite) -> continuum::serve::RunningServer {
    continuum::serve::start(continuum::serve::ServeOptions {
        build: site.options(),
        interface: "127.0.0.1".parse().unwrap(),
        port: 0,
        verbose: false,
    })
    .expect("server starts")
}

fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn get_home(address: SocketAddr) -> u16 {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    status_of(&response)
}

#[test]
fn the_dev_server_refuses_huge_heads_and_survives_a_flood() {
    let site = TestSite::minimal();
    let server = serve(&site);
    // A header just over the limit gets 431.
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
    head.resize(continuum::serve::MAX_HEAD + 1024, b'a');
    let _ = stream.write_all(&head);
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert_eq!(status_of(&response), 431, "{response}");
    // A 10 MB header is cut off early: the server closes long before it is all sent.
    let mut stream = TcpStream::connect(server.address).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let _ = stream.write_all(b"GET / HTTP/1.1\r\nX-Huge: ");
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0usize;
    while sent < 10 << 20 {
        match stream.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    assert!(sent < 10 << 20, "the server took the whole 10 MB header");
    assert_eq!(get_home(server.address), 200);
    server.stop();
}

#[test]
fn the_dev_server_times_out_a_client_sending_one_byte_at_a_time() {
    let site = TestSite::minimal();
    let server = serve(&site);
    let mut slow = TcpStream::connect(server.address).unwrap();
    slow.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let started = Instant::now();
    let mut response = Vec::new();
    let mut bytes = b"GET / HTTP/1.1\r\nX-Slow: "
        .iter()
        .chain(std::iter::repeat(&b'a'));
    let mut round = 0;
    let mut closed = false;
    while started.elapsed() < continuum::serve::HEAD_DEADLINE + Duration::from_secs(5) {
        if slow.write_all(&[*bytes.next().unwrap()]).is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 256];
        match slow.read(&mut buf) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(n) => {
                response.extend_from_slice(&buf[..n]);
                closed = true;
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                closed = true;
                break;
            }
            Err(_) => {}
        }
        // Other clients are served meanwhile.
        round += 1;
        if round == 8 {
            assert_eq!(get_home(server.address), 200);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let elapsed = started.elapsed();
    let response = String::from_utf8_lossy(&response);
    // hyper closes a connection whose head is late without an answer (a 408 is optional).
    assert!(
        closed,
        "the slow connection was still open after {elapsed:?}"
    );
    assert!(
        response.is_empty() || status_of(&response) == 408,
        "{response}"
    );
    assert!(
        elapsed < continuum::serve::HEAD_DEADLINE + Duration::from_secs(2),
        "{elapsed:?}"
    );
    server.stop();
}

#[test]
fn the_dev_server_caps_open_connections() {
    let site = TestSite::minimal();
    let server = serve(&site);
    let idle: Vec<TcpStream> = (0..continuum::serve::MAX_CONNECTIONS)
        .map(|_| {
            let mut s = TcpStream::connect(server.address).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut extra = TcpStream::connect(server.address).unwrap();
    extra
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = extra.write_all(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    let mut response = String::new();
    let _ = extra.read_to_string(&mut response);
    assert_eq!(status_of(&response), 503, "{response}");
    drop(idle);
    // Once they are gone, requests are served again.
    let deadline = Instant::now() + Duration::from_secs(5);
    while get_home(server.address) != 200 {
        assert!(Instant::now() < deadline, "the server did not recover");
        std::thread::sleep(Duration::from_millis(50));
    }
    server.stop();
}
