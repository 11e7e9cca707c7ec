//! Generates a large synthetic knowledge base for benchmarks, deterministic by seed:
//! `cargo run --release --example gen_corpus -- N OUT_DIR [SEED] [TRANSLATED_FRACTION] [--hugo HUGO_DIR]`.
//!
//! Articles are 600 to 1,500 words with headings, lists, a table, 3 to 8 relative `.md` links,
//! taxonomy terms and glossary terms; some carry a compare block, a few a code block. The
//! site uses the repository's default theme (copied into OUT_DIR/themes/default).
//!
//! With `--hugo HUGO_DIR`, the same articles (same seed: same titles, bodies, sections and terms)
//! are also written as a Hugo site, for the side-by-side benchmark in scripts/bench.sh: `hugo.toml`,
//! the content with the taxonomies as top-level front matter keys and each compare block as a
//! `compare` shortcode, and the layouts of benches/hugo/layouts. Each article is generated once
//! and written in both conventions, so the two sites cannot drift apart.

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
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--hugo HUGO_DIR` may come anywhere; the positional arguments keep their meaning.
    let hugo = args.iter().position(|a| a == "--hugo").map(|at| {
        if at + 1 >= args.len() {
            usage();
        }
        let dir = args.remove(at + 1);
        args.remove(at);
        PathBuf::from(dir)
    });
    if args.len() < 2 {
        usage();
    }
    let n: usize = args[0].parse().expect("N must be a number");
    let out = PathBuf::from(&args[1]);
    let seed: u64 = args
        .get(2)
        .map_or(42, |s| s.parse().expect("SEED must be a number"));
    // A fraction of the articles (0.5: every other one) also gets a Spanish translation.
    let translated: f64 = args.get(3).map_or(0.0, |s| {
        s.parse().expect("TRANSLATED_FRACTION must be a number")
    });
    let mut sites = vec![Site {
        root: out.clone(),
        flavor: Flavor::Continuum,
    }];
    if let Some(root) = &hugo {
        sites.push(Site {
            root: root.clone(),
            flavor: Flavor::Hugo,
        });
    }
    let translations = generate(n, &sites, seed, translated);
    println!(
        "wrote {n} articles and {translations} translations to {}",
        out.display()
    );
    if let Some(root) = hugo {
        println!("wrote the same as a Hugo site to {}", root.display());
    }
}

fn usage() -> ! {
    eprintln!("usage: gen_corpus N OUT_DIR [SEED] [TRANSLATED_FRACTION] [--hugo HUGO_DIR]");
    std::process::exit(2);
}

/// The generator a site is written for: the same pages, in each one's conventions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Continuum,
    Hugo,
}

/// The levels and facts of the compare block some articles carry.
const ARTICLE_COMPARE_LEVELS: [&str; 3] = ["outpatient", "intensive-outpatient", "inpatient"];
const ARTICLE_COMPARE_FACTS: [&str; 2] = ["hours_per_week", "overnight_stay"];

/// The comparison schema of the levels section: Continuum's `[compare.levels]`, Hugo's
/// `[params.compare.levels]` (read by the `compare` shortcode).
const COMPARE_SCHEMA: &str = "title = \"Compare levels\"\nfacts = [\n  { key = \"hours_per_week\", label = \"Hours a week\" },\n  { key = \"overnight_stay\", label = \"Overnight\", type = \"bool\" },\n  { key = \"setting\", label = \"Setting\" },\n]\n";
const DISCLAIMER: &str = "Education, not medical advice.";

impl Flavor {
    /// A comparison table of level pages; `from` is the way from the page to levels/ (Continuum's
    /// items are relative links); no `facts` compares all of them.
    fn compare(self, from: &str, levels: &[&str], facts: &[&str]) -> String {
        match self {
            Flavor::Continuum => {
                let items: Vec<String> = levels.iter().map(|l| format!("{from}{l}.md")).collect();
                let mut block = format!("```compare\nitems = [{}]\n", quoted(&items));
                if !facts.is_empty() {
                    let _ = writeln!(block, "facts = [{}]", quoted(facts));
                }
                block.push_str("```\n");
                block
            }
            // benches/hugo/layouts/shortcodes/compare.html finds the levels by name.
            Flavor::Hugo => format!(
                "{{{{< compare items=\"{}\" facts=\"{}\" >}}}}\n",
                levels.join(","),
                facts.join(",")
            ),
        }
    }

    fn config(self, translated: bool) -> String {
        match self {
            Flavor::Continuum => {
                let mut config = format!(
                    "title = \"Generated\"\nbase_url = \"https://example.org/\"\ntheme = \"default\"\n\n\
                     [[taxonomies]]\nname = \"therapies\"\nterms = [{}]\n\n[[taxonomies]]\nname = \"conditions\"\nterms = [{}]\n\n\
                     [compare.levels]\n{COMPARE_SCHEMA}\n\
                     [extra]\ndisclaimer = \"{DISCLAIMER}\"\nreview_policy = \"glossary.md\"\n",
                    quoted(&THERAPIES),
                    quoted(&CONDITIONS)
                );
                if translated {
                    config.push_str(
                        "\n[languages.es]\nname = \"Español\"\ntitle = \"Base generada\"\n",
                    );
                }
                config
            }
            Flavor::Hugo => {
                // Continuum writes the home, section, article, taxonomy and term pages, a 404
                // page, sitemap.xml, robots.txt and one feed (atom.xml, 30 entries): so does this
                // site, with the home page's RSS as its one feed (Hugo's default is one per list).
                // Related pages (Continuum lists five on each article) are configured but off:
                // HUGO_PARAMS_RELATED=true turns them on (benches/hugo/layouts/_default/single.html).
                let mut config = format!(
                    "baseURL = \"https://example.org/\"\ntitle = \"Generated\"\nlanguageCode = \"en\"\n\
                     enableRobotsTXT = true\ndisableKinds = []\n\n\
                     [outputs]\nhome = [\"HTML\", \"RSS\"]\nsection = [\"HTML\"]\ntaxonomy = [\"HTML\"]\nterm = [\"HTML\"]\n\n\
                     [services.rss]\nlimit = 30\n\n\
                     [taxonomies]\ntherapy = \"therapies\"\ncondition = \"conditions\"\n\n\
                     [related]\nincludeNewer = true\nthreshold = 1\ntoLower = false\n\n\
                     [[related.indices]]\nname = \"therapies\"\nweight = 1\n\n\
                     [[related.indices]]\nname = \"conditions\"\nweight = 1\n\n\
                     [params]\ndisclaimer = \"{DISCLAIMER}\"\nrelated = false\n\n\
                     [params.compare.levels]\n{COMPARE_SCHEMA}"
                );
                if translated {
                    config.push_str(
                        "\n[languages.en]\nlanguageName = \"English\"\nweight = 1\n\n\
                         [languages.es]\nlanguageName = \"Español\"\ntitle = \"Base generada\"\nweight = 2\n",
                    );
                }
                config
            }
        }
    }
}

/// `"a", "b"`: the items of a TOML array of strings.
fn quoted<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect();
    items.join(", ")
}

/// An output folder and the generator it is written for.
struct Site {
    root: PathBuf,
    flavor: Flavor,
}

impl Site {
    /// Writes `text` to `path` below content/.
    fn write(&self, path: &str, text: &str) {
        let path = self.root.join("content").join(path);
        fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }

    /// Everything but the articles: configuration, theme or layouts, the home page, glossary,
    /// sections and levels.
    fn scaffold(&self, translated: bool) {
        let content = self.root.join("content");
        let _ = fs::remove_dir_all(&content);
        fs::create_dir_all(&content).expect("create content/");
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = match self.flavor {
            Flavor::Continuum => {
                copy_dir(
                    &here.join("themes/default"),
                    &self.root.join("themes/default"),
                );
                "config.toml"
            }
            Flavor::Hugo => {
                copy_dir(
                    &here.join("benches/hugo/layouts"),
                    &self.root.join("layouts"),
                );
                // Continuum generates its /site-map/ page; Hugo needs a page to hang it on.
                self.write("site-map.md", &site_map("Site map"));
                "hugo.toml"
            }
        };
        fs::write(self.root.join(config), self.flavor.config(translated)).expect("config");
        self.write("_index.md", "+++\ntitle = \"Generated knowledge base\"\ndescription = \"A synthetic site.\"\n+++\nWelcome. See the [glossary](glossary.md).\n");
        let mut glossary = String::from("+++\ntitle = \"Glossary\"\ndescription = \"Terms.\"\n");
        for (term, acronym) in GLOSSARY {
            let _ = write!(glossary, "\n[[glossary]]\nterm = \"{term}\"\nacronym = \"{acronym}\"\ndefinition = \"A short plain definition of {term}.\"\n");
        }
        glossary.push_str("+++\nTerms used on this site.\n");
        self.write("glossary.md", &glossary);
        for s in 0..SECTIONS {
            fs::create_dir_all(content.join(format!("section-{s:02}"))).expect("section dir");
            self.write(&format!("section-{s:02}/_index.md"), &format!("+++\ntitle = \"Section {s}\"\ndescription = \"Articles of section {s}.\"\n+++\nThe articles of section {s}.\n"));
        }
        fs::create_dir_all(content.join("levels")).expect("levels dir");
        let compare = self.flavor.compare("", &["outpatient", "inpatient"], &[]);
        self.write(
            "levels/_index.md",
            &format!("+++\ntitle = \"Levels\"\ndescription = \"Levels of care.\"\n+++\n{compare}"),
        );
        for (i, level) in LEVELS.iter().enumerate() {
            let text = format!(
                "+++\ntitle = \"Level {level}\"\ndescription = \"About {level}.\"\nweight = {i}\n\n[facts]\nhours_per_week = \"{} hours\"\novernight_stay = {}\nsetting = \"Setting {i}\"\n+++\nThis level is described by facts.\n",
                (i + 1) * 5,
                i >= 3
            );
            self.write(&format!("levels/{level}.md"), &text);
        }
    }

    /// The Spanish home and section pages, once there is a translated article. Article 0 is
    /// translated even without `[languages.es]` (TRANSLATED_FRACTION 0); Continuum then reads each
    /// `_index.es.md` as an ordinary page named `index-es`, while Hugo would take it for the
    /// section's own index and fail, so the Hugo site names it so.
    fn translated_indexes(&self, languages: bool) {
        let name = if self.flavor == Flavor::Hugo && !languages {
            "index-es.md"
        } else {
            "_index.es.md"
        };
        self.write(name, "+++\ntitle = \"Base generada\"\ndescription = \"Un sitio sintético.\"\n+++\nBienvenido.\n");
        for s in 0..SECTIONS {
            self.write(&format!("section-{s:02}/{name}"), &format!("+++\ntitle = \"Sección {s}\"\ndescription = \"Artículos de la sección {s}.\"\nslug = \"seccion-{s:02}\"\n+++\nLos artículos de la sección {s}.\n"));
        }
        if self.flavor == Flavor::Hugo && languages {
            // Continuum writes a site map in each language.
            self.write("site-map.es.md", &site_map("Mapa del sitio"));
        }
    }
}

/// The Hugo page that carries the site map (layouts/_default/site-map.html), left out of lists.
fn site_map(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nlayout = \"site-map\"\n\n[_build]\nlist = \"never\"\n+++\n")
}

fn article_path(i: usize) -> (usize, String) {
    let section = i % SECTIONS;
    (section, format!("section-{section:02}/article-{i:06}.md"))
}

/// Writes the sites; each article is generated once and written to every site.
fn generate(n: usize, sites: &[Site], seed: u64, translated: f64) -> usize {
    let mut rng = Rng(seed.max(1));
    for site in sites {
        site.scaffold(translated > 0.0);
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
        let article = Article::generate(i, n, &mut rng, WORDS);
        for site in sites {
            site.write(&path, &article.render(site.flavor));
        }
        if i % every == 0 {
            let article = Article::generate(i, n, &mut rng, WORDS_ES);
            for site in sites {
                site.write(&path.replace(".md", ".es.md"), &article.render(site.flavor));
            }
            translations += 1;
        }
    }
    if translations > 0 {
        for site in sites {
            site.translated_indexes(translated > 0.0);
        }
    }
    translations
}

/// One generated article, before it is written in a flavor's conventions.
struct Article {
    index: usize,
    title: String,
    description: String,
    therapies: [&'static str; 2],
    condition: &'static str,
    /// The Markdown body, split where the compare blocks go.
    body: Vec<String>,
}

impl Article {
    fn generate(i: usize, n: usize, rng: &mut Rng, words_list: &[&str]) -> Article {
        let (section, _) = article_path(i);
        let title = format!(
            "Article {i}: {} and {}",
            rng.pick(words_list),
            rng.pick(words_list)
        );
        let description = format!(
            "What to know about {} and {} in treatment.",
            rng.pick(words_list),
            rng.pick(words_list)
        );
        let therapies = [*rng.pick(&THERAPIES), *rng.pick(&THERAPIES)];
        let condition = *rng.pick(&CONDITIONS);
        let mut body = vec![String::with_capacity(8000)];
        let words_target = 600 + rng.below(900);
        let links = 3 + rng.below(6);
        let mut words = 0;
        let mut heading = 0;
        let mut links_made = 0;
        while words < words_target {
            let text = body.last_mut().expect("a part");
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
                // A compare block: `render` writes it between this part and the next.
                2 if i.is_multiple_of(10) => body.push(String::new()),
                3 if i.is_multiple_of(50) => text.push_str("```toml\n[schedule]\ndays = 3\n```\n"),
                _ => text.push_str("> [!TIP]\n> Take it one day at a time.\n"),
            }
        }
        Article {
            index: i,
            title,
            description,
            therapies,
            condition,
            body,
        }
    }

    /// The article's file: front matter and body, in `flavor`'s conventions.
    fn render(&self, flavor: Flavor) -> String {
        let mut text = String::with_capacity(9000);
        let _ = writeln!(text, "+++\ntitle = \"{}\"", self.title);
        let _ = writeln!(text, "description = \"{}\"", self.description);
        let _ = writeln!(text, "weight = {}\nlast_reviewed = 2026-11-15\nnext_review = 2029-11-15\nreviewed_by = \"Clinical team\"", self.index);
        let terms = format!(
            "therapies = [{}]\nconditions = [{}]",
            quoted(&self.therapies),
            quoted(&[self.condition])
        );
        let _ = match flavor {
            Flavor::Continuum => writeln!(text, "\n[taxonomies]\n{terms}"),
            // Hugo reads each taxonomy from a top-level key, and orders feeds and the sitemap by
            // `date` (the other keys stay as page parameters).
            Flavor::Hugo => writeln!(text, "date = 2026-11-15\n{terms}"),
        };
        let _ = writeln!(
            text,
            "\n[[sources]]\ntitle = \"TIP 47\"\npublisher = \"SAMHSA\"\nyear = 2006\n+++"
        );
        let compare = flavor.compare(
            "../levels/",
            &ARTICLE_COMPARE_LEVELS,
            &ARTICLE_COMPARE_FACTS,
        );
        text.push_str(&self.body.join(&compare));
        text
    }
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("inside the folder");
        let target = to.join(rel);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::copy(&entry, &target).expect("copy file");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .flatten()
    {
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
