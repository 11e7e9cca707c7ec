//! Generates a large synthetic knowledge base for benchmarks, deterministic by seed:
//! `cargo run --release --example gen_corpus -- N OUT_DIR [SEED]`.
//!
//! Articles are 600 to 1,500 words with headings, lists, a table, 3 to 8 relative `.md` links,
//! taxonomy terms and glossary terms; some carry a compare block, a few a code block. The
//! site uses the repository's default theme (copied into OUT_DIR/themes/default).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const SECTIONS: usize = 20;
const LEVELS: [&str; 6] = [
    "outpatient",
    "intensive-outpatient",
    "partial-hospitalization",
    "residential",
    "inpatient",
    "withdrawal-management",
];
const THERAPIES: [&str; 8] = [
    "CBT",
    "DBT",
    "Motivational interviewing",
    "Mindfulness",
    "Group therapy",
    "Family therapy",
    "Peer support",
    "Relapse prevention",
];
const CONDITIONS: [&str; 6] = [
    "Depression",
    "Anxiety disorders",
    "Substance use disorders",
    "PTSD and trauma",
    "Eating disorders",
    "Bipolar disorder",
];
const GLOSSARY: [(&str, &str); 12] = [
    ("Intensive outpatient program", "IOP"),
    ("Partial hospitalization program", "PHP"),
    ("Cognitive behavioral therapy", "CBT"),
    ("Dialectical behavior therapy", "DBT"),
    ("Motivational interviewing", "MI"),
    ("Medication-assisted treatment", "MAT"),
    ("Substance use disorder", "SUD"),
    ("Post-traumatic stress disorder", "PTSD"),
    ("American Society of Addiction Medicine", "ASAM"),
    ("Withdrawal management", "WM"),
    ("Relapse prevention", "RP"),
    ("Mindfulness-based cognitive therapy", "MBCT"),
];
const WORDS: &[&str] = &[
    "you",
    "your",
    "team",
    "program",
    "group",
    "session",
    "week",
    "plan",
    "care",
    "skills",
    "family",
    "support",
    "therapy",
    "goals",
    "progress",
    "home",
    "work",
    "school",
    "stress",
    "sleep",
    "feelings",
    "thoughts",
    "habits",
    "recovery",
    "treatment",
    "schedule",
    "questions",
    "counselor",
    "doctor",
    "medicine",
    "safety",
    "triggers",
    "cravings",
    "practice",
    "change",
    "time",
    "day",
    "morning",
    "evening",
    "hours",
    "steps",
    "help",
    "talk",
    "listen",
    "learn",
    "notice",
    "choose",
    "plan",
    "check",
    "review",
    "return",
    "attend",
    "share",
    "rest",
];

/// Words of the Spanish translations (`gen_corpus N DIR SEED FRACTION`).
const WORDS_ES: &[&str] = &[
    "terapia",
    "familia",
    "tratamiento",
    "programa",
    "semana",
    "horas",
    "grupo",
    "consejero",
    "adicción",
    "ansiedad",
    "depresión",
    "recuperación",
    "médico",
    "medicamento",
    "seguro",
    "trabajo",
    "escuela",
    "hogar",
    "apoyo",
    "habilidades",
    "sesión",
    "plan",
    "equipo",
    "salud",
    "atención",
    "ayuda",
    "cambio",
    "meta",
    "progreso",
    "riesgo",
    "crisis",
    "dormir",
    "comer",
    "hablar",
    "aprender",
    "practicar",
    "elegir",
    "revisar",
    "volver",
    "asistir",
    "compartir",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*: small, fast and deterministic.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: gen_corpus N OUT_DIR [SEED] [TRANSLATED_FRACTION]");
        std::process::exit(2);
    }
    let n: usize = args[1].parse().expect("N must be a number");
    let out = PathBuf::from(&args[2]);
    let seed: u64 = args
        .get(3)
        .map_or(42, |s| s.parse().expect("SEED must be a number"));
    // A fraction of the articles (0.5: every other one) also gets a Spanish translation.
    let translated: f64 = args.get(4).map_or(0.0, |s| {
        s.parse().expect("TRANSLATED_FRACTION must be a number")
    });
    let translations = generate(n, &out, seed, translated);
    println!(
        "wrote {n} articles and {translations} translations to {}",
        out.display()
    );
}

fn article_path(i: usize) -> (usize, String) {
    let section = i % SECTIONS;
    (section, format!("section-{section:02}/article-{i:06}.md"))
}

fn generate(n: usize, out: &Path, seed: u64, translated: f64) -> usize {
    let mut rng = Rng(seed.max(1));
    let content = out.join("content");
    let _ = fs::remove_dir_all(&content);
    fs::create_dir_all(&content).expect("create content/");
    copy_theme(out);
    let mut config = config();
    if translated > 0.0 {
        config.push_str("\n[languages.es]\nname = \"Español\"\ntitle = \"Base generada\"\n");
    }
    fs::write(out.join("config.toml"), config).expect("config");
    fs::write(content.join("_index.md"), "+++\ntitle = \"Generated knowledge base\"\ndescription = \"A synthetic site.\"\n+++\nWelcome. See the [glossary](glossary.md).\n").expect("home");
    let mut glossary = String::from("+++\ntitle = \"Glossary\"\ndescription = \"Terms.\"\n");
    for (term, acronym) in GLOSSARY {
        let _ = write!(glossary, "\n[[glossary]]\nterm = \"{term}\"\nacronym = \"{acronym}\"\ndefinition = \"A short plain definition of {term}.\"\n");
    }
    glossary.push_str("+++\nTerms used on this site.\n");
    fs::write(content.join("glossary.md"), glossary).expect("glossary");
    for s in 0..SECTIONS {
        let dir = content.join(format!("section-{s:02}"));
        fs::create_dir_all(&dir).expect("section dir");
        fs::write(dir.join("_index.md"), format!("+++\ntitle = \"Section {s}\"\ndescription = \"Articles of section {s}.\"\n+++\nThe articles of section {s}.\n")).expect("section");
    }
    let levels = content.join("levels");
    fs::create_dir_all(&levels).expect("levels dir");
    fs::write(levels.join("_index.md"), "+++\ntitle = \"Levels\"\ndescription = \"Levels of care.\"\n+++\n```compare\nitems = [\"outpatient.md\", \"inpatient.md\"]\n```\n").expect("levels");
    for (i, level) in LEVELS.iter().enumerate() {
        let text = format!(
            "+++\ntitle = \"Level {level}\"\ndescription = \"About {level}.\"\nweight = {i}\n\n[facts]\nhours_per_week = \"{} hours\"\novernight_stay = {}\nsetting = \"Setting {i}\"\n+++\nThis level is described by facts.\n",
            (i + 1) * 5,
            i >= 3
        );
        fs::write(levels.join(format!("{level}.md")), text).expect("level");
    }
    let mut translations = 0;
    // Every k-th article is translated, so `translated` = 0.5 gives every other one.
    let every = if translated > 0.0 {
        (1.0 / translated).round().max(1.0) as usize
    } else {
        usize::MAX
    };
    for i in 0..n {
        let (_, path) = article_path(i);
        let text = article(i, n, &mut rng, WORDS);
        fs::write(content.join(&path), text).expect("article");
        if i % every == 0 {
            let text = article(i, n, &mut rng, WORDS_ES);
            fs::write(content.join(path.replace(".md", ".es.md")), text).expect("translation");
            translations += 1;
        }
    }
    if translations > 0 {
        fs::write(content.join("_index.es.md"), "+++\ntitle = \"Base generada\"\ndescription = \"Un sitio sintético.\"\n+++\nBienvenido.\n").expect("home");
        for s in 0..SECTIONS {
            let dir = content.join(format!("section-{s:02}"));
            fs::write(dir.join("_index.es.md"), format!("+++\ntitle = \"Sección {s}\"\ndescription = \"Artículos de la sección {s}.\"\nslug = \"seccion-{s:02}\"\n+++\nLos artículos de la sección {s}.\n")).expect("section");
        }
    }
    translations
}

fn article(i: usize, n: usize, rng: &mut Rng, words_list: &[&str]) -> String {
    let (section, _) = article_path(i);
    let mut text = String::with_capacity(9000);
    let _ = writeln!(
        text,
        "+++\ntitle = \"Article {i}: {} and {}\"",
        rng.pick(words_list),
        rng.pick(words_list)
    );
    let _ = writeln!(
        text,
        "description = \"What to know about {} and {} in treatment.\"",
        rng.pick(words_list),
        rng.pick(words_list)
    );
    let _ = writeln!(text, "weight = {}\nlast_reviewed = 2026-11-15\nnext_review = 2029-11-15\nreviewed_by = \"Clinical team\"", i);
    let _ = writeln!(
        text,
        "\n[taxonomies]\ntherapies = [\"{}\", \"{}\"]\nconditions = [\"{}\"]",
        rng.pick(&THERAPIES),
        rng.pick(&THERAPIES),
        rng.pick(&CONDITIONS)
    );
    let _ = writeln!(
        text,
        "\n[[sources]]\ntitle = \"TIP 47\"\npublisher = \"SAMHSA\"\nyear = 2006\n+++"
    );
    let words_target = 600 + rng.below(900);
    let links = 3 + rng.below(6);
    let mut words = 0;
    let mut heading = 0;
    let mut links_made = 0;
    while words < words_target {
        heading += 1;
        let _ = writeln!(
            text,
            "\n## Part {heading}: {} {}\n",
            rng.pick(words_list),
            rng.pick(words_list)
        );
        for _ in 0..2 {
            let mut paragraph = String::new();
            for s in 0..4 + rng.below(3) {
                let len = 6 + rng.below(10);
                for w in 0..len {
                    let word = if w == 2 && s == 1 {
                        GLOSSARY[rng.below(GLOSSARY.len())].1
                    } else {
                        rng.pick(words_list)
                    };
                    paragraph.push_str(word);
                    paragraph.push(if w + 1 == len { '.' } else { ' ' });
                }
                words += len;
                paragraph.push(' ');
            }
            if links_made < links {
                let target = rng.below(n);
                if target != i {
                    let (target_section, target_path) = article_path(target);
                    let rel = if target_section == section {
                        target_path
                            .rsplit('/')
                            .next()
                            .unwrap_or_default()
                            .to_string()
                    } else {
                        format!("../{target_path}")
                    };
                    let _ = write!(paragraph, "Read [article {target}]({rel}). ");
                    links_made += 1;
                }
            }
            text.push_str(paragraph.trim_end());
            text.push_str("\n\n");
        }
        match heading % 4 {
            0 => text.push_str("- Ask your team about your plan.\n- Write down your questions.\n- Bring a support person.\n"),
            1 => text.push_str("| Day | Group |\n| --- | --- |\n| Monday | Skills |\n| Wednesday | Family |\n"),
            2 if i.is_multiple_of(10) => text.push_str("```compare\nitems = [\"../levels/outpatient.md\", \"../levels/intensive-outpatient.md\", \"../levels/inpatient.md\"]\nfacts = [\"hours_per_week\", \"overnight_stay\"]\n```\n"),
            3 if i.is_multiple_of(50) => text.push_str("```toml\n[schedule]\ndays = 3\n```\n"),
            _ => text.push_str("> [!TIP]\n> Take it one day at a time.\n"),
        }
    }

    text
}

fn config() -> String {
    let therapies: Vec<String> = THERAPIES.iter().map(|t| format!("\"{t}\"")).collect();
    let conditions: Vec<String> = CONDITIONS.iter().map(|t| format!("\"{t}\"")).collect();
    format!(
        "title = \"Generated\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\n\n\
         [[taxonomies]]\nname = \"therapies\"\nterms = [{}]\n\n[[taxonomies]]\nname = \"conditions\"\nterms = [{}]\n\n\
         [compare.levels]\ntitle = \"Compare levels\"\nfacts = [\n  {{ key = \"hours_per_week\", label = \"Hours a week\" }},\n  {{ key = \"overnight_stay\", label = \"Overnight\", type = \"bool\" }},\n  {{ key = \"setting\", label = \"Setting\" }},\n]\n\n\
         [extra]\ndisclaimer = \"Education, not medical advice.\"\nreview_policy = \"glossary.md\"\n",
        therapies.join(", "),
        conditions.join(", ")
    )
}

fn copy_theme(out: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let to = out.join("themes/default");
    let _ = fs::remove_dir_all(&to);
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).expect("inside theme");
        let target = to.join(rel);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::copy(&entry, &target).expect("copy theme file");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("read theme").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}
