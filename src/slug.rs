//! URL slugs. A slug is lowercase ASCII letters, digits and single hyphens, so nothing from
//! content (`..`, `/`, `\`, NUL, a Windows device name) can steer where a file is written.

use unicode_normalization::UnicodeNormalization;

/// `"Qué es un IOP?"` → `"que-es-un-iop"`. Diacritics are folded; other characters become hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'ß' => 's',
            'ø' | 'Ø' => 'o',
            'æ' | 'Æ' => 'a',
            'đ' | 'Đ' => 'd',
            'ł' | 'Ł' => 'l',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            // Letters outside Latin (Greek, Cyrillic, CJK) are kept, lowercased.
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    if is_windows_reserved(&slug) {
        slug.push_str("-page");
    }
    slug
}

/// `CON`, `NUL`, `COM1` and the like cannot be file names on Windows.
fn is_windows_reserved(slug: &str) -> bool {
    matches!(slug, "con" | "prn" | "aux" | "nul")
        || (slug.len() == 4
            && (slug.starts_with("com") || slug.starts_with("lpt"))
            && slug.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_readable() {
        assert_eq!(slugify("What is an IOP?"), "what-is-an-iop");
        assert_eq!(
            slugify("Terapia cognitivo-conductual (TCC)"),
            "terapia-cognitivo-conductual-tcc"
        );
        assert_eq!(slugify("adicción"), "adiccion");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("a\\b\0c"), "a-b-c");
        assert_eq!(slugify("  --  "), "");
        assert_eq!(slugify("CON"), "con-page");
        assert_eq!(slugify("com1"), "com1-page");
        assert_eq!(slugify("IOP vs. PHP"), "iop-vs-php");
    }

    #[test]
    fn nfc_and_nfd_give_the_same_slug() {
        let nfc = "adicci\u{f3}n";
        let nfd = "adiccio\u{301}n";
        assert_eq!(slugify(nfc), slugify(nfd));
    }
}
