//! What `serve` watches: exactly the places `load` reads ([`crate::load::input_locations`]:
//! config.toml, reviews.toml, content/, static/, templates/, themes/ and i18n/), below a root that
//! `main.rs` made absolute, because the watcher reports absolute paths. It sends one message
//! per relevant change (creations, writes, renames, removals; reads and metadata changes are
//! ignored, or the rebuild's own reading would trigger the next rebuild). A folder created
//! after the server started (a first `templates/` override, a new `static/`) is watched from
//! the next rebuild on, and that rebuild reads what was written into it meanwhile.
//! Events pass through `notify-debouncer-full` first: an editor's save (a temporary file
//! written, renamed over the article, its metadata touched) arrives as one change.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long the debouncer holds an event for more of the same save. Short: each millisecond
/// here is one more between a save and the page.
const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(20);

/// The running watcher and the folders it watches recursively.
pub(crate) struct Watch {
    watcher: Mutex<Debouncer<RecommendedWatcher, RecommendedCache>>,
    locations: Arc<Vec<PathBuf>>,
    watched: Mutex<Vec<PathBuf>>,
    verbose: bool,
}

/// Whether a change at `path` (absolute) touches an input of the site.
pub(crate) fn is_input(locations: &[PathBuf], path: &Path) -> bool {
    locations.iter().any(|location| path.starts_with(location))
}

/// Whether a watcher event is a change to a file's contents or existence.
fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) && !matches!(
        kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_))
    )
}

impl Watch {
    /// Starts watching the site at `root` (absolute); `None`, with a warning, when the
    /// system gives no watcher.
    pub(crate) fn start(root: &Path, changes: mpsc::Sender<()>, verbose: bool) -> Option<Watch> {
        let locations = Arc::new(crate::load::input_locations(root));
        let filter = locations.clone();
        let handler = move |result: DebounceEventResult| {
            // Errors (a watch lost, the queue overflowed) may hide a change: rebuild.
            let relevant = result.map_or(true, |events| {
                events.iter().any(|event| {
                    is_change(&event.kind) && event.paths.iter().any(|p| is_input(&filter, p))
                })
            });
            if relevant {
                let _ = changes.send(());
            }
        };
        let mut watcher = match new_debouncer(DEBOUNCE, None, handler) {
            Ok(w) => w,
            Err(e) => {
                eprintln!("warning: cannot watch files ({e}); rebuilds will not happen");
                return None;
            }
        };
        // The root itself, not recursively: config.toml, and the folders created later.
        if let Err(e) = watcher.watch(root, RecursiveMode::NonRecursive) {
            eprintln!(
                "warning: cannot watch {} ({e}); rebuilds will not happen",
                root.display()
            );
        }
        let watch = Watch {
            watcher: Mutex::new(watcher),
            locations,
            watched: Mutex::new(Vec::new()),
            verbose,
        };
        watch.refresh();
        Some(watch)
    }

    /// Watches every input folder that exists and is not watched yet; forgets removed ones,
    /// so that a folder made again is watched again.
    pub(crate) fn refresh(&self) {
        let mut watcher = self.watcher.lock().unwrap_or_else(|e| e.into_inner());
        let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
        watched.retain(|dir| dir.is_dir());
        for dir in self.locations.iter().filter(|d| d.is_dir()) {
            if watched.contains(dir) {
                continue;
            }
            match watcher.watch(dir, RecursiveMode::Recursive) {
                Ok(()) => watched.push(dir.clone()),
                Err(e) if self.verbose => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                Err(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_and_nothing_else_is_relevant() {
        let root = Path::new("/site");
        let locations = crate::load::input_locations(root);
        for input in [
            "/site/config.toml",
            "/site/reviews.toml",
            "/site/content/a/b.md",
            "/site/static/x.txt",
            "/site/templates/page.html",
            "/site/themes/default/static/style.css",
            "/site/themes/default/i18n/en.toml",
            "/site/i18n/es.toml",
            "/site/content",
        ] {
            assert!(is_input(&locations, Path::new(input)), "{input}");
        }
        for other in [
            "/site/public/index.html",
            "/site/config.toml.swp",
            "/site/README.md",
            "content/a.md",
            "/other/content/a.md",
        ] {
            assert!(!is_input(&locations, Path::new(other)), "{other}");
        }
    }
}
