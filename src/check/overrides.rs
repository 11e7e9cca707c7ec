//! Overrides must be explained and must name real rules: a page's `[checks] max_grade` or
//! `allow` without a `reason` is an error, as is an unknown rule id there or in
//! config.toml's `[checks.rules]`.

use super::locate;
use super::rules::{Finding, Rule};
use super::{ChecksConfig, PageContext};
use crate::diagnostics::{did_you_mean, Diagnostic};

pub fn check_page(page: &PageContext, findings: &mut Vec<Finding>) {
    let doc = &page.entry.doc;
    let checks = &doc.front.checks;
    let source = &doc.source;
    if checks.has_overrides() && !checks.has_reason() {
        let key = if checks.max_grade.is_some() {
            "max_grade"
        } else {
            "allow"
        };
        let span = locate::key_value(doc, key).unwrap_or_else(|| locate::missing_key(doc));
        findings.push(Finding::new(
            Rule::CheckOverride,
            Rule::CheckOverride
                .at(source, span, format!("`[checks] {key}` override has no `reason`"))
                .help("add reason = \"…\" under [checks], saying why this article may differ (for example, it quotes a legal text)"),
        ));
    }
    if let Some(grade) = checks
        .max_grade
        .filter(|g| !(1.0..=20.0).contains(g) || g.is_nan())
    {
        let span = locate::key_value(doc, "max_grade").unwrap_or_else(|| locate::missing_key(doc));
        findings.push(Finding::new(
            Rule::CheckOverride,
            Rule::CheckOverride
                .at(
                    source,
                    span,
                    format!("`max_grade = {grade}` is not a school grade"),
                )
                .help("write a grade between 1 and 20, e.g. max_grade = 10"),
        ));
    }
    for id in &checks.allow {
        let problem = match Rule::from_id(id) {
            Some(rule) if rule.page_can_allow() => continue,
            Some(_) => format!("rule `{id}` cannot be silenced on a page"),
            None => format!("unknown rule `{id}` in `[checks] allow`"),
        };
        let span = locate::in_front(doc, &format!("\"{id}\""))
            .or_else(|| locate::key_value(doc, "allow"))
            .unwrap_or_else(|| locate::missing_key(doc));
        findings.push(Finding::new(
            Rule::CheckOverride,
            Rule::CheckOverride
                .at(source, span, problem)
                .help(rule_help(id)),
        ));
    }
}

fn rule_help(id: &str) -> String {
    match did_you_mean(id, Rule::ALL.iter().map(|r| r.id())) {
        Some(best) if Rule::from_id(id).is_none() => {
            format!("did you mean `{best}`? docs/checks.md lists the rules")
        }
        _ => "docs/checks.md lists the rules and which can be silenced".to_string(),
    }
}

/// `[checks.rules]` in config.toml must name real rules.
pub fn check_config(config: &ChecksConfig) -> Vec<Finding> {
    config
        .rules
        .keys()
        .filter(|id| Rule::from_id(id).is_none())
        .map(|id| {
            let diagnostic = Diagnostic::error(format!("unknown rule `{id}` in [checks.rules]"))
                .in_file("config.toml")
                .help(rule_help(id));
            Finding::new(Rule::CheckOverride, diagnostic)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{of_rule, page_with};
    use crate::check::Rule;

    #[test]
    fn overrides_need_a_reason_and_real_rules() {
        let page = page_with("title = \"A\"\n[checks]\nmax_grade = 10", "Text.");
        let found = of_rule(&page, Rule::CheckOverride);
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("`[checks] max_grade` override has no `reason`"));
        let page = page_with(
            "title = \"A\"\n[checks]\nmax_grade = 10\nallow = [\"acronyms\", \"crisis-number\"]\nreason = \"Quotes a law.\"",
            "Text.",
        );
        let found = of_rule(&page, Rule::CheckOverride);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("did you mean `acronym`?"), "{found:?}");
        assert!(found[1].contains("cannot be silenced"));
    }
}
