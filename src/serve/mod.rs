//! `continuum serve`: builds the site into memory (never over `public/`), serves it on
//! loopback, watches the site's files, rebuilds on change and reloads open pages through
//! Server-Sent Events. Rebuilds reuse what did not change (`crate::Cache`). A build with errors keeps the last good site and shows the errors
//! over it; the server never stops on a content error.

mod conn;
mod http;
mod state;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub use conn::{HEAD_DEADLINE, MAX_BODY, MAX_CONNECTIONS, MAX_HEAD, WRITE_TIMEOUT};
pub use http::{clean_path, content_type, respond, route, Request, Response};
use state::{File, Shared};

use crate::render::OutputFile;
use crate::BuildOptions;

/// How long the files must stay unchanged before a rebuild starts.
const QUIET_MS: u64 = 15;
/// How long after a rebuild its search index is started: an editor saving again within it
/// gets the next page without an index build in the way.
const SEARCH_DELAY: Duration = Duration::from_millis(300);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Prints what it does (tests turn it off).
    pub verbose: bool,
}

/// A running dev server; dropping it does not stop it, [`RunningServer::stop`] does.
pub struct RunningServer {
    pub address: SocketAddr,
    shared: Arc<Shared>,
    stopping: Arc<AtomicBool>,
    threads: Vec<thread::JoinHandle<()>>,
}

impl RunningServer {
    /// The generation of the site being served: it grows by one with each good rebuild.
    pub fn generation(&self) -> u64 {
        self.shared.snapshot().generation
    }

    /// The errors of the last build, if it failed.
    pub fn errors(&self) -> Option<String> {
        self.shared.snapshot().errors.clone()
    }

    pub fn stop(mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        conn::wake(self.address);
        for handle in self.threads.drain(..) {
            let _ = handle.join();
        }
    }
}

/// Builds, binds and starts serving and watching. Returns once the first build is served.
/// `options.build.root` must be absolute (`main.rs` makes it so): the watcher reports
/// absolute paths and compares them with the site's inputs below it.
pub fn start(options: ServeOptions) -> Result<RunningServer, String> {
    let root = options.build.root.clone();
    let listener = bind(options.interface, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("the server has no address: {e}"))?;
    let shared = Arc::new(Shared::default());
    let mut build = options.build.clone();
    if build.base_url.is_none() {
        build.base_url = Some(format!("http://{address}/"));
    }
    let mut cache = ServeCache::default();
    // The first build is served whole, search index included.
    if let Some(search) = rebuild(&build, &shared, &mut cache, Duration::ZERO, options.verbose) {
        let _ = search.join();
    }

    let stopping = Arc::new(AtomicBool::new(false));
    let (changes_tx, changes_rx) = mpsc::channel::<()>();
    let watcher = watch::Watch::start(&root, changes_tx, options.verbose);
    let mut threads = Vec::new();
    {
        let (shared, stopping, verbose) = (shared.clone(), stopping.clone(), options.verbose);
        threads.push(thread::spawn(move || {
            // Lives as long as this thread: dropping it stops the watching.
            let watcher = watcher;
            while !stopping.load(Ordering::SeqCst) {
                match changes_rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(()) => {
                        // Debounce: an editor's save is several events; wait for a quiet moment.
                        while changes_rx
                            .recv_timeout(Duration::from_millis(QUIET_MS))
                            .is_ok()
                        {}
                        // Folders made since the last rebuild are watched before it reads them.
                        if let Some(watcher) = &watcher {
                            watcher.refresh();
                        }
                        rebuild(&build, &shared, &mut cache, SEARCH_DELAY, verbose);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
        }));
    }
    {
        let (shared, stopping) = (shared.clone(), stopping.clone());
        // The CMS at /admin/ edits the site's files (src/cms/).
        let cms = Arc::new(crate::cms::Site::new(
            root.clone(),
            format!("http://{address}"),
        ));
        threads.push(thread::spawn(move || {
            conn::accept_loop(listener, shared, stopping, cms)
        }));
    }
    Ok(RunningServer {
        address,
        shared,
        stopping,
        threads,
    })
}

/// The listening socket; a port in use is told as such, with a free one to pass instead.
fn bind(interface: IpAddr, port: u16) -> Result<TcpListener, String> {
    match TcpListener::bind(SocketAddr::new(interface, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (port.saturating_add(1)..=port.saturating_add(20))
                .find(|p| *p != port && TcpListener::bind(SocketAddr::new(interface, *p)).is_ok());
            let suggestion = match free {
                Some(free) => format!("`--port {free}` (free now)"),
                None => "`--port N` with another port, or `--port 0` for any free one".to_string(),
            };
            Err(format!(
                "port {port} on {interface} is already in use (another `continuum serve`, or another program)\nhelp: stop that program, or pass {suggestion}"
            ))
        }
        Err(e) => Err(format!("cannot listen on {interface}:{port}: {e}")),
    }
}

/// Serves until Ctrl-C.
pub fn run(options: ServeOptions) -> Result<(), String> {
    if !options.interface.is_loopback() {
        eprintln!(
            "warning: serving on {}, which other machines can reach; the dev server is for previews only",
            options.interface
        );
    }
    let running = start(options)?;
    println!("serving on http://{}/ (Ctrl-C to stop)", running.address);
    let (tx, rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    let _ = rx.recv();
    println!("stopping");
    running.stop();
    Ok(())
}

/// The server's rebuilds without a socket or a watcher: each [`Rebuilds::rebuild`] does what an
/// edit makes `serve` do, with the same cache, and returns what it then serves. For tests
/// that compare `serve` with a clean build after each edit.
pub struct Rebuilds {
    build: BuildOptions,
    shared: Arc<Shared>,
    cache: ServeCache,
}

impl Rebuilds {
    pub fn new(build: BuildOptions) -> Rebuilds {
        Rebuilds {
            build,
            shared: Arc::new(Shared::default()),
            cache: ServeCache::default(),
        }
    }

    /// Rebuilds and waits for the search index: every served file by path, or the errors
    /// the browser is shown.
    pub fn rebuild(&mut self) -> Result<std::collections::BTreeMap<String, Arc<[u8]>>, String> {
        if let Some(search) = rebuild(
            &self.build,
            &self.shared,
            &mut self.cache,
            Duration::ZERO,
            false,
        ) {
            let _ = search.join();
        }
        let snapshot = self.shared.snapshot();
        match &snapshot.errors {
            Some(errors) => Err(errors.clone()),
            None => Ok(snapshot
                .files
                .iter()
                .map(|(path, file)| (path.clone(), file.bytes.clone()))
                .collect()),
        }
    }
}

/// What the server keeps between rebuilds.
#[derive(Default)]
struct ServeCache {
    build: crate::Cache,
    /// The latest search index, shared with the thread that builds the next one.
    search: Arc<Mutex<Vec<OutputFile>>>,
}

/// Rebuilds in memory and publishes the result, or the errors. The pages are published
/// first, with the last search index, and browsers reload at once; the search index is
/// rebuilt on another thread (returned) after `delay`, and swapped in without another
/// reload, unless a newer build was published meanwhile. So a quick second edit neither
/// waits for it nor shares the processor with it.
fn rebuild(
    options: &BuildOptions,
    shared: &Arc<Shared>,
    cache: &mut ServeCache,
    delay: Duration,
    verbose: bool,
) -> Option<thread::JoinHandle<()>> {
    let started = Instant::now();
    let (prepared, outcome) = crate::prepare_cached(options, &mut cache.build);
    let report = outcome.diagnostics.report(false);
    if verbose && !outcome.diagnostics.is_empty() {
        eprint!("{report}");
    }
    let Some(prepared) = prepared else {
        shared.fail(report);
        return None;
    };
    let previous = shared.snapshot();
    let mut pages: HashMap<String, Arc<File>> =
        HashMap::with_capacity(prepared.rendered.files.len() + 64);
    for (rel, abs) in crate::emit::copies(&prepared.site) {
        if let Ok(bytes) = std::fs::read(abs) {
            pages.insert(rel.to_string(), Arc::new(File::new(bytes)));
        }
    }
    for file in &prepared.rendered.files {
        pages.insert(file.path.clone(), reuse(&previous, file));
    }
    let mut files = pages.clone();
    for file in lock(&cache.search).iter() {
        files.insert(file.path.clone(), reuse(&previous, file));
    }
    let generation = shared.publish(files);
    if verbose {
        println!(
            "rebuilt {} pages in {} ms",
            outcome.pages,
            started.elapsed().as_millis()
        );
    }

    let (shared, latest) = (shared.clone(), cache.search.clone());
    let diagnostics = outcome.diagnostics;
    Some(thread::spawn(move || {
        thread::sleep(delay);
        if shared.snapshot().generation != generation {
            return;
        }
        let (search, found) =
            crate::search::index(&prepared.site, &prepared.rendered, &prepared.config);
        if found.has_errors() {
            let mut all = diagnostics;
            all.extend(found);
            shared.fail_if_current(generation, all.report(false));
            return;
        }
        if verbose && !found.is_empty() {
            eprint!("{}", found.report(false));
        }
        let previous = shared.snapshot();
        for file in &search {
            pages.insert(file.path.clone(), reuse(&previous, file));
        }
        if shared.replace_if_current(generation, pages) {
            *lock(&latest) = search;
        }
    }))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The served file for `file`: the one already served when its bytes are the same.
fn reuse(previous: &state::Snapshot, file: &OutputFile) -> Arc<File> {
    match previous.files.get(&file.path) {
        Some(old) if Arc::ptr_eq(&old.bytes, &file.bytes) || old.bytes == file.bytes => old.clone(),
        _ => Arc::new(File::new(file.bytes.clone())),
    }
}
