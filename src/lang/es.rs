//! Spanish: Snowball Spanish stemming on folded words (accents put back where the stemmer
//! needs them, [`restore_accents`]), INFLESZ readability with syllables by rule
//! ([`super::syllables_es`]), opening marks `¿` `¡`, left to right.

use std::borrow::Cow;

use super::{Abbreviations, Direction, Formula, NumberWords, Profile, Readability, Stemmer};

pub(super) const PROFILE: Profile = Profile {
    code: "es",
    name: "Spanish",
    direction: Direction::Ltr,
    stemmer: Some(Stemmer {
        algorithm: rust_stemmers::Algorithm::Spanish,
        name: "spanish",
        prepare: Some(restore_accents),
    }),
    stop_words: STOP_WORDS,
    filler_words: FILLER,
    crisis_phrases: include_str!("crisis/es.txt"),
    readability: Some(Readability {
        formula: Formula::Inflesz,
        syllables: super::syllables_es::count_lowercase,
        // Spanish words are longer on average (about two syllables against one and a
        // half), so a Spanish word is long from four.
        long_word_syllables: 4,
    }),
    abbreviations: Abbreviations {
        // *Sra., Dra., Ud., pág., núm., tel., aprox.*, the *p. ej.* of "por ejemplo", the
        // *EE.* of *EE. UU.* and the *a.* of *a. m.* (Spanish *no* is a word, so it is not
        // here.)
        never_end: &[
            "sr", "sra", "srta", "dr", "dra", "ud", "uds", "vd", "vds", "lic", "pág", "págs",
            "núm", "tel", "aprox", "p", "ej", "ee", "a", "vs", "cf", "fig",
        ],
        // *etc.*, the *UU.* of *EE. UU.*, the *m.* of *a. m.* and *p. m.*
        maybe_end: &["etc", "uu", "m", "a.m", "p.m", "s.a"],
        inverted_marks: true,
    },
    number_words: NumberWords {
        cardinals: &[
            "uno",
            "dos",
            "tres",
            "cuatro",
            "cinco",
            "seis",
            "siete",
            "ocho",
            "nueve",
            "diez",
            "once",
            "doce",
            "trece",
            "catorce",
            "quince",
            "dieciséis",
            "diecisiete",
            "dieciocho",
            "diecinueve",
            "veinte",
        ],
        // "segundo" (a unit of time) and "cuarto" (a room; "cuarta" counts) say other
        // things as often.
        ordinals: &[
            ("cuarta", 4),
            ("tercer", 3),
            ("tercero", 3),
            ("tercera", 3),
            ("quinto", 5),
            ("quinta", 5),
            ("sexto", 6),
            ("sexta", 6),
            ("séptimo", 7),
            ("séptima", 7),
            ("octavo", 8),
            ("octava", 8),
            ("noveno", 9),
            ("novena", 9),
            ("décimo", 10),
            ("décima", 10),
        ],
        both: &[("los", "dos"), ("las", "dos")],
    },
    english_word_choice: false,
    doubled_capital_plurals: true,
};

/// Stop words (as written; they are folded like any word, so `más` is `mas`): the short
/// Snowball list's most frequent words, plus question words and "puedo/puede/pueden", as the
/// English list has "how" and "can", so "¿cuánto dura el programa?" searches for "dura
/// programa".
pub(crate) const STOP_WORDS: &[&str] = &[
    "a", "al", "algo", "algunas", "algunos", "ante", "antes", "como", "con", "contra", "cual",
    "cuando", "cuál", "cuáles", "cuándo", "cuánta", "cuántas", "cuánto", "cuántos", "cómo", "de",
    "del", "desde", "donde", "durante", "dónde", "e", "el", "ella", "ellas", "ellos", "en",
    "entre", "era", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estar", "estas", "este",
    "esto", "estos", "estoy", "está", "están", "fue", "ha", "han", "hasta", "hay", "he", "hemos",
    "la", "las", "le", "les", "lo", "los", "me", "mi", "mis", "mucho", "muchos", "muy", "más",
    "mí", "nada", "ni", "no", "nos", "nosotros", "o", "os", "otra", "otras", "otro", "otros",
    "para", "pero", "poco", "por", "porque", "puede", "pueden", "puedo", "que", "quien", "quienes",
    "quién", "qué", "se", "ser", "sin", "sobre", "son", "soy", "su", "sus", "sí", "también",
    "tanto", "te", "ti", "todo", "todos", "tu", "tus", "tú", "u", "un", "una", "uno", "unos", "y",
    "ya", "yo", "él",
];

/// Filler, as English's (written folded, without accents).
const FILLER: &[&str] = &[
    "alguien",
    "algun",
    "alguna",
    "cosa",
    "cosas",
    "encontrar",
    "forma",
    "hacer",
    "hace",
    "hago",
    "ir",
    "manera",
    "necesita",
    "necesito",
    "ocurre",
    "pasa",
    "pasar",
    "quiere",
    "quiero",
    "realmente",
    "saber",
    "significa",
    "sucede",
    "tener",
    "tengo",
    "tiene",
    "va",
    "voy",
];

/// Snowball Spanish's step 1 has three suffixes that carry an accent (`ación`, `ución`,
/// `logía(s)`), which a folded word has lost: `…acion` → `…ación`, `…ucion` → `…ución`,
/// `…logia(s)` → `…logía(s)`, so *hospitalizacion* meets *hospitalizaciones*. Other words
/// are unchanged; the stemmer's last step drops accents again.
pub(crate) fn restore_accents(word: &str) -> Cow<'_, str> {
    const RESTORED: [(&str, &str); 4] = [
        ("acion", "ación"),
        ("ucion", "ución"),
        ("logia", "logía"),
        ("logias", "logías"),
    ];
    for (plain, accented) in RESTORED {
        if let Some(stem) = word.strip_suffix(plain) {
            return format!("{stem}{accented}").into();
        }
    }
    word.into()
}
