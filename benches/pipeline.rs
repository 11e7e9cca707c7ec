//! Criterion benchmarks of the hot paths, on the bundled knowledge base (118 pages, English and
//! Spanish): front-matter parsing, link resolution, each pipeline stage (load, resolve, render
//! with every Markdown transformer and the templates, editorial checks, search indexing), the
//! Markdown (every transformer) and template parts of render on their own, and the search
//! tokenizer. `cargo bench --bench pipeline`; `cargo test` runs each once.
//! Whole-site timings at 1,000 to 100,000 pages are in BENCHMARKS.md (`scripts/bench.sh`).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};

use continuum::check::CheckOptions;
use continuum::config::Config;
use continuum::load::front_matter;
use continuum::render::links::{relative_path, resolve_link};
use continuum::search::tokenize::Tokenizer;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn config() -> Config {
    let source = continuum::load::read_config(&root()).expect("config.toml");
    let (config, found) = Config::parse(&source);
    assert!(!found.has_errors(), "{}", found.report(false));
    config.expect("config")
}

fn front_matter_parse(c: &mut Criterion) {
    let config = config();
    let (corpus, _) = continuum::load::load(&root(), &config);
    let sources: Vec<_> = corpus.documents.iter().map(|d| d.source.clone()).collect();
    c.bench_function("front_matter/split_and_parse_118_files", |b| {
        b.iter(|| {
            for source in &sources {
                let split = front_matter::split(&source.text)
                    .ok()
                    .flatten()
                    .expect("split");
                black_box(front_matter::parse(source, &split).ok());
            }
        })
    });
}

fn stages(c: &mut Criterion) {
    let config = config();
    let root = root();
    c.bench_function("stage/load", |b| {
        b.iter(|| black_box(continuum::load::load(&root, &config)))
    });
    let (corpus, _) = continuum::load::load(&root, &config);
    c.bench_function("stage/resolve", |b| {
        b.iter(|| black_box(continuum::resolve::resolve(corpus.clone(), &config)))
    });
    let (site, _) = continuum::resolve::resolve(corpus, &config);
    c.bench_function("stage/render_markdown_links_templates", |b| {
        b.iter(|| black_box(continuum::render::render(&site, &config)))
    });
    // The parts of render on their own, as render times them for `--timings`.
    for part in ["markdown", "templates"] {
        c.bench_function(&format!("render/{part}"), |b| {
            b.iter_custom(|iterations| {
                (0..iterations)
                    .map(|_| {
                        let (rendered, _) = continuum::render::render(&site, &config);
                        rendered
                            .timings
                            .iter()
                            .find(|(stage, _)| *stage == part)
                            .map(|(_, time)| *time)
                            .expect("render times its parts")
                    })
                    .sum()
            })
        });
    }
    let (rendered, _) = continuum::render::render(&site, &config);
    let mut group = c.benchmark_group("stage");
    group.sample_size(20);
    group.bench_function("check", |b| {
        b.iter(|| {
            black_box(continuum::check::run(
                &site,
                &rendered,
                &config,
                &CheckOptions::default(),
            ))
        })
    });
    group.bench_function("search_index", |b| {
        b.iter(|| black_box(continuum::search::index(&site, &rendered, &config)))
    });
    group.finish();
}

fn links(c: &mut Criterion) {
    let config = config();
    let (corpus, _) = continuum::load::load(&root(), &config);
    let (site, _) = continuum::resolve::resolve(corpus, &config);
    // Every page linking every other page, written as editors write links (relative paths).
    let pairs: Vec<(String, String)> = site
        .entries
        .iter()
        .take(40)
        .flat_map(|from| {
            site.entries.iter().map(move |to| {
                let from = from.doc.rel_path.clone();
                let dest = relative_path(&from, &to.doc.rel_path);
                (from, dest)
            })
        })
        .collect();
    c.bench_function("links/resolve_4720_links", |b| {
        b.iter(|| {
            for (from, dest) in &pairs {
                black_box(resolve_link(dest, from, 0..0, &site, &config).is_ok());
            }
        })
    });
}

fn tokenizer(c: &mut Criterion) {
    let text =
        std::fs::read_to_string(root().join("content/levels-of-care/intensive-outpatient.md"))
            .expect("article");
    let english = Tokenizer::default();
    c.bench_function("search/tokenize_article", |b| {
        b.iter(|| black_box(english.tokens(&text)))
    });
}

criterion_group!(benches, front_matter_parse, stages, links, tokenizer);
criterion_main!(benches);
