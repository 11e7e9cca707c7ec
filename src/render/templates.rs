//! Tera, built once per build from the theme's and the site's templates, with the
//! `get_url` function that checks every page link a template makes.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tera::{Tera, Value};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::TemplateSource;
use crate::resolve::Site;

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &[
    "index.html",
    "section.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "404.html",
];

/// Builds Tera from the corpus templates. Syntax errors become diagnostics naming the
/// template and line; `None` if any template failed.
pub fn build(
    site: &Site,
    config: &Config,
    facts: Value,
    diagnostics: &mut Diagnostics,
) -> Option<Tera> {
    for name in REQUIRED {
        if !site.templates.contains_key(*name) {
            diagnostics.push(
                Diagnostic::error(format!("the theme has no `{name}` template"))
                    .in_file(format!("themes/{}/templates/{name}", config.theme))
                    .help("add the template to the theme, or to the site's templates/ folder"),
            );
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also escapes `/`, which makes every URL unreadable in the output.
    tera.set_escape_fn(escape_html);
    let guarded: Vec<(&str, String)> = site
        .templates
        .values()
        .map(|t| (t.name.as_str(), guard_macros(&t.name, &t.source.text)))
        .collect();
    let sources: Vec<(&str, &str)> = guarded.iter().map(|(n, t)| (*n, t.as_str())).collect();
    if let Err(error) = tera.add_raw_templates(sources) {
        diagnostics.push(template_error(&error, &site.templates));
        return None;
    }
    // Tera has no recursion limit: a template that includes itself would overflow the stack.
    if let Some(cycle) = reference_cycle(&site.templates) {
        diagnostics.push(cycle);
        return None;
    }
    tera.register_function(GUARD, MacroGuard);
    tera.register_function("get_url", GetUrl::new(site, config));
    tera.register_function("facts", Facts(Arc::new(facts)));
    tera.register_function("get_page", GetPage::new(site));
    Some(tera)
}

/// The function [`guard_macros`] calls at the start of every macro.
const GUARD: &str = "__continuum_macro_guard";

/// How much stack rendering one page may use before a macro call is refused: far more than
/// any template needs, and well inside the 2 MB a rendering thread has, so the error unwinds
/// before the stack would overflow.
const STACK_BUDGET: usize = 1024 * 1024;

thread_local! {
    /// Where this thread's stack stood when the page being rendered began (0: not rendering).
    static STACK_BASE: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// An address on the current stack frame.
fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(std::ptr::addr_of!(marker)) as usize
}

/// Runs `render` (one page) with the macro depth guard measuring from here. Tera has no
/// recursion limit: a macro that calls itself (directly or through others) would overflow
/// the stack and abort the process; guarded, it ends as an error naming the macro.
pub fn guarded<R>(render: impl FnOnce() -> R) -> R {
    let outer = STACK_BASE.get();
    if outer == 0 {
        STACK_BASE.set(stack_position());
    }
    let result = render();
    STACK_BASE.set(outer);
    result
}

/// `{% macro NAME(...) %}` becomes `{% macro NAME(...) %}{{ __continuum_macro_guard(...) }}`,
/// keeping the tag's whitespace control (`-%}` trims what follows; so does the guard then)
/// and every line break, so line numbers stay those of the file.
fn guard_macros(template: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{%") {
        let start = rest + open;
        let Some(close) = text[start..].find("%}") else {
            break;
        };
        let end = start + close + 2;
        out.push_str(&text[rest..end]);
        rest = end;
        let tag = text[start + 2..end - 2]
            .trim_start_matches(['-', '+'])
            .trim();
        if tag.trim_end_matches(['-', '+']).trim_end() == "raw" {
            // A raw block's text is output as written, macro tags included.
            let Some(close) = text[end..].find("endraw") else {
                break;
            };
            out.push_str(&text[end..end + close]);
            rest = end + close;
            continue;
        }
        let Some(name) = tag
            .strip_prefix("macro")
            .filter(|after| after.starts_with(char::is_whitespace))
            .and_then(|after| after.trim_start().split('(').next())
            .map(str::trim)
            .filter(|name| {
                !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
            })
        else {
            continue;
        };
        let trim = text[..end - 2].ends_with('-');
        let (open_tag, close_tag) = if trim { ("{{-", "-}}") } else { ("{{", "}}") };
        out.push_str(&format!(
            "{open_tag} {GUARD}(name=\"{name}\", template=\"{}\") {close_tag}",
            template.replace(['"', '\\'], "")
        ));
    }
    out.push_str(&text[rest..]);
    out
}

/// Refuses a macro call once the page's rendering has used [`STACK_BUDGET`].
struct MacroGuard;

impl tera::Function for MacroGuard {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let base = STACK_BASE.get();
        if base != 0 && base.abs_diff(stack_position()) > STACK_BUDGET {
            let arg = |key: &str| {
                args.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_string()
            };
            return Err(format!(
                "macro `{}` of `{}` calls itself without end (directly or through other macros)",
                arg("name"),
                arg("template")
            )
            .into());
        }
        Ok(Value::String(String::new()))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn escape_html(text: &str) -> String {
    super::highlight::html_escape(text)
}

/// The templates a template names in `include`, `extends` and `import` tags, with the byte
/// span of each name.
fn references(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{%") {
        let start = rest + open + 2;
        let Some(close) = text[start..].find("%}") else {
            break;
        };
        let tag = &text[start..start + close];
        rest = start + close + 2;
        let body = tag.trim_start_matches(['-', '+']).trim_start();
        let Some(after) = ["include", "extends", "import"]
            .iter()
            .find_map(|keyword| body.strip_prefix(keyword))
        else {
            continue;
        };
        // Every quoted name in the tag (`include ["a.html", "b.html"]` lists several).
        let offset = start + (tag.len() - after.len());
        found.extend(quoted(after, offset));
    }
    found
}

/// The quoted strings of one tag's text, with their spans at `offset` in the file.
fn quoted(tail: &str, offset: usize) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(quote) = tail[at..].find(['"', '\'']) {
        let from = at + quote + 1;
        let q = tail.as_bytes()[at + quote] as char;
        let Some(len) = tail[from..].find(q) else {
            break;
        };
        found.push((
            tail[from..from + len].to_string(),
            offset + from..offset + from + len,
        ));
        at = from + len + 1;
    }
    found
}

/// A cycle of includes, extends or imports (`a.html` → `b.html` → `a.html`), as an error at
/// the reference that closes it.
fn reference_cycle(templates: &BTreeMap<String, TemplateSource>) -> Option<Diagnostic> {
    let edges: BTreeMap<&str, Vec<(String, std::ops::Range<usize>)>> = templates
        .iter()
        .map(|(name, t)| (name.as_str(), references(&t.source.text)))
        .collect();
    // Depth-first search with colours: 1 on the current path, 2 done.
    let mut colour: HashMap<&str, u8> = HashMap::new();
    for start in edges.keys() {
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        if colour.contains_key(start) {
            continue;
        }
        colour.insert(start, 1);
        while let Some((node, next)) = path.last_mut() {
            let node_name: &str = node;
            let children = &edges[node_name];
            if *next >= children.len() {
                colour.insert(node_name, 2);
                path.pop();
                continue;
            }
            let (child, span) = &children[*next];
            *next += 1;
            let Some((child_name, _)) = edges.get_key_value(child.as_str()) else {
                continue;
            };
            match colour.get(child_name) {
                Some(1) => {
                    let mut chain: Vec<&str> = path.iter().map(|(n, _)| *n).collect();
                    let begin = chain.iter().position(|n| n == child_name).unwrap_or(0);
                    chain.drain(..begin);
                    chain.push(child_name);
                    let source = &templates[node_name].source;
                    return Some(
                        Diagnostic::error(format!(
                            "templates include each other in a loop: {}",
                            chain.join(" → ")
                        ))
                        .at(source, span.clone())
                        .help("a template may not include, extend or import itself, directly or through others; remove one reference"),
                    );
                }
                Some(_) => {}
                None => {
                    colour.insert(child_name, 1);
                    path.push((child_name, 0));
                }
            }
        }
    }
    None
}

/// `get_url(path="@/levels-of-care/outpatient.md")` → the page's URL;
/// `get_url(path="style.css")` → a static file's URL. Unknown paths are errors.
struct GetUrl {
    pages: Arc<HashMap<String, String>>,
    files: Arc<BTreeMap<String, String>>,
}

impl GetUrl {
    fn new(site: &Site, config: &Config) -> GetUrl {
        let pages = site
            .by_path
            .iter()
            .map(|(path, &i)| (path.clone(), site.entries[i].url.clone()))
            .collect();
        let mut files: BTreeMap<String, String> = site
            .static_files
            .keys()
            .map(|rel| (rel.clone(), config.url_path(rel)))
            .collect();
        for asset in &site.assets {
            files.insert(asset.output.clone(), config.url_path(&asset.output));
        }
        for (rel, style) in &site.styles {
            files.insert(rel.clone(), config.url_path(&style.path));
        }
        GetUrl {
            pages: Arc::new(pages),
            files: Arc::new(files),
        }
    }
}

impl tera::Function for GetUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("get_url needs a `path` argument, e.g. get_url(path=\"@/faq.md\")")?;
        if let Some(source) = path.strip_prefix("@/") {
            let (file, anchor) = source
                .split_once('#')
                .map_or((source, None), |(f, a)| (f, Some(a)));
            let url = self
                .pages
                .get(file)
                .ok_or_else(|| format!("get_url: no page `{file}` in content/"))?;
            return Ok(Value::String(match anchor {
                Some(anchor) => format!("{url}#{anchor}"),
                None => url.clone(),
            }));
        }
        let file = path.trim_start_matches('/');
        self.files
            .get(file)
            .map(|url| Value::String(url.clone()))
            .ok_or_else(|| format!("get_url: no static file `{file}`").into())
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `get_page(path="@/about/how-we-write-and-review.md")` → `{ title, url, description }`, so
/// templates can link to a page by its real title. Unknown pages are errors.
struct GetPage(Arc<PageIndex>);

/// What `get_page` answers from: each entry's link, by source path, and the entries of one
/// article by (language, source path without language suffix).
struct PageIndex {
    links: Vec<Value>,
    by_path: HashMap<String, usize>,
    keys: Vec<String>,
    by_language: HashMap<(String, String), usize>,
}

impl GetPage {
    fn new(site: &Site) -> GetPage {
        let links = site
            .entries
            .iter()
            .map(|entry| {
                serde_json::json!({
                    "title": entry.title(),
                    "url": entry.url,
                    "description": entry.front().description,
                    "lang": entry.lang,
                })
            })
            .collect();
        GetPage(Arc::new(PageIndex {
            links,
            by_path: site.by_path.clone(),
            keys: site.entries.iter().map(|e| e.key.clone()).collect(),
            by_language: site
                .entries
                .iter()
                .enumerate()
                .map(|(i, e)| ((e.lang.clone(), e.key.clone()), i))
                .collect(),
        }))
    }
}

impl tera::Function for GetPage {
    /// `get_page(path="@/faq.md")`; with `lang="es"` the page's translation in that language
    /// when it has one (else the page itself).
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or("get_page needs a `path` argument, e.g. get_page(path=\"@/faq.md\")")?;
        let file = path.strip_prefix("@/").unwrap_or(path);
        let index = &self.0;
        let Some(&entry) = index.by_path.get(file) else {
            return Err(format!("get_page: no page `{file}` in content/").into());
        };
        let entry = match args.get("lang").and_then(Value::as_str) {
            Some(lang) => index
                .by_language
                .get(&(lang.to_string(), index.keys[entry].clone()))
                .copied()
                .unwrap_or(entry),
            None => entry,
        };
        Ok(index.links[entry].clone())
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// `facts(section="levels-of-care")` → the section's items, each `{ title, url, path, facts }`
/// with `facts` as on pages, so a theme can render its own summary cards.
struct Facts(Arc<Value>);

impl tera::Function for Facts {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let section = args
            .get("section")
            .and_then(Value::as_str)
            .ok_or("facts needs a `section` argument, e.g. facts(section=\"levels-of-care\")")?;
        self.0.get(section).cloned().ok_or_else(|| {
            let known: Vec<&str> = self
                .0
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            format!(
                "facts: `{section}` is not a comparable section (comparable: {})",
                known.join(", ")
            )
            .into()
        })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// A Tera error as a diagnostic at its place in the template (see `template_errors`).
pub fn template_error(
    error: &tera::Error,
    templates: &BTreeMap<String, TemplateSource>,
) -> Diagnostic {
    super::template_errors::explain(error, templates, None)
}

#[cfg(test)]
mod guard_tests {
    use super::guard_macros;

    #[test]
    fn macros_get_a_guard_that_keeps_lines_and_whitespace_control() {
        assert_eq!(
            guard_macros("m.html", "{% macro a(x) -%}\n{{ x }}{% endmacro a %}"),
            "{% macro a(x) -%}{{- __continuum_macro_guard(name=\"a\", template=\"m.html\") -}}\n{{ x }}{% endmacro a %}"
        );
        assert_eq!(
            guard_macros("m.html", "{% macro b() %}x{% endmacro %}"),
            "{% macro b() %}{{ __continuum_macro_guard(name=\"b\", template=\"m.html\") }}x{% endmacro %}"
        );
        let raw = "{% raw %}{% macro c() %}{% endraw %}";
        assert_eq!(guard_macros("m.html", raw), raw);
    }
}

#[cfg(test)]
mod theme_tests {
    /// Tera copies what `is defined` tests before testing it, and `page` holds the article's
    /// HTML: `page is defined` in `base.html` copied every page several times (a sixth of the
    /// template time of a 10,000-article build). The theme tests a small field instead
    /// (`page.url is defined`), which every such object has.
    #[test]
    fn the_default_theme_never_tests_a_whole_page_object_with_is_defined() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        let mut found = Vec::new();
        for entry in walkdir::WalkDir::new(folder) {
            let entry = entry.expect("theme folder");
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for object in ["page", "section", "compare", "term", "taxonomy"] {
                if text.contains(&format!("{object} is defined"))
                    || text.contains(&format!("{object} is not defined"))
                {
                    found.push(format!("{}: {object}", entry.path().display()));
                }
            }
        }
        assert!(found.is_empty(), "test a field instead: {found:?}");
    }
}
