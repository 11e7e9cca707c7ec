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

    /// [`Shared::fail`], unless a newer build was published since `generation`. The
    /// generation is compared and the errors set under one write lock: checked under a read
    /// lock first, a good build published in between would be shown with these older errors.
    pub fn fail_if_current(&self, generation: u64, errors: String) {
        let failed = self.update(|current| {
            (current.generation == generation).then(|| Snapshot {
                errors: Some(errors),
                ..current.clone()
            })
        });
        if failed {
            self.notify(Event::Errors);
        }
    }

    /// A failed build: the last good files stay; browsers show the errors over them.
    pub fn fail(&self, errors: String) {
        self.update(|current| {
            Some(Snapshot {
                errors: Some(errors),
                ..current.clone()
            })
        });
        self.notify(Event::Errors);
    }

    /// Replaces the snapshot with what `next` makes of it, if anything, under one write lock;
    /// true when it did.
    fn update(&self, next: impl FnOnce(&Snapshot) -> Option<Snapshot>) -> bool {
        let mut current = match self.snapshot.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        match next(&current) {
            Some(snapshot) => {
                *current = Arc::new(snapshot);
                true
            }
            None => false,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn errors_of_an_older_build_never_cover_a_newer_good_one() {
        let shared = Arc::new(Shared::default());
        let stop = Arc::new(AtomicBool::new(false));
        // Good builds published one after another, as the rebuild thread does.
        let publisher = {
            let (shared, stop) = (shared.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    shared.publish(HashMap::new());
                }
            })
        };
        // A search thread failing the build it started from, which may be superseded.
        for _ in 0..200_000 {
            let seen = shared.snapshot().generation;
            shared.fail_if_current(seen, format!("errors of build {seen}"));
            let now = shared.snapshot();
            if let Some(errors) = &now.errors {
                assert_eq!(
                    errors,
                    &format!("errors of build {}", now.generation),
                    "a build's errors were shown over a newer good build"
                );
            }
        }
        stop.store(true, Ordering::SeqCst);
        publisher.join().unwrap();
    }

    #[test]
    fn stale_failures_and_replacements_change_nothing() {
        let shared = Shared::default();
        let first = shared.publish(HashMap::new());
        let second = shared.publish(HashMap::new());
        shared.fail_if_current(first, "old".into());
        assert_eq!(shared.snapshot().errors, None);
        assert!(!shared.replace_if_current(first, HashMap::new()));
        shared.fail_if_current(second, "new".into());
        assert_eq!(shared.snapshot().errors.as_deref(), Some("new"));
        assert_eq!(shared.snapshot().generation, second);
        // A failed build's generation is not replaced by its own search index.
        assert!(!shared.replace_if_current(second, HashMap::new()));
    }
}
