//! Chinese: no spaces between words, so the word splitter cuts runs of Han characters with a
//! dictionary ([`super::segment`], for every language, as Chinese terms appear in pages of
//! any language); no stemming (Chinese words do not inflect); no readability formula here
//! (the checks say so once). Crisis phrases are left to a clinician-reviewed list.

use super::{Direction, Profile};

pub(super) const PROFILE: Profile = Profile {
    code: "zh",
    name: "Chinese",
    direction: Direction::Ltr,
    stemmer: None,
    // Particles, pronouns and question words, as the segmenter cuts them, so "门诊什么时候
    // 开门" searches for "门诊 时候 开门" as English drops "what" and "when".
    stop_words: &[
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "和",
        "与",
        "及",
        "或",
        "是",
        "在",
        "把",
        "被",
        "对",
        "从",
        "都",
        "也",
        "就",
        "这",
        "那",
        "这个",
        "那个",
        "什么",
        "怎么",
        "如何",
        "为什么",
        "哪些",
        "哪里",
        "我",
        "你",
        "您",
        "他",
        "她",
        "我们",
        "你们",
        "他们",
    ],
    filler_words: &["需要", "知道", "可以", "应该"],
    crisis_phrases: "",
    // No readability formula, abbreviations or number words: as the generic profile.
    ..super::GENERIC
};
