//! Spanish syllables, by rule: Spanish spelling says how a word is divided, so no dictionary
//! is needed. A syllable is a vowel nucleus; vowels next to each other share one nucleus
//! (a diphthong or triphthong) or not (a hiatus) by the rules of the Real Academia
//! Española's *Ortografía* (2010):
//!
//! - *a, e, o* are strong vowels, *i, u* (and *ü*, and *y* when it is not followed by a
//!   vowel: *hoy, muy, y*) weak;
//! - two strong vowels are two syllables (*le-er, a-e-ro-puer-to*);
//! - a strong and an unstressed weak vowel, in either order, are one (*te-ra-pia, a-gua*);
//!   so are weak, strong, weak (*buey, es-tu-diáis*);
//! - a written accent on the weak vowel next to a strong one breaks them apart (*dí-a,
//!   a-hí, pa-ís, re-ú-ne*);
//! - two different weak vowels are one, accented or not (*ciu-dad, cons-truir, cuí-da-te*);
//!   the same twice is two (*chi-í-ta*);
//! - the *u* of *que, qui, gue, gui* is silent (*gue-rra, psi-quia-tra*), and is said when
//!   written *ü* (*pin-güi-no*); after *q* it is always silent (*quó-rum*);
//! - *h* is a consonant here, so it separates vowels as it does in the written division
//!   (*pro-hi-bir*, *a-ho-ra*).
//!
//! Hyphenated words add up their parts; a word without a vowel (an abbreviation such as
//! *Sr*) counts as one syllable.

/// How a letter counts as a vowel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vowel {
    Strong,
    /// An unaccented weak vowel, by its sound (`y` sounds as `i`).
    Weak(char),
    /// An accented weak vowel (`í`, `ú`).
    Stressed(char),
}

/// Syllables in a token (a word as the sentence splitter cuts it). At least 1.
pub fn count(token: &str) -> usize {
    count_lowercase(&token.to_lowercase().replace('’', "'"))
}

/// [`count`] of a token already in lowercase with plain apostrophes.
pub fn count_lowercase(lower: &str) -> usize {
    super::syllables_of_parts(lower, count_word)
}

/// Syllables in one lowercase word (0 when it has no vowel).
fn count_word(word: &str) -> usize {
    let chars: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let mut count = 0;
    let mut previous: Option<Vowel> = None;
    for i in 0..chars.len() {
        let Some(vowel) = classify(&chars, i) else {
            previous = None;
            continue;
        };
        if !previous.is_some_and(|p| same_nucleus(p, vowel)) {
            count += 1;
        }
        previous = Some(vowel);
    }
    count
}

/// Whether two vowels written next to each other are said in one syllable.
fn same_nucleus(a: Vowel, b: Vowel) -> bool {
    use Vowel::{Stressed, Strong, Weak};
    match (a, b) {
        (Strong, Strong) | (Strong, Stressed(_)) | (Stressed(_), Strong) => false,
        (Strong, Weak(_)) | (Weak(_), Strong) => true,
        (Weak(x) | Stressed(x), Weak(y) | Stressed(y)) => x != y,
    }
}

fn is_vowel_letter(c: char) -> bool {
    matches!(
        c,
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'á'
            | 'é'
            | 'í'
            | 'ó'
            | 'ú'
            | 'ü'
            | 'à'
            | 'è'
            | 'ì'
            | 'ò'
            | 'ù'
            | 'â'
            | 'ê'
            | 'î'
            | 'ô'
            | 'û'
            | 'ä'
            | 'ë'
            | 'ï'
            | 'ö'
    )
}

/// Letter `i` of `chars` as a vowel, or `None` for a consonant or a silent `u`.
fn classify(chars: &[char], i: usize) -> Option<Vowel> {
    let previous = i.checked_sub(1).map(|p| chars[p]);
    let next = chars.get(i + 1).copied();
    match chars[i] {
        'a' | 'e' | 'o' | 'á' | 'é' | 'ó' | 'à' | 'è' | 'ò' | 'â' | 'ê' | 'ô' | 'ä' | 'ë' | 'ö' => {
            Some(Vowel::Strong)
        }
        'i' | 'î' => Some(Vowel::Weak('i')),
        'í' | 'ì' | 'ï' => Some(Vowel::Stressed('i')),
        'ú' | 'ù' => Some(Vowel::Stressed('u')),
        'ü' | 'û' => Some(Vowel::Weak('u')),
        'u' => {
            let silent = previous == Some('q')
                || (previous == Some('g') && matches!(next, Some('e' | 'i' | 'é' | 'í')));
            (!silent).then_some(Vowel::Weak('u'))
        }
        // A consonant before a vowel (`yo`, `mayo`), a vowel otherwise (`y`, `hoy`, `muy`).
        'y' => (!next.is_some_and(is_vowel_letter)).then_some(Vowel::Weak('i')),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_words() {
        for (word, n) in [
            // The examples.
            ("adicción", 3),
            ("psiquiatra", 3),
            ("día", 2),
            ("ciudad", 2),
            ("ahí", 2),
            ("guerra", 2),
            ("pingüino", 3),
            // te-ra-pia: "ia" unaccented is a diphthong.
            ("terapia", 3),
            ("terapias", 3),
            ("terapéutico", 5),
            // Hiatus of strong vowels, and accented weak vowels next to strong ones.
            ("leer", 2),
            ("aeropuerto", 5),
            ("país", 2),
            ("reúne", 3),
            ("caída", 3),
            ("oía", 3),
            ("construiría", 4),
            // Diphthongs and triphthongs.
            ("agua", 2),
            ("tiempo", 2),
            ("cuidado", 3),
            ("cuídate", 3),
            ("buey", 1),
            ("estudiáis", 3),
            ("Uruguay", 3),
            ("chiíta", 3),
            // Silent u, ü.
            ("que", 1),
            ("quien", 1),
            ("guion", 1),
            ("guitarra", 3),
            ("vergüenza", 3),
            ("lingüística", 4),
            // y as consonant and as vowel.
            ("y", 1),
            ("hoy", 1),
            ("muy", 1),
            ("ayuda", 3),
            ("yo", 1),
            ("leyes", 2),
            // h between vowels.
            ("ahora", 3),
            ("prohibido", 4),
            ("alcohol", 3),
            // Longer words.
            ("medicación", 4),
            ("tratamiento", 4),
            ("hospitalización", 6),
            ("desintoxicación", 6),
            ("psicoterapia", 5),
            ("ambulatorio", 5),
        ] {
            assert_eq!(count(word), n, "{word}");
        }
    }

    #[test]
    fn capitals_hyphens_and_words_without_vowels() {
        assert_eq!(count("ADICCIÓN"), 3);
        assert_eq!(count("Día"), 2);
        assert_eq!(count("físico-químico"), 6);
        assert_eq!(count("Sr"), 1);
        assert_eq!(count("988"), 1);
    }
}
