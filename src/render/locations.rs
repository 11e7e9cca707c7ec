//! Locations as content: a page with a `[location]` table in its front matter (the sample keeps
//! them in content/locations/) is a place where the provider offers care. [`Locations::build`]
//! checks every such table against one typed model, reporting every mistake at once (unknown
//! key, wrong type, unknown level of care, payment, track or population with "did you mean",
//! malformed ZIP, state or phone) with the line it is on, and gives templates plain views: the
//! location page, the list and finder, and the "where we offer this" list on each level-of-care
//! article. Nothing here reads or writes files.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics};
use crate::resolve::{join_source_path, Site};

/// The keys a `[location]` table may have.
const KEYS: &[&str] = &[
    "name",
    "street",
    "city",
    "state",
    "zip",
    "lat",
    "lon",
    "phone",
    "tty",
    "hours",
    "tracks",
    "levels",
    "populations",
    "languages",
    "telehealth",
    "payment",
    "licensing",
    "accreditation",
];

/// Closed vocabularies: the finder filters on them and the theme translates them
/// (`location_<list>_<value>` in i18n/*.toml).
const TRACKS: &[&str] = &["morning", "afternoon", "evening", "weekend"];
const PAYMENT: &[&str] = &[
    "private-insurance",
    "medicaid",
    "medicare",
    "tricare",
    "sliding-fee",
    "self-pay",
];
const POPULATIONS: &[&str] = &[
    "adults",
    "adolescents",
    "older-adults",
    "young-adults",
    "veterans",
    "women",
    "men",
    "lgbtq",
    "families",
];

const STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR", "GU", "VI", "AS", "MP",
];

/// The folder whose pages are the levels of care a location may offer.
const LEVELS_DIR: &str = "levels-of-care/";

/// A phone number as written, and its `tel:` form.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Phone {
    pub text: String,
    pub tel: String,
}

/// A closed-vocabulary value and its label in the page's language.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Term {
    pub key: String,
    pub label: String,
}

/// A level of care a location offers: the article, in the location's language when translated.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Level {
    /// The original article's key (the same in every language), for the finder's filter.
    pub key: String,
    pub title: String,
    pub url: String,
}

/// One checked location, as templates and the finder see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Location {
    pub name: String,
    pub url: String,
    pub permalink: String,
    pub street: String,
    pub city: String,
    pub state: String,
    pub zip: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub phone: Option<Phone>,
    pub tty: Option<Phone>,
    pub hours: Vec<String>,
    pub tracks: Vec<Term>,
    pub levels: Vec<Level>,
    pub populations: Vec<Term>,
    pub languages: Vec<String>,
    pub telehealth: bool,
    pub payment: Vec<Term>,
    pub licensing: Vec<String>,
    pub accreditation: Vec<String>,
    #[serde(skip)]
    entry: usize,
    #[serde(skip)]
    level_entries: Vec<usize>,
}

/// Every location of the site, by weight then title.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    pub items: Vec<Location>,
}

impl Locations {
    /// Checks every `[location]` table; a location with errors is left out (the build fails).
    pub fn build(site: &Site, config: &Config, diagnostics: &mut Diagnostics) -> Locations {
        let mut items = Vec::new();
        for index in 0..site.entries.len() {
            if site.entries[index].front().location.is_empty() {
                continue;
            }
            let mut found = Diagnostics::new();
            let location = check(site, config, index, &mut found);
            let ok = !found.has_errors();
            diagnostics.extend(found);
            if ok {
                items.push(location);
            }
        }
        // The order editors set with `weight`, as in the section's own list.
        items.sort_by_cached_key(|l| {
            let entry = &site.entries[l.entry];
            (
                entry.front().weight.unwrap_or(i64::MAX),
                entry.title_key.clone(),
            )
        });
        Locations { items }
    }

    /// The location written in entry `index`, if it is one.
    pub fn of(&self, index: usize) -> Option<&Location> {
        self.items.iter().find(|l| l.entry == index)
    }

    /// The locations in language `lang`, by weight then title.
    pub fn in_language<'a>(&'a self, site: &'a Site, lang: &'a str) -> Vec<&'a Location> {
        self.items
            .iter()
            .filter(|l| site.entries[l.entry].lang == lang)
            .collect()
    }

    /// The locations (in the article's language) offering the level of care `index`.
    pub fn offering(&self, site: &Site, index: usize) -> Vec<&Location> {
        let lang = &site.entries[index].lang;
        self.items
            .iter()
            .filter(|l| &site.entries[l.entry].lang == lang && l.level_entries.contains(&index))
            .collect()
    }
}

/// `MedicalClinic` structured data for a location page.
pub fn clinic_node(location: &Location) -> Value {
    let mut node = json!({
        "@type": "MedicalClinic",
        "@id": format!("{}#location", location.permalink),
        "name": location.name,
        "url": location.permalink,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "addressLocality": location.city,
            "addressRegion": location.state,
            "postalCode": location.zip,
            "addressCountry": "US",
        },
    });
    let fields = node.as_object_mut().expect("an object");
    if let Some(phone) = &location.phone {
        fields.insert(
            "telephone".into(),
            json!(phone.tel.trim_start_matches("tel:")),
        );
    }
    if let (Some(lat), Some(lon)) = (location.lat, location.lon) {
        fields.insert(
            "geo".into(),
            json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon }),
        );
    }
    if !location.languages.is_empty() {
        fields.insert("availableLanguage".into(), json!(location.languages));
    }
    node
}

/// One location's checks; every problem goes to `found`.
fn check(site: &Site, config: &Config, index: usize, found: &mut Diagnostics) -> Location {
    let entry = &site.entries[index];
    let doc = &entry.doc;
    let table = &entry.front().location;
    let lang = entry.lang.as_str();
    let label = |list: &str, key: &str| -> String {
        let fallback = key.replace('-', " ");
        site.strings
            .get(
                lang,
                &format!("location_{list}_{}", key.replace('-', "_")),
                &fallback,
            )
            .to_string()
    };
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            let help = match did_you_mean(key, KEYS.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("location keys: {}", KEYS.join(", ")),
            };
            found.push(
                Diagnostic::error(format!("unknown key `{key}` in [location]"))
                    .at(
                        &doc.source,
                        doc.spans.key(&format!("location.{key}")).unwrap_or(0..0),
                    )
                    .help(help),
            );
        }
    }
    let mut fields = Fields { table, found, doc };
    let name = fields.text("name", true);
    let street = fields.text("street", true);
    let city = fields.text("city", true);
    let state = fields.text("state", true);
    if !state.is_empty() && !STATES.contains(&state.as_str()) {
        let upper = state.to_uppercase();
        let help = if STATES.contains(&upper.as_str()) {
            format!("write the two capital letters: `{upper}`")
        } else {
            "write the two-letter postal abbreviation, e.g. `OR` or `TX`".to_string()
        };
        fields.error(
            "state",
            format!("`{state}` is not a US state abbreviation"),
            help,
        );
    }
    let zip = fields.text("zip", true);
    if !zip.is_empty() && !valid_zip(&zip) {
        fields.error(
            "zip",
            format!("`{zip}` is not a ZIP code"),
            "write five digits, e.g. `97201`, or ZIP+4, e.g. `97201-1234`".into(),
        );
    }
    let lat = fields.number("lat", -90.0..=90.0);
    let lon = fields.number("lon", -180.0..=180.0);
    if lat.is_some() != lon.is_some() {
        let key = if lat.is_some() { "lat" } else { "lon" };
        fields.error(
            key,
            "`lat` and `lon` go together".into(),
            "give both coordinates, or neither (the finder then uses the ZIP code's centre)".into(),
        );
    }
    let phone = fields.phone("phone");
    let tty = fields.phone("tty");
    let hours = fields.list("hours");
    let tracks = fields.closed("tracks", TRACKS);
    let populations = fields.closed("populations", POPULATIONS);
    let payment = fields.closed("payment", PAYMENT);
    let languages = fields.list("languages");
    let telehealth = fields.boolean("telehealth");
    let licensing = fields.list("licensing");
    let accreditation = fields.list("accreditation");
    let (levels, level_entries) = levels(site, config, index, &mut fields);
    let terms = |list: &str, keys: Vec<String>| -> Vec<Term> {
        keys.into_iter()
            .map(|key| Term {
                label: label(list, &key),
                key,
            })
            .collect()
    };
    Location {
        name,
        url: entry.url.clone(),
        permalink: entry.permalink.clone(),
        street,
        city,
        state,
        zip,
        lat,
        lon,
        phone,
        tty,
        hours,
        tracks: terms("tracks", tracks),
        levels,
        populations: terms("populations", populations),
        languages,
        telehealth,
        payment: terms("payment", payment),
        licensing,
        accreditation,
        entry: index,
        level_entries,
    }
}

/// `levels`: relative `.md` paths to level-of-care articles, or terms of the `levels-of-care`
/// taxonomy (the article whose first such term it is); shown in the location's language.
fn levels(
    site: &Site,
    config: &Config,
    index: usize,
    fields: &mut Fields,
) -> (Vec<Level>, Vec<usize>) {
    let entry = &site.entries[index];
    let mut views = Vec::new();
    let mut entries = Vec::new();
    let articles: Vec<usize> = (0..site.entries.len())
        .filter(|&i| {
            let e = &site.entries[i];
            e.original.is_none() && e.key.starts_with(LEVELS_DIR) && !e.is_section()
        })
        .collect();
    let paths: Vec<String> = articles
        .iter()
        .map(|&i| super::links::relative_path(&entry.doc.rel_path, &site.entries[i].doc.rel_path))
        .collect();
    let terms: Vec<&str> = config
        .taxonomies
        .iter()
        .filter(|t| t.name == LEVELS_TAXONOMY)
        .flat_map(|t| t.terms.iter().flatten())
        .map(String::as_str)
        .collect();
    for (i, value) in fields.list("levels").into_iter().enumerate() {
        let at = format!("levels.{i}");
        let target = if value.ends_with(".md") {
            let found = join_source_path(&entry.doc.rel_path, &value)
                .and_then(|p| site.by_path.get(&p).copied())
                .and_then(|t| site.entries[t].original.or(Some(t)))
                .filter(|t| articles.contains(t));
            if found.is_none() {
                let help = match did_you_mean(&value, paths.iter().map(String::as_str)) {
                    Some(best) => {
                        format!("did you mean `{best}`? (paths are relative to this file)")
                    }
                    None => format!("levels of care: {}", paths.join(", ")),
                };
                fields.error(
                    &at,
                    format!("`{value}` is not a level-of-care article"),
                    help,
                );
            }
            found
        } else {
            term_article(site, &articles, &terms, &value, &at, fields)
        };
        let Some(target) = target else {
            continue;
        };
        let shown = site
            .in_language(&site.entries[target].key, &entry.lang)
            .unwrap_or(target);
        views.push(Level {
            key: site.entries[target].key.clone(),
            title: site.entries[shown].title().to_string(),
            url: site.entries[shown].url.clone(),
        });
        entries.push(shown);
    }
    (views, entries)
}

/// The taxonomy whose terms may name a level of care instead of a path.
const LEVELS_TAXONOMY: &str = "levels-of-care";

/// The level-of-care article whose first `levels-of-care` term is `term`.
fn term_article(
    site: &Site,
    articles: &[usize],
    terms: &[&str],
    term: &str,
    at: &str,
    fields: &mut Fields,
) -> Option<usize> {
    let known = terms.iter().find(|t| t.eq_ignore_ascii_case(term));
    let Some(known) = known else {
        let help = match did_you_mean(term, terms.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if terms.is_empty() => {
                "write a relative path to a level-of-care article, e.g. \"../levels-of-care/outpatient.md\"".to_string()
            }
            None => format!(
                "write a path to a level-of-care article or one of the terms: {}",
                terms.join(", ")
            ),
        };
        fields.error(at, format!("unknown level of care `{term}`"), help);
        return None;
    };
    let found = articles.iter().copied().find(|&i| {
        site.entries[i]
            .front()
            .taxonomies
            .get(LEVELS_TAXONOMY)
            .and_then(|list| list.first())
            .is_some_and(|first| first.eq_ignore_ascii_case(known))
    });
    if found.is_none() {
        fields.error(
            at,
            format!("no level-of-care article has `{known}` as its level of care"),
            format!(
                "add `{LEVELS_TAXONOMY} = [\"{known}\"]` to that article's [taxonomies], or write its path"
            ),
        );
    }
    found
}

/// `12345` or `12345-6789`.
fn valid_zip(zip: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match zip.split_once('-') {
        Some((five, four)) => digits(five, 5) && digits(four, 4),
        None => digits(zip, 5),
    }
}

/// A North American number (ten digits, an optional leading 1) in its `tel:` form, or a
/// three-digit service number such as 711 or 988.
fn tel_of(text: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_digit() || " ()-.+".contains(c);
    if !text.chars().all(allowed) {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        3 if !text.contains('+') => return Some(format!("tel:{digits}")),
        10 => digits.as_str(),
        11 if digits.starts_with('1') => &digits[1..],
        _ => return None,
    };
    // Area codes and exchanges never start with 0 or 1.
    let b = national.as_bytes();
    if b[0] < b'2' || b[3] < b'2' {
        return None;
    }
    Some(format!("tel:+1{national}"))
}

/// Typed reads of one `[location]` table, each reporting its own mistakes.
struct Fields<'a> {
    table: &'a toml::Table,
    found: &'a mut Diagnostics,
    doc: &'a crate::load::Document,
}

impl Fields<'_> {
    /// An error at the value `path` names below `[location]` (`state`, `levels.2`).
    fn error(&mut self, path: &str, message: String, help: String) {
        let span = self.doc.spans.value_or_parent(&format!("location.{path}"));
        self.found.push(
            Diagnostic::error(message)
                .at(&self.doc.source, span)
                .help(help),
        );
    }

    fn wrong_type(&mut self, key: &str, want: &str, example: &str) {
        self.error(
            key,
            format!("`{key}` in [location] must be {want}"),
            format!("write e.g. {key} = {example}"),
        );
    }

    fn text(&mut self, key: &str, required: bool) -> String {
        match self.table.get(key) {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(toml::Value::String(_)) | None if required => {
                let span = self.doc.spans.key("location").unwrap_or(0..0);
                self.found.push(
                    Diagnostic::error(format!("[location] has no `{key}`"))
                        .at(&self.doc.source, span)
                        .help(format!("add `{key} = \"...\"` to [location]")),
                );
                String::new()
            }
            None | Some(toml::Value::String(_)) => String::new(),
            Some(_) => {
                self.wrong_type(key, "text", "\"...\"");
                String::new()
            }
        }
    }

    fn number(&mut self, key: &str, range: std::ops::RangeInclusive<f64>) -> Option<f64> {
        let value = match self.table.get(key)? {
            toml::Value::Float(f) => *f,
            toml::Value::Integer(i) => *i as f64,
            _ => {
                self.wrong_type(key, "a number", "45.52");
                return None;
            }
        };
        if !range.contains(&value) {
            self.error(
                key,
                format!("`{key}` = {value} is out of range"),
                format!(
                    "{key} is in degrees, from {} to {}",
                    range.start(),
                    range.end()
                ),
            );
            return None;
        }
        Some(value)
    }

    fn boolean(&mut self, key: &str) -> bool {
        match self.table.get(key) {
            None => false,
            Some(toml::Value::Boolean(b)) => *b,
            Some(_) => {
                self.wrong_type(key, "true or false", "true");
                false
            }
        }
    }

    fn list(&mut self, key: &str) -> Vec<String> {
        match self.table.get(key) {
            None => Vec::new(),
            Some(toml::Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        toml::Value::String(s) if !s.trim().is_empty() => {
                            out.push(s.trim().to_string())
                        }
                        _ => {
                            self.wrong_type(key, "a list of text", "[\"...\", \"...\"]");
                            return Vec::new();
                        }
                    }
                }
                out
            }
            Some(_) => {
                self.wrong_type(key, "a list of text", "[\"...\", \"...\"]");
                Vec::new()
            }
        }
    }

    fn closed(&mut self, key: &str, allowed: &[&str]) -> Vec<String> {
        let values = self.list(key);
        let mut out = Vec::new();
        for (i, value) in values.into_iter().enumerate() {
            if allowed.contains(&value.as_str()) {
                out.push(value);
                continue;
            }
            let help = match did_you_mean(&value, allowed.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("{key}: {}", allowed.join(", ")),
            };
            self.error(
                &format!("{key}.{i}"),
                format!("unknown {key} value `{value}`"),
                help,
            );
        }
        out
    }

    fn phone(&mut self, key: &str) -> Option<Phone> {
        let text = self.text(key, false);
        if text.is_empty() {
            return None;
        }
        match tel_of(&text) {
            Some(tel) => Some(Phone { text, tel }),
            None => {
                self.error(
                    key,
                    format!("`{text}` is not a phone number"),
                    "write a US number with its area code, e.g. \"(503) 555-0142\", or 711 for relay".into(),
                );
                None
            }
        }
    }
}

/// The filter choices the finder offers: every value the language's locations use.
#[derive(Debug, Default, Serialize)]
pub struct FinderOptions {
    pub levels: Vec<Level>,
    pub payment: Vec<Term>,
    pub populations: Vec<Term>,
    pub languages: Vec<String>,
}

/// The list and finder's view: locations and their filter choices.
pub fn finder_view(list: &[&Location]) -> (Vec<Location>, FinderOptions) {
    let mut levels = BTreeMap::new();
    let mut payment = BTreeMap::new();
    let mut populations = BTreeMap::new();
    let mut languages = BTreeMap::new();
    for l in list {
        for v in &l.levels {
            levels.entry(v.key.clone()).or_insert_with(|| v.clone());
        }
        for v in &l.payment {
            payment.entry(v.key.clone()).or_insert_with(|| v.clone());
        }
        for v in &l.populations {
            populations
                .entry(v.key.clone())
                .or_insert_with(|| v.clone());
        }
        for v in &l.languages {
            languages.entry(v.clone()).or_insert_with(|| v.clone());
        }
    }
    let order = |keys: &[&str], terms: BTreeMap<String, Term>| -> Vec<Term> {
        let mut terms: Vec<Term> = terms.into_values().collect();
        terms.sort_by_key(|t| keys.iter().position(|k| *k == t.key));
        terms
    };
    let options = FinderOptions {
        levels: levels.into_values().collect(),
        payment: order(PAYMENT, payment),
        populations: order(POPULATIONS, populations),
        languages: languages.into_values().collect(),
    };
    (list.iter().map(|l| (*l).clone()).collect(), options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_codes() {
        assert!(valid_zip("97201"));
        assert!(valid_zip("97201-1234"));
        assert!(!valid_zip("9720"));
        assert!(!valid_zip("97201-12"));
        assert!(!valid_zip("ABCDE"));
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(
            tel_of("(503) 555-0142").as_deref(),
            Some("tel:+15035550142")
        );
        assert_eq!(
            tel_of("1-503-555-0142").as_deref(),
            Some("tel:+15035550142")
        );
        assert_eq!(tel_of("711").as_deref(), Some("tel:711"));
        assert_eq!(tel_of("555-0142"), None);
        assert_eq!(tel_of("(103) 555-0142"), None);
        assert_eq!(tel_of("call us"), None);
    }
}
