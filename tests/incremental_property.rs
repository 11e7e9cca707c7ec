//! The property behind every cache: whatever was edited, a build that reuses earlier work gives
//! byte for byte what a clean build gives, and the same diagnostics. Starting from a copy of
//! the bundled site, random edits of every kind of input are applied one after another (each
//! config key, article bodies, front matter, added and removed pages, template overrides, a
//! theme's static files, interface strings, `static/`, reviews.toml), and after each edit
//! three incremental paths are compared with a clean build into a fresh folder:
//! - `produce_cached` with one `Cache` kept across all edits (what `serve` renders with);
//! - `serve::Rebuilds`, what the dev server then serves (search index and copies included);
//! - `build` into the same output folder each time (the on-disk state between processes).
//!
//! `CONTINUUM_PROPERTY_SEED` and `CONTINUUM_PROPERTY_STEPS` replay or lengthen a run; a
//! failure names the seed, the step and every edit made so far.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use common::Rng;
use continuum::serve::Rebuilds;
use continuum::{BuildOptions, Cache};

/// A copy of the bundled site (the repository's own config.toml, content, static files and
/// theme), with the three incremental paths kept across edits.
struct Bench {
    dir: tempfile::TempDir,
    options: BuildOptions,
    cache: Cache,
    serve: Rebuilds,
    /// Every edit so far, for the failure message.
    log: Vec<String>,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["content", "static", "themes"] {
            common::copy_dir(&repo.join(part), &dir.path().join(part));
        }
        fs::copy(repo.join("config.toml"), dir.path().join("config.toml")).expect("config");
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            // `serve` would use its own address; every path here uses this one.
            base_url: Some("http://127.0.0.1:9/".into()),
            ..BuildOptions::default()
        };
        Bench {
            serve: Rebuilds::new(options.clone()),
            dir,
            options,
            cache: Cache::default(),
            log: Vec::new(),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap_or_default()
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }

    /// Every Markdown file below content/, by path below the site root.
    fn pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = walkdir::WalkDir::new(self.root().join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| rel(self.root(), e.path()))
            .collect();
        pages.sort();
        pages
    }

    /// Builds every way and panics, naming the edits, where one differs from a clean build.
    fn compare(&mut self, seed: u64) {
        let context = format!("seed {seed}, after edits:\n  {}", self.log.join("\n  "));
        let clean_dir = tempfile::tempdir().expect("temp dir");
        let clean_options = BuildOptions {
            output: Some(clean_dir.path().join("public")),
            ..self.options.clone()
        };
        let clean = continuum::build(&clean_options);
        let report = clean.diagnostics.report(false);

        let (produced, outcome) = continuum::produce_cached(&self.options, &mut self.cache);
        assert_eq!(
            outcome.diagnostics.report(false),
            report,
            "produce_cached reports differently; {context}"
        );
        let on_disk = continuum::build(&self.options);
        assert_eq!(
            on_disk.diagnostics.report(false),
            report,
            "build into the same folder reports differently; {context}"
        );
        let served = self.serve.rebuild();
        if clean.diagnostics.has_errors() {
            assert_eq!(
                served.err(),
                Some(report),
                "serve shows other errors; {context}"
            );
            return;
        }
        let clean_tree = common::tree(&clean_dir.path().join("public"));
        let served = served.unwrap_or_else(|e| panic!("serve failed: {e}; {context}"));
        let (_, files) = produced.expect("no errors");
        for file in &files {
            same(
                &file.path,
                Some(&file.bytes[..]),
                clean_tree.get(&file.path).map(Vec::as_slice),
                "produce_cached",
                &context,
            );
        }
        same_trees(
            &common::tree(&self.root().join("public")),
            &clean_tree,
            "build",
            &context,
        );
        let served: BTreeMap<String, Vec<u8>> = served
            .into_iter()
            .map(|(path, bytes): (String, Arc<[u8]>)| (path, bytes.to_vec()))
            .collect();
        same_trees(&served, &clean_tree, "serve", &context);
    }
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("below the root")
        .to_string_lossy()
        .replace('\\', "/")
}

fn same(path: &str, got: Option<&[u8]>, want: Option<&[u8]>, what: &str, context: &str) {
    if got == want {
        return;
    }
    let show = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
    let (got, want) = (show(got), show(want));
    let first = match (&got, &want) {
        (Some(g), Some(w)) => g
            .lines()
            .zip(w.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("incremental: {a}\nclean:       {b}")),
        (None, _) => Some("missing from the incremental output".into()),
        (_, None) => Some("not in the clean output".into()),
    };
    panic!("{what}: {path} differs from a clean build\n{first:?}\n{context}");
}

fn same_trees(
    got: &BTreeMap<String, Vec<u8>>,
    want: &BTreeMap<String, Vec<u8>>,
    what: &str,
    context: &str,
) {
    for path in got.keys().chain(want.keys()) {
        let (g, w) = (got.get(path), want.get(path));
        same(
            path,
            g.map(Vec::as_slice),
            w.map(Vec::as_slice),
            what,
            context,
        );
    }
}

/// A scalar of a TOML document, by its path of keys and indexes.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every scalar in `value`, by path: the keys a config file has, however many it grows.
fn leaves(value: &toml::Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        toml::Value::Table(table) => {
            for (key, child) in table {
                path.push(Step::Key(key.clone()));
                leaves(child, path, out);
                path.pop();
            }
        }
        toml::Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(Step::Index(index));
                leaves(child, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn at<'a>(value: &'a mut toml::Value, path: &[Step]) -> &'a mut toml::Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

/// `text` (a TOML document) with the scalar at `path` changed: a flag flipped, a number
/// moved, words added to a string.
fn change_leaf(text: &str, path: &[Step], salt: usize) -> String {
    let mut value: toml::Value = toml::from_str(text).expect("valid TOML");
    let leaf = at(&mut value, path);
    *leaf = match leaf.clone() {
        toml::Value::Boolean(b) => toml::Value::Boolean(!b),
        toml::Value::Integer(i) => toml::Value::Integer(i + 1 + salt as i64 % 3),
        toml::Value::Float(f) => toml::Value::Float(f + 0.5),
        toml::Value::String(s) if s.is_empty() => toml::Value::String(format!("edit {salt}")),
        toml::Value::String(s) => toml::Value::String(format!("{s} edit {salt}")),
        other => other,
    };
    toml::to_string(&value).expect("serializable")
}

fn config_leaves(text: &str) -> Vec<Vec<Step>> {
    let value: toml::Value = toml::from_str(text).expect("valid TOML");
    let mut out = Vec::new();
    leaves(&value, &mut Vec::new(), &mut out);
    out
}

/// The kinds of edit, each one function of the bench, the generator and a counter.
type Edit = fn(&mut Bench, &mut Rng, usize) -> String;

const EDITS: &[(&str, Edit)] = &[
    ("config key", edit_config),
    ("body", edit_body),
    ("front matter", edit_front),
    ("add page", add_page),
    ("remove page", remove_page),
    ("template override", edit_template),
    ("theme static", edit_theme_static),
    ("i18n", edit_strings),
    ("static", edit_static),
    ("reviews", edit_reviews),
];

/// The original config.toml with one scalar changed (any earlier change undone).
fn edit_config(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let original = original_config();
    let leaves = config_leaves(&original);
    let path = rng.pick(&leaves).clone();
    bench.write("config.toml", &change_leaf(&original, &path, n));
    format!("config.toml {path:?}")
}

fn original_config() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml")).expect("config")
}

/// A paragraph added (with a link to a page beside it and a glossary term) or the last one
/// dropped.
fn edit_body(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let pages = bench.pages();
    // Pages every other page leans on come up more often than chance would bring them.
    let hubs = [
        "content/glossary.md",
        "content/_index.md",
        "content/faq.es.md",
    ];
    let page = if rng.below(4) == 0 {
        rng.pick(&hubs).to_string()
    } else {
        rng.pick(&pages).clone()
    };
    let text = bench.read(&page);
    let dir = Path::new(&page)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let siblings: Vec<&String> = pages
        .iter()
        .filter(|p| Path::new(p).parent() == Some(dir.as_path()) && **p != page)
        .collect();
    let edited = if rng.below(3) == 0 && text.trim_end().contains("\n\n") {
        let cut = text.trim_end().rfind("\n\n").unwrap_or(text.len());
        format!("{}\n", &text[..cut])
    } else {
        let link = match siblings.get(rng.below(siblings.len().max(1))) {
            Some(other) => {
                let name = Path::new(other.as_str())
                    .file_name()
                    .unwrap()
                    .to_string_lossy();
                format!(" See [the other page]({name}).")
            }
            None => String::new(),
        };
        format!(
            "{}\n\nEdit {n}: an intensive outpatient program (IOP) meets most days.{link}\n",
            text.trim_end()
        )
    };
    bench.write(&page, &edited);
    format!("body of {page}")
}

/// The title or description changed, or a weight moved (listings reorder).
fn edit_front(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let pages = bench.pages();
    let page = rng.pick(&pages).clone();
    let text = bench.read(&page);
    let wanted = *rng.pick(&["title = \"", "description = \"", "weight = "]);
    // Every page has a title; the other keys only some.
    let found = [wanted, "title = \""]
        .into_iter()
        .find_map(|key| Some((key, text.find(&format!("\n{key}"))? + 1)));
    let Some((key, start)) = found else {
        return edit_body(bench, rng, n);
    };
    let line_end = start + text[start..].find('\n').unwrap_or(text.len() - start);
    let line = &text[start..line_end];
    let changed = if key == "weight = " {
        format!("weight = {}", rng.below(100))
    } else {
        format!("{} edit {n}\"", line.trim_end_matches('"'))
    };
    bench.write(
        &page,
        &format!("{}{changed}{}", &text[..start], &text[line_end..]),
    );
    format!("{} of {page}", key.trim_end_matches([' ', '=', '"']))
}

fn add_page(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let sections = [
        "iop",
        "therapies",
        "levels-of-care",
        "families",
        "conditions",
    ];
    let section = rng.pick(&sections);
    let lang = if rng.below(4) == 0 { ".es" } else { "" };
    let path = format!("content/{section}/edit-{n}{lang}.md");
    let therapy = rng.pick(&["CBT", "DBT", "Peer support"]);
    bench.write(
        &path,
        &format!(
            "+++\ntitle = \"Added page {n}\"\ndescription = \"A page the test added.\"\nupdated = 2026-11-15\nreview_status = \"sample\"\n\n[taxonomies]\ntherapies = [\"{therapy}\"]\n+++\n\nGroup therapy in an IOP. See [the section](_index.md).\n"
        ),
    );
    format!("added {path}")
}

/// Removes a page an earlier step added (removing the site's own would only break links).
fn remove_page(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let added: Vec<String> = bench
        .pages()
        .into_iter()
        .filter(|p| p.contains("/edit-"))
        .collect();
    if added.is_empty() {
        return add_page(bench, rng, n);
    }
    let page = rng.pick(&added).clone();
    fs::remove_file(bench.root().join(&page)).expect("remove");
    format!("removed {page}")
}

/// A site template overriding the theme's with one visible change, or an override removed.
fn edit_template(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let name = *rng.pick(&["page.html", "base.html", "section.html", "index.html"]);
    let over = format!("templates/{name}");
    if rng.below(3) == 0 && bench.root().join(&over).exists() {
        fs::remove_file(bench.root().join(&over)).expect("remove");
        return format!("removed {over}");
    }
    let theme = bench.read(&format!("themes/default/templates/{name}"));
    let mark = format!("<p class=\"edit\">edit {n}</p>");
    let text = match theme.find("{% endblock") {
        Some(i) => format!("{}{mark}{}", &theme[..i], &theme[i..]),
        None => theme.replacen("</body>", &format!("{mark}</body>"), 1),
    };
    bench.write(&over, &text);
    over
}

fn edit_theme_static(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let file = *rng.pick(&["style.css", "print.css", "compare.js", "_headers"]);
    let rel = format!("themes/default/static/{file}");
    let comment = if file.ends_with(".css") {
        format!("\n.edit-{n} {{ color: #123456; }}\n")
    } else {
        format!("\n// edit {n}\n").replace("// ", if file == "_headers" { "# " } else { "// " })
    };
    let text = bench.read(&rel) + &comment;
    bench.write(&rel, &text);
    rel
}

/// One interface string changed, in the theme's file or in a site override.
fn edit_strings(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let lang = *rng.pick(&["en", "es"]);
    let theme_file = format!("themes/default/i18n/{lang}.toml");
    let theme = bench.read(&theme_file);
    let strings: Vec<Vec<Step>> = config_leaves(&theme)
        .into_iter()
        .filter(|p| {
            let mut value: toml::Value = toml::from_str(&theme).unwrap();
            at(&mut value, p).is_str()
        })
        .collect();
    let path = rng.pick(&strings).clone();
    if rng.below(2) == 0 {
        bench.write(&theme_file, &change_leaf(&theme, &path, n));
        return format!("{theme_file} {path:?}");
    }
    // A site file overriding just this string.
    let mut value: toml::Value = toml::from_str(&theme).unwrap();
    let mut only = toml::Value::Table(toml::map::Map::new());
    let mut cursor = &mut only;
    for step in &path[..path.len() - 1] {
        let Step::Key(key) = step else {
            unreachable!("strings are tables")
        };
        cursor = cursor
            .as_table_mut()
            .unwrap()
            .entry(key.clone())
            .or_insert_with(|| toml::Value::Table(toml::map::Map::new()));
    }
    let Some(Step::Key(last)) = path.last() else {
        unreachable!()
    };
    let current = at(&mut value, &path).as_str().unwrap().to_string();
    cursor.as_table_mut().unwrap().insert(
        last.clone(),
        toml::Value::String(format!("{current} site {n}")),
    );
    let site_file = format!("i18n/{lang}.toml");
    bench.write(&site_file, &toml::to_string(&only).unwrap());
    format!("{site_file} {path:?}")
}

fn edit_static(bench: &mut Bench, rng: &mut Rng, n: usize) -> String {
    let rel = format!("static/edit-{}.txt", rng.below(3));
    bench.write(&rel, &format!("edit {n}\n"));
    rel
}

/// A clinician's approval of one page recorded (reviews.toml, and the page loses its
/// `review_status`), as `continuum review approve` does it.
fn edit_reviews(bench: &mut Bench, rng: &mut Rng, _n: usize) -> String {
    let pages = bench.pages();
    let page = rng.pick(&pages).clone();
    let request = continuum::review::approve::Request {
        root: bench.root(),
        path: &page,
        by: Some("Ana Ruiz, MD"),
        role: Some("Clinical reviewer"),
        team: None,
        today: continuum::load::Date::today(),
        next_review: None,
    };
    match continuum::review::approve::approve(&request) {
        Ok(_) => format!("approved {page}"),
        Err(e) => format!("approval of {page} refused: {e:?}"),
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_edits_match_clean_builds() {
    let seed = env_number("CONTINUUM_PROPERTY_SEED", 0x5EED_2026);
    // Each kind of edit once by default (each step is a clean build and three incremental
    // ones); CONTINUUM_PROPERTY_STEPS=200 for a long run.
    let steps = env_number("CONTINUUM_PROPERTY_STEPS", EDITS.len() as u64 + 2) as usize;
    let mut rng = Rng(seed);
    let mut bench = Bench::new();
    bench.compare(seed);
    for n in 0..steps {
        // Every kind comes up once in the first round, then at random.
        let (kind, edit) = match EDITS.get(n) {
            Some(first_round) => *first_round,
            None => *rng.pick(EDITS),
        };
        let what = edit(&mut bench, &mut rng, n);
        // Shown with --nocapture: a long run's progress.
        println!("step {n} {kind}: {what}");
        bench.log.push(format!("{n} {kind}: {what}"));
        bench.compare(seed);
    }
}

/// Every scalar of config.toml changed, one top-level key's scalars at a time (and the
/// change before undone), so a setting that reaches the output but not a cache key fails here
/// by name. One table at a time keeps this to a few builds; the random test above changes
/// single scalars. `produce_cached` against a clean `produce`: the other paths share its cache
/// keys, and the random test covers them.
#[test]
fn every_config_key_matches_clean_builds() {
    let original = original_config();
    let leaves = config_leaves(&original);
    assert!(
        leaves.len() > 50,
        "the walk finds every key ({})",
        leaves.len()
    );
    let mut groups: BTreeMap<String, Vec<Vec<Step>>> = BTreeMap::new();
    for path in leaves {
        let Some(Step::Key(top)) = path.first() else {
            unreachable!("a table at the top")
        };
        groups.entry(top.clone()).or_default().push(path);
    }
    let bench = Bench::new();
    let mut cache = Cache::default();
    let _ = continuum::produce_cached(&bench.options, &mut cache);
    for (n, (top, paths)) in groups.iter().enumerate() {
        let changed = paths
            .iter()
            .fold(original.clone(), |text, path| change_leaf(&text, path, n));
        bench.write("config.toml", &changed);
        let (incremental, outcome) = continuum::produce_cached(&bench.options, &mut cache);
        let (clean, clean_outcome) = continuum::produce(&bench.options);
        let context = format!("config.toml: every scalar under `{top}` changed");
        assert_eq!(
            outcome.diagnostics.report(false),
            clean_outcome.diagnostics.report(false),
            "{context}"
        );
        let files = |p: Option<(continuum::resolve::Site, Vec<continuum::render::OutputFile>)>| {
            p.map(|(_, files)| {
                files
                    .into_iter()
                    .map(|f| (f.path, f.bytes.to_vec()))
                    .collect::<BTreeMap<_, _>>()
            })
            .unwrap_or_default()
        };
        same_trees(
            &files(incremental),
            &files(clean),
            "produce_cached",
            &context,
        );
    }
}
