//! The dev server's HTTP/1.1 connections, bounded so that no client can hold it: a request's
//! head (request line and headers) must fit in [`MAX_HEAD`] bytes and arrive within
//! [`HEAD_DEADLINE`] however slowly it trickles in, an idle keep-alive connection is closed
//! after [`IDLE`], a stalled reader after [`WRITE_TIMEOUT`], and at most [`MAX_CONNECTIONS`]
//! are served at once (others get `503`). Only `GET` and `HEAD` without a body are answered.
//! (tiny_http, used before, reads a header line of any length with no time limit.)

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

use super::http::{respond, Response};
use super::state::{Event, Shared};

/// The request line and headers together.
pub const MAX_HEAD: usize = 16 * 1024;
/// The whole head must arrive within this, one byte a second or not.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How long a keep-alive connection may wait for its next request.
pub const IDLE: Duration = Duration::from_secs(5);
/// How long a client may refuse to read what it asked for.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once, live-reload streams included.
pub const MAX_CONNECTIONS: usize = 64;

/// A parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    pub target: String,
    /// `HTTP/1.0` closes after one response unless it asks for keep-alive.
    pub http10: bool,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn keep_alive(&self) -> bool {
        let connection = self.header("Connection").unwrap_or("").to_ascii_lowercase();
        if self.http10 {
            connection.contains("keep-alive")
        } else {
            !connection.contains("close")
        }
    }
}

/// Why a head could not be read: a status to answer with, or silence (the client left).
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    Respond(u16),
    Closed,
}

/// Accepts connections until `stopping`, one thread each, at most [`MAX_CONNECTIONS`].
pub fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    cms: Arc<crate::cms::Site>,
) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = write_response(&mut stream, &text(503, "too many connections\n"), false);
            continue;
        }
        let (shared, stopping, counter) = (shared.clone(), stopping.clone(), active.clone());
        let cms = cms.clone();
        let spawned = thread::Builder::new()
            .name("continuum-http".into())
            .spawn(move || {
                serve_connection(stream, &shared, &stopping, &cms);
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The thread, and its decrement, never ran.
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Wakes a blocked [`accept_loop`] so it sees `stopping`.
pub fn wake(address: SocketAddr) {
    let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
}

fn serve_connection(
    mut stream: TcpStream,
    shared: &Arc<Shared>,
    stopping: &AtomicBool,
    cms: &crate::cms::Site,
) {
    let mut buffer = Vec::new();
    let mut first = true;
    while !stopping.load(Ordering::SeqCst) {
        // The first request may take the whole head deadline; later ones may idle a while first.
        let wait = if first { HEAD_DEADLINE } else { IDLE };
        first = false;
        let head = match read_head(&mut stream, &mut buffer, wait) {
            Ok(head) => head,
            Err(HeadError::Respond(status)) => {
                let _ = write_response(&mut stream, &text(status, reason(status)), false);
                return;
            }
            Err(HeadError::Closed) => return,
        };
        let path = head.target.split(['?', '#']).next().unwrap_or("");
        let has_body = head.header("Transfer-Encoding").is_some()
            || head
                .header("Content-Length")
                .is_some_and(|l| l.trim() != "0");
        // Only the CMS's routes take a body (JSON with a Content-Length, bounded).
        let cms_post = head.method == "POST" && crate::cms::is_route(path);
        let body = if cms_post {
            read_body(&mut stream, &mut buffer, &head)
        } else {
            Ok(Vec::new())
        };
        if cms_post || !has_body {
            if let Some(response) = cms_response(cms, &head, path, &body) {
                let keep_alive = head.keep_alive() && body.is_ok();
                if write_response(&mut stream, &response, keep_alive).is_err() || !keep_alive {
                    return;
                }
                continue;
            }
        }
        if has_body {
            let _ = write_response(
                &mut stream,
                &text(413, "request bodies are not accepted\n"),
                false,
            );
            return;
        }
        if head.method == "GET" && head.target == "/__continuum/events" {
            stream_events(stream, shared.subscribe(), stopping);
            return;
        }
        let snapshot = shared.snapshot();
        let response = respond(
            &head.method,
            &head.target,
            head.header("If-None-Match"),
            &snapshot,
        );
        let keep_alive = head.keep_alive() && response.status != 405;
        if write_response(&mut stream, &response, keep_alive).is_err() || !keep_alive {
            return;
        }
    }
}

/// The CMS's answer when `path` is one of its routes (docs/cms.md).
fn cms_response(
    cms: &crate::cms::Site,
    head: &Head,
    path: &str,
    body: &Result<Vec<u8>, u16>,
) -> Option<Response> {
    if !crate::cms::is_route(path) {
        return None;
    }
    let bytes = match body {
        Ok(bytes) => bytes.as_slice(),
        Err(status) => return Some(text(*status, reason(*status))),
    };
    let request = crate::cms::Request {
        method: &head.method,
        path,
        host: head.header("Host"),
        origin: head.header("Origin"),
        content_type: head.header("Content-Type"),
        body: bytes,
    };
    let mut response = crate::cms::handle(cms, &request)?;
    if head.method == "HEAD" {
        response
            .headers
            .push(("Content-Length", response.body.len().to_string()));
        response.body = Arc::from(Vec::new());
    }
    Some(response)
}

/// A request's body of `Content-Length` bytes (at most [`crate::cms::MAX_BODY`]), from what
/// `buffer` already holds and then the stream, within [`HEAD_DEADLINE`] per read.
fn read_body(stream: &mut TcpStream, buffer: &mut Vec<u8>, head: &Head) -> Result<Vec<u8>, u16> {
    if head.header("Transfer-Encoding").is_some() {
        return Err(411);
    }
    let length: usize = match head.header("Content-Length") {
        Some(l) => l.trim().parse().map_err(|_| 400u16)?,
        None => 0,
    };
    if length > crate::cms::MAX_BODY {
        return Err(413);
    }
    let _ = stream.set_read_timeout(Some(HEAD_DEADLINE));
    let mut chunk = vec![0u8; 64 * 1024];
    while buffer.len() < length {
        match stream.read(&mut chunk) {
            Ok(0) => return Err(400),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Err(408),
        }
    }
    Ok(buffer.drain(..length).collect())
}

/// Reads one request head from `stream`, keeping any bytes after it in `buffer` for the next.
/// `wait` bounds the time until the head is complete.
pub fn read_head(
    stream: &mut impl ReadTimeout,
    buffer: &mut Vec<u8>,
    wait: Duration,
) -> Result<Head, HeadError> {
    let deadline = Instant::now() + wait;
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = head_end(buffer) {
            let head = parse_head(&buffer[..end]);
            buffer.drain(..end);
            return head;
        }
        if buffer.len() > MAX_HEAD {
            return Err(HeadError::Respond(431));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(if buffer.is_empty() {
                HeadError::Closed
            } else {
                HeadError::Respond(408)
            });
        }
        stream
            .set_timeout(Some(left))
            .map_err(|_| HeadError::Closed)?;
        match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if buffer.is_empty() {
                    return Err(HeadError::Closed);
                }
                return Err(HeadError::Respond(408));
            }
            Err(_) => return Err(HeadError::Closed),
        }
    }
}

/// A stream whose reads can time out; a trait so the parser is tested without sockets.
pub trait ReadTimeout: Read {
    fn set_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()>;
}

impl ReadTimeout for TcpStream {
    fn set_timeout(&mut self, timeout: Option<Duration>) -> io::Result<()> {
        self.set_read_timeout(timeout)
    }
}

/// The offset just after the blank line ending the head (`\r\n\r\n`, or `\n\n`).
fn head_end(buffer: &[u8]) -> Option<usize> {
    let crlf = buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = buffer.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn parse_head(bytes: &[u8]) -> Result<Head, HeadError> {
    let text = std::str::from_utf8(bytes).map_err(|_| HeadError::Respond(400))?;
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    // Clients may send blank lines before a request.
    let request_line = lines
        .by_ref()
        .find(|l| !l.is_empty())
        .ok_or(HeadError::Respond(400))?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Respond(400));
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(HeadError::Respond(505)),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(HeadError::Respond(400));
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(HeadError::Respond(400))?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(HeadError::Respond(400));
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok(Head {
        method: method.to_string(),
        target: target.to_string(),
        http10,
        headers,
    })
}

fn text(status: u16, body: &str) -> Response {
    Response {
        status,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".to_string())],
        body: Arc::from(body.as_bytes()),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        403 => "Forbidden",
        408 => "Request Timeout",
        411 => "Length Required",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        500 => "Internal Server Error",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_response(stream: &mut TcpStream, response: &Response, keep_alive: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        if *name != "Content-Length" {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    let length = response
        .header("Content-Length")
        .map_or_else(|| response.body.len().to_string(), str::to_string);
    head.push_str(&format!("Content-Length: {length}\r\n"));
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()
}

/// One live-reload connection: Server-Sent Events, written and flushed as they happen.
fn stream_events(mut stream: TcpStream, events: mpsc::Receiver<Event>, stopping: &AtomicBool) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.flush())
        .is_err()
    {
        return;
    }
    let mut quiet = Duration::ZERO;
    while !stopping.load(Ordering::SeqCst) {
        let message = match events.recv_timeout(Duration::from_millis(500)) {
            Ok(Event::Reload) => "event: reload\ndata: 1\n\n",
            Ok(Event::Errors) => "event: errors\ndata: 1\n\n",
            // A comment now and then keeps proxies from closing an idle stream and finds
            // closed sockets.
            Err(mpsc::RecvTimeoutError::Timeout) => {
                quiet += Duration::from_millis(500);
                if quiet < Duration::from_secs(15) {
                    continue;
                }
                ": ping\n\n"
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        quiet = Duration::ZERO;
        if stream
            .write_all(message.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes handed out a few at a time, then a timeout (or end of input).
    struct Trickle {
        data: Vec<u8>,
        step: usize,
        then_eof: bool,
    }

    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.data.is_empty() {
                return if self.then_eof {
                    Ok(0)
                } else {
                    Err(io::ErrorKind::WouldBlock.into())
                };
            }
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data.drain(..n);
            Ok(n)
        }
    }

    impl ReadTimeout for Trickle {
        fn set_timeout(&mut self, _: Option<Duration>) -> io::Result<()> {
            Ok(())
        }
    }

    fn read(data: &[u8], then_eof: bool) -> (Result<Head, HeadError>, Vec<u8>) {
        let mut stream = Trickle {
            data: data.to_vec(),
            step: if data.len() > 64 { 4096 } else { 3 },
            then_eof,
        };
        let mut buffer = Vec::new();
        let head = read_head(&mut stream, &mut buffer, Duration::from_secs(5));
        (head, buffer)
    }

    #[test]
    fn parses_a_head_and_keeps_what_follows() {
        let (head, rest) = read(
            b"GET /a?b HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"e\"\r\nX-Padding: 0123456789abcdef\r\n\r\nGET /",
            true,
        );
        let head = head.unwrap();
        assert_eq!(
            (head.method.as_str(), head.target.as_str()),
            ("GET", "/a?b")
        );
        assert_eq!(head.header("if-none-match"), Some("\"e\""));
        assert!(head.keep_alive());
        assert_eq!(rest, b"GET /");
    }

    #[test]
    fn oversized_slow_and_malformed_heads_are_refused() {
        let mut huge = b"GET / HTTP/1.1\r\nX: ".to_vec();
        huge.resize(MAX_HEAD + 10, b'a');
        assert_eq!(read(&huge, false).0, Err(HeadError::Respond(431)));
        assert_eq!(
            read(b"GET / HTTP/1.1\r\nHost", false).0,
            Err(HeadError::Respond(408))
        );
        assert_eq!(read(b"", false).0, Err(HeadError::Closed));
        assert_eq!(
            read(b"GET / HTTP/1.1\r\nHo", true).0,
            Err(HeadError::Closed)
        );
        assert_eq!(read(b"GET /\r\n\r\n", true).0, Err(HeadError::Respond(400)));
        assert_eq!(
            read(b"GET / HTTP/2.0\r\n\r\n", true).0,
            Err(HeadError::Respond(505))
        );
        assert_eq!(
            read(b"GET / HTTP/1.1\r\nno colon\r\n\r\n", true).0,
            Err(HeadError::Respond(400))
        );
        assert_eq!(
            read(b"G\xffT / HTTP/1.1\r\n\r\n", true).0,
            Err(HeadError::Respond(400))
        );
    }
}
