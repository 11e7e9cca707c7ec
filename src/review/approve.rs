//! `continuum review approve PATH --by "Name, credentials" --role "..."` (or `--team`): the
//! recorded act of a clinical approval. It writes the reviewer and the dates into the page's
//! front matter (what the page shows) and the reviewer, the dates and the hashes of what was
//! reviewed into `reviews.toml` (what binds the approval to the text). Only those lines change:
//! the rest of the file is kept byte for byte. Each page, translations included, is approved
//! on its own.

use std::path::{Path, PathBuf};

use super::parts::Reviewed;
use super::record::{Approval, Record, RECORD_FILE};
use crate::diagnostics::SourceText;
use crate::load::front_matter::{self, Format, Reviewer};
use crate::load::Date;

/// The keys an approval owns: removed and rewritten by every approval.
const REVIEW_KEYS: &[&str] = &[
    "last_reviewed",
    "next_review",
    "reviewed_by",
    "reviewer",
    "review_status",
];

/// Who approves, and when.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub root: &'a Path,
    /// The page, below content/ (a leading `content/` is accepted).
    pub path: &'a str,
    /// `"Name, credentials"`.
    pub by: Option<&'a str>,
    pub role: Option<&'a str>,
    pub team: Option<&'a str>,
    pub today: Date,
    /// The next review; `[checks] review_interval_years` after today by default.
    pub next_review: Option<Date>,
}

/// What an approval wrote.
#[derive(Debug)]
pub struct Approved {
    pub file: PathBuf,
    pub reviewer: String,
    pub approved: Date,
    pub next_review: Date,
    pub draft: bool,
}

/// The reviewer the flags name, or why they do not name one.
pub fn reviewer_from(
    by: Option<&str>,
    role: Option<&str>,
    team: Option<&str>,
) -> Result<Reviewer, String> {
    let clean = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    match (clean(by), clean(team)) {
        (Some(_), Some(_)) => Err("give either --by (a person) or --team, not both".into()),
        (None, None) => Err("name the reviewer: --by \"Name, credentials\" --role \"role\", or --team \"team name\"".into()),
        (None, Some(team)) => Ok(Reviewer {
            team: Some(team),
            role: clean(role),
            ..Reviewer::default()
        }),
        (Some(by), None) => {
            let (name, credentials) = by.split_once(',').map_or((by.as_str(), ""), |(n, c)| (n, c));
            let (name, credentials) = (name.trim(), credentials.trim());
            if name.is_empty() || credentials.is_empty() {
                return Err(format!(
                    "--by \"{by}\" needs the reviewer's credentials after a comma, e.g. --by \"Ana Ruiz, MD\""
                ));
            }
            let Some(role) = clean(role) else {
                return Err("--by needs the reviewer's --role, e.g. --role \"Psychiatrist\"".into());
            };
            Ok(Reviewer {
                name: Some(name.to_string()),
                credentials: Some(credentials.to_string()),
                role: Some(role),
                team: None,
            })
        }
    }
}

/// "Ana Ruiz, MD (Psychiatrist)" or "Clinical review team".
pub fn describe(reviewer: &Reviewer) -> String {
    let mut text = match (&reviewer.name, &reviewer.team) {
        (Some(name), _) => match &reviewer.credentials {
            Some(c) => format!("{name}, {c}"),
            None => name.clone(),
        },
        (None, Some(team)) => team.clone(),
        (None, None) => String::new(),
    };
    if let Some(role) = &reviewer.role {
        text.push_str(&format!(" ({role})"));
    }
    text
}

/// Records the approval. Errors are plain sentences for the command line.
pub fn approve(request: &Request) -> Result<Approved, String> {
    let reviewer = reviewer_from(request.by, request.role, request.team)?;
    let rel = request
        .path
        .trim_start_matches("./")
        .trim_start_matches("content/");
    if !rel.ends_with(".md")
        || rel
            .split('/')
            .any(|p| p.is_empty() || p == ".." || p == ".")
    {
        return Err(format!(
            "`{}` is not a Markdown page below content/; write e.g. content/iop/first-day.md",
            request.path
        ));
    }
    let file = request.root.join("content").join(rel);
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let config_source = crate::load::read_config(request.root).map_err(|d| d.message)?;
    let (config, found) = crate::Config::parse(&config_source);
    let config = config.ok_or_else(|| found.report(false))?;
    let source = SourceText::new(Path::new("content").join(rel), text.as_str());
    let split = front_matter::split(&text)
        .map_err(|e| e.to_diagnostic(&source).message)?
        .ok_or_else(|| {
            format!(
                "{} has no front matter to record the review in",
                file.display()
            )
        })?;
    let front = front_matter::parse(&source, &split)
        .map_err(|d| format!("{}\nfix the front matter first, then approve", d.message))?;
    let body = &text[split.body.clone()];
    let reviewed = Reviewed::from_parts(&front, body);
    let interval = config.checks.review_interval_years.min(100) as i32;
    let next_review = request
        .next_review
        .unwrap_or_else(|| request.today.add_years(interval));
    if next_review <= request.today {
        return Err(format!(
            "the next review ({next_review}) must come after today ({})",
            request.today
        ));
    }
    let new_text = rewrite(&text, &split, request.today, next_review, &reviewer);
    // The approval must leave what was approved as it was.
    let new_source = SourceText::new(source.path.clone(), new_text.as_str());
    let new_split = front_matter::split(&new_text)
        .ok()
        .flatten()
        .ok_or("internal error: the rewritten front matter does not split")?;
    let new_front = front_matter::parse(&new_source, &new_split).map_err(|d| {
        format!(
            "internal error: the rewritten front matter does not parse: {}",
            d.message
        )
    })?;
    if Reviewed::from_parts(&new_front, &new_text[new_split.body.clone()]) != reviewed {
        return Err("internal error: writing the review changed the reviewed text".into());
    }
    let record_path = request.root.join(RECORD_FILE);
    let mut record = match std::fs::read_to_string(&record_path) {
        Ok(existing) => {
            let (record, error) = Record::parse(Some(&SourceText::new(RECORD_FILE, existing)));
            if let Some(error) = error {
                return Err(format!(
                    "{RECORD_FILE} does not parse ({}); restore it from version control",
                    error.message
                ));
            }
            record
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Record::default(),
        Err(e) => return Err(format!("cannot read {}: {e}", record_path.display())),
    };
    record.approvals.insert(
        rel.to_string(),
        Approval {
            approved: request.today,
            next_review,
            reviewer: reviewer.clone(),
            content: reviewed.content,
            parts: reviewed.parts,
        },
    );
    std::fs::write(&file, &new_text)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    std::fs::write(&record_path, record.to_toml())
        .map_err(|e| format!("cannot write {}: {e}", record_path.display()))?;
    Ok(Approved {
        file,
        reviewer: describe(&reviewer),
        approved: request.today,
        next_review,
        draft: new_front.draft,
    })
}

/// The file with its review keys replaced by the approval's, after the page's identifying
/// keys (title, description, slug, weight, dates). Other lines are kept as they are.
fn rewrite(
    text: &str,
    split: &front_matter::Split,
    today: Date,
    next: Date,
    reviewer: &Reviewer,
) -> String {
    let yaml = split.format == Format::Yaml;
    let block = &text[split.front.clone()];
    let newline = if block.contains("\r\n") { "\r\n" } else { "\n" };
    let mut kept: Vec<&str> = Vec::new();
    let mut in_top = true;
    let mut skipping = false;
    for line in block.split_inclusive('\n') {
        if !yaml && line.trim_start().starts_with('[') {
            in_top = false;
        }
        if in_top {
            if let Some(key) = top_key(line, yaml) {
                skipping = REVIEW_KEYS.contains(&key);
                if skipping {
                    continue;
                }
            } else if skipping && yaml && line.starts_with([' ', '\t']) {
                continue;
            } else {
                skipping = false;
            }
        }
        kept.push(line);
    }
    let at = kept
        .iter()
        .take_while(|l| yaml || !l.trim_start().starts_with('['))
        .enumerate()
        .filter(|(_, l)| {
            top_key(l, yaml).is_some_and(|k| {
                matches!(
                    k,
                    "title" | "description" | "slug" | "weight" | "date" | "updated" | "draft"
                )
            })
        })
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0);
    let lines = review_lines(today, next, reviewer, yaml);
    let mut out = String::with_capacity(text.len() + 200);
    out.push_str(&text[..split.front.start]);
    for (i, line) in kept.iter().enumerate() {
        if i == at {
            for l in &lines {
                out.push_str(l);
                out.push_str(newline);
            }
        }
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str(newline);
        }
    }
    if at >= kept.len() {
        for l in &lines {
            out.push_str(l);
            out.push_str(newline);
        }
    }
    out.push_str(&text[split.front.end..]);
    out
}

fn top_key(line: &str, yaml: bool) -> Option<&str> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let key = &line[..end];
    let rest = line[end..].trim_start();
    let sep = if yaml { ':' } else { '=' };
    (!key.is_empty() && rest.starts_with(sep)).then_some(key)
}

fn review_lines(today: Date, next: Date, reviewer: &Reviewer, yaml: bool) -> Vec<String> {
    // JSON strings are valid in TOML basic strings and in YAML flow scalars alike.
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let fields: Vec<String> = [
        ("name", &reviewer.name),
        ("credentials", &reviewer.credentials),
        ("role", &reviewer.role),
        ("team", &reviewer.team),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
    .map(|(k, v)| {
        if yaml {
            format!("{k}: {}", quote(v))
        } else {
            format!("{k} = {}", quote(v))
        }
    })
    .collect();
    if yaml {
        vec![
            format!("last_reviewed: {today}"),
            format!("next_review: {next}"),
            format!("reviewer: {{ {} }}", fields.join(", ")),
        ]
    } else {
        vec![
            format!("last_reviewed = {today}"),
            format!("next_review = {next}"),
            format!("reviewer = {{ {} }}", fields.join(", ")),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(page: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/iop")).unwrap();
        std::fs::write(
            dir.path().join("config.toml"),
            "title = \"T\"\nbase_url = \"https://example.org/\"\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("content/iop/a.md"), page).unwrap();
        dir
    }

    fn request<'a>(root: &'a Path, by: Option<&'a str>, team: Option<&'a str>) -> Request<'a> {
        Request {
            root,
            path: "content/iop/a.md",
            by,
            role: Some("Psychiatrist"),
            team,
            today: Date::parse("2026-12-01").unwrap(),
            next_review: None,
        }
    }

    #[test]
    fn approval_rewrites_only_the_review_lines_and_records_the_hash() {
        let page = "+++\ntitle = \"A\"\nreview_status = \"sample\"\nreviewed_by = \"Someone\"\nweight = 3\n\n[facts]\nhours = 9\n+++\n## Key points\n\nText.\n";
        let dir = site(page);
        let done = approve(&request(dir.path(), Some("Ana Ruiz, MD"), None)).unwrap();
        assert_eq!(done.reviewer, "Ana Ruiz, MD (Psychiatrist)");
        let text = std::fs::read_to_string(dir.path().join("content/iop/a.md")).unwrap();
        assert_eq!(
            text,
            "+++\ntitle = \"A\"\nweight = 3\nlast_reviewed = 2026-12-01\nnext_review = 2029-12-01\nreviewer = { name = \"Ana Ruiz\", credentials = \"MD\", role = \"Psychiatrist\" }\n\n[facts]\nhours = 9\n+++\n## Key points\n\nText.\n"
        );
        let record = std::fs::read_to_string(dir.path().join("reviews.toml")).unwrap();
        let (record, error) = Record::parse(Some(&SourceText::new("reviews.toml", record)));
        assert!(error.is_none());
        let approval = record.get("iop/a.md").unwrap();
        assert_eq!(approval.approved.to_string(), "2026-12-01");
        assert!(approval.parts.sections.contains_key("Key points"));
        assert!(approval.parts.facts.contains_key("hours"));
        // Approving again (a team this time) replaces the entry and the lines.
        approve(&request(dir.path(), None, Some("Clinical review team"))).unwrap();
        let text = std::fs::read_to_string(dir.path().join("content/iop/a.md")).unwrap();
        assert_eq!(text.matches("last_reviewed").count(), 1);
        assert!(
            text.contains(
                "reviewer = { role = \"Psychiatrist\", team = \"Clinical review team\" }"
            ),
            "{text}"
        );
    }

    #[test]
    fn yaml_front_matter_is_rewritten_as_yaml() {
        let dir =
            site("---\ntitle: A\nreviewed_by: >\n  Someone\n  else\ndraft: true\n---\nText.\n");
        let done = approve(&request(dir.path(), None, Some("Team"))).unwrap();
        assert!(done.draft);
        let text = std::fs::read_to_string(dir.path().join("content/iop/a.md")).unwrap();
        assert_eq!(text, "---\ntitle: A\ndraft: true\nlast_reviewed: 2026-12-01\nnext_review: 2029-12-01\nreviewer: { role: \"Psychiatrist\", team: \"Team\" }\n---\nText.\n");
    }

    #[test]
    fn a_reviewer_needs_credentials_and_a_role() {
        assert!(reviewer_from(Some("Ana Ruiz"), Some("Psychiatrist"), None)
            .unwrap_err()
            .contains("credentials"));
        assert!(reviewer_from(Some("Ana Ruiz, MD"), None, None)
            .unwrap_err()
            .contains("--role"));
        assert!(reviewer_from(None, None, None).is_err());
        assert!(reviewer_from(Some("A, MD"), Some("R"), Some("T")).is_err());
        let dir = site("+++\ntitle = \"A\"\n+++\nText.\n");
        let err = approve(&request(dir.path(), Some("Ana Ruiz"), None)).unwrap_err();
        assert!(err.contains("credentials"));
        assert!(!dir.path().join("reviews.toml").exists());
    }
}
