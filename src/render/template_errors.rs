//! Tera's errors as diagnostics at their place in the template: a syntax error at Tera's line
//! and column, a block left open (`{% if %}` without `{% endif %}`) at the tag that opens it
//! (Tera reports it where it gave up, often the `{% endblock %}` or the end of the file), an
//! unknown variable, filter or function at its first use, with "did you mean" from what the
//! page's context, Tera and Continuum offer. [`merge_page_errors`] makes the errors of one
//! template problem met on many pages one diagnostic that counts them.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use tera::{Context, Value};

use crate::diagnostics::{did_you_mean, Diagnostic, SourceText};
use crate::load::TemplateSource;

const TERA_HELP: &str =
    "fix the template; Tera's syntax is described at https://keats.github.io/tera/docs/";

/// Tera's filters and the functions templates can call (Tera's and Continuum's).
const FILTERS: &[&str] = &[
    "upper",
    "lower",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "wordcount",
    "replace",
    "capitalize",
    "title",
    "linebreaksbr",
    "indent",
    "striptags",
    "spaceless",
    "urlencode",
    "urlencode_strict",
    "escape",
    "escape_xml",
    "slugify",
    "addslashes",
    "split",
    "int",
    "float",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "slice",
    "group_by",
    "filter",
    "map",
    "concat",
    "abs",
    "pluralize",
    "round",
    "filesizeformat",
    "length",
    "reverse",
    "date",
    "json_encode",
    "as_str",
    "get",
    "safe",
    "default",
];
const FUNCTIONS: &[&str] = &[
    "range",
    "now",
    "throw",
    "get_random",
    "get_env",
    "get_url",
    "get_page",
    "facts",
];

/// A Tera error (from parsing or rendering) as a diagnostic; `context` is the page's, when
/// rendering, for suggestions.
pub fn explain(
    error: &tera::Error,
    templates: &BTreeMap<String, TemplateSource>,
    context: Option<&Context>,
) -> Diagnostic {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        chain.push(inner.to_string());
        source = inner.source();
    }
    let text = chain.join("\n");
    let rendered = chain
        .iter()
        .find_map(|line| line.split('\'').nth(1))
        .unwrap_or_default()
        .to_string();
    // Where an inherited block or a macro really is, when Tera says.
    let happened_in = between(&text, "(error happened in '", "')").map(str::to_string);
    let last = chain.last().cloned().unwrap_or_default();

    if let Some(at) = syntax_position(&text) {
        let Some(template) = templates.get(&rendered) else {
            return Diagnostic::error(format!("template `{rendered}`: {}", summary(&last)))
                .help(TERA_HELP);
        };
        if let Some(open) = unclosed_block(&template.source.text) {
            return open.diagnostic(&rendered, &template.source);
        }
        let offset = offset_of(&template.source.text, at);
        return Diagnostic::error(format!("template `{rendered}`: {}", summary(&last)))
            .at(&template.source, offset..offset)
            .help(TERA_HELP);
    }

    // The templates to search for the problem: where Tera says, then the others.
    let mut order: Vec<&str> = happened_in.iter().map(String::as_str).collect();
    order.push(&rendered);
    order.extend(templates.keys().map(String::as_str));
    let located = |needle: &str, find: &dyn Fn(&str, &str) -> Option<Range<usize>>| {
        order.iter().find_map(|name| {
            let template = templates.get(*name)?;
            find(&template.source.text, needle).map(|span| (template, span))
        })
    };

    if let Some(variable) = between(&last, "Variable `", "`") {
        let message = format!("unknown variable `{variable}`");
        let help = suggest_variable(variable, context)
            .map(|best| format!("did you mean `{best}`?"))
            .unwrap_or_else(|| {
                "check the name; docs/templates.md lists what templates see".to_string()
            });
        return place(located(variable, &find_variable), &rendered, message, help);
    }
    for (kind, prefix, names, find) in [
        (
            "filter",
            "Filter '",
            FILTERS,
            find_filter as fn(&str, &str) -> Option<Range<usize>>,
        ),
        ("function", "Function '", FUNCTIONS, find_function),
    ] {
        if let Some(name) = between(&last, prefix, "'") {
            let help = match did_you_mean(name, names.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the {kind}s are: {}", names.join(", ")),
            };
            let message = format!("unknown {kind} `{name}`");
            return place(located(name, &find), &rendered, message, help);
        }
    }
    if let Some(name) = between(&last, "macro `", "` of `") {
        let file = between(&last, "` of `", "`")
            .unwrap_or(&rendered)
            .to_string();
        let message = summary(&last);
        let help =
            "give the macro a case that stops calling itself (an `{% if %}` on what it is given)"
                .to_string();
        let found = templates
            .get(&file)
            .and_then(|t| find_macro(&t.source.text, name).map(|span| (t, span)));
        return place(found, &file, message, help);
    }
    let name = happened_in.unwrap_or(rendered);
    let diagnostic =
        Diagnostic::error(format!("template `{name}`: {}", summary(&last))).help(TERA_HELP);
    match templates.get(&name) {
        Some(template) => diagnostic.in_file(&template.source.path),
        None => diagnostic,
    }
}

/// The diagnostic at `found` (a template and a span in it), or in the template's file.
fn place(
    found: Option<(&TemplateSource, Range<usize>)>,
    fallback: &str,
    message: String,
    help: String,
) -> Diagnostic {
    match found {
        Some((template, span)) => {
            Diagnostic::error(format!("template `{}`: {message}", template.name))
                .at(&template.source, span)
                .help(help)
        }
        None => Diagnostic::error(format!("template `{fallback}`: {message}")).help(help),
    }
}

/// The text between `open` and the next `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// The last line of Tera's detail that says what is wrong.
fn summary(detail: &str) -> String {
    let lines: Vec<&str> = detail.lines().filter(|l| !l.trim().is_empty()).collect();
    lines
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with('='))
        .map(|l| l.trim_start().trim_start_matches('=').trim().to_string())
        .unwrap_or_else(|| {
            lines
                .last()
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        })
}

/// Tera's parse errors carry ` --> LINE:COLUMN` (1-based; the column counts characters).
fn syntax_position(text: &str) -> Option<(usize, usize)> {
    let after = text.split("--> ").nth(1)?;
    let mut parts = after.split(|c: char| c == ':' || c.is_whitespace());
    let line = parts.next()?.trim().parse().ok()?;
    let column = parts
        .next()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(1);
    Some((line, column))
}

/// The byte offset of a 1-based (line, column in characters), kept inside the text.
fn offset_of(text: &str, (line, column): (usize, usize)) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let start = start.min(text.len());
    let line_text = text[start..].split('\n').next().unwrap_or("");
    start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// A block tag that is never closed, or closed by the wrong end tag.
#[derive(Debug, PartialEq, Eq)]
struct OpenBlock {
    keyword: String,
    span: Range<usize>,
}

impl OpenBlock {
    fn diagnostic(&self, template: &str, source: &SourceText) -> Diagnostic {
        let keyword = &self.keyword;
        Diagnostic::error(format!(
            "template `{template}`: this `{{% {keyword} %}}` is never closed"
        ))
        .at(source, self.span.clone())
        .help(format!(
            "close it with `{{% end{keyword} %}}`; blocks close in the reverse order they open"
        ))
    }
}

const BLOCKS: &[&str] = &["if", "for", "block", "macro", "filter", "raw"];

/// The innermost block that is open when a different block's end tag (or the end of the
/// file) comes, if any.
fn unclosed_block(text: &str) -> Option<OpenBlock> {
    let mut open: Vec<OpenBlock> = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find(['{']) {
        let start = rest + found;
        let tail = &text[start..];
        if tail.starts_with("{#") {
            rest = tail.find("#}").map_or(text.len(), |e| start + e + 2);
            continue;
        }
        if !tail.starts_with("{%") {
            rest = start + 1;
            continue;
        }
        let Some(close) = tail.find("%}") else { break };
        let end = start + close + 2;
        rest = end;
        let body = tail[2..close].trim_matches(['-', '+']).trim();
        let keyword = body
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .next()
            .unwrap_or("");
        if keyword == "raw" {
            // Nothing inside a raw block is a tag; skip to after its end tag.
            let closed = text[end..]
                .find("endraw")
                .and_then(|at| text[end + at..].find("%}").map(|e| end + at + e + 2));
            match closed {
                Some(after) => rest = after,
                None => {
                    return Some(OpenBlock {
                        keyword: keyword.to_string(),
                        span: start..end,
                    })
                }
            }
        } else if BLOCKS.contains(&keyword) {
            open.push(OpenBlock {
                keyword: keyword.to_string(),
                span: start..end,
            });
        } else if let Some(closed) = keyword.strip_prefix("end") {
            match open.pop() {
                Some(top) if top.keyword == closed => {}
                Some(top) => return Some(top),
                None => return None,
            }
        }
    }
    open.pop()
}

/// The first use of `variable` inside a tag of `text`, as a whole name.
fn find_variable(text: &str, variable: &str) -> Option<Range<usize>> {
    find_in_tags(text, variable, |before, after| {
        !is_name_char(before) && before != Some('.') && !is_name_char(after)
    })
}

fn find_filter(text: &str, name: &str) -> Option<Range<usize>> {
    find_in_tags(text, name, |_, after| !is_name_char(after))
        .filter(|span| text[..span.start].trim_end().ends_with('|'))
        .or_else(|| {
            // A filter section: `{% filter name %}`.
            find_in_tags(text, name, |before, after| {
                !is_name_char(before) && !is_name_char(after)
            })
        })
}

fn find_function(text: &str, name: &str) -> Option<Range<usize>> {
    find_in_tags(text, name, |before, after| {
        !is_name_char(before) && before != Some('.') && after == Some('(')
    })
}

fn find_macro(text: &str, name: &str) -> Option<Range<usize>> {
    let mut rest = 0;
    while let Some(at) = text[rest..].find("macro") {
        let start = rest + at;
        rest = start + 5;
        let after = text[rest..].trim_start();
        if after.starts_with(name) && after[name.len()..].trim_start().starts_with('(') {
            let open = text[..start].rfind("{%")?;
            let close = text[start..]
                .find("%}")
                .map_or(text.len(), |e| start + e + 2);
            return Some(open..close);
        }
    }
    None
}

fn is_name_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The first occurrence of `needle` inside a `{{ }}` or `{% %}` of `text` for which `fits`
/// holds, given the characters just before and after it.
fn find_in_tags(
    text: &str,
    needle: &str,
    fits: impl Fn(Option<char>, Option<char>) -> bool,
) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let mut rest = 0;
    while let Some(found) = text[rest..].find(['{']) {
        let start = rest + found;
        let tail = &text[start..];
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else {
            rest = start + 1;
            continue;
        };
        let end = tail.find(close).map_or(text.len(), |e| start + e);
        let inside = &text[start + 2..end];
        for (i, _) in inside.match_indices(needle) {
            let before = inside[..i].chars().next_back();
            let after = inside[i + needle.len()..].chars().next();
            if fits(before, after) {
                let at = start + 2 + i;
                return Some(at..at + needle.len());
            }
        }
        rest = end.max(start + 2);
    }
    None
}

/// The closest name to `variable` that the page's context has at the same level
/// (`page.word_cont` → `page.word_count`).
fn suggest_variable(variable: &str, context: Option<&Context>) -> Option<String> {
    let context = context?;
    let (parent, last) = match variable.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, variable),
    };
    let keys: Vec<String> = match parent {
        None => match context.clone().into_json() {
            Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        },
        Some(parent) => {
            let mut parts = parent.split('.');
            let mut value = context.get(parts.next()?)?;
            for part in parts {
                value = value.get(part)?;
            }
            value.as_object()?.keys().cloned().collect()
        }
    };
    let best = did_you_mean(last, keys.iter().map(String::as_str))?;
    Some(match parent {
        Some(parent) => format!("{parent}.{best}"),
        None => best.to_string(),
    })
}

/// The errors of rendering many pages, with the page each came from: one diagnostic per
/// template problem, its help saying how many pages met it and naming the first.
pub fn merge_page_errors(errors: Vec<(Diagnostic, Option<PathBuf>)>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, usize, Option<PathBuf>)> = Vec::new();
    let mut seen: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    for (diagnostic, page) in errors {
        let key = (diagnostic.message.clone(), diagnostic.position());
        match seen.get(&key) {
            Some(&i) => {
                merged[i].1 += 1;
                if merged[i].2.is_none() {
                    merged[i].2 = page;
                }
            }
            None => {
                seen.insert(key, merged.len());
                merged.push((diagnostic, 1, page));
            }
        }
    }
    merged
        .into_iter()
        .map(|(diagnostic, count, page)| {
            let pages = match (count, page) {
                (1, Some(page)) => format!("met rendering {}", page.display()),
                (1, None) => return diagnostic,
                (n, Some(page)) => format!("met rendering {n} pages, the first {}", page.display()),
                (n, None) => format!("met rendering {n} pages"),
            };
            let help = match &diagnostic.help {
                Some(help) => format!("{help} ({pages})"),
                None => pages,
            };
            diagnostic.help(help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, TemplateSource> {
        list.iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    TemplateSource {
                        name: name.to_string(),
                        source: SourceText::new(format!("templates/{name}"), *text),
                    },
                )
            })
            .collect()
    }

    fn parse_error(list: &[(&str, &str)]) -> Diagnostic {
        let mut tera = tera::Tera::default();
        let error = tera.add_raw_templates(list.to_vec()).unwrap_err();
        explain(&error, &templates(list), None)
    }

    fn render_error(list: &[(&str, &str)], name: &str, context: &Context) -> Diagnostic {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(list.to_vec()).unwrap();
        let error = tera.render(name, context).unwrap_err();
        explain(&error, &templates(list), Some(context))
    }

    #[test]
    fn syntax_errors_have_their_column() {
        let d = parse_error(&[("a.html", "<p>\n  <b>{{ config.title }</b>\n")]);
        assert_eq!(
            d.position().unwrap(),
            "templates/a.html:2:22",
            "{}",
            d.render(false)
        );
    }

    #[test]
    fn an_unclosed_if_is_reported_where_it_opens() {
        let d = parse_error(&[(
            "page.html",
            "{% extends \"base.html\" %}\n{% block body %}\n<p>\n  {% if page.title %}\n<b>x</b>\n{% endblock body %}\n",
        ), ("base.html", "{% block body %}{% endblock body %}")]);
        assert_eq!(
            d.position().unwrap(),
            "templates/page.html:4:3",
            "{}",
            d.render(false)
        );
        assert!(
            d.message.contains("`{% if %}` is never closed"),
            "{}",
            d.message
        );
        assert!(d.help.unwrap().contains("{% endif %}"));
        let d = parse_error(&[("a.html", "<p>\n{% for x in y %}\n")]);
        assert_eq!(d.position().unwrap(), "templates/a.html:2:1");
        // A raw block's text is not tags; the raw block itself is closed.
        assert_eq!(
            unclosed_block("{% raw %}{% if %}{% endraw %}{% if a %}"),
            Some(OpenBlock {
                keyword: "if".into(),
                span: 29..39
            })
        );
        assert_eq!(unclosed_block("{% raw %}{% if %}{% endraw %}"), None);
    }

    #[test]
    fn unknown_variables_filters_and_functions_are_placed_with_a_suggestion() {
        let mut context = Context::new();
        context.insert(
            "page",
            &serde_json::json!({ "title": "T", "word_count": 3 }),
        );
        let list = [
            ("base.html", "<title>{% block t %}{% endblock t %}</title>"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block t %}\n{{ page.title }}\n  {{ page.word_cont }}{% endblock t %}",
            ),
        ];
        let d = render_error(&list, "page.html", &context);
        assert_eq!(
            d.position().unwrap(),
            "templates/page.html:3:6",
            "{}",
            d.render(false)
        );
        assert_eq!(
            d.message,
            "template `page.html`: unknown variable `page.word_cont`"
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `page.word_count`?"));

        let list = [("a.html", "<p>\n{{ page.title | lenght }}</p>")];
        let d = render_error(&list, "a.html", &context);
        assert_eq!(
            d.position().unwrap(),
            "templates/a.html:2:17",
            "{}",
            d.render(false)
        );
        assert_eq!(d.message, "template `a.html`: unknown filter `lenght`");
        assert_eq!(d.help.as_deref(), Some("did you mean `length`?"));

        let list = [("a.html", "<p>\n{{ get_ulr(path=\"x\") }}</p>")];
        let d = render_error(&list, "a.html", &context);
        assert_eq!(
            d.position().unwrap(),
            "templates/a.html:2:4",
            "{}",
            d.render(false)
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `get_url`?"));
    }

    #[test]
    fn one_problem_on_many_pages_is_one_diagnostic() {
        let source = SourceText::new("templates/page.html", "{{ x }}");
        let error = || {
            Diagnostic::error("template `page.html`: unknown variable `x`")
                .at(&source, 3..4)
                .help("h")
        };
        let merged = merge_page_errors(vec![
            (error(), Some("content/a.md".into())),
            (error(), Some("content/b.md".into())),
            (error(), None),
        ]);
        assert_eq!(merged.len(), 1);
        assert_eq!(
            merged[0].help.as_deref(),
            Some("h (met rendering 3 pages, the first content/a.md)")
        );
    }
}
