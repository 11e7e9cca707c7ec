//! The dev server's HTTP/1.1 transport: hyper on a small tokio runtime, bounded so that no
//! client can hold it. A request's head must fit in [`MAX_HEAD`] bytes (else `431`) and
//! arrive within [`HEAD_DEADLINE`] however slowly it trickles in (else the connection is
//! closed); a stalled reader is dropped after [`WRITE_TIMEOUT`]; at most [`MAX_CONNECTIONS`]
//! are served at once (others get `503`); a request body larger than [`MAX_BODY`] gets `413`.
//! What to answer is decided by the pure core in `http.rs`; this file only moves bytes.
//! (A hand-written HTTP/1.1 parser was here before; hyper parses, frames and keeps connections
//! alive as browsers expect, so the server keeps only its limits and its routes.)

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::sync::{mpsc as tmpsc, Semaphore};
use tokio_io_timeout::TimeoutStream;

use super::http::{route, Request, Response};
use super::state::{Event, Shared};

/// The request line and headers together.
pub const MAX_HEAD: usize = 16 * 1024;
/// The whole head must arrive within this, one byte a second or not; an idle keep-alive
/// connection waits at most this long for its next request.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How long a client may refuse to read what it asked for.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once, live-reload streams included.
pub const MAX_CONNECTIONS: usize = 64;
/// The largest request body read (the editor's saves, media included; only the CMS's routes
/// take one).
pub const MAX_BODY: usize = crate::cms::MAX_BODY;
/// How often the live-reload stream sends a comment when nothing happens: it keeps proxies
/// from closing an idle stream and finds closed sockets.
const PING: Duration = Duration::from_secs(15);

type ResponseBody = BoxBody<Bytes, Infallible>;

/// Serves connections from `listener` until `stopping` (then [`wake`] it), on its own runtime.
pub fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    cms: Arc<crate::cms::Site>,
) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("continuum-http")
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: the dev server cannot start its HTTP runtime: {e}");
            return;
        }
    };
    runtime.block_on(accept(listener, Routes { shared, cms }, stopping));
    // Open connections (live-reload streams) end with the runtime.
    runtime.shutdown_timeout(Duration::from_secs(1));
}

/// What requests are answered from: the site being served, and the CMS's routes.
#[derive(Clone)]
struct Routes {
    shared: Arc<Shared>,
    cms: Arc<crate::cms::Site>,
}

async fn accept(listener: TcpListener, routes: Routes, stopping: Arc<AtomicBool>) {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
    {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: the dev server cannot listen: {e}");
            return;
        }
    };
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let accepted = listener.accept().await;
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok((stream, _)) = accepted else { continue };
        match slots.clone().try_acquire_owned() {
            Ok(slot) => {
                let (routes, stopping) = (routes.clone(), stopping.clone());
                tokio::spawn(async move {
                    serve_connection(stream, routes, stopping).await;
                    drop(slot);
                });
            }
            Err(_) => {
                tokio::spawn(refuse(stream));
            }
        }
    }
}

/// Wakes a blocked [`accept_loop`] so it sees `stopping`.
pub fn wake(address: SocketAddr) {
    let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
}

/// A connection over [`MAX_CONNECTIONS`]: told so, and closed.
async fn refuse(mut stream: tokio::net::TcpStream) {
    let body = "too many connections\n";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let write = async {
        stream.write_all(answer.as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(WRITE_TIMEOUT, write).await;
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    routes: Routes,
    stopping: Arc<AtomicBool>,
) {
    let mut stream = TimeoutStream::new(stream);
    stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let io = TokioIo::new(Box::pin(stream));
    let service = service_fn(move |request| {
        let (routes, stopping) = (routes.clone(), stopping.clone());
        async move { Ok::<_, Infallible>(answer(request, &routes, &stopping).await) }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_DEADLINE)
        .max_buf_size(MAX_HEAD)
        .serve_connection(io, service)
        .await;
}

async fn answer(
    request: hyper::Request<Incoming>,
    routes: &Routes,
    stopping: &Arc<AtomicBool>,
) -> hyper::Response<ResponseBody> {
    let (parts, body) = request.into_parts();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.to_string(), |p| p.as_str().to_string());
    let path = target.split(['?', '#']).next().unwrap_or("").to_string();
    if parts.method == hyper::Method::GET && path == "/__continuum/events" {
        return events(routes.shared.subscribe(), stopping.clone());
    }
    // Only the CMS's routes take a body (its saves, media included); a body sent anywhere
    // else is refused unread, as is one announced too large.
    let cms_route = crate::cms::is_route(&path);
    let announced = usize::try_from(body.size_hint().lower()).unwrap_or(usize::MAX);
    let collected = match (cms_route, announced) {
        (true, 0..=MAX_BODY) => Limited::new(body, MAX_BODY).collect().await.ok(),
        (false, _) if body.is_end_stream() => Some(http_body_util::Collected::default()),
        _ => None,
    };
    let Some(collected) = collected else {
        // The rest of the body is never read: the connection cannot carry another request.
        let mut refused = Response::text(413, "this request cannot carry a body this large\n");
        refused.headers.push(("Connection", "close".into()));
        return to_hyper(refused);
    };
    let headers = parts
        .headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_string(), value.to_str().ok()?.into())))
        .collect();
    let request = Request {
        method: parts.method.as_str().to_string(),
        target,
        headers,
        body: collected.to_bytes().to_vec(),
    };
    if cms_route {
        // The CMS reads and writes files and runs the checks: off the connection threads.
        let cms = routes.cms.clone();
        let answered = tokio::task::spawn_blocking(move || cms_answer(&cms, &request, &path));
        if let Ok(Some(response)) = answered.await {
            return to_hyper(response);
        }
        return to_hyper(Response::text(404, "not found\n"));
    }
    to_hyper(route(&request, &routes.shared.snapshot()))
}

/// The CMS's answer to a request on one of its routes (docs/cms.md).
fn cms_answer(cms: &crate::cms::Site, request: &Request, path: &str) -> Option<Response> {
    let asked = crate::cms::Request {
        method: &request.method,
        path,
        host: request.header("Host"),
        origin: request.header("Origin"),
        content_type: request.header("Content-Type"),
        body: &request.body,
    };
    let mut response = crate::cms::handle(cms, &asked)?;
    if request.method == "HEAD" {
        let length = response.body.len().to_string();
        response.headers.push(("Content-Length", length));
        response.body = Arc::from(Vec::new());
    }
    Some(response)
}

fn to_hyper(response: Response) -> hyper::Response<ResponseBody> {
    let mut builder = hyper::Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(*name, value);
    }
    let body = Full::new(Bytes::from_owner(response.body)).boxed();
    builder.body(body).unwrap_or_else(|_| {
        hyper::Response::new(Full::new(Bytes::from_static(b"bad response\n")).boxed())
    })
}

/// One live-reload connection: Server-Sent Events, sent as they happen. A thread waits on
/// the site's events (a std channel) and hands them to the connection until it closes.
fn events(
    events: mpsc::Receiver<Event>,
    stopping: Arc<AtomicBool>,
) -> hyper::Response<ResponseBody> {
    let (sender, receiver) = tmpsc::channel::<Bytes>(8);
    let _ = sender.try_send(Bytes::from_static(b": connected\n\n"));
    std::thread::spawn(move || {
        let mut quiet = Duration::ZERO;
        while !stopping.load(Ordering::SeqCst) {
            let message: &'static [u8] = match events.recv_timeout(Duration::from_millis(500)) {
                Ok(Event::Reload) => b"event: reload\ndata: 1\n\n",
                Ok(Event::Errors) => b"event: errors\ndata: 1\n\n",
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    quiet += Duration::from_millis(500);
                    if quiet < PING {
                        continue;
                    }
                    b": ping\n\n"
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            quiet = Duration::ZERO;
            // The connection dropped its end: the browser left.
            if sender.blocking_send(Bytes::from_static(message)).is_err() {
                return;
            }
        }
    });
    hyper::Response::builder()
        .status(200)
        .header("Content-Type", "text/event-stream")
        .header("Cache-Control", "no-store")
        .body(EventStream(receiver).boxed())
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new()).boxed()))
}

/// A response body that never ends by itself: each message is one frame.
struct EventStream(tmpsc::Receiver<Bytes>);

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|message| message.map(|bytes| Ok(Frame::data(bytes))))
    }
}
