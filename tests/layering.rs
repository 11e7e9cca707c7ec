//! The import graph of `src/` between top-level modules has no cycle: dependencies point one
//! way (the layering written in `src/lib.rs`). The test reads every `crate::…` path in
//! `src/**/*.rs`, maps it to the top-level module it names (`crate::check::x` → `check`; a
//! name re-exported by `lib.rs`, like `crate::Config`, → the module it comes from; anything
//! else defined in `lib.rs` → `lib`; `lib.rs`'s own bare `module::` paths count too), and fails
//! printing each cycle it finds.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

#[test]
fn the_module_import_graph_has_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = import_graph(&src);
    assert!(graph.len() > 5, "no modules found under {}", src.display());
    let cycles = cycles(&graph);
    let mut report = String::new();
    for cycle in &cycles {
        report.push_str(&format!("cycle: {}\n", cycle.join(" ")));
        for from in cycle {
            for (to, files) in &graph[from] {
                if cycle.contains(to) {
                    report.push_str(&format!("  {from} -> {to}  ({})\n", files.join(", ")));
                }
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "the module import graph has cycles:\n{report}"
    );
}

#[test]
fn a_cycle_is_found_and_a_chain_is_not() {
    let edge = |from: &str, to: &str| (from.to_string(), to.to_string());
    let graph = |edges: &[(String, String)]| {
        let mut g = Graph::new();
        for (from, to) in edges {
            g.entry(from.clone())
                .or_default()
                .entry(to.clone())
                .or_default()
                .push("x.rs".into());
            g.entry(to.clone()).or_default();
        }
        g
    };
    let chain = graph(&[edge("a", "b"), edge("b", "c"), edge("a", "c")]);
    assert!(cycles(&chain).is_empty());
    let circle = graph(&[
        edge("a", "b"),
        edge("b", "c"),
        edge("c", "a"),
        edge("c", "d"),
    ]);
    assert_eq!(cycles(&circle), vec![vec!["a", "b", "c"]]);
    assert_eq!(
        targets(
            "use crate::{config::Config, diagnostics::Diagnostic};",
            &reexports_of("")
        ),
        ["config", "diagnostics"].map(String::from).into()
    );
}

/// module → module it uses → the files that use it.
fn import_graph(src: &Path) -> Graph {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let reexports = reexports_of(&lib);
    let mut graph = Graph::new();
    for file in rust_files(src) {
        let rel = file.strip_prefix(src).unwrap();
        let from = module_of(rel);
        if from == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let node = graph.entry(from.clone()).or_default();
        let mut found = targets(&text, &reexports);
        if from == "lib" {
            // The root names its modules without `crate::`.
            found.extend(root_targets(&text));
        }
        for to in found {
            if to != from {
                node.entry(to).or_default().push(rel.display().to_string());
            }
        }
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `check/mod.rs` → `check`, `config.rs` → `config`, `lib.rs` → `lib`.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// `pub use config::Config;` in lib.rs: `Config` → `config`.
fn reexports_of(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let rest = rest.trim_end_matches(';');
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        let names = names.trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.trim().rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                map.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    map
}

/// The top-level modules a file's `crate::` paths name, comments left out.
fn targets(text: &str, reexports: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for name in names {
                let head: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if head.is_empty() {
                    continue;
                }
                let module = match reexports.get(&head) {
                    Some(module) => module.clone(),
                    None if head.starts_with(|c: char| c.is_lowercase()) => head,
                    None => "lib".to_string(),
                };
                found.insert(module);
            }
        }
    }
    found
}

/// The modules `lib.rs` uses by their bare names (`check::CheckOptions`, `use config::Config`).
fn root_targets(lib: &str) -> BTreeSet<String> {
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|line| {
            let line = line.trim().strip_prefix("pub ").unwrap_or(line.trim());
            line.strip_prefix("mod ")?.strip_suffix(';')
        })
        .collect();
    let mut found = BTreeSet::new();
    for line in lib.lines() {
        let code = line.split("//").next().unwrap_or("");
        for module in &modules {
            let needle = format!("{module}::");
            let mut rest = code;
            while let Some(at) = rest.find(&needle) {
                let before = rest[..at].chars().next_back();
                rest = &rest[at + needle.len()..];
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    found.insert(module.to_string());
                }
            }
        }
    }
    found
}

/// Each strongly connected component of more than one module, sorted (Tarjan's algorithm).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let i = s.index.len();
        s.index.insert(v, i);
        s.low.insert(v, i);
        s.stack.push(v);
        s.on_stack.insert(v);
        let graph = s.graph;
        for w in graph[v].keys() {
            let w = w.as_str();
            if !graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found.sort();
    s.found
}
