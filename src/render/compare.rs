//! Comparison tables generated from facts. A comparable section (a `[compare.SECTION]` schema
//! in config.toml) has pages whose `[facts]` front matter follows the schema; every table on
//! the site, from a ```` ```compare ```` block or the generated compare page, is made from
//! those facts, so one edit changes every table.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::highlight::html_escape;
use super::links::InternalLink;
use super::RenderContext;
use crate::config::{CompareSchema, Config, FactKind, FactSchema};
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::parse::shortcode::Piece;
use crate::resolve::{join_source_path, parent_dir, Site};

/// The comparable sections and their items.
#[derive(Debug, Default, Clone)]
pub struct CompareTables {
    pub sections: Vec<ComparableSection>,
    /// Entry index → its section in `sections`.
    item_section: BTreeMap<usize, usize>,
}

#[derive(Debug, Clone)]
pub struct ComparableSection {
    /// The section's folder below content/ (the key in config.toml).
    pub name: String,
    /// The section entry, if the folder has an `_index.md`.
    pub entry: Option<usize>,
    /// Each language has its own comparable section, with its own labels.
    pub lang: String,
    pub schema: CompareSchema,
    /// Pages with facts, in the section's order.
    pub items: Vec<usize>,
}

/// A fact value as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    pub key: String,
    pub label: String,
    pub help: Option<String>,
    /// Display text: `Yes`/`No`, number with unit, or text; `None` when not specified.
    pub value: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Block {
    items: Vec<String>,
    #[serde(default)]
    facts: Option<Vec<String>>,
    #[serde(default)]
    caption: Option<String>,
}

impl CompareTables {
    /// Finds the comparable sections and checks every item's facts against its schema.
    pub fn build(site: &Site, config: &Config, diagnostics: &mut Diagnostics) -> CompareTables {
        let mut tables = CompareTables::default();
        let every = config
            .compare
            .iter()
            .flat_map(|(name, schema)| config.languages.iter().map(move |l| (name, schema, l)));
        for (name, schema, language) in every {
            let dir = name.trim_matches('/');
            let entry = site.in_language(&format!("{dir}/_index.md"), &language.code);
            let default_language = language.prefix.is_empty();
            if entry.is_none() && !default_language {
                // Not translated: this language simply has no such section.
                continue;
            }
            let schema = &translated_schema(schema, language, name);
            let mut items: Vec<usize> = match entry {
                Some(section) => site.entries[section].pages.clone(),
                None => Vec::new(),
            };
            if entry.is_none() {
                diagnostics.push(
                    Diagnostic::error(format!(
                        "comparable section `{name}` has no content/{dir}/_index.md"
                    ))
                    .in_file("config.toml")
                    .help("the key after [compare.] is a section folder below content/"),
                );
            }
            items.retain(|&i| !site.entries[i].front().facts.is_empty());
            let index = tables.sections.len();
            for &item in &items {
                check_facts(site, item, schema, diagnostics);
                tables.item_section.insert(item, index);
            }
            tables.sections.push(ComparableSection {
                name: name.clone(),
                entry,
                lang: language.code.clone(),
                schema: schema.clone(),
                items,
            });
        }
        // Facts on a page outside any comparable section are a likely mistake.
        for (index, entry) in site.entries.iter().enumerate() {
            if !entry.front().facts.is_empty() && !tables.item_section.contains_key(&index) {
                diagnostics.push(
                    Diagnostic::warning(
                        "this page has `[facts]` but is not in a comparable section",
                    )
                    .at(
                        &entry.doc.source,
                        entry.doc.spans.key("facts").unwrap_or(0..0),
                    )
                    .help(format!(
                        "declare the section in config.toml with [compare.{}], or remove the facts",
                        parent_dir(&entry.doc.rel_path)
                    )),
                );
            }
        }
        tables
    }

    /// The facts of an item, in schema order (templates use this).
    pub fn facts_of(&self, site: &Site, item: usize) -> Vec<FactView> {
        let Some(&section) = self.item_section.get(&item) else {
            return Vec::new();
        };
        let lang = &site.entries[item].lang;
        self.sections[section]
            .schema
            .facts
            .iter()
            .map(|fact| fact_view(site, item, fact, lang))
            .collect()
    }

    /// The comparable section named `name` in language `lang`, if it has one.
    fn section_in(&self, name: &str, lang: &str) -> Option<usize> {
        self.sections
            .iter()
            .position(|s| s.name == name && s.lang == lang)
    }

    /// Renders a ```` ```compare ```` block written in entry `entry`.
    pub fn render_block(
        &self,
        cx: &RenderContext,
        entry: usize,
        body: &str,
        span: Range<usize>,
        links: &mut Vec<InternalLink>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let doc = &cx.site.entries[entry].doc;
        let block: Block = match toml::from_str(body) {
            Ok(block) => block,
            Err(error) => {
                diagnostics.push(
                    Diagnostic::error(format!("malformed compare block: {}", error.message()))
                        .at(&doc.source, span)
                        .help("write items = [\"a.md\", \"b.md\"] and optionally facts = [\"key\", ...] and caption = \"...\""),
                );
                return String::new();
            }
        };
        let mut items = Vec::new();
        let mut section = None;
        for item in &block.items {
            let page_lang = &cx.site.entries[entry].lang;
            let resolved = join_source_path(&doc.rel_path, item)
                .and_then(|path| cx.site.by_path.get(&path).copied())
                .map(|target| {
                    cx.site
                        .in_language(&cx.site.entries[target].key, page_lang)
                        .unwrap_or(target)
                });
            let Some(target) = resolved else {
                let candidates: Vec<String> = self
                    .sections
                    .iter()
                    .flat_map(|s| &s.items)
                    .map(|&i| {
                        super::links::relative_path(&doc.rel_path, &cx.site.entries[i].doc.rel_path)
                    })
                    .collect();
                let help = match did_you_mean(item, candidates.iter().map(String::as_str)) {
                    Some(best) => {
                        format!("did you mean `{best}`? (items are paths relative to this file)")
                    }
                    None => format!("comparable items: {}", candidates.join(", ")),
                };
                diagnostics.push(
                    Diagnostic::error(format!("compare item `{item}` does not exist"))
                        .at(&doc.source, span.clone())
                        .help(help),
                );
                continue;
            };
            // An item without a translation stays in its own language, in the table of the
            // page's language (same schema, translated labels).
            let item_section = self.item_section.get(&target).map(|&s| {
                self.section_in(&self.sections[s].name, page_lang)
                    .unwrap_or(s)
            });
            match item_section {
                Some(s) if section.is_none_or(|first| first == s) => {
                    section = Some(s);
                    items.push(target);
                    links.push(InternalLink { target, anchor: None, span: span.clone() });
                }
                Some(_) => diagnostics.push(
                    Diagnostic::error(format!("compare item `{item}` is in another comparable section"))
                        .at(&doc.source, span.clone())
                        .help("one table compares items of one section, which share one schema"),
                ),
                None => diagnostics.push(
                    Diagnostic::error(format!("compare item `{item}` has no facts to compare"))
                        .at(&doc.source, span.clone())
                        .help("items must be pages with [facts] in a section declared with [compare.SECTION] in config.toml"),
                ),
            }
        }
        let Some(section) = section else {
            return String::new();
        };
        let schema = &self.sections[section].schema;
        let facts: Vec<&FactSchema> = match &block.facts {
            None => schema.facts.iter().collect(),
            Some(keys) => keys
                .iter()
                .filter_map(|key| {
                    let found = schema.facts.iter().find(|f| &f.key == key);
                    if found.is_none() {
                        let help =
                            match did_you_mean(key, schema.facts.iter().map(|f| f.key.as_str())) {
                                Some(best) => format!("did you mean `{best}`?"),
                                None => format!(
                                    "facts in the schema: {}",
                                    schema
                                        .facts
                                        .iter()
                                        .map(|f| f.key.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            };
                        diagnostics.push(
                            Diagnostic::error(format!("unknown fact `{key}` in compare block"))
                                .at(&doc.source, span.clone())
                                .help(help),
                        );
                    }
                    found
                })
                .collect(),
        };
        for &item in &items {
            for fact in &facts {
                if !cx.site.entries[item].front().facts.contains_key(&fact.key) {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "`{}` has no fact `{}`; the table shows \"Not specified\"",
                            cx.site.entries[item].doc.rel_path, fact.key
                        ))
                        .at(&doc.source, span.clone())
                        .help(format!("add `{} = ...` to its [facts]", fact.key)),
                    );
                }
            }
        }
        let caption = block.caption.unwrap_or_else(|| {
            let lang = &cx.site.entries[entry].lang;
            let titles: Vec<&str> = items.iter().map(|&i| cx.site.entries[i].title()).collect();
            let and = cx.site.strings.get(lang, "and", "and");
            let comparing = cx.site.strings.get(lang, "comparing", "Comparing");
            format!("{comparing} {}", join_names(&titles, and))
        });
        table_html(
            cx.site,
            &caption,
            &items,
            &facts,
            &cx.site.entries[entry].lang,
        )
    }

    /// The value of one fact quoted in prose (a `{{ fact(...) }}` shortcode), escaped.
    pub fn inline_fact(
        &self,
        cx: &RenderContext,
        entry: usize,
        piece: &Piece,
        span: Range<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        let doc = &cx.site.entries[entry].doc;
        let (item, key) = match piece {
            Piece::Fact { item, key, .. } => (item, key),
            _ => {
                diagnostics.push(
                    Diagnostic::error("malformed fact shortcode")
                        .at(&doc.source, span)
                        .help("write {{ fact(item=\"intensive-outpatient.md\", key=\"hours_per_week\") }}"),
                );
                return String::new();
            }
        };
        let page_lang = &cx.site.entries[entry].lang;
        let target = join_source_path(&doc.rel_path, item)
            .and_then(|p| cx.site.by_path.get(&p).copied())
            .map(|t| {
                cx.site
                    .in_language(&cx.site.entries[t].key, page_lang)
                    .unwrap_or(t)
            });
        let Some(target) = target.filter(|t| self.item_section.contains_key(t)) else {
            diagnostics.push(
                Diagnostic::error(format!("fact shortcode names `{item}`, which is not a comparable item"))
                    .at(&doc.source, span)
                    .help("`item` is a path, relative to this file, to a page with [facts] in a comparable section"),
            );
            return String::new();
        };
        let facts = self.facts_of(cx.site, target);
        match facts.iter().find(|f| &f.key == key) {
            Some(FactView {
                value: Some(value),
                key,
                ..
            }) => {
                format!(
                    "<span class=\"fact\" data-fact=\"{}\">{}</span>",
                    html_escape(key),
                    html_escape(value)
                )
            }
            Some(_) => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{item}` has no fact `{key}`; the text shows \"not specified\""
                    ))
                    .at(&doc.source, span)
                    .help(format!("add `{key} = ...` to its [facts]")),
                );
                html_escape(
                    cx.site
                        .strings
                        .get(page_lang, "fact_not_specified", "not specified"),
                )
            }
            None => {
                let help = match did_you_mean(key, facts.iter().map(|f| f.key.as_str())) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "facts: {}",
                        facts
                            .iter()
                            .map(|f| f.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                diagnostics.push(
                    Diagnostic::error(format!("unknown fact `{key}` in fact shortcode"))
                        .at(&doc.source, span)
                        .help(help),
                );
                String::new()
            }
        }
    }

    /// Every comparable section's items and facts, for the `facts` template function.
    pub fn to_json(&self, site: &Site) -> serde_json::Value {
        let default = site
            .entries
            .first()
            .map(|e| e.lang.as_str())
            .unwrap_or_default();
        let sections: serde_json::Map<String, serde_json::Value> = self
            .sections
            .iter()
            .filter(|section| section.lang == default)
            .map(|section| {
                let items: Vec<serde_json::Value> = section
                    .items
                    .iter()
                    .map(|&item| {
                        let entry = &site.entries[item];
                        serde_json::json!({
                            "title": entry.title(),
                            "url": entry.url,
                            "path": entry.doc.rel_path,
                            "facts": self.facts_of(site, item),
                        })
                    })
                    .collect();
                (section.name.clone(), serde_json::Value::Array(items))
            })
            .collect();
        serde_json::Value::Object(sections)
    }

    /// The full table of a comparable section, for its compare page.
    pub fn full_table(&self, site: &Site, section: usize) -> String {
        let s = &self.sections[section];
        let facts: Vec<&FactSchema> = s.schema.facts.iter().collect();
        let caption = s.schema.title.clone().unwrap_or_else(|| {
            site.strings
                .get(&s.lang, "comparison", "Comparison")
                .to_string()
        });
        table_html(site, &caption, &s.items, &facts, &s.lang)
    }
}

/// The schema with the labels, help and units of `[languages.CODE.compare.NAME]`.
fn translated_schema(
    schema: &CompareSchema,
    language: &crate::config::LanguageConfig,
    name: &str,
) -> CompareSchema {
    let Some(labels) = language.settings.compare.get(name) else {
        return schema.clone();
    };
    let mut schema = schema.clone();
    if labels.title.is_some() {
        schema.title = labels.title.clone();
    }
    for fact in &mut schema.facts {
        if let Some(own) = labels.facts.get(&fact.key) {
            if let Some(label) = &own.label {
                fact.label = label.clone();
            }
            if own.help.is_some() {
                fact.help = own.help.clone();
            }
            if own.unit.is_some() {
                fact.unit = own.unit.clone();
            }
        }
    }
    schema
}

fn check_facts(site: &Site, item: usize, schema: &CompareSchema, diagnostics: &mut Diagnostics) {
    let doc = &site.entries[item].doc;
    for (key, value) in &doc.front.facts {
        let span = doc.spans.key(&format!("facts.{key}")).unwrap_or(0..0);
        let Some(fact) = schema.facts.iter().find(|f| &f.key == key) else {
            let help = match did_you_mean(key, schema.facts.iter().map(|f| f.key.as_str())) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "add the fact to the section's schema in config.toml".to_string(),
            };
            diagnostics.push(
                Diagnostic::error(format!("unknown fact `{key}`"))
                    .at(&doc.source, span)
                    .help(help),
            );
            continue;
        };
        let ok = match fact.kind {
            FactKind::Text => value.is_str(),
            FactKind::Number => value.is_integer() || value.is_float(),
            FactKind::Bool => value.is_bool(),
        };
        if !ok {
            let want = match fact.kind {
                FactKind::Text => "text in quotes",
                FactKind::Number => "a number",
                FactKind::Bool => "true or false",
            };
            diagnostics.push(
                Diagnostic::error(format!(
                    "fact `{key}` must be {want}, not {}",
                    value.type_str()
                ))
                .at(&doc.source, span)
                .help(format!("the schema in config.toml says `{key}` is {want}")),
            );
        }
    }
}

/// One fact of `item` as shown in language `lang` (yes and no come from the theme strings).
fn fact_view(site: &Site, item: usize, fact: &FactSchema, lang: &str) -> FactView {
    let value = site.entries[item]
        .front()
        .facts
        .get(&fact.key)
        .map(|v| match v {
            toml::Value::Boolean(true) => site.strings.get(lang, "yes", "Yes").to_string(),
            toml::Value::Boolean(false) => site.strings.get(lang, "no", "No").to_string(),
            toml::Value::String(s) => s.clone(),
            other => match &fact.unit {
                Some(unit) => format!("{other} {unit}"),
                None => other.to_string(),
            },
        });
    FactView {
        key: fact.key.clone(),
        label: fact.label.clone(),
        help: fact.help.clone(),
        value,
    }
}

fn join_names(names: &[&str], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// The name a phone's card gives an item beside each fact, where the full title would repeat
/// on every row: the page's `short_title` (front matter `[extra]`), else an acronym in
/// parentheses that ends the title ("Intensive outpatient programs (IOP)" gives "IOP"),
/// else the title.
pub(crate) fn short_label(entry: &crate::resolve::Entry) -> String {
    if let Some(short) = entry
        .front()
        .extra
        .get("short_title")
        .and_then(|v| v.as_str())
    {
        if !short.trim().is_empty() {
            return short.trim().to_string();
        }
    }
    let title = entry.title().trim();
    acronym_of(title).unwrap_or(title).to_string()
}

/// "Partial hospitalization programs (PHP)" gives "PHP": two to six capitals or digits.
fn acronym_of(title: &str) -> Option<&str> {
    let inner = title.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let acronym = &inner[open + 1..];
    let shape = (2..=6).contains(&acronym.chars().count())
        && acronym
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && acronym.chars().any(|c| c.is_ascii_uppercase());
    (shape && open > 0).then_some(acronym)
}

/// An accessible table: column headers link to the items, row headers carry the help text.
/// On narrow screens the theme's CSS turns rows into cards, using `data-label`.
fn table_html(
    site: &Site,
    caption: &str,
    items: &[usize],
    facts: &[&FactSchema],
    lang: &str,
) -> String {
    let not_specified = html_escape(site.strings.get(lang, "not_specified", "Not specified"));
    let mut html = String::with_capacity(1024);
    html.push_str(
        "<div class=\"compare\" data-compare>\n<table class=\"compare-table\">\n<caption>",
    );
    html.push_str(&html_escape(caption));
    html.push_str("</caption>\n<thead>\n<tr><td></td>");
    for &item in items {
        let entry = &site.entries[item];
        // An item not translated into the table's language is marked, as links are.
        let (hreflang, marker) = if entry.lang == lang {
            (String::new(), String::new())
        } else {
            (
                format!(" hreflang=\"{}\"", html_escape(&entry.lang)),
                format!(
                    " <span class=\"other-language\">{}</span>",
                    html_escape(site.strings.get(lang, "in_default_language", ""))
                ),
            )
        };
        html.push_str(&format!(
            "<th scope=\"col\" data-item=\"{}\"><a href=\"{}\"{hreflang}>{}</a>{marker}</th>",
            html_escape(&entry.path),
            html_escape(&entry.url),
            html_escape(entry.title())
        ));
    }
    html.push_str("</tr>\n</thead>\n<tbody>\n");
    for fact in facts {
        html.push_str(&format!(
            "<tr data-fact=\"{}\"><th scope=\"row\">{}",
            html_escape(&fact.key),
            html_escape(&fact.label)
        ));
        if let Some(help) = &fact.help {
            html.push_str(&format!(
                "<span class=\"fact-help\">{}</span>",
                html_escape(help)
            ));
        }
        html.push_str("</th>");
        for &item in items {
            let view = fact_view(site, item, fact, lang);
            let label = html_escape(&short_label(&site.entries[item]));
            match view.value {
                Some(value) => html.push_str(&format!(
                    "<td data-label=\"{label}\">{}</td>",
                    html_escape(&value)
                )),
                None => html.push_str(&format!(
                    "<td data-label=\"{label}\" class=\"not-specified\">{not_specified}</td>"
                )),
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    html
}

#[cfg(test)]
mod short_label_tests {
    use super::acronym_of;

    #[test]
    fn an_acronym_in_parentheses_at_the_end_is_the_short_label() {
        assert_eq!(
            acronym_of("Intensive outpatient programs (IOP)"),
            Some("IOP")
        );
        assert_eq!(
            acronym_of("Partial hospitalization programs (PHP)"),
            Some("PHP")
        );
        assert_eq!(acronym_of("Inpatient (hospital) care"), None);
        assert_eq!(acronym_of("Withdrawal management (detox)"), None);
        assert_eq!(acronym_of("Virtual IOP (telehealth)"), None);
        assert_eq!(acronym_of("(IOP)"), None);
        assert_eq!(acronym_of("Outpatient treatment"), None);
    }
}
