//! Continuum turns a folder of Markdown articles and a Tera theme into a static
//! patient-education site. The pipeline is a chain of functions, one module each:
//!
//! ```text
//! Config ──load──► Corpus ──resolve──► Site ──render──► Rendered ──emit──► public/
//! ```
//!
//! Only `load` reads and only `emit` writes the file system; every stage adds to one list of
//! [`Diagnostics`], and any error stops the build before `emit`.
//!
//! Dependencies point one way, from the top of this list to the bottom; a module uses only
//! modules below it (`tests/layering.rs` fails on any import cycle between top-level modules):
//!
//! 1. `main.rs` and this root (`build`, `prepare`), `serve` and below it `cms` (the browser
//!    editor's routes, which run the checks), `register` (the review register,
//!    which builds the site), `scaffold`, `pdf`, `grouped` (prints reports), `fingerprint` and
//!    `up_to_date` (whether anything changed since the last build);
//!    `memo` (every cache key, from whole inputs) sits below `render` and `check`, above `resolve`;
//! 2. `emit` (writes the output);
//! 3. `render`, `check` and `search` (`check` and `search` may read render's output, never the
//!    other way round);
//! 4. `resolve` (relates pages: URLs, the link graph with anchors, images and files, related
//!    pages, taxonomies, the review record) and `review` (approvals); below them `parse` (one
//!    Markdown pass a part: the events render consumes and the prose the checks read);
//! 5. `options` (the command-line flags, applied to config.toml), `load` (reads every input
//!    file), `i18n` and `lang` (the language profiles and the one word splitter);
//! 6. `config`, which owns every settings type (`[checks]`, `[search]`, `[governance]`,
//!    `[handouts]`) so that it imports no stage;
//! 7. leaves that import nothing from the crate but each other: `diagnostics`, `spans`
//!    (parser positions of front matter and config values), `slug`, `text_fields`,
//!    `url_policy`, `line_index` (line and column by binary search), `response` (an HTTP response, made by `serve` and `cms`).

pub mod check;
pub mod cms;
pub mod config;
pub mod diagnostics;
pub mod emit;
mod fingerprint;
pub mod grouped;
pub mod i18n;
pub mod lang;
pub mod line_index;
pub mod load;
mod memo;
pub mod options;
pub mod parse;
pub mod pdf;
pub mod register;
pub mod render;
pub mod resolve;
pub mod response;
pub mod review;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod spans;
mod text_fields;
mod up_to_date;
pub mod url_policy;

use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use options::{load_config, BuildOptions};

/// The result of a run: every diagnostic, and what was built.
#[derive(Debug, Default)]
pub struct Outcome {
    pub diagnostics: Diagnostics,
    /// Pages and sections rendered (not counting generated pages).
    pub pages: usize,
    pub emitted: Option<emit::EmitStats>,
    /// Time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The editorial checks' findings per article.
    pub report: check::Report,
    /// How much rendering was redone (everything, unless a cache helped).
    pub render_work: render::cache::Work,
    /// Nothing changed since the last build, so its output was left as it was: the
    /// diagnostics are that build's, and `report` is empty.
    pub up_to_date: bool,
}

/// What `prepare` made when there were no errors: the input of `search` and `emit`.
pub struct Prepared {
    pub site: resolve::Site,
    pub rendered: render::Rendered,
    pub config: Config,
}

/// Everything before `emit`: load, resolve, render, check. Returns the site and its
/// rendering when there were no errors.
pub fn prepare(options: &BuildOptions) -> (Option<Prepared>, Outcome) {
    prepare_cached(options, &mut Cache::default())
}

/// What a long-running process (`serve`) keeps between builds so that a rebuild redoes only
/// what changed; see `render::cache` for why the result equals a full build's.
#[derive(Default)]
pub struct Cache {
    load: load::LoadCache,
    render: render::RenderCache,
    check: check::CheckCache,
}

/// Adds the time since the last lap to `outcome.timings`.
struct Stopwatch(Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(Instant::now())
    }

    fn lap(&mut self, outcome: &mut Outcome, stage: &'static str) {
        outcome.timings.push((stage, self.0.elapsed()));
        self.0 = Instant::now();
    }
}

/// [`prepare`], reusing and updating `cache`.
pub fn prepare_cached(options: &BuildOptions, cache: &mut Cache) -> (Option<Prepared>, Outcome) {
    prepare_edited(options, cache, |_, _| {})
}

/// [`prepare_cached`] with `edit` applied to what `load` read (and its diagnostics) before
/// the later stages run: how the browser editor checks an entry's unsaved text (`cms`).
/// `edit` is not called when config.toml is unusable.
pub fn prepare_edited(
    options: &BuildOptions,
    cache: &mut Cache,
    edit: impl FnOnce(&mut load::Corpus, &mut Diagnostics),
) -> (Option<Prepared>, Outcome) {
    let mut outcome = Outcome::default();
    let mut watch = Stopwatch::start();
    match load_all(options, cache, &mut outcome, &mut watch) {
        Some((config, mut corpus)) => {
            edit(&mut corpus, &mut outcome.diagnostics);
            let loaded = Loaded {
                config,
                corpus,
                options,
            };
            prepare_loaded(loaded, cache, None, outcome, watch)
        }
        None => (None, outcome),
    }
}

/// Reads config.toml and everything it points to; `None` when config.toml is unusable.
fn load_all(
    options: &BuildOptions,
    cache: &mut Cache,
    outcome: &mut Outcome,
    watch: &mut Stopwatch,
) -> Option<(Config, load::Corpus)> {
    let config = match load_config(&options.root, options) {
        Ok((config, found)) => {
            outcome.diagnostics.extend(found);
            config
        }
        Err(found) => {
            outcome.diagnostics.extend(found);
            return None;
        }
    };
    let (corpus, found) = load::load_cached(&options.root, &config, &mut cache.load);
    outcome.diagnostics.extend(found);
    watch.lap(outcome, "load");
    Some((config, corpus))
}

/// What `load` read, and the options it was read with.
struct Loaded<'a> {
    config: Config,
    corpus: load::Corpus,
    options: &'a BuildOptions,
}

/// The stages after `load`: resolve, render (handing pages to `sink` if there is one) and
/// the editorial checks.
fn prepare_loaded(
    loaded: Loaded,
    cache: &mut Cache,
    sink: Option<render::PageSink>,
    mut outcome: Outcome,
    mut watch: Stopwatch,
) -> (Option<Prepared>, Outcome) {
    let Loaded {
        config,
        corpus,
        options,
    } = loaded;
    let (site, found) = resolve::resolve(corpus, &config);
    outcome.diagnostics.extend(found);
    watch.lap(&mut outcome, "resolve");
    let (mut rendered, found) = {
        // A build that already failed writes nothing (its pages could even collide).
        let sink = sink.filter(|_| !outcome.diagnostics.has_errors());
        render::render_cached(&site, &config, &mut cache.render, sink)
    };
    outcome.render_work = cache.render.last;
    outcome.diagnostics.extend(found);
    watch.lap(&mut outcome, "render");
    // The parts of rendering, indented under it.
    outcome.timings.extend(rendered.timings.iter().copied());
    // The editorial checks read a site that loaded and rendered cleanly; after errors they
    // would only repeat them (a glossary that failed to parse makes every acronym "unknown").
    if !outcome.diagnostics.has_errors() {
        let (report, found) =
            check::run_cached(&site, &rendered, &config, &options.checks, &mut cache.check);
        outcome.diagnostics.extend(found);
        outcome.report = report;
    }
    watch.lap(&mut outcome, "check");
    outcome.pages = site.entries.len();
    if outcome.diagnostics.has_errors() {
        return (None, outcome);
    }
    if config.governance.register {
        let today = options.checks.today.unwrap_or_else(load::Date::today);
        let register = register::files(&site, today, &config.title);
        rendered.files.extend(register);
    }
    (
        Some(Prepared {
            site,
            rendered,
            config,
        }),
        outcome,
    )
}

/// Builds the site and writes it to the output folder, atomically. When nothing it is made
/// from changed since the last build and its output is untouched, it writes nothing and
/// reports that build's problems again (`Outcome::up_to_date`).
pub fn build(options: &BuildOptions) -> Outcome {
    let output = options.output_dir();
    let mut cache = Cache::default();
    let mut outcome = Outcome::default();
    // Before anything is read or written: the output folder must be one a build may replace.
    let target = match emit::Target::check(&options.root, &output, options.replace_output) {
        Ok(target) => target,
        Err(diagnostic) => {
            outcome.diagnostics.push(diagnostic);
            return outcome;
        }
    };
    let mut watch = Stopwatch::start();
    let Some((config, corpus)) = load_all(options, &mut cache, &mut outcome, &mut watch) else {
        return outcome;
    };
    // A missing PDF engine is said at the start, not after a long build.
    let pdf_engine = match (options.pdf || config.handouts.pdf).then(pdf::Engine::find) {
        Some(Err(missing)) => {
            outcome.diagnostics.push(missing);
            return outcome;
        }
        Some(Ok(engine)) => Some(engine),
        None => None,
    };
    let pdf_config = pdf_engine.as_ref().map(|_| config.clone());
    let fingerprint = fingerprint::inputs(options, &config, &corpus, &outcome.diagnostics);
    if let Some(last) = up_to_date::last_build(&output, fingerprint, &config, &corpus) {
        outcome.diagnostics = last.diagnostics;
        outcome.pages = last.pages;
        outcome.emitted = Some(last.stats);
        outcome.up_to_date = true;
        watch.lap(&mut outcome, "up to date");
        return outcome;
    }
    // Pages are written as they are rendered, so they are never all in memory at once; a
    // failure anywhere drops the staging folder and leaves the old output.
    let staging = emit::Staging::begin(&target, &emit::Disk);
    // Printing PDFs reads the standard handouts after rendering, so a build that prints keeps
    // those (every file is still written as it is rendered).
    let printed = std::sync::Mutex::new(Vec::new());
    let write = |file: &render::OutputFile| {
        if pdf_engine.is_some() && file.path.ends_with(pdf::HANDOUT) {
            printed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(file.clone());
        }
        match &staging {
            Ok(staging) => staging.write(file),
            Err(_) => Ok(()),
        }
    };
    let loaded = Loaded {
        config,
        corpus,
        options,
    };
    let (prepared, outcome) = prepare_loaded(loaded, &mut cache, Some(&write), outcome, watch);
    let (produced, mut outcome) = with_search(prepared, outcome);
    let staging = match staging {
        Ok(staging) => staging,
        Err(diagnostic) => {
            outcome.diagnostics.push(diagnostic);
            return outcome;
        }
    };
    let Some((site, mut files)) = produced else {
        return outcome;
    };
    if let (Some(engine), Some(pdf_config)) = (&pdf_engine, &pdf_config) {
        let clock = Instant::now();
        // Already written: `write_all` below skips a file with the same bytes.
        files.extend(printed.into_inner().unwrap_or_else(|e| e.into_inner()));
        let (pdfs, found) = pdf::print_handouts(engine, &files, pdf_config);
        outcome.diagnostics.extend(found);
        outcome.timings.push(("pdf", clock.elapsed()));
        if outcome.diagnostics.has_errors() {
            return outcome;
        }
        files.extend(pdfs);
    }
    let clock = Instant::now();
    let inputs = emit::record::Inputs {
        fingerprint,
        pages: outcome.pages,
        diagnostics: outcome
            .diagnostics
            .iter()
            .map(Diagnostic::to_stored)
            .collect(),
    };
    let emitted = staging
        .write_all(&files)
        .and_then(|()| staging.finish(&site, Some(inputs)));
    match emitted {
        Ok(stats) => outcome.emitted = Some(stats),
        Err(diagnostic) => outcome.diagnostics.push(diagnostic),
    }
    outcome.timings.push(("emit", clock.elapsed()));
    outcome
}

/// Everything a build makes, before it is written: the site and its rendered files, search
/// index included. `None` when there were errors.
pub fn produce(
    options: &BuildOptions,
) -> (Option<(resolve::Site, Vec<render::OutputFile>)>, Outcome) {
    produce_cached(options, &mut Cache::default())
}

/// [`produce`], reusing and updating `cache`.
pub fn produce_cached(
    options: &BuildOptions,
    cache: &mut Cache,
) -> (Option<(resolve::Site, Vec<render::OutputFile>)>, Outcome) {
    let (prepared, outcome) = prepare_cached(options, cache);
    with_search(prepared, outcome)
}

/// Adds the search index to what `prepare` made.
fn with_search(
    prepared: Option<Prepared>,
    mut outcome: Outcome,
) -> (Option<(resolve::Site, Vec<render::OutputFile>)>, Outcome) {
    let Some(Prepared {
        site,
        mut rendered,
        config,
    }) = prepared
    else {
        return (None, outcome);
    };
    let clock = Instant::now();
    let (search_files, found) = search::index(&site, &rendered, &config);
    outcome.diagnostics.extend(found);
    rendered.files.extend(search_files);
    outcome.timings.push(("search", clock.elapsed()));
    if outcome.diagnostics.has_errors() {
        return (None, outcome);
    }
    (Some((site, rendered.files)), outcome)
}
