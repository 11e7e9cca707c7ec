//! One word splitter (`continuum::lang::words`) for search, the checks' word counts and
//! reading time: a page's word count is the splitter's count of its text.

mod common;

use std::fs;

use common::TestSite;
use continuum::lang::words;

/// The number before " words" in the plain theme's page meta line.
fn word_count(site: &TestSite, page: &str) -> usize {
    let html = fs::read_to_string(site.output().join(page).join("index.html")).unwrap();
    let meta = html.split("<p class=\"meta\">").nth(1).expect("meta line");
    meta.split(" words")
        .next()
        .unwrap()
        .parse()
        .expect("a number")
}

#[test]
fn reading_time_counts_the_words_search_indexes() {
    let site = TestSite::minimal();
    let body = "Co-occurring care — now & later: call 988.";
    site.page("a.md", "title = \"A\"", &format!("{body}\n"));
    site.build_ok();
    // co, occurring, care, now, later, call, 988: a dash or an ampersand alone is no word.
    assert_eq!(words::count(body), 7);
    assert_eq!(word_count(&site, "a"), 7);
}

#[test]
fn chinese_pages_count_words_not_sentences() {
    let site = TestSite::fixture("lang-zh");
    site.build_ok();
    let body = "很多病人担心看病会影响上班。您可以请医生开一份证明，说明您每周需要几个小时来门诊。\
                大部分人都能顺利回到原来的岗位继续工作。";
    let n = words::count(body);
    assert!(n > 20, "{n} words");
    assert_eq!(word_count(&site, "outpatient/work-and-leave"), n);
}
