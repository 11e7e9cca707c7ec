//! Arabic: written right to left; its most frequent particles as stop words (a particle written
//! joined to the next word, as و "and" often is, stays part of it); no stemming yet (the search
//! client would need it too) and no readability formula (the checks say so once).

use super::{Direction, Profile};

pub(super) const PROFILE: Profile = Profile {
    code: "ar",
    name: "Arabic",
    direction: Direction::Rtl,
    stemmer: None,
    // Folded like any word: short vowels (harakat) are combining marks and drop.
    stop_words: &[
        "في",
        "من",
        "على",
        "إلى",
        "عن",
        "مع",
        "هذا",
        "هذه",
        "ذلك",
        "التي",
        "الذي",
        "ما",
        "ماذا",
        "كيف",
        "هل",
        "أن",
        "إن",
        "أو",
        "و",
        "ثم",
        "لا",
        "لم",
        "متى",
        "أين",
        "لماذا",
    ],
    filler_words: &[],
    crisis_phrases: "",
    // No readability formula, abbreviations or number words: as the generic profile.
    ..super::GENERIC
};
