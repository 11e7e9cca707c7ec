//! Overrides must be explained, must name real rules and must apply to the page: a page's
//! `[checks] max_grade`, `min_inflesz` or `allow` without a `reason` is an error, as is an
//! unknown rule id there or in config.toml's `[checks.rules]`, and a readability target of
//! another language (`max_grade` on a Spanish page, `min_inflesz` on an English one).

use super::locate;
use super::rules::{Finding, Rule};
use super::{ChecksConfig, PageContext};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::lang::Formula;

pub fn check_page(page: &PageContext, findings: &mut Vec<Finding>) {
    let doc = &page.entry.doc;
    let checks = &doc.front.checks;
    let source = &doc.source;
    if checks.has_overrides() && !checks.has_reason() {
        let key = if checks.max_grade.is_some() {
            "max_grade"
        } else if checks.min_inflesz.is_some() {
            "min_inflesz"
        } else {
            "allow"
        };
        let span = locate::key_value(doc, &format!("checks.{key}"))
            .unwrap_or_else(|| locate::missing_key(doc));
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
        let span =
            locate::key_value(doc, "checks.max_grade").unwrap_or_else(|| locate::missing_key(doc));
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
    if let Some(score) = checks
        .min_inflesz
        .filter(|s| !(0.0..=100.0).contains(s) || s.is_nan())
    {
        let span = locate::key_value(doc, "checks.min_inflesz")
            .unwrap_or_else(|| locate::missing_key(doc));
        findings.push(Finding::new(
            Rule::CheckOverride,
            Rule::CheckOverride
                .at(
                    source,
                    span,
                    format!("`min_inflesz = {score}` is not on the INFLESZ scale"),
                )
                .help("write a score between 0 and 100, e.g. min_inflesz = 50 (55 is where \"normal\" starts)"),
        ));
    }
    other_language_target(page, findings);
    for (i, id) in checks.allow.iter().enumerate() {
        let problem = match Rule::from_id(id) {
            Some(rule) if rule.page_can_allow() => continue,
            Some(_) => format!("rule `{id}` cannot be silenced on a page"),
            None => format!("unknown rule `{id}` in `[checks] allow`"),
        };
        let span = locate::key_value(doc, &format!("checks.allow.{i}"))
            .or_else(|| locate::key_value(doc, "checks.allow"))
            .unwrap_or_else(|| locate::missing_key(doc));
        findings.push(Finding::new(
            Rule::CheckOverride,
            Rule::CheckOverride
                .at(source, span, problem)
                .help(rule_help(id)),
        ));
    }
}

/// A readability target the page's language does not use would silently do nothing.
fn other_language_target(page: &PageContext, findings: &mut Vec<Finding>) {
    let doc = &page.entry.doc;
    let checks = &doc.front.checks;
    let language = page.entry.lang.as_str();
    let wrong = match page.language.readability.map(|r| r.formula) {
        Some(Formula::FleschKincaid) => checks.min_inflesz.is_some().then_some((
            "min_inflesz",
            "is the target of Spanish pages (INFLESZ)",
            "use max_grade = … (the highest Flesch-Kincaid grade) on an English page",
        )),
        Some(Formula::Inflesz) => checks.max_grade.is_some().then_some((
            "max_grade",
            "is the target of English pages (Flesch-Kincaid)",
            "use min_inflesz = … (the lowest INFLESZ score, 0 to 100) on a Spanish page",
        )),
        None => {
            let key = if checks.max_grade.is_some() {
                Some("max_grade")
            } else if checks.min_inflesz.is_some() {
                Some("min_inflesz")
            } else {
                None
            };
            key.map(|key| {
                (
                    key,
                    "has no effect: readability is not measured in this language",
                    "remove it; docs/checks.md says which languages have a readability formula",
                )
            })
        }
    };
    let Some((key, why, help)) = wrong else {
        return;
    };
    let span = locate::key_value(doc, &format!("checks.{key}"))
        .unwrap_or_else(|| locate::missing_key(doc));
    findings.push(Finding::new(
        Rule::CheckOverride,
        Rule::CheckOverride
            .at(
                &doc.source,
                span,
                format!("`[checks] {key}` {why}, and this page is in `{language}`"),
            )
            .help(help),
    ));
}

fn rule_help(id: &str) -> String {
    match did_you_mean(id, Rule::ALL.iter().map(|r| r.id())) {
        Some(best) if Rule::from_id(id).is_none() => {
            format!("did you mean `{best}`? docs/checks.md lists the rules")
        }
        _ => "docs/checks.md lists the rules and which can be silenced".to_string(),
    }
}

/// `[checks.rules]` in config.toml must name real rules, and `min_inflesz` be a score.
pub fn check_config(config: &ChecksConfig) -> Vec<Finding> {
    let score = config.min_inflesz;
    let bad_score = (!(0.0..=100.0).contains(&score) || score.is_nan()).then(|| {
        let diagnostic = Diagnostic::error(format!(
            "`[checks] min_inflesz = {score}` is not on the INFLESZ scale"
        ))
        .in_file("config.toml")
        .help("write a score between 0 and 100; the default, 55, is where \"normal\" starts");
        Finding::new(Rule::CheckOverride, diagnostic)
    });
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
        .chain(bad_score)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::{findings_for, of_rule, page_in, page_with};
    use crate::check::Rule;

    #[test]
    fn targets_belong_to_the_page_language() {
        let overrides = |lang: &str, front: &str| -> Vec<String> {
            let page = page_in(lang, &format!("title = \"A\"\n[checks]\n{front}"), "Texto.");
            findings_for(&page, "2026-06-01")
                .into_iter()
                .filter(|(r, _)| *r == Rule::CheckOverride)
                .map(|(_, t)| t)
                .collect()
        };
        let found = overrides("es", "max_grade = 10\nreason = \"Cita una ley.\"");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("`[checks] max_grade` is the target of English pages (Flesch-Kincaid), and this page is in `es`"), "{found:?}");
        assert!(found[0].contains("use min_inflesz"), "{found:?}");
        let found = overrides("en", "min_inflesz = 40\nreason = \"Quotes a law.\"");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("is the target of Spanish pages"),
            "{found:?}"
        );
        let found = overrides("es", "min_inflesz = 40");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("`[checks] min_inflesz` override has no `reason`"));
        let found = overrides("es", "min_inflesz = 140\nreason = \"x\"");
        assert!(
            found[0].contains("is not on the INFLESZ scale"),
            "{found:?}"
        );
        assert!(overrides("es", "min_inflesz = 45\nreason = \"Para clínicos.\"").is_empty());
        let found = overrides("fr", "max_grade = 10\nreason = \"x\"");
        assert!(found[0].contains("has no effect"), "{found:?}");
    }

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
