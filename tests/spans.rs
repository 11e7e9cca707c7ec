//! Diagnostics about a front-matter or config.toml value point at that value's own line and
//! column, as the TOML or YAML parser reports it: escaped quotes, multi-line strings, inline
//! tables, arrays of tables, the same text written twice and YAML front matter each once.

mod common;

use common::TestSite;

/// (what the case shows, file under the site, its text, a fragment of the message, where).
const CASES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "a broken link in an FAQ answer with an escaped quote",
        "content/a.md",
        "+++\ntitle = \"A\"\ndescription = \"About [x](missing.md) here\"\n\n[[faq]]\nquestion = \"Why?\"\nanswer = \"Say \\\"no\\\" and see [x](missing.md).\"\n+++\nBody.\n",
        "missing.md",
        "content/a.md:7:",
    ),
    (
        "a broken link on the third line of a multi-line answer",
        "content/a.md",
        "+++\ntitle = \"A\"\n\n[[faq]]\nquestion = \"Why?\"\nanswer = \"\"\"\nFirst line.\nSecond line.\nSee [x](missing.md).\n\"\"\"\n+++\nBody.\n",
        "missing.md",
        "content/a.md:9:5",
    ),
    (
        "the second of two identical answers in arrays of tables",
        "content/a.md",
        "+++\ntitle = \"A\"\n\n[[faq]]\nquestion = \"One?\"\nanswer = \"See [x](gone.md).\"\n\n[[faq]]\nquestion = \"Two?\"\nanswer = \"See [x](gone.md). Also [y](missing.md).\"\n+++\nBody.\n",
        "missing.md",
        "content/a.md:10:",
    ),
    (
        "an FAQ written as inline tables, with an escaped quote",
        "content/a.md",
        "+++\ntitle = \"A\"\nfaq = [\n  { question = \"One?\", answer = \"Fine.\" },\n  { question = \"Two?\", answer = \"A \\\"quote\\\" and [x](missing.md).\" },\n]\n+++\nBody.\n",
        "missing.md",
        "content/a.md:5:",
    ),
    (
        "a slug whose text is also the title",
        "content/a.md",
        "+++\ntitle = \"Bad Slug\"\nslug = \"Bad Slug\"\n+++\nBody.\n",
        "is not a plain URL slug",
        "content/a.md:3:9",
    ),
    (
        "a taxonomy term whose text is also the description",
        "content/a.md",
        "+++\ntitle = \"A\"\ndescription = \"Yoga\"\n[taxonomies]\ntherapies = [\"CBT\", \"Yoga\"]\n+++\nBody.\n",
        "is not a term of taxonomy",
        "content/a.md:5:22",
    ),
    (
        "a YAML slug whose text is also the title",
        "content/a.md",
        "---\ntitle: Bad Slug\nslug: Bad Slug\n---\nBody.\n",
        "is not a plain URL slug",
        "content/a.md:3:7",
    ),
    (
        "a broken link in a YAML FAQ answer with an escaped quote",
        "content/a.md",
        "---\ntitle: A\ndescription: \"See [x](missing.md)\"\nfaq:\n  - question: Why?\n    answer: \"Say \\\"no\\\" and see [x](missing.md).\"\n---\nBody.\n",
        "missing.md",
        "content/a.md:6:",
    ),
    (
        "a config.toml taxonomy name whose text is also the site title",
        "config.toml",
        "title = \"Bad Name\"\nbase_url = \"https://example.org/help/\"\ntheme = \"plain\"\n\n[[taxonomies]]\nname = \"therapies\"\n\n[[taxonomies]]\nname = \"Bad Name\"\n",
        "is not a URL slug",
        "config.toml:9:9",
    ),
    (
        "a config.toml language path written as an inline table",
        "config.toml",
        "title = \"T\"\nbase_url = \"https://example.org/help/\"\ntheme = \"plain\"\nlanguages = { es = { name = \"es\", path = \"Es Path\" } }\n",
        "is not a URL slug",
        "config.toml:4:",
    ),
];

#[test]
fn each_value_is_reported_on_its_own_line() {
    let mut failures = Vec::new();
    for (case, file, text, message, position) in CASES {
        let site = TestSite::minimal();
        site.write(file, text);
        let outcome = site.check();
        let found = outcome
            .diagnostics
            .iter()
            .find(|d| d.message.contains(message));
        match found {
            Some(d) if d.position().unwrap_or_default().starts_with(position) => {}
            Some(d) => failures.push(format!(
                "{case}: at {}, want {position}\n{}",
                d.position().unwrap_or_default(),
                d.render(false)
            )),
            None => failures.push(format!(
                "{case}: no diagnostic with `{message}`:\n{}",
                outcome.diagnostics.report(false)
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
