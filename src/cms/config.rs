//! The Decap CMS configuration (`config.yml`) generated from Continuum's content model: a
//! folder collection per section, a typed field for every front-matter key the loader
//! accepts (the keys come from [`super::model`], read from the loader's own types), the
//! taxonomies' configured terms as choices, comparison facts typed by `[compare]`,
//! translations as `NAME.LANG.md` files, and media kept beside the article. Pure: the
//! configuration and the sections in, YAML text out.

use serde_json::{json, Map, Value};

use crate::config::{Config, FactKind};

/// A section of the site: one collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The folder below the site's root, `content/iop` (`content` for the home section).
    pub folder: String,
    /// The section's title, from its `_index.md`.
    pub label: String,
}

/// The Git host the deployed CMS commits to (docs/cms.md: GitHub or GitLab, with OAuth).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    /// `github` or `gitlab`.
    pub name: String,
    /// `owner/name` of the site's repository.
    pub repo: String,
    pub branch: String,
}

impl Default for Remote {
    fn default() -> Remote {
        Remote {
            name: "github".into(),
            repo: "OWNER/REPO".into(),
            branch: "main".into(),
        }
    }
}

/// The path, below the site's address, of the local-backend endpoint.
pub const API_PATH: &str = "/__continuum/api/v1";

/// The configuration as YAML. A front-matter key this module has no field for is an
/// error naming it, so a key added to the loader cannot silently go missing here.
/// `local` is the address of `continuum serve`'s local backend, when the file is for it.
pub fn generate(
    config: &Config,
    sections: &[Section],
    remote: &Remote,
    local: Option<&str>,
) -> Result<String, String> {
    let fields = fields(config)?;
    let multilingual = config.languages.len() > 1;
    let collections: Vec<Value> = sections
        .iter()
        .map(|section| collection(section, &fields, multilingual))
        .collect();
    let mut root = Map::new();
    root.insert(
        "backend".into(),
        json!({ "name": remote.name, "repo": remote.repo, "branch": remote.branch }),
    );
    if let Some(url) = local {
        root.insert("local_backend".into(), json!({ "url": url }));
    }
    root.insert("publish_mode".into(), json!("simple"));
    root.insert("load_config_file".into(), json!(true));
    // Site-wide uploads go to static/; per-article media live beside the article (below).
    root.insert("media_folder".into(), json!("static/media"));
    root.insert("public_folder".into(), json!("/media"));
    root.insert("site_url".into(), json!(config.base_url));
    if multilingual {
        let locales: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        root.insert(
            "i18n".into(),
            json!({
                "structure": "multiple_files",
                "locales": locales,
                "default_locale": config.default_language,
            }),
        );
    }
    root.insert("collections".into(), Value::Array(collections));
    serde_norway::to_string(&Value::Object(root))
        .map_err(|e| format!("cannot write the CMS configuration: {e}"))
}

/// The collection's name: the section's folder below content/ (`pages` for the home section).
pub fn collection_name(section: &Section) -> String {
    match section.folder.strip_prefix("content/") {
        Some(rest) => rest.replace('/', "-"),
        None => "pages".to_string(),
    }
}

fn collection(section: &Section, fields: &[Value], multilingual: bool) -> Value {
    let name = collection_name(section);
    let mut collection = json!({
        "name": name,
        "label": section.label,
        "folder": section.folder,
        "create": true,
        "delete": false,
        "extension": "md",
        "format": "toml-frontmatter",
        "slug": "{{slug}}",
        "summary": "{{title}}",
        // Images and files go beside the article, which the build copies with it.
        "media_folder": "",
        "public_folder": "",
        "preview_path": format!("{}/{{{{slug}}}}/", section.folder.trim_start_matches("content").trim_start_matches('/')),
        "fields": fields,
    });
    if multilingual {
        collection["i18n"] = json!(true);
    }
    collection
}

/// A field for every front-matter key, then the body.
fn fields(config: &Config) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for key in super::model::front_matter_keys() {
        match field(&key, config) {
            Some(mut field) => {
                field["name"] = json!(key);
                if field.get("label").is_none() {
                    field["label"] = json!(label(&key));
                }
                if field.get("required").is_none() {
                    field["required"] = json!(false);
                }
                field["i18n"] = json!(true);
                out.push(field);
            }
            None => missing.push(key),
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "the CMS configuration has no field for the front-matter key(s) {}",
            missing.join(", ")
        ));
    }
    out.push(json!({ "name": "body", "label": "Body", "widget": "markdown", "i18n": true }));
    Ok(out)
}

/// The typed field for one front-matter key; `None` for a key not described here yet.
fn field(key: &str, config: &Config) -> Option<Value> {
    let date = json!({ "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false, "picker_utc": true });
    Some(match key {
        "title" => json!({ "widget": "string", "required": true }),
        "description" => {
            json!({ "widget": "text", "hint": "One or two sentences for search results and link previews." })
        }
        "date" | "updated" => date,
        "last_reviewed" | "next_review" => {
            let mut d = date;
            d["hint"] = json!("Clinical review (docs/governance.md).");
            d
        }
        "reviewed_by" => {
            json!({ "widget": "string", "hint": "Older free-text form; prefer Reviewer." })
        }
        "reviewer" => object(&nested("reviewer")),
        "review_status" => {
            json!({ "widget": "select", "options": ["sample"], "hint": "`sample`: sample content no clinician has reviewed yet." })
        }
        "weight" => json!({ "widget": "number", "value_type": "int" }),
        // New articles start as drafts, as `continuum new` makes them: published once a
        // clinician approves them (docs/governance.md).
        "draft" => {
            json!({ "widget": "boolean", "default": true, "hint": "Drafts are not published. Turn off once a clinician has approved the article." })
        }
        "slug" | "template" => json!({ "widget": "string" }),
        "aliases" | "questions" => json!({ "widget": "list" }),
        "sort_by" => {
            json!({ "widget": "select", "options": ["weight", "title", "date"], "hint": "Sections only." })
        }
        "taxonomies" => taxonomies(config),
        "sources" => list(&nested("sources")),
        "facts" => facts(config),
        "faq" => list(&nested("faq")),
        "glossary" => list(&nested("glossary")),
        "checks" => object(&nested("checks")),
        // Free-form tables: kept as they are, edited in the file (docs/content.md).
        "location" | "extra" => json!({ "widget": "hidden" }),
        _ => return None,
    })
}

fn nested(key: &str) -> Vec<String> {
    super::model::nested_keys()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, fields)| fields)
        .unwrap_or_default()
}

/// The widget of a key inside a table (sources, FAQ items, the reviewer...).
fn inner(key: &str) -> Value {
    let widget = match key {
        "answer" => json!({ "widget": "markdown" }),
        "definition" | "nothing_newer" | "reason" => json!({ "widget": "text" }),
        "year" => json!({ "widget": "number", "value_type": "int" }),
        "max_grade" | "min_inflesz" => json!({ "widget": "number", "value_type": "float" }),
        "aliases" | "allow" => json!({ "widget": "list" }),
        _ => json!({ "widget": "string" }),
    };
    let required = matches!(key, "title" | "question" | "answer" | "term" | "definition");
    let mut field = widget;
    field["name"] = json!(key);
    field["label"] = json!(label(key));
    field["required"] = json!(required);
    field
}

fn list(keys: &[String]) -> Value {
    let fields: Vec<Value> = keys.iter().map(|k| inner(k)).collect();
    json!({ "widget": "list", "fields": fields, "collapsed": false })
}

fn object(keys: &[String]) -> Value {
    let fields: Vec<Value> = keys.iter().map(|k| inner(k)).collect();
    grouped(fields)
}

/// An object of `fields`; with none (a site without taxonomies), a hidden field that keeps
/// whatever the file has.
fn grouped(fields: Vec<Value>) -> Value {
    if fields.is_empty() {
        return json!({ "widget": "hidden" });
    }
    json!({ "widget": "object", "fields": fields, "collapsed": true })
}

/// One multiple-choice field per configured taxonomy, its terms the choices.
fn taxonomies(config: &Config) -> Value {
    let fields: Vec<Value> = config
        .taxonomies
        .iter()
        .map(|taxonomy| match &taxonomy.terms {
            Some(terms) => json!({
                "name": taxonomy.name, "label": taxonomy.title, "widget": "select",
                "multiple": true, "options": terms, "required": false,
            }),
            None => json!({
                "name": taxonomy.name, "label": taxonomy.title, "widget": "list", "required": false,
            }),
        })
        .collect();
    grouped(fields)
}

/// The comparison facts of every `[compare]` schema, each typed as the schema says.
fn facts(config: &Config) -> Value {
    let mut seen = std::collections::BTreeSet::new();
    let mut fields = Vec::new();
    for schema in config.compare.values() {
        for fact in &schema.facts {
            if !seen.insert(fact.key.clone()) {
                continue;
            }
            let widget = match fact.kind {
                FactKind::Text => json!({ "widget": "string" }),
                FactKind::Number => json!({ "widget": "number", "value_type": "float" }),
                FactKind::Bool => json!({ "widget": "boolean" }),
            };
            let mut field = widget;
            field["name"] = json!(fact.key);
            field["label"] = json!(fact.label);
            field["required"] = json!(false);
            if let Some(help) = &fact.help {
                field["hint"] = json!(help);
            }
            fields.push(field);
        }
    }
    let mut field = grouped(fields);
    field["hint"] = json!("Levels of care: the facts comparison tables are made from.");
    field
}

/// `last_reviewed` → `Last reviewed`.
fn label(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}
