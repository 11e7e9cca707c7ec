//! The search index end to end: the tokenizer against the vectors shared with search.js
//! (tests/search-vectors.json), the files a build writes, and the format read back.
//! After a deliberate tokenizer change, run `UPDATE_VECTORS=1 cargo test --test search` and
//! review the diff of the vectors file (the JavaScript tests then check search.js agrees).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::TestSite;
use continuum::search::format::{decode_postings, decode_vocab, decompress};
use continuum::search::tokenize::{
    for_each_word, stemmable, Stemming, Tokenizer, DEFAULT_STOP_WORDS, SPANISH_STOP_WORDS,
};
use continuum::BuildOptions;
use serde_json::{json, Value};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Inputs whose tokens both implementations must produce identically.
const CASES: &[&str] = &[
    "Intensive outpatient programs (IOP)",
    "How long does IOP last?",
    "can I keep working",
    "dialetical behavior therapy",
    "therapist therapies therapy",
    "The patient's family; don't worry — it’s fine.",
    "co-occurring disorders, step-down care",
    "Call or text 988. TTY 1-800-487-4889.",
    "Terapia familiar: ¿Qué es la hospitalización parcial?",
    "Niño, café, crème brûlée, façade, naïve",
    "e\u{301}te\u{301} (decomposed accents)",
    "ﬁnancial ﬂexibility (ligatures)",
    "ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ",
    "İstanbul ISTANBUL ıstanbul",
    "Straße STRASSE",
    "ΟΔΟΣ οδος Σίσυφος",
    "Кириллица и ёлка",
    // Han text as separate words: a run of Han characters without spaces is cut with a
    // dictionary the client does not ship (it finds the index's words by looking them up,
    // tests/js/cjk.test.mjs), so the shared vectors hold Chinese words one by one.
    "精神 健康 治療",
    "emoji 😀 between words",
    "rock'n'roll ''quoted'' 'leading trailing'",
    "x'",
    "tab\tnew\nline\r\nform\u{c}feed",
    "non\u{a0}breaking\u{2003}em space",
    "¼ cup, 2½ hours, H₂O, x²",
    "URL https://example.org/help/iop-first-day?x=1#top",
    "supercalifragilisticexpialidociousandmorewordsjoinedtogether ok",
    "Generously, generate, communism, arsenal, news, skies, dying, succeeded",
    "a the and of to is",
    "I want to die",
    "kill myself",
    "MEDICATION-ASSISTED TREATMENT (MAT) and Medicaid/Medicare",
    "“day program” vs ‘day treatment’",
    "12-step groups and AA",
    "",
    "   ",
];

/// Spanish inputs, tokenized by the Spanish tokenizer on both sides.
const SPANISH_CASES: &[&str] = &[
    "terapia familiar",
    "Terapia Familiar: ¿qué es?",
    "programa intensivo ambulatorio",
    "Programa Intensivo Ambulatorio (PIA)",
    "¿Puedo seguir trabajando?",
    "¿Cuánto tiempo dura el programa?",
    "adicción adiccion adicciones ADICCIÓN",
    "hospitalización hospitalizacion hospitalizaciones parcial",
    "psicología psicologia psicólogos",
    "rehabilitación rehabilitacion",
    "solución soluciones contribución",
    "El niño y la niña; el año y los años.",
    "vergüenza, pingüino, bilingüe, averigüé",
    "dándole diciéndole haciéndolo tomarlas",
    "quiero morir",
    "quitarme la vida",
    "hacerme daño",
    "Llame o envíe un mensaje al 988, las 24 horas.",
    "médicamente necesario",
    "terapéutico terapeuta terapias",
    "Él, tú, sí, más, qué: palabras vacías",
    "e\u{301}l nin\u{303}o (acentos descompuestos)",
    "",
];

fn vectors() -> Value {
    let tokenizer = Tokenizer::default();
    let cases: Vec<Value> = CASES
        .iter()
        .map(|input| {
            let tokens: Vec<Value> = tokenizer
                .tokens(input)
                .into_iter()
                .map(|t| json!([t.term, t.position]))
                .collect();
            json!({ "input": input, "tokens": tokens })
        })
        .collect();
    // Every stemmable word of the bundled content (Spanish translations aside), plus words
    // that exercise each rule.
    let mut words = BTreeSet::new();
    for path in walk(&repo().join("content")) {
        if path.to_string_lossy().ends_with(".es.md") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        for_each_word(&text, |w, _| {
            if stemmable(w) {
                words.insert(w.to_string());
            }
        });
    }
    for extra in [
        "caresses",
        "ponies",
        "ties",
        "cats",
        "feed",
        "agreed",
        "plastered",
        "bled",
        "motoring",
        "sing",
        "conflated",
        "troubled",
        "sized",
        "hopping",
        "tanned",
        "falling",
        "hissing",
        "fizzed",
        "failing",
        "filing",
        "happy",
        "sky",
        "relational",
        "conditional",
        "rational",
        "valenci",
        "hesitanci",
        "digitizer",
        "conformabli",
        "radicalli",
        "differentli",
        "vileli",
        "analogousli",
        "vietnamization",
        "predication",
        "operator",
        "feudalism",
        "decisiveness",
        "hopefulness",
        "callousness",
        "formaliti",
        "sensitiviti",
        "sensibiliti",
        "triplicate",
        "formative",
        "formalize",
        "electriciti",
        "electrical",
        "hopeful",
        "goodness",
        "revival",
        "allowance",
        "inference",
        "airliner",
        "gyroscopic",
        "adjustable",
        "defensible",
        "irritant",
        "replacement",
        "adjustment",
        "dependent",
        "adoption",
        "homologou",
        "communism",
        "activate",
        "angulariti",
        "homologous",
        "effective",
        "bowdlerize",
        "probate",
        "rate",
        "cease",
        "controll",
        "roll",
        "generously",
        "lying",
        "inning",
        "outing",
        "canning",
        "herring",
        "earring",
        "proceed",
        "exceed",
        "succeed",
        "andes",
        "yelling",
        "saying",
        "enjoying",
        "toy",
        "boys",
        "cry",
        "crying",
        "cried",
        "eyed",
    ] {
        words.insert(extra.to_string());
    }
    let stems: BTreeMap<String, String> = words
        .into_iter()
        .map(|w| {
            let s = tokenizer.stem(&w);
            (w, s)
        })
        .collect();
    json!({
        "about": "Shared tokenizer vectors: src/search/tokenize.rs and themes/default/static/search.js must both produce these. Regenerate with UPDATE_VECTORS=1 cargo test --test search.",
        "stop_words": DEFAULT_STOP_WORDS,
        "cases": cases,
        "stems": stems,
        "spanish": spanish_vectors(),
    })
}

/// The Spanish tokenizer's vectors: its stop words, cases, the term of every folded word of
/// tests/fixtures/languages-search (the word list and the pages), and, to show the
/// JavaScript port of Snowball Spanish equals rust-stemmers' on any input, the raw stem of
/// every word of the list as written (accents and all).
fn spanish_vectors() -> Value {
    let tokenizer = Tokenizer::for_stemming(Stemming::for_language("es"));
    let cases: Vec<Value> = SPANISH_CASES
        .iter()
        .map(|input| {
            let tokens: Vec<Value> = tokenizer
                .tokens(input)
                .into_iter()
                .map(|t| json!([t.term, t.position]))
                .collect();
            json!({ "input": input, "tokens": tokens })
        })
        .collect();
    let fixture = common::fixtures().join("languages-search");
    let list = fs::read_to_string(fixture.join("words.es.txt")).expect("Spanish word list");
    let mut texts = vec![list.clone()];
    for path in walk(&fixture.join("content")) {
        if path.to_string_lossy().ends_with(".es.md") {
            texts.push(fs::read_to_string(&path).unwrap());
        }
    }
    let mut folded = BTreeSet::new();
    for text in &texts {
        for_each_word(text, |w, _| {
            if stemmable(w) {
                folded.insert(w.to_string());
            }
        });
    }
    let stems: BTreeMap<String, String> = folded
        .into_iter()
        .map(|w| {
            let s = tokenizer.stem(&w);
            (w, s)
        })
        .collect();
    let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Spanish);
    let raw: BTreeMap<String, String> = list
        .to_lowercase()
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(|w| (w.to_string(), snowball.stem(w).into_owned()))
        .collect();
    json!({
        "stop_words": SPANISH_STOP_WORDS,
        "cases": cases,
        "stems": stems,
        "snowball": raw,
    })
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn tokenizer_matches_the_shared_vectors() {
    let path = repo().join("tests/search-vectors.json");
    let want = vectors();
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        let mut text = serde_json::to_string_pretty(&want).unwrap();
        text.push('\n');
        fs::write(&path, text).unwrap();
    }
    let have: Value = serde_json::from_str(&fs::read_to_string(&path).expect("vectors file"))
        .expect("vectors are JSON");
    assert_eq!(
        have["stop_words"], want["stop_words"],
        "stop words differ from the vectors"
    );
    let have_cases = have["cases"].as_array().expect("cases");
    for (have, want) in have_cases.iter().zip(want["cases"].as_array().unwrap()) {
        assert_eq!(have, want, "tokenizer output differs from the vectors");
    }
    assert_eq!(have_cases.len(), CASES.len());
    assert_eq!(
        have["stems"], want["stems"],
        "stems differ from the vectors (UPDATE_VECTORS=1 after a deliberate change)"
    );
    assert_eq!(
        have["spanish"], want["spanish"],
        "Spanish vectors differ (UPDATE_VECTORS=1 after a deliberate change)"
    );
    let spanish = want["spanish"]["stems"].as_object().unwrap();
    assert!(spanish.len() > 300, "a few hundred Spanish words");
}

/// The bundled site, built once per test binary into a temporary folder.
fn bundled_output() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let options = BuildOptions {
            root: repo(),
            output: Some(out.path().join("public")),
            ..BuildOptions::default()
        };
        let outcome = continuum::build(&options);
        assert!(
            !outcome.diagnostics.has_errors(),
            "{}",
            outcome.diagnostics.report(false)
        );
        out
    })
    .path()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

struct Index {
    dir: PathBuf,
    entry: Value,
}

impl Index {
    fn open(public: &Path) -> Index {
        Index::open_at(public, "search")
    }

    /// The index in `dir` below the output folder (`es/search`).
    fn open_at(public: &Path, dir: &str) -> Index {
        let dir = public.join(dir);
        let manifest = read_json(&dir.join("manifest.json"));
        assert_eq!(manifest["format"], "continuum-search");
        assert_eq!(manifest["version"], 3);
        let entry = read_json(&dir.join(manifest["entry"].as_str().unwrap()));
        Index { dir, entry }
    }

    fn inflate(&self, rel: &str) -> Vec<u8> {
        decompress(&fs::read(self.dir.join(rel)).unwrap()).unwrap()
    }

    /// The postings of `term` (head and tail), in document order.
    fn postings(&self, term: &str) -> Option<Vec<continuum::search::format::Posting>> {
        let vocab = self.entry["vocab"].as_array().unwrap();
        let chunk = vocab
            .iter()
            .rev()
            .find(|v| v[0].as_str().unwrap() <= term)
            .unwrap();
        let entries =
            decode_vocab(&self.inflate(&format!("v/{}.bin", chunk[1].as_str().unwrap()))).unwrap();
        let info = entries.into_iter().find(|e| e.term == term)?;
        let read = |list: &continuum::search::format::ListRef, count: u32| {
            let hash = self.entry["postings"][list.chunk as usize]
                .as_str()
                .unwrap();
            let bytes = self.inflate(&format!("p/{hash}.bin"));
            let start = list.offset as usize;
            decode_postings(&bytes[start..start + list.len as usize], count as usize).unwrap()
        };
        let mut all = read(&info.list, info.head);
        if let Some(tail) = &info.tail {
            all.extend(read(tail, info.df - info.head));
        }
        all.sort_by_key(|p| p.doc);
        assert_eq!(all.len(), info.df as usize);
        Some(all)
    }

    fn doc(&self, id: u32) -> Value {
        let bucket = self.entry["docBucket"].as_u64().unwrap() as u32;
        let dir = self.entry["docDirs"][(id / bucket) as usize]
            .as_str()
            .unwrap();
        serde_json::from_slice(&self.inflate(&format!("d/{dir}/{id}.bin"))).unwrap()
    }
}

#[test]
fn the_bundled_site_has_a_complete_index() {
    let public = bundled_output().join("public");
    let index = Index::open(&public);
    let entry = &index.entry;
    let docs = entry["docs"].as_u64().unwrap() as u32;
    assert!(docs > 50, "every page is indexed");
    // Every file the entry names exists.
    for v in entry["vocab"].as_array().unwrap() {
        let file = format!("v/{}.bin", v[1].as_str().unwrap());
        assert!(index.dir.join(file).is_file());
    }
    for p in entry["postings"].as_array().unwrap() {
        let file = format!("p/{}.bin", p.as_str().unwrap());
        assert!(index.dir.join(file).is_file());
    }
    for id in 0..docs {
        let doc = index.doc(id);
        assert!(doc["u"].as_str().unwrap().starts_with('/'));
        assert!(doc["s"].as_array().is_some());
    }
    // "partial" is in the PHP article's title, so that article has the highest impact.
    let list = index.postings("partial").expect("term indexed");
    let best = list.iter().max_by_key(|p| p.impact).unwrap();
    let doc = index.doc(best.doc);
    assert!(
        doc["t"]
            .as_str()
            .unwrap()
            .contains("Partial hospitalization"),
        "{doc}"
    );
    assert!(
        index.postings("the").is_none(),
        "stop words are not indexed"
    );
    // Config synonyms and glossary acronyms are both in the table.
    assert!(entry["synonyms"]["day program"]
        .as_array()
        .unwrap()
        .contains(&json!(["partial", "hospit"])));
    assert!(entry["synonyms"]["iop"]
        .as_array()
        .unwrap()
        .contains(&json!(["intens", "outpati", "program"])));
    assert!(entry["crisis"]
        .as_array()
        .unwrap()
        .contains(&json!("want to die")));
    // Filler words, as terms: they never count against a page that lacks them.
    assert!(entry["filler"]
        .as_array()
        .unwrap()
        .contains(&json!("happen")));
    // The results page is generated from search.html.
    assert!(public.join("search/index.html").is_file());
}

#[test]
fn long_lists_keep_their_best_postings_in_the_head() {
    let site = TestSite::minimal();
    site.write("config.toml", &minimal_config("[search]\nenabled = true\n"));
    for i in 0..200 {
        let title = if i % 50 == 7 { "Group care" } else { "Care" };
        site.page(
            &format!("p{i:03}.md"),
            &format!("title = \"{title} {i}\""),
            "Group.\n",
        );
    }
    site.build_ok();
    let index = Index::open(&site.output());
    let list = index.postings("group").unwrap();
    assert_eq!(list.len(), 200);
    let vocab = index.entry["vocab"][0][1].as_str().unwrap().to_string();
    let entries = decode_vocab(&index.inflate(&format!("v/{vocab}.bin"))).unwrap();
    let group = entries.iter().find(|e| e.term == "group").unwrap();
    assert_eq!((group.df, group.head), (200, 128));
    assert!(group.tail.is_some());
    // The four pages with "group" in the title are in the head.
    let hash = index.entry["postings"][group.list.chunk as usize]
        .as_str()
        .unwrap();
    let bytes = index.inflate(&format!("p/{hash}.bin"));
    let start = group.list.offset as usize;
    let head = decode_postings(&bytes[start..start + group.list.len as usize], 128).unwrap();
    let best = list.iter().map(|p| p.impact).max().unwrap();
    assert_eq!(head.iter().filter(|p| p.impact == best).count(), 4);
    assert!(head.windows(2).all(|w| w[0].doc < w[1].doc));
}

#[test]
fn sections_carry_heading_anchors() {
    let index = Index::open(&bundled_output().join("public"));
    let list = index.postings("medicar").expect("medicare is indexed");
    let found = list.iter().any(|p| {
        let doc = index.doc(p.doc);
        let sections = doc["s"].as_array().unwrap();
        sections.iter().enumerate().any(|(i, s)| {
            i > 0 && !s[0].as_str().unwrap().is_empty() && p.mask & (1 << i.min(27)) != 0
        })
    });
    assert!(found, "a posting points at a section with an anchor");
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn the_index_is_deterministic() {
    let site = TestSite::minimal();
    site.write("config.toml", &minimal_config("[search]\nenabled = true\n"));
    site.page(
        "a.md",
        "title = \"Group therapy\"",
        "## How groups work\n\nGroups meet.\n",
    );
    site.page("b.md", "title = \"Family therapy\"", "Families *help*.\n");
    site.build_ok();
    let first = tree(&site.output().join("search"));
    site.build_ok();
    assert_eq!(first, tree(&site.output().join("search")));
    assert!(first.contains_key("manifest.json"));
    assert!(first
        .keys()
        .any(|k| k.starts_with("index.") && k.ends_with(".json")));
}

fn minimal_config(extra: &str) -> String {
    let base = fs::read_to_string(common::fixtures().join("minimal/config.toml")).unwrap();
    format!("{base}\n{extra}")
}

#[test]
fn no_index_for_a_theme_without_a_search_client() {
    let site = TestSite::minimal();
    site.page("a.md", "title = \"A\"", "Text.\n");
    site.build_ok();
    assert!(!site.output().join("search").exists());
}

#[test]
fn synonyms_accept_a_phrase_or_a_list_and_glossary_acronyms() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        &minimal_config(
            "[search]\nenabled = true\ncrisis_terms = [\"want to die\"]\n\n[search.synonyms]\nrehab = \"residential treatment\"\n\"day program\" = [\"partial hospitalization\", \"day treatment\"]\n",
        ),
    );
    site.page(
        "glossary.md",
        "title = \"Glossary\"\n\n[[glossary]]\nterm = \"Intensive outpatient program\"\nacronym = \"IOP\"\naliases = [\"intensive outpatient\"]\ndefinition = \"Care.\"",
        "Terms.\n",
    );
    site.build_ok();
    let index = Index::open(&site.output());
    let syn = &index.entry["synonyms"];
    assert_eq!(syn["rehab"], json!([["residenti", "treatment"]]));
    assert_eq!(syn["residenti treatment"], json!([["rehab"]]));
    assert_eq!(
        syn["day program"],
        json!([["day", "treatment"], ["partial", "hospit"]])
    );
    assert_eq!(
        syn["iop"],
        json!([["intens", "outpati"], ["intens", "outpati", "program"]])
    );
    // A configured crisis phrase is added to the built-in ones of every language, folded.
    let crisis = index.entry["crisis"].as_array().unwrap();
    assert!(crisis.contains(&json!("want to die")));
    assert!(crisis.contains(&json!("quiero morir*")));
    // The glossary page lists the term as a section with its anchor.
    let sections = index.doc(1)["s"].clone();
    assert!(sections
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s[0] == "intensive-outpatient-program"));
}

#[test]
fn unknown_search_keys_are_errors() {
    let site = TestSite::minimal();
    site.write("config.toml", &minimal_config("[search]\nsynonym = {}\n"));
    let outcome = site.check();
    assert!(outcome.diagnostics.has_errors());
    assert!(outcome.diagnostics.report(false).contains("synonym"));
}

#[test]
fn stop_word_synonyms_are_warnings() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        &minimal_config("[search]\nenabled = true\n\n[search.synonyms]\n\"the\" = \"a\"\n"),
    );
    site.page("a.md", "title = \"A\"", "Text.\n");
    let outcome = site.build_ok();
    assert!(outcome
        .diagnostics
        .report(false)
        .contains("search synonym `the` has only stop words"));
}

/// The two-language fixture: the minimal site with Spanish translations, built.
fn languages_site() -> TestSite {
    let site = TestSite::fixture("languages-search");
    site.build_ok();
    site
}

/// A query as the index's own tokenizer reads it, ranked the simplest way: pages with more of
/// the query's terms first, then by the sum of their impacts. Returns the pages' URLs.
fn ranked(index: &Index, query: &str) -> Vec<String> {
    let stemming = Stemming::for_language(index.entry["lang"].as_str().unwrap());
    assert_eq!(
        stemming.name(),
        index.entry["stemmer"],
        "the index's stemmer"
    );
    let stop = index.entry["stop"].as_array().unwrap();
    let tokenizer = Tokenizer::with_stemming(
        stemming,
        stop.iter().map(|w| w.as_str().unwrap().to_string()),
    );
    let mut scores: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
    for token in tokenizer.tokens(query) {
        for p in index.postings(&token.term).unwrap_or_default() {
            let score = scores.entry(p.doc).or_default();
            score.0 += 1;
            score.1 += u32::from(p.impact);
        }
    }
    let mut docs: Vec<(u32, (usize, u32))> = scores.into_iter().collect();
    docs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    docs.into_iter()
        .map(|(doc, _)| index.doc(doc)["u"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_language_has_its_own_index() {
    let site = languages_site();
    let english = Index::open(&site.output());
    let spanish = Index::open_at(&site.output(), "es/search");
    assert_eq!(english.entry["lang"], "en");
    assert_eq!(english.entry["stemmer"], "english");
    assert_eq!(spanish.entry["lang"], "es");
    assert_eq!(spanish.entry["stemmer"], "spanish");
    let urls = |index: &Index| -> Vec<String> {
        (0..index.entry["docs"].as_u64().unwrap() as u32)
            .map(|id| index.doc(id)["u"].as_str().unwrap().to_string())
            .collect()
    };
    let (en, es) = (urls(&english), urls(&spanish));
    assert!(en.iter().all(|u| !u.starts_with("/help/es/")), "{en:?}");
    assert!(es.iter().all(|u| u.starts_with("/help/es/")), "{es:?}");
    assert!(en.contains(&"/help/levels-of-care/intensive-outpatient/".to_string()));
    assert!(es.contains(&"/help/es/levels-of-care/programa-intensivo-ambulatorio/".to_string()));
    assert!(es.contains(&"/help/es/therapies/adiccion/".to_string()));
    assert_eq!(es.len(), 6, "{es:?}");
    // Each language's words, stop words, synonyms and crisis terms.
    assert!(
        english.postings("terapia").is_some(),
        "English pages may say it"
    );
    assert!(english.postings("adiccion").is_none());
    assert!(spanish.postings("therapi").is_none());
    assert!(spanish.postings("adiccion").is_some());
    assert!(spanish.postings("la").is_none(), "Spanish stop words");
    let stop = spanish.entry["stop"].as_array().unwrap();
    assert!(stop.contains(&json!("mas")) && !stop.contains(&json!("the")));
    assert_eq!(
        english.entry["synonyms"]["rehab"],
        json!([["residenti", "treatment"]])
    );
    assert!(spanish.entry["synonyms"].get("rehab").is_none());
    assert_eq!(
        spanish.entry["synonyms"]["rehabilit"],
        json!([["tratamient", "residencial"]])
    );
    // The Spanish glossary's acronym and alias.
    assert!(spanish.entry["synonyms"]["pia"]
        .as_array()
        .unwrap()
        .contains(&json!(["program", "intens", "ambulatori"])));
    // Both indexes hold the crisis phrases of every language, folded, not stemmed.
    assert_eq!(spanish.entry["crisis"], english.entry["crisis"]);
    let crisis = spanish.entry["crisis"].as_array().unwrap();
    assert!(crisis.contains(&json!("quitarme la vida")));
    assert!(crisis.contains(&json!("want* to die")));
    // Facets: per document its top-level section and taxonomy terms, in each language.
    for index in [&english, &spanish] {
        let facets = read_json(&index.dir.join(index.entry["facets"].as_str().unwrap()));
        let docs = facets["docs"].as_array().unwrap();
        assert_eq!(docs.len() as u64, index.entry["docs"].as_u64().unwrap());
        assert_eq!(facets["taxonomies"][0]["n"], "therapies");
        assert!(docs.iter().all(|d| d[0].as_i64().unwrap() >= -1));
        assert!(!facets["sections"].as_array().unwrap().is_empty());
    }
    let glossary = |index: &Index| -> Value {
        read_json(&index.dir.join(index.entry["glossary"].as_str().unwrap()))
    };
    assert_eq!(
        glossary(&spanish),
        json!([{"t": "Programa intensivo ambulatorio (PIA)", "u": "/help/es/therapies/adiccion/#programa-intensivo-ambulatorio"}])
    );
    assert_eq!(glossary(&english), json!([]));
    // A Spanish page's crumbs stop below the Spanish home page.
    let iop = (0..6)
        .map(|id| spanish.doc(id))
        .find(|d| d["u"] == "/help/es/levels-of-care/programa-intensivo-ambulatorio/")
        .unwrap();
    assert_eq!(iop["c"], json!(["Niveles de atención"]));
}

#[test]
fn spanish_queries_find_the_spanish_pages_with_or_without_accents() {
    let site = languages_site();
    let spanish = Index::open_at(&site.output(), "es/search");
    let cases = [
        ("adiccion", "/help/es/therapies/adiccion/"),
        ("adicción", "/help/es/therapies/adiccion/"),
        ("ADICCIONES", "/help/es/therapies/adiccion/"),
        ("terapia familiar", "/help/es/therapies/terapia-familiar/"),
        (
            "terapias familiares",
            "/help/es/therapies/terapia-familiar/",
        ),
        (
            "programa intensivo ambulatorio",
            "/help/es/levels-of-care/programa-intensivo-ambulatorio/",
        ),
        (
            "¿Puedo seguir trabajando?",
            "/help/es/levels-of-care/programa-intensivo-ambulatorio/",
        ),
        (
            "hospitalizacion parcial",
            "/help/es/levels-of-care/programa-intensivo-ambulatorio/",
        ),
        ("medicacion", "/help/es/therapies/adiccion/"),
    ];
    for (query, want) in cases {
        let urls = ranked(&spanish, query);
        assert_eq!(
            urls.first().map(String::as_str),
            Some(want),
            "{query}: {urls:?}"
        );
    }
    // The English index does not hold the Spanish pages.
    let english = Index::open(&site.output());
    assert!(ranked(&english, "adiccion").is_empty());
    assert_eq!(
        ranked(&english, "intensive outpatient")[0],
        "/help/levels-of-care/intensive-outpatient/"
    );
}

#[test]
fn only_languages_with_pages_get_an_index() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        &minimal_config("[search]\nenabled = true\n\n[languages.es]\nname = \"Español\"\n"),
    );
    site.page("a.md", "title = \"A\"", "Text.\n");
    site.build_ok();
    assert!(site.output().join("search/manifest.json").is_file());
    assert!(!site.output().join("es/search").exists());
    // A language's own `enabled = false` turns off only its index.
    let site = TestSite::fixture("languages-search");
    let config = fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace(
            "[languages.es.search]\n",
            "[languages.es.search]\nenabled = false\n",
        ),
    );
    site.build_ok();
    assert!(site.output().join("search/manifest.json").is_file());
    assert!(!site.output().join("es/search").exists());
}

#[test]
fn a_language_without_a_stemmer_keeps_its_words() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        &minimal_config("[search]\nenabled = true\n\n[languages.de]\nname = \"Deutsch\"\n"),
    );
    site.page(
        "a.de.md",
        "title = \"Familiäre Therapien\"",
        "Die Therapien.\n",
    );
    site.build_ok();
    let german = Index::open_at(&site.output(), "de/search");
    assert_eq!(german.entry["stemmer"], "none");
    assert_eq!(german.entry["stop"], json!([]));
    assert!(german.postings("therapien").is_some());
    assert!(german.postings("familiare").is_some());
    // The crisis phrases of every built-in language.
    let crisis = german.entry["crisis"].as_array().unwrap();
    assert!(crisis.contains(&json!("suicid*")));
    assert!(crisis.contains(&json!("sobredosis")));
}

/// Times `search::index` on a prepared site (not a test: run it with
/// `CONTINUUM_BENCH_SITE=/dev/shm/kb10k cargo test --release --test search -- --ignored --nocapture`).
#[test]
#[ignore = "benchmark; needs CONTINUUM_BENCH_SITE"]
fn bench_index() {
    let Some(root) = std::env::var_os("CONTINUUM_BENCH_SITE") else {
        return;
    };
    let options = BuildOptions {
        root: root.into(),
        ..Default::default()
    };
    let (prepared, _) = continuum::prepare(&options);
    let prepared = prepared.expect("the site builds");
    for _ in 0..3 {
        let cpu = cpu_seconds();
        let start = std::time::Instant::now();
        let (files, _, phases) =
            continuum::search::index_timed(&prepared.site, &prepared.rendered, &prepared.config);
        let elapsed = start.elapsed();
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        let cpu = cpu_seconds() - cpu;
        println!(
            "index: {elapsed:?}, cpu {cpu:.2} s ({} files, {bytes} bytes) {phases:?}",
            files.len()
        );
    }
}

/// User plus system CPU time of this process so far (Linux), for benchmarks on busy machines.
fn cpu_seconds() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Chinese is written without spaces: the indexer cuts sentences into words (jieba's
/// dictionary), so a word inside a sentence is found, not only a title that is one word.
#[test]
fn chinese_words_inside_sentences_are_found() {
    let site = TestSite::fixture("lang-zh");
    site.build_ok();
    let index = Index::open(&site.output());
    assert_eq!(index.entry["lang"], "zh");
    assert_eq!(index.entry["stemmer"], "none");
    let page = |name: &str| format!("/help/outpatient/{name}/");
    let found = |query: &str| ranked(&index, query);
    let sorted = |mut urls: Vec<String>| {
        urls.sort();
        urls
    };
    // Only in a sentence of the body (titles: 门诊治疗是什么, 第一次就诊, 请假与复工).
    assert_eq!(
        sorted(found("工作")),
        [page("what-is-outpatient"), page("work-and-leave")]
    );
    assert_eq!(found("血压"), [page("first-visit")]);
    assert_eq!(found("医保卡"), [page("first-visit")]);
    assert!(
        found("门诊").contains(&page("work-and-leave")),
        "{:?}",
        found("门诊")
    );
    // In the title and the body: ranked first.
    assert_eq!(found("治疗"), [page("what-is-outpatient")]);
    assert_eq!(found("门诊治疗")[0], page("what-is-outpatient"));
    // A question's particles are stop words: the rest still finds the page.
    assert_eq!(found("怎么测量血压？")[0], page("first-visit"));
    // Sentences are not indexed whole.
    assert!(index.postings("门诊治疗是指您白天到诊所接受治疗").is_none());
}

/// A language whose profile has no crisis phrases (Chinese) and for which the site configures
/// none: one warning at config.toml says its queries would never show the crisis resources;
/// configured phrases silence it.
#[test]
fn a_language_without_crisis_phrases_is_named_once() {
    let site = TestSite::fixture("lang-zh");
    let outcome = site.build_ok();
    let report = outcome.diagnostics.report(false);
    assert_eq!(
        report
            .matches("search knows no crisis phrases in Chinese")
            .count(),
        1,
        "{report}"
    );
    assert!(report.contains("crisis_terms"), "{report}");
    // At the search table, where `crisis_terms` goes (config.toml's line 9).
    let warning = outcome
        .diagnostics
        .iter()
        .find(|d| d.message.contains("crisis phrases"))
        .unwrap();
    assert_eq!(
        warning.line_col().map(|(line, _)| line),
        Some(9),
        "{report}"
    );
    let config = std::fs::read_to_string(site.root().join("config.toml"))
        .unwrap()
        .replace(
            "[search]\nenabled = true",
            "[search]\nenabled = true\ncrisis_terms = [\"想死\", \"自杀\"]",
        );
    site.write("config.toml", &config);
    let report = site.build_ok().diagnostics.report(false);
    assert!(!report.contains("crisis phrases"), "{report}");
}

/// A language added as a profile (src/lang/fr.rs, nothing else in the engine): its stop words
/// are skipped, its other words indexed as they are, and the crisis phrases of every language
/// come along.
#[test]
fn a_language_profile_brings_its_stop_words() {
    let site = TestSite::minimal();
    site.write(
        "config.toml",
        &minimal_config("[search]\nenabled = true\n\n[languages.fr]\nname = \"Français\"\n"),
    );
    site.page(
        "a.fr.md",
        "title = \"Les thérapies familiales\"",
        "Comment se passe une séance de thérapie ?\n",
    );
    site.build_ok();
    let french = Index::open_at(&site.output(), "fr/search");
    assert_eq!(french.entry["lang"], "fr");
    let stop = french.entry["stop"].as_array().unwrap();
    assert!(stop.contains(&json!("les")) && stop.contains(&json!("comment")));
    assert!(french.postings("les").is_none());
    assert!(french.postings("comment").is_none());
    assert!(french.postings("therapies").is_some());
    assert!(french.postings("seance").is_some());
    assert_eq!(
        ranked(&french, "Comment trouver une thérapie familiale ?").len(),
        1
    );
    let crisis = french.entry["crisis"].as_array().unwrap();
    assert!(crisis.contains(&json!("suicid*")));
}
