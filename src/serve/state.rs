//! The site the dev server shows: an immutable snapshot of every file, swapped whole after
//! each successful rebuild, so a request never sees a half-built site.

use std::collections::HashMap;
use std::sync::{mpsc, Arc, Mutex, RwLock};

#[derive(Debug)]
pub struct File {
    pub bytes: Arc<[u8]>,
    /// For ETags.
    pub hash: u64,
}

impl File {
    pub fn new(bytes: impl Into<Arc<[u8]>>) -> File {
        let bytes = bytes.into();
        File {
            hash: xxhash_rust::xxh3::xxh3_64(&bytes),
            bytes,
        }
    }
}

/// One complete version of the site, with the errors of the latest build attempt.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    pub files: HashMap<String, Arc<File>>,
    /// The diagnostics of the last build, if it failed (the files are then the last good ones).
    pub errors: Option<String>,
    pub generation: u64,
}

/// What the live-reload channel tells browsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Reload,
    Errors,
}

/// The current snapshot and the open live-reload connections.
#[derive(Default)]
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    listeners: Mutex<Vec<mpsc::Sender<Event>>>,
}

impl Shared {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// A successful build: its files replace the old ones and browsers reload. Returns the
    /// new generation.
    pub fn publish(&self, files: HashMap<String, Arc<File>>) -> u64 {
        let mut generation = 0;
        if let Ok(mut current) = self.snapshot.write() {
            generation = current.generation + 1;
            *current = Arc::new(Snapshot {
                files,
                errors: None,
                generation,
            });
        }
        self.notify(Event::Reload);
        generation
    }

    /// New files that pages do not show (the search index) for the build published as
    /// `generation`, without a reload (the pages reloaded when they were published). False,
    /// and nothing changes, when a newer build was published or failed since.
    pub fn replace_if_current(&self, generation: u64, files: HashMap<String, Arc<File>>) -> bool {
        let Ok(mut current) = self.snapshot.write() else {
            return false;
        };
        if current.generation != generation || current.errors.is_some() {
            return false;
        }
        *current = Arc::new(Snapshot {
            files,
            errors: None,
            generation,
        });
        true
    }

    /// [`Shared::fail`], unless a newer build was published since `generation`.
    pub fn fail_if_current(&self, generation: u64, errors: String) {
        if self.snapshot().generation == generation {
            self.fail(errors);
        }
    }

    /// A failed build: the last good files stay; browsers show the errors over them.
    pub fn fail(&self, errors: String) {
        if let Ok(mut current) = self.snapshot.write() {
            let mut next = (**current).clone();
            next.errors = Some(errors);
            *current = Arc::new(next);
        }
        self.notify(Event::Errors);
    }

    pub fn subscribe(&self) -> mpsc::Receiver<Event> {
        let (sender, receiver) = mpsc::channel();
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.push(sender);
        }
        receiver
    }

    fn notify(&self, event: Event) {
        if let Ok(mut listeners) = self.listeners.lock() {
            // Closed connections drop their receiver; forget them.
            listeners.retain(|l| l.send(event).is_ok());
        }
    }
}
