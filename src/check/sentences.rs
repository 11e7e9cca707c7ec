//! Splits text blocks into tokens and sentences. A token is a run of non-space characters
//! with its surrounding punctuation stripped; it is a word, a number or a URL (URLs and
//! domain names are not prose and are never counted). A sentence ends at `.`, `!`, `?` or
//! `…` (but not after `e.g.`, `Dr.` and other abbreviations) and at the end of every block,
//! so headings and list items are sentences of their own. Spanish has its own
//! abbreviations, and its opening marks `¿` and `¡`: a capitalised `¿Qué…` right after a
//! word with no stop still starts a new sentence, and a lowercase word after `?` or `!`
//! goes on with the same one (`¿Tiene fiebre? ¿tos?`).

use std::ops::Range;

use super::prose::{Block, BlockKind, Prose};
use super::Language;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Url,
}

#[derive(Debug, Clone)]
pub struct Token {
    /// Where the token's text is in its [`Analyzed`]: read it with [`Analyzed::text`]. (The
    /// text lives in one buffer per page, not in a string per token.)
    text: Range<usize>,
    /// Where its lowercase is: [`Analyzed::lower`].
    lower: Range<usize>,
    pub kind: TokenKind,
    /// Where the token (without punctuation) is in its block's text.
    pub at: Range<usize>,
    /// Where it is in the source file.
    pub span: Range<usize>,
    /// The raw token ends a sentence (before abbreviations are considered).
    ends: bool,
    /// It ends with `?` or `!` rather than a full stop.
    asks: bool,
    /// The raw token starts with Spanish `¿` or `¡`.
    opens: bool,
    /// The raw token ends with a comma, semicolon or colon: what follows goes on.
    pauses: bool,
}

impl Token {
    /// Words and numbers count for readability and lengths; URLs do not.
    pub fn counts(&self) -> bool {
        self.kind != TokenKind::Url
    }
}

/// A block's tokens.
#[derive(Debug, Clone)]
pub struct BlockText {
    pub block: usize,
    pub kind: BlockKind,
    pub tokens: Vec<Token>,
}

/// A sentence: a range of one block's tokens.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Index into [`Analyzed::blocks`].
    pub block: usize,
    pub tokens: Range<usize>,
    pub span: Range<usize>,
}

/// A page's text, tokenized and split into sentences.
#[derive(Debug, Clone, Default)]
pub struct Analyzed {
    pub blocks: Vec<BlockText>,
    pub sentences: Vec<Sentence>,
    /// The text of every token and the lowercase of those that have capitals, one after
    /// another; tokens hold ranges into it.
    words: String,
}

impl Analyzed {
    /// English text.
    pub fn new(prose: &Prose) -> Analyzed {
        Analyzed::in_language(prose, crate::lang::profile("en"))
    }

    pub fn in_language(prose: &Prose, language: Language) -> Analyzed {
        let mut analyzed = Analyzed {
            words: String::with_capacity(prose.blocks.iter().map(|b| b.mapped.text.len()).sum()),
            ..Analyzed::default()
        };
        for (index, block) in prose.blocks.iter().enumerate() {
            let tokens = tokenize(block, &mut analyzed.words);
            let at = analyzed.blocks.len();
            for range in split_sentences(&tokens, &analyzed.words, language) {
                let span = tokens[range.start].span.start..tokens[range.end - 1].span.end;
                analyzed.sentences.push(Sentence {
                    block: at,
                    tokens: range,
                    span,
                });
            }
            analyzed.blocks.push(BlockText {
                block: index,
                kind: block.kind,
                tokens,
            });
        }
        analyzed
    }

    pub fn tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.blocks[sentence.block].tokens[sentence.tokens.clone()]
    }

    /// Words (and numbers) of a sentence.
    pub fn words<'a>(&'a self, sentence: &'a Sentence) -> impl Iterator<Item = &'a Token> {
        self.tokens(sentence).iter().filter(|t| t.counts())
    }

    /// A token without surrounding punctuation, apostrophes made plain (`’` → `'`).
    pub fn text(&self, token: &Token) -> &str {
        &self.words[token.text.clone()]
    }

    /// [`Analyzed::text`] in lowercase (as `str::to_lowercase` writes it).
    pub fn lower(&self, token: &Token) -> &str {
        &self.words[token.lower.clone()]
    }

    /// Whether the token is its own lowercase (has no capitals), without comparing text.
    pub fn is_lowercase(&self, token: &Token) -> bool {
        token.lower == token.text
    }
}

/// Characters that split tokens besides spaces: dashes between words.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '—' || c == '–'
}

/// Whether the character at byte `i` of `text` (a character boundary) is a separator, and
/// its length: ASCII, most of prose, is answered without decoding.
fn separator_at(text: &str, i: usize) -> (bool, usize) {
    let byte = text.as_bytes()[i];
    if byte.is_ascii() {
        // The ASCII whitespace of `char::is_whitespace`: tab to carriage return, and space.
        return (byte == b' ' || (b'\t'..=b'\r').contains(&byte), 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (is_separator(c), c.len_utf8())
}

/// The runs of characters between separators, as byte ranges of `text`.
fn raw_tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if i >= text.len() {
                return None;
            }
            let (separator, width) = separator_at(text, i);
            if !separator {
                break i;
            }
            i += width;
        };
        while i < text.len() {
            let (separator, width) = separator_at(text, i);
            if separator {
                break;
            }
            i += width;
        }
        Some(start..i)
    })
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '}', '*', '_', '»'];

/// `raw` without the quotes and brackets that close it.
fn trim_closers(raw: &str) -> &str {
    match raw.as_bytes().last() {
        // Most tokens end in a letter or a stop: nothing to trim.
        Some(b) if b.is_ascii() && !b"\"')]}*_".contains(b) => raw,
        _ => raw.trim_end_matches(CLOSERS),
    }
}

/// `text` without the punctuation around it, and where what is left starts.
fn strip_punctuation(text: &str) -> (usize, &str) {
    // Most tokens start and end with an ASCII letter or digit: nothing to strip.
    let lead = if text
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        0
    } else {
        text.len()
            - text
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len()
    };
    let rest = &text[lead..];
    if rest
        .as_bytes()
        .last()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        (lead, rest)
    } else {
        (lead, rest.trim_end_matches(|c: char| !c.is_alphanumeric()))
    }
}

/// What ends a sentence (before closing quotes and brackets).
const STOPS: [char; 4] = ['.', '!', '?', '…'];

/// The block's tokens; their text (and lowercase) is appended to `words`.
fn tokenize(block: &Block, words: &mut String) -> Vec<Token> {
    let text = &block.mapped.text;
    // About one token in six bytes of prose: grown once or twice at most.
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    // A lone `¿` or `¡` opens the sentence of the word after it.
    let mut opening = false;
    for range in raw_tokens(text) {
        let raw = &text[range.clone()];
        if let Some(mut token) = make_token(block, range, words) {
            token.opens |= opening;
            opening = false;
            tokens.push(token);
        } else if ends_sentence(raw) {
            // A lone `?` or `.` ends the sentence of the word before it.
            if let Some(last) = tokens.last_mut() {
                last.ends = true;
                last.asks = trim_closers(raw).ends_with(['!', '?']);
            }
        } else {
            opening = opens_sentence(raw);
        }
    }
    tokens
}

fn ends_sentence(raw: &str) -> bool {
    trim_closers(raw).ends_with(STOPS)
}

/// Quotes and brackets that may stand before `¿` or `¡`.
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '*', '_', '«'];

fn opens_sentence(raw: &str) -> bool {
    raw.trim_start_matches(OPENERS).starts_with(['¿', '¡'])
}

fn make_token(block: &Block, raw: Range<usize>, words: &mut String) -> Option<Token> {
    let text = &block.mapped.text[raw.clone()];
    let (lead, core) = strip_punctuation(text);
    if core.is_empty() {
        return None;
    }
    let at = raw.start + lead..raw.start + lead + core.len();
    // Most tokens are ASCII: no `’` to make plain, no `¿` or `¡` to open a sentence.
    let ascii = text.is_ascii();
    let normalized = if ascii {
        let start = words.len();
        words.push_str(core);
        start..words.len()
    } else {
        push_normalized(words, core)
    };
    let lower = push_lowercase(words, normalized.clone());
    let end = trim_closers(text);
    Some(Token {
        kind: classify(&words[normalized.clone()], text),
        text: normalized,
        lower,
        span: block.mapped.source_span(at.clone()),
        at,
        ends: end.ends_with(STOPS),
        asks: end.ends_with(['!', '?']),
        opens: !ascii && opens_sentence(text),
        pauses: end.ends_with([',', ';', ':']),
    })
}

/// Appends `core` with its apostrophes made plain (`’` → `'`); where it went.
fn push_normalized(words: &mut String, core: &str) -> Range<usize> {
    let start = words.len();
    let mut parts = core.split('’');
    words.push_str(parts.next().unwrap_or_default());
    for part in parts {
        words.push('\'');
        words.push_str(part);
    }
    start..words.len()
}

/// The lowercase of `words[text]`, exactly as `str::to_lowercase` writes it: the same range
/// when it is its own lowercase, else appended (without a string of its own).
fn push_lowercase(words: &mut String, text: Range<usize>) -> Range<usize> {
    let word = &words[text.clone()];
    if word.is_ascii() {
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return text;
        }
        let start = words.len();
        words.extend_from_within(text);
        words[start..].make_ascii_lowercase();
        return start..words.len();
    }
    let unchanged = |c: char| {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    };
    if word.chars().all(unchanged) {
        return text;
    }
    let start = words.len();
    if word.contains('Σ') {
        // A final sigma lowercases by its place in the word: leave that to the library.
        let lower = word.to_lowercase();
        words.push_str(&lower);
    } else {
        // Every other character lowercases on its own, as `to_lowercase` does.
        let mut i = text.start;
        while let Some(c) = words[i..text.end].chars().next() {
            words.extend(c.to_lowercase());
            i += c.len_utf8();
        }
    }
    start..words.len()
}

fn classify(core: &str, raw: &str) -> TokenKind {
    // Every sign of a URL below (`://`, `www.`, `@`, a domain's dot) has one of these bytes,
    // and most words have none of them.
    let may_be_url = raw.bytes().any(|b| matches!(b, b':' | b'.' | b'@'));
    if may_be_url
        && (raw.contains("://")
            || core.starts_with("www.")
            || core.contains('@')
            || looks_like_domain(core))
    {
        TokenKind::Url
    } else if core.chars().any(char::is_alphabetic) {
        TokenKind::Word
    } else {
        TokenKind::Number
    }
}

/// `findtreatment.gov`, `988lifeline.org`: a name, a dot and a lowercase ending of 2 to 6
/// letters. `e.g` and `U.S` are not (one letter after the dot).
fn looks_like_domain(core: &str) -> bool {
    let Some((name, tld)) = core.rsplit_once('.') else {
        return false;
    };
    !name.is_empty() && (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase())
}

/// `words` is the buffer the tokens' text is in.
fn split_sentences(tokens: &[Token], words: &str, language: Language) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1);
        let ends = match next {
            None => true,
            Some(_) if token.ends => !continues(token, next, words, language),
            // "Llame hoy ¿Tiene preguntas?": the opening mark starts a new sentence even
            // when the one before it lacks its stop.
            Some(next) => {
                language.abbreviations.inverted_marks
                    && next.opens
                    && !token.pauses
                    && starts_with_capital(next, words)
            }
        };
        if ends {
            sentences.push(start..i + 1);
            start = i + 1;
        }
    }
    sentences
}

fn starts_with_capital(token: &Token, words: &str) -> bool {
    words[token.text.clone()]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Whether a token ending in a full stop is an abbreviation the sentence goes on after.
fn continues(token: &Token, next: Option<&Token>, words: &str, language: Language) -> bool {
    let lower = &words[token.lower.clone()];
    let next_capital = next.is_some_and(|next| starts_with_capital(next, words));
    let abbreviations = &language.abbreviations;
    let (never, maybe) = (abbreviations.never_end, abbreviations.maybe_end);
    if abbreviations.inverted_marks && token.asks {
        // "¿Tiene fiebre? ¿tos?": a series of questions may go on in lowercase.
        return next.is_some_and(|n| n.kind == TokenKind::Word) && !next_capital;
    }
    if token.asks {
        return false;
    }
    if never.contains(&lower) {
        return true;
    }
    if maybe.contains(&lower) {
        return !next_capital;
    }
    // An initial, as in "J. Smith".
    let mut chars = words[token.text.clone()].chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase()) && next_capital
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(md: &str) -> Vec<Vec<String>> {
        sentences_in(md, crate::lang::profile("en"))
    }

    /// Markdown read as a page's body, tokenized in `language`.
    fn analyze(md: &str, language: Language) -> Analyzed {
        Analyzed::in_language(&Prose::parse(md, 0, true), language)
    }

    fn sentences_in(md: &str, language: Language) -> Vec<Vec<String>> {
        let analyzed = analyze(md, language);
        analyzed
            .sentences
            .iter()
            .map(|s| {
                analyzed
                    .words(s)
                    .map(|t| analyzed.text(t).to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn splits_on_stops_and_blocks_but_not_abbreviations() {
        let got = sentences(
            "## Getting started\n\nCall Dr. Lee today, e.g. at noon. Then rest! Is it 2.5 hours? Yes.\n\n- a list item\n",
        );
        assert_eq!(
            got,
            vec![
                vec!["Getting", "started"],
                vec!["Call", "Dr", "Lee", "today", "e.g", "at", "noon"],
                vec!["Then", "rest"],
                vec!["Is", "it", "2.5", "hours"],
                vec!["Yes"],
                vec!["a", "list", "item"],
            ]
        );
    }

    fn spanish(md: &str) -> Vec<Vec<String>> {
        sentences_in(md, crate::lang::profile("es"))
    }

    #[test]
    fn spanish_opening_marks_and_abbreviations() {
        let got = spanish(
            "¿Qué es un IOP? Es un programa. Llame hoy ¿Tiene preguntas? ¿Fiebre? ¿tos? Pregunte: ¿Cuánto cuesta? La Sra. Pérez vive en EE. UU. desde 2020. ¡Llame ya! No. Sí, p. ej. hoy. ¿ Seguro ?",
        );
        assert_eq!(
            got,
            vec![
                vec!["Qué", "es", "un", "IOP"],
                vec!["Es", "un", "programa"],
                vec!["Llame", "hoy"],
                vec!["Tiene", "preguntas"],
                vec!["Fiebre", "tos"],
                vec!["Pregunte", "Cuánto", "cuesta"],
                vec!["La", "Sra", "Pérez", "vive", "en", "EE", "UU", "desde", "2020"],
                vec!["Llame", "ya"],
                vec!["No"],
                vec!["Sí", "p", "ej", "hoy"],
                vec!["Seguro"],
            ]
        );
        // English keeps its own rules: "No." is an abbreviation there, and a capital after
        // `¿` is not a new sentence.
        assert_eq!(
            sentences("See No. 5 today."),
            vec![vec!["See", "No", "5", "today"]]
        );
        assert_eq!(sentences("Is it? yes").len(), 2);
    }

    #[test]
    fn urls_and_domains_are_not_words() {
        let analyzed = analyze(
            "Visit FindTreatment.gov or <https://988lifeline.org> now.",
            crate::lang::profile("en"),
        );
        let kinds: Vec<(String, TokenKind)> = analyzed.blocks[0]
            .tokens
            .iter()
            .map(|t| (analyzed.text(t).to_string(), t.kind))
            .collect();
        assert_eq!(kinds[1], ("FindTreatment.gov".into(), TokenKind::Url));
        assert_eq!(kinds[3].1, TokenKind::Url);
        assert_eq!(analyzed.words(&analyzed.sentences[0]).count(), 3);
    }

    #[test]
    fn smart_quotes_and_dashes() {
        let got = sentences("It’s fine—really. “Go home,” she said.");
        assert_eq!(
            got,
            vec![
                vec!["It's", "fine", "really"],
                vec!["Go", "home", "she", "said"]
            ]
        );
    }

    #[test]
    fn separators_as_chars_say() {
        let sample = "a \t\n\x0b\x0c\r\x1c\x7f\u{85}\u{a0}—–-é\u{2003}\u{3000}z";
        for (i, c) in sample.char_indices() {
            assert_eq!(
                separator_at(sample, i),
                (is_separator(c), c.len_utf8()),
                "{c:?}"
            );
        }
        for b in 0..=0x7fu8 {
            let c = char::from(b);
            let text = c.to_string();
            assert_eq!(separator_at(&text, 0).0, is_separator(c), "{c:?}");
        }
        let text = "  one\u{a0}two—three  ";
        let runs: Vec<&str> = raw_tokens(text).map(|r| &text[r]).collect();
        assert_eq!(runs, vec!["one", "two", "three"]);
    }

    #[test]
    fn token_text_and_lowercase() {
        let analyzed = analyze(
            "It’s the IOP’s “Día” plan: ÍNDICE, ΣΟΦΟΣ, straße, İstanbul and ǅemal.",
            crate::lang::profile("en"),
        );
        let tokens = &analyzed.blocks[0].tokens;
        let texts: Vec<&str> = tokens.iter().map(|t| analyzed.text(t)).collect();
        assert_eq!(
            texts,
            vec![
                "It's",
                "the",
                "IOP's",
                "Día",
                "plan",
                "ÍNDICE",
                "ΣΟΦΟΣ",
                "straße",
                "İstanbul",
                "and",
                "ǅemal"
            ]
        );
        for token in tokens {
            let text = analyzed.text(token);
            assert_eq!(analyzed.lower(token), text.to_lowercase(), "{text}");
            assert_eq!(analyzed.is_lowercase(token), text == text.to_lowercase());
        }
        assert_eq!(analyzed.lower(&tokens[6]), "σοφος");
    }

    #[test]
    fn spans_point_at_words() {
        let md = "First one.\n\nSecond *sentence* here.";
        let analyzed = analyze(md, crate::lang::profile("en"));
        let s = &analyzed.sentences[1];
        assert_eq!(&md[s.span.clone()], "Second *sentence* here");
    }
}
