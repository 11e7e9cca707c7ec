//! The human report of `build` and `check`, readable at any scale: every error in full, then
//! the warnings grouped by rule (a check's rule name, or for other warnings the message with
//! its quoted names and numbers left out), the largest group first, each with its count and
//! its first [`EXAMPLES`] findings in full (`check --format json` lists all of them). Several
//! findings on one source line quote that line once and take one line each after it. With
//! `quiet`, only the errors and the summary line. It takes the diagnostics as found and the
//! check report that names their rules; it prints nothing itself.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::check::Report;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// Findings of one group shown in full; the rest are counted.
pub const EXAMPLES: usize = 3;

#[derive(Debug, Clone, Copy, Default)]
pub struct GroupOptions {
    pub color: bool,
    /// Errors and the summary line only.
    pub quiet: bool,
}

/// The report as `build` and `check` print it on stderr.
pub fn grouped_report(diagnostics: &Diagnostics, report: &Report, options: GroupOptions) -> String {
    let mut out = String::new();
    if diagnostics.is_empty() {
        return out;
    }
    let rules: HashMap<(Option<&str>, Option<usize>, &str), &'static str> = report
        .rules
        .iter()
        .map(|t| ((t.file.as_deref(), t.line, t.message.as_str()), t.rule))
        .collect();
    let sorted = diagnostics.sorted();
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        sorted.into_iter().partition(|d| d.is_error());
    render_lines(&mut out, &errors, options.color);
    let mut hidden = 0;
    if options.quiet {
        hidden = warnings.len();
    } else {
        let mut groups: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
        for warning in warnings {
            let path = warning.path.as_ref().map(|p| p.display().to_string());
            let line = warning.line_col().map(|(line, _)| line);
            let key = match rules.get(&(path.as_deref(), line, warning.message.as_str())) {
                Some(rule) => format!("of rule `{rule}`"),
                None => format!("like \"{}\"", shape(&warning.message)),
            };
            groups.entry(key).or_default().push(warning);
        }
        let mut groups: Vec<(String, Vec<&Diagnostic>)> = groups.into_iter().collect();
        // Largest first; the BTreeMap's order breaks ties, so the output is stable.
        groups.sort_by_key(|(_, items)| std::cmp::Reverse(items.len()));
        for (key, items) in groups {
            if items.len() > EXAMPLES {
                let _ = writeln!(
                    out,
                    "warning: {} findings {key}; the first {EXAMPLES} follow (`continuum check --format json` lists all)\n",
                    items.len()
                );
                hidden += items.len() - EXAMPLES;
            }
            render_lines(&mut out, &items[..items.len().min(EXAMPLES)], options.color);
        }
    }
    let _ = write!(out, "{}", diagnostics.summary());
    if hidden > 0 {
        let _ = write!(
            out,
            " ({hidden} warning{} not shown)",
            if hidden == 1 { "" } else { "s" }
        );
    }
    out.push('\n');
    out
}

/// Renders `items` (sorted by file and position) in full, except that a finding on the same
/// source line as the one before takes one line: the line is quoted once.
fn render_lines(out: &mut String, items: &[&Diagnostic], color: bool) {
    let mut previous: Option<(&std::path::Path, usize)> = None;
    for diagnostic in items {
        let here = diagnostic
            .path
            .as_deref()
            .zip(diagnostic.line_col().map(|(line, _)| line));
        if here.is_some() && here == previous {
            out.truncate(out.trim_end_matches('\n').len());
            out.push('\n');
            out.push_str(&diagnostic.render_line(severity(diagnostic)));
            out.push_str("\n\n");
        } else {
            out.push_str(&diagnostic.render(color));
            out.push_str("\n\n");
        }
        previous = here;
    }
}

fn severity(diagnostic: &Diagnostic) -> &'static str {
    match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A message without its particulars, so that warnings of one kind group together:
/// `` `quoted` `` parts become `` `…` `` and numbers become `N`.
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut in_number = false;
    for c in message.chars() {
        if c == '`' {
            if quoted {
                out.push_str("…`");
            } else {
                out.push('`');
            }
            quoted = !quoted;
            in_number = false;
            continue;
        }
        if quoted {
            continue;
        }
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
            continue;
        }
        in_number = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceText;

    #[test]
    fn shapes_leave_out_names_and_numbers() {
        assert_eq!(
            shape("broken link: `a/b.md` does not exist"),
            "broken link: `…` does not exist"
        );
        assert_eq!(shape("sentence has 32 words"), "sentence has N words");
    }

    #[test]
    fn same_line_findings_quote_the_line_once() {
        let source = SourceText::new("content/a.md", "one line here\nsecond\n");
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("undefined `x`").at(&source, 0..3));
        all.push(
            Diagnostic::warning("undefined `y`")
                .at(&source, 4..8)
                .help("fix it"),
        );
        all.push(Diagnostic::warning("undefined `z`").at(&source, 14..20));
        let text = grouped_report(&all, &Report::default(), GroupOptions::default());
        assert_eq!(text.matches("one line here").count(), 1, "{text}");
        assert!(
            text.contains("content/a.md:1:5: warning: undefined `y` (help: fix it)\n"),
            "{text}"
        );
        assert_eq!(text.matches("second\n").count(), 1, "{text}");
    }

    fn many(errors: usize, warnings: usize) -> Diagnostics {
        let text: String = (0..20).map(|i| format!("line {i}\n")).collect();
        let source = SourceText::new("content/a.md", text.clone());
        let line = |i: usize| {
            let start = text.match_indices("line ").nth(i).unwrap().0;
            start..start + 4
        };
        let mut all = Diagnostics::new();
        for i in 0..warnings {
            all.push(Diagnostic::warning(format!("broken link `w{i}`")).at(&source, line(i)));
        }
        for i in 0..errors {
            all.push(Diagnostic::error(format!("bad `e{i}`")).at(&source, line(10 + i)));
        }
        all
    }

    #[test]
    fn a_large_group_shows_its_count_and_first_examples() {
        let text = grouped_report(&many(5, 7), &Report::default(), GroupOptions::default());
        assert!(
            text.contains("warning: 7 findings like \"broken link `…`\"; the first 3 follow"),
            "{text}"
        );
        for i in 0..3 {
            assert!(text.contains(&format!("broken link `w{i}`")), "{text}");
        }
        assert!(!text.contains("broken link `w3`"), "{text}");
        // Errors are never grouped.
        for i in 0..5 {
            assert!(text.contains(&format!("bad `e{i}`")), "{text}");
        }
        assert!(
            text.ends_with("5 errors, 7 warnings (4 warnings not shown)\n"),
            "{text}"
        );
    }

    #[test]
    fn quiet_shows_errors_and_the_summary_only() {
        let options = GroupOptions {
            quiet: true,
            ..GroupOptions::default()
        };
        let text = grouped_report(&many(2, 2), &Report::default(), options);
        assert!(text.contains("bad `e1`"), "{text}");
        assert!(!text.contains("broken link"), "{text}");
        assert!(text.ends_with("(2 warnings not shown)\n"), "{text}");
    }
}
