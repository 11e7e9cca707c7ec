//! Fenced-code highlighting with syntect, as CSS classes (no inline styles, so a strict
//! Content-Security-Policy holds). The syntax set costs milliseconds to load, so it is loaded
//! only when a build meets its first code block with a language.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

fn syntaxes() -> &'static SyntaxSet {
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre><code>` for `code`, highlighted when `lang` names a known syntax.
pub fn highlight(code: &str, lang: &str, enabled: bool) -> String {
    let lang = lang
        .split([' ', ',', '{'])
        .next()
        .unwrap_or_default()
        .trim();
    let escaped_lang = html_escape(lang);
    if enabled && !lang.is_empty() {
        if let Some(html) = highlight_with_syntect(code, lang) {
            return format!(
                "<pre class=\"code\" data-lang=\"{escaped_lang}\"><code class=\"language-{escaped_lang}\">{html}</code></pre>\n"
            );
        }
    }
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{escaped_lang}\"")
    };
    format!(
        "<pre class=\"code\"><code{class}>{}</code></pre>\n",
        html_escape(code)
    )
}

fn highlight_with_syntect(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_extension(lang))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        set,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        // A line syntect cannot parse is rare; fall back to plain text for the whole block.
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust", true);
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn unknown_language_and_disabled_are_escaped_plain() {
        let html = highlight("<b>&</b>", "nope", true);
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        let html = highlight("x", "rust", false);
        assert!(!html.contains("hl-"), "{html}");
    }
}
