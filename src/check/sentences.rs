//! Splits text blocks into tokens and sentences. A token is a run of non-space characters
//! with its surrounding punctuation stripped; it is a word, a number or a URL (URLs and
//! domain names are not prose and are never counted). A sentence ends at `.`, `!`, `?` or
//! `…` (but not after `e.g.`, `Dr.` and other abbreviations) and at the end of every block,
//! so headings and list items are sentences of their own. Spanish has its own
//! abbreviations, and its opening marks `¿` and `¡`: a capitalised `¿Qué…` right after a
//! word with no stop still starts a new sentence, and a lowercase word after `?` or `!`
//! goes on with the same one (`¿Tiene fiebre? ¿tos?`).

use std::ops::Range;

use super::language::Language;
use super::prose::{Block, BlockKind, Prose};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Url,
}

#[derive(Debug, Clone)]
pub struct Token {
    /// The token without surrounding punctuation, apostrophes made plain (`’` → `'`).
    pub text: String,
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
}

impl Analyzed {
    /// English text.
    pub fn new(prose: &Prose) -> Analyzed {
        Analyzed::in_language(prose, Language::English)
    }

    pub fn in_language(prose: &Prose, language: Language) -> Analyzed {
        let mut analyzed = Analyzed::default();
        for (index, block) in prose.blocks.iter().enumerate() {
            let tokens = tokenize(block);
            let at = analyzed.blocks.len();
            for range in split_sentences(&tokens, language) {
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
}

/// Characters that split tokens besides spaces: dashes between words.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '—' || c == '–'
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '}', '*', '_', '»'];

fn tokenize(block: &Block) -> Vec<Token> {
    let text = &block.mapped.text;
    let mut tokens = Vec::new();
    let mut start = None;
    // A lone `¿` or `¡` opens the sentence of the word after it.
    let mut opening = false;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_separator(c)) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                let raw = &text[s..i];
                if let Some(mut token) = make_token(block, s..i) {
                    token.opens |= opening;
                    opening = false;
                    tokens.push(token);
                } else if ends_sentence(raw) {
                    // A lone `?` or `.` ends the sentence of the word before it.
                    if let Some(last) = tokens.last_mut() {
                        last.ends = true;
                        last.asks = raw.trim_end_matches(CLOSERS).ends_with(['!', '?']);
                    }
                } else {
                    opening = opens_sentence(raw);
                }
                start = None;
            }
            _ => {}
        }
    }
    tokens
}

fn ends_sentence(raw: &str) -> bool {
    raw.trim_end_matches(CLOSERS)
        .ends_with(['.', '!', '?', '…'])
}

/// Quotes and brackets that may stand before `¿` or `¡`.
const OPENERS: &[char] = &['"', '\'', '“', '‘', '(', '[', '{', '*', '_', '«'];

fn opens_sentence(raw: &str) -> bool {
    raw.trim_start_matches(OPENERS).starts_with(['¿', '¡'])
}

fn make_token(block: &Block, raw: Range<usize>) -> Option<Token> {
    let text = &block.mapped.text[raw.clone()];
    let lead = text.len()
        - text
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let core = text[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
    if core.is_empty() {
        return None;
    }
    let at = raw.start + lead..raw.start + lead + core.len();
    let normalized = core.replace('’', "'");
    let end = text.trim_end_matches(CLOSERS);
    Some(Token {
        kind: classify(&normalized, text),
        text: normalized,
        span: block.mapped.source_span(at.clone()),
        at,
        ends: ends_sentence(text),
        asks: end.ends_with(['!', '?']),
        opens: opens_sentence(text),
        pauses: end.ends_with([',', ';', ':']),
    })
}

fn classify(core: &str, raw: &str) -> TokenKind {
    if raw.contains("://")
        || core.starts_with("www.")
        || core.contains('@')
        || looks_like_domain(core)
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

/// Abbreviations that never end a sentence.
const NEVER_END: &[&str] = &[
    "e.g", "i.e", "vs", "dr", "mr", "mrs", "ms", "st", "no", "approx", "fig", "cf", "ca",
];
/// Abbreviations that end a sentence only when a capital follows.
const MAYBE_END: &[&str] = &["etc", "a.m", "p.m", "u.s", "inc", "jr", "sr", "ltd", "co"];

/// Spanish abbreviations that never end a sentence: *Sra., Dra., Ud., pág., núm., tel.,
/// aprox.*, the *p. ej.* of "por ejemplo", the *EE.* of *EE. UU.* and the *a.* of *a. m.*
/// (Spanish *no* is a word, so it is not here.)
const NEVER_END_ES: &[&str] = &[
    "sr", "sra", "srta", "dr", "dra", "ud", "uds", "vd", "vds", "lic", "pág", "págs", "núm", "tel",
    "aprox", "p", "ej", "ee", "a", "vs", "cf", "fig",
];
/// Spanish abbreviations that end a sentence only when a capital follows: *etc.*, the
/// *UU.* of *EE. UU.*, the *m.* of *a. m.* and *p. m.*
const MAYBE_END_ES: &[&str] = &["etc", "uu", "m", "a.m", "p.m", "s.a"];

fn split_sentences(tokens: &[Token], language: Language) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1);
        let ends = match next {
            None => true,
            Some(_) if token.ends => !continues(token, next, language),
            // "Llame hoy ¿Tiene preguntas?": the opening mark starts a new sentence even
            // when the one before it lacks its stop.
            Some(next) => {
                language == Language::Spanish
                    && next.opens
                    && !token.pauses
                    && starts_with_capital(next)
            }
        };
        if ends {
            sentences.push(start..i + 1);
            start = i + 1;
        }
    }
    sentences
}

fn starts_with_capital(token: &Token) -> bool {
    token.text.chars().next().is_some_and(char::is_uppercase)
}

/// Whether a token ending in a full stop is an abbreviation the sentence goes on after.
fn continues(token: &Token, next: Option<&Token>, language: Language) -> bool {
    let lower = token.text.to_lowercase();
    let next_capital = next.is_some_and(starts_with_capital);
    let (never, maybe) = match language {
        Language::Spanish => (NEVER_END_ES, MAYBE_END_ES),
        _ => (NEVER_END, MAYBE_END),
    };
    if language == Language::Spanish && token.asks {
        // "¿Tiene fiebre? ¿tos?": a series of questions may go on in lowercase.
        return next.is_some_and(|n| n.kind == TokenKind::Word) && !next_capital;
    }
    if token.asks {
        return false;
    }
    if never.contains(&lower.as_str()) {
        return true;
    }
    if maybe.contains(&lower.as_str()) {
        return !next_capital;
    }
    // An initial, as in "J. Smith".
    let mut chars = token.text.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase()) && next_capital
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(md: &str) -> Vec<Vec<String>> {
        sentences_in(md, Language::English)
    }

    fn sentences_in(md: &str, language: Language) -> Vec<Vec<String>> {
        let prose = Prose::parse(md, 0, true);
        let analyzed = Analyzed::in_language(&prose, language);
        analyzed
            .sentences
            .iter()
            .map(|s| analyzed.words(s).map(|t| t.text.clone()).collect())
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
        sentences_in(md, Language::Spanish)
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
        let prose = Prose::parse(
            "Visit FindTreatment.gov or <https://988lifeline.org> now.",
            0,
            true,
        );
        let analyzed = Analyzed::new(&prose);
        let kinds: Vec<(String, TokenKind)> = analyzed.blocks[0]
            .tokens
            .iter()
            .map(|t| (t.text.clone(), t.kind))
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
    fn spans_point_at_words() {
        let md = "First one.\n\nSecond *sentence* here.";
        let prose = Prose::parse(md, 0, true);
        let analyzed = Analyzed::new(&prose);
        let s = &analyzed.sentences[1];
        assert_eq!(&md[s.span.clone()], "Second *sentence* here");
    }
}
