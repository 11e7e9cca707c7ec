//! Edit-to-page latency of `continuum serve`: starts the dev server on a site, then edits one
//! article N times and measures, each time, from the file write until the rebuilt page is
//! served over HTTP. `cargo run --release --example bench_serve -- SITE_DIR [RUNS]`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use continuum::serve::{self, ServeOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = PathBuf::from(
        args.get(1)
            .expect("usage: bench_serve SITE_DIR [RUNS] [PAUSE_MS]"),
    );
    // The pause between one edit's page and the next edit: short pauses make an edit land
    // while the server still rebuilds the last one's search index.
    let pause = Duration::from_millis(args.get(3).map_or(200, |p| p.parse().expect("PAUSE_MS")));
    let runs: usize = args
        .get(2)
        .map_or(10, |r| r.parse().expect("RUNS is a number"));
    let started = Instant::now();
    let server = serve::start(ServeOptions {
        build: continuum::BuildOptions {
            root: root.clone(),
            ..Default::default()
        },
        interface: "127.0.0.1".parse().expect("address"),
        port: 0,
        verbose: false,
    })
    .expect("server starts");
    println!(
        "first build and start: {} ms",
        started.elapsed().as_millis()
    );
    let article = root.join("content/section-01/article-000001.md");
    let original = std::fs::read_to_string(&article).expect("article 1 (use gen_corpus)");
    let mut events = subscribe(server.address);
    let mut times = Vec::new();
    for run in 0..runs {
        let marker = format!("Edited sentence number {run}.");
        let edited = format!("{}\n{marker}\n", original.trim_end());
        let t0 = Instant::now();
        std::fs::write(&article, edited).expect("write");
        wait_for_reload(&mut events);
        let body = get(server.address, "/section-01/article-000001/");
        assert!(
            body.contains(&marker),
            "the served page lacks the edit: {}",
            &body[..body.len().min(300)]
        );
        times.push(t0.elapsed());
        std::thread::sleep(pause);
    }
    std::fs::write(&article, original).expect("restore");
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "edit-to-page over {runs} edits {} ms apart: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        pause.as_millis(),
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
    server.stop();
}

fn subscribe(address: SocketAddr) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET /__continuum/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .expect("request");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    while !line.starts_with(": connected") {
        line.clear();
        reader.read_line(&mut line).expect("read");
    }
    reader
}

fn wait_for_reload(events: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        events.read_line(&mut line).expect("event stream");
        if line.trim() == "event: reload" {
            return;
        }
    }
}

fn get(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    response
}
