//! The `continuum` command: a thin shell over the library. Exit codes: 0 success (warnings
//! allowed), 1 the content has errors, 2 usage or internal error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use continuum::{BuildOptions, Outcome};

/// A build allocates and frees many small strings and JSON values per page; mimalloc does
/// that in about 16 % less CPU than glibc's allocator (BENCHMARKS.md, Build).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "continuum",
    version,
    about = "Build patient-education knowledge bases from Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or --output).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// The folder to write the site to [default: ROOT/public]. It is replaced as a whole,
        /// so it may not be the site's folder or one of its input folders.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Build into an output folder that is not empty and that continuum did not write,
        /// deleting what it holds.
        #[arg(long)]
        replace_output: bool,
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
        /// Print errors only, and the summary line.
        #[arg(long, short)]
        quiet: bool,
        /// Also print every handout to handout.pdf beside it, with headless Chromium
        /// (docs/handouts.md); `[handouts] pdf = true` in config.toml does the same.
        #[arg(long)]
        pdf: bool,
    },
    /// Check the site without writing anything: links, front matter, templates and the
    /// editorial checks (readability, review dates, accessibility, plain language, safety).
    Check {
        #[command(flatten)]
        site: SiteArgs,
        #[command(flatten)]
        checks: CheckArgs,
    },
    /// Preview the site: build in memory, serve it, rebuild and reload on every change.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but loopback is reachable by other machines.
        #[arg(long, short, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write a new site into DIR: config, the default theme and the sample knowledge base.
    Init {
        /// The folder for the new site (created if missing).
        dir: PathBuf,
        /// A minimal starter site instead of the sample knowledge base.
        #[arg(long)]
        minimal: bool,
        /// Write into a folder that is not empty, replacing files with the same names.
        #[arg(long)]
        force: bool,
    },
    /// Write the browser editor's files into static/admin/ (Decap CMS: its page, preview and
    /// a config.yml generated from the site's content model); docs/cms.md. `serve` offers
    /// the editor at /admin/ with no account.
    Cms {
        /// The site's folder, holding config.toml.
        #[arg(long, short, default_value = ".")]
        root: PathBuf,
        /// The Git host the deployed editor commits to: github or gitlab.
        #[arg(long, default_value = "github", value_parser = ["github", "gitlab"])]
        backend: String,
        /// The site's repository, OWNER/NAME.
        #[arg(long, default_value = "OWNER/REPO")]
        repo: String,
        /// The branch the editor commits to.
        #[arg(long, default_value = "main")]
        branch: String,
    },
    /// Clinical review: record an approval, or list every article's review state.
    Review {
        #[command(subcommand)]
        action: ReviewAction,
    },
    /// Create a draft article, e.g. `continuum new therapies/art-therapy.md` (`NAME.es.md`
    /// writes a Spanish one); it is published once a clinician approves it (`review approve`).
    New {
        /// The article's path below content/.
        path: String,
        /// The article's title [default: from the file name].
        #[arg(long)]
        title: Option<String>,
        /// The site's folder, holding content/.
        #[arg(long, short, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum ReviewAction {
    /// Record a clinician's approval of PATH (a page below content/), binding it to the text
    /// as it is now: e.g. `review approve content/iop/first-day.md --by "Ana Ruiz, MD" --role
    /// "Psychiatrist"`. Writes the page's review fields and its entry in reviews.toml.
    Approve {
        /// The page, e.g. content/iop/first-day.md (a translation is approved on its own).
        path: String,
        /// The reviewer and their credentials: "Name, credentials".
        #[arg(long, value_name = "NAME, CREDENTIALS")]
        by: Option<String>,
        /// The reviewer's clinical role (needed with --by).
        #[arg(long)]
        role: Option<String>,
        /// A team that approved it, instead of a person.
        #[arg(long, conflicts_with = "by")]
        team: Option<String>,
        /// The next review [default: [checks] review_interval_years after today].
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        next_review: Option<continuum::load::Date>,
        /// The day of the approval instead of today (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<continuum::load::Date>,
        /// The site's folder, holding config.toml.
        #[arg(long, short, default_value = ".")]
        root: PathBuf,
    },
    /// Print the review register: every article (drafts too) with its reviewer, dates,
    /// changes since review, sources and translations.
    List {
        /// table (for people), json or csv.
        #[arg(long, value_enum, default_value_t = RegisterFormat::Table)]
        format: RegisterFormat,
        /// Compare review dates with this day instead of today (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        today: Option<continuum::load::Date>,
        /// The site's folder, holding config.toml.
        #[arg(long, short, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum RegisterFormat {
    Table,
    Json,
    Csv,
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder, holding config.toml.
    #[arg(long, short, default_value = ".")]
    root: PathBuf,
    /// Use this base URL instead of config.toml's (for preview deploys).
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    /// The options, or a usage error when the site's folder does not exist.
    fn options(self, output: Option<PathBuf>) -> Result<BuildOptions, ExitCode> {
        if !self.root.is_dir() {
            let why = if self.root.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            return Err(usage_error(&format!(
                "the site's folder {} {why}\nhelp: pass the folder that holds config.toml with --root DIR; `continuum init DIR` makes a new site",
                self.root.display()
            )));
        }
        // The root is made absolute once, here: the watcher reports absolute paths, and every
        // comparison with them (and the output-folder rules) needs the same form.
        Ok(BuildOptions {
            root: absolute(self.root),
            output,
            base_url: self.base_url,
            drafts: self.drafts,
            ..BuildOptions::default()
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = std::time::Instant::now();
    match cli.command {
        Command::Build {
            site,
            output,
            replace_output,
            timings,
            quiet,
            pdf,
        } => {
            let mut options = match site.options(output) {
                Ok(options) => options,
                Err(code) => return code,
            };
            options.replace_output = replace_output;
            options.pdf = pdf;
            let outcome = continuum::build(&options);
            report(&outcome, quiet);
            if timings {
                print_timings(&outcome);
            }
            if let Some(stats) = outcome.emitted {
                let output = options.output_dir();
                let seconds = started.elapsed().as_secs_f64();
                let line = if outcome.up_to_date {
                    format!(
                        "{} is up to date: nothing changed since its last build ({} pages, {} files), checked in {seconds:.2} s",
                        output.display(),
                        outcome.pages,
                        stats.files,
                    )
                } else {
                    format!(
                        "built {} pages ({} files, {:.1} MB, {} unchanged) into {} in {seconds:.2} s",
                        outcome.pages,
                        stats.files,
                        stats.bytes as f64 / 1e6,
                        stats.kept,
                        output.display(),
                    )
                };
                let _ = writeln!(std::io::stdout(), "{line}");
                if stats.in_place {
                    let _ = writeln!(
                        std::io::stderr(),
                        "note: {} is a mount point, which cannot be swapped, so it was written in place: \
                         the last build's files were replaced or removed and other files were left; \
                         a build stopped while writing can leave it partly updated",
                        output.display()
                    );
                }
            }
            exit_code(&outcome)
        }
        Command::Serve {
            site,
            port,
            interface,
            open,
        } => {
            let build = match site.options(None) {
                Ok(options) => options,
                Err(code) => return code,
            };
            let options = continuum::serve::ServeOptions {
                build,
                interface,
                port,
                verbose: true,
            };
            if open {
                open_browser(&format!("http://{interface}:{port}/"));
            }
            match continuum::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => usage_error(&message),
            }
        }
        Command::Init {
            dir,
            minimal,
            force,
        } => match continuum::scaffold::init(&dir, minimal, force) {
            Ok(files) => {
                let _ = writeln!(
                    std::io::stdout(),
                    "wrote {files} files into {0}; build it with `continuum build --root {0}`",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(message) => usage_error(&message),
        },
        Command::New { path, title, root } => {
            match continuum::scaffold::new_article(&root, &path, title.as_deref()) {
                Ok(file) => {
                    let _ = writeln!(std::io::stdout(), "created {}", file.display());
                    ExitCode::SUCCESS
                }
                Err(message) => usage_error(&message),
            }
        }
        Command::Cms {
            root,
            backend,
            repo,
            branch,
        } => {
            let remote = continuum::cms::config::Remote {
                name: backend,
                repo,
                branch,
            };
            match continuum::cms::write_admin(&absolute(root), &remote) {
                Ok(files) => {
                    let _ = writeln!(std::io::stdout(), "wrote {}", files.join(", "));
                    ExitCode::SUCCESS
                }
                Err(message) => usage_error(&message),
            }
        }
        Command::Check { site, checks } => run_check(site, checks),
        Command::Review { action } => run_review(action),
    }
}

fn run_review(action: ReviewAction) -> ExitCode {
    use continuum::register;
    use continuum::review::approve;
    match action {
        ReviewAction::Approve {
            path,
            by,
            role,
            team,
            next_review,
            today,
            root,
        } => {
            let request = approve::Request {
                root: &root,
                path: &path,
                by: by.as_deref(),
                role: role.as_deref(),
                team: team.as_deref(),
                today: today.unwrap_or_else(continuum::load::Date::today),
                next_review,
            };
            match approve::approve(&request) {
                Ok(done) => {
                    let mut out = std::io::stdout();
                    let _ = writeln!(
                        out,
                        "approved {}: reviewed by {} on {}, next review {}; recorded in reviews.toml (commit it with the page)",
                        done.file.display(),
                        done.reviewer,
                        done.approved,
                        done.next_review
                    );
                    if done.draft {
                        let _ = writeln!(
                            out,
                            "note: the page is still a draft; remove `draft = true` to publish it"
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(message) => usage_error(&message),
            }
        }
        ReviewAction::List {
            format,
            today,
            root,
        } => {
            let options = BuildOptions {
                root,
                ..BuildOptions::default()
            };
            let today = today.unwrap_or_else(continuum::load::Date::today);
            let (rows, diagnostics) = register::of_site(&options, today);
            if diagnostics.has_errors() {
                let color =
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                let _ = write!(std::io::stderr(), "{}", diagnostics.report(color));
            }
            let Some(rows) = rows else {
                return ExitCode::from(2);
            };
            let text = match format {
                RegisterFormat::Table => register::table(&rows),
                RegisterFormat::Json => register::json(&rows),
                RegisterFormat::Csv => register::csv(&rows),
            };
            let _ = write!(std::io::stdout(), "{text}");
            ExitCode::SUCCESS
        }
    }
}

/// `path` from the file system's root, symbolic links resolved when it exists (the watcher
/// reports resolved paths on some systems).
fn absolute(path: PathBuf) -> PathBuf {
    std::fs::canonicalize(&path)
        .or_else(|_| std::path::absolute(&path))
        .unwrap_or(path)
}

fn usage_error(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(2)
}

/// Best effort: a browser that does not open is not an error.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Errors in full, warnings grouped by rule (see `continuum::grouped`).
fn report(outcome: &Outcome, quiet: bool) {
    if outcome.diagnostics.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let options = continuum::grouped::GroupOptions { color, quiet };
    let text = continuum::grouped::grouped_report(&outcome.diagnostics, &outcome.report, options);
    let _ = write!(std::io::stderr(), "{text}");
}

fn print_timings(outcome: &Outcome) {
    let mut err = std::io::stderr();
    for (stage, time) in &outcome.timings {
        let indent = if matches!(*stage, "markdown" | "links" | "templates") {
            "  "
        } else {
            ""
        };
        let _ = writeln!(
            err,
            "{:>10}: {:8.1} ms",
            format!("{indent}{stage}"),
            time.as_secs_f64() * 1000.0
        );
    }
    if let Some(peak) = peak_memory_kb() {
        let _ = writeln!(err, "{:>10}: {:8.1} MB", "peak", peak as f64 / 1024.0);
    }
}

/// Peak resident memory (VmHWM) on Linux.
fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn exit_code(outcome: &Outcome) -> ExitCode {
    if !outcome.diagnostics.has_errors() {
        ExitCode::SUCCESS
    } else if outcome.emitted.is_none()
        && outcome.pages == 0
        && outcome.diagnostics.iter().all(|d| d.path.is_none())
    {
        // Only problems with the command itself (such as a bad --base-url).
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

/// The flags of `check` that choose the editorial checks and how findings are shown.
#[derive(Args)]
struct CheckArgs {
    /// Make readability findings errors, not warnings.
    #[arg(long)]
    strict: bool,
    /// Also request every external (http/https) link and report the broken ones.
    #[arg(long)]
    external: bool,
    /// How to print the findings: human (with source lines and a summary table), json
    /// (for tools) or github (workflow commands that annotate a pull request).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Also write a self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Print errors only, and the summary line (human format).
    #[arg(long, short)]
    quiet: bool,
    /// Compare review dates with this day instead of today (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    today: Option<continuum::load::Date>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Github,
}

fn parse_date(text: &str) -> Result<continuum::load::Date, String> {
    continuum::load::Date::parse(text)
}

fn run_check(site: SiteArgs, args: CheckArgs) -> ExitCode {
    let mut options = match site.options(None) {
        Ok(options) => options,
        Err(code) => return code,
    };
    options.checks = continuum::check::CheckOptions {
        strict: args.strict,
        external: args.external,
        today: args.today,
    };
    let (_, outcome) = continuum::prepare(&options);
    let checks = &outcome.report;
    let mut out = std::io::stdout();
    match args.format {
        CheckFormat::Human => {
            report(&outcome, args.quiet);
            if !checks.articles.is_empty() && !args.quiet {
                let table = continuum::check::summary_table(checks, &outcome.diagnostics);
                let _ = write!(out, "\n{table}");
            }
            if !outcome.diagnostics.has_errors() {
                let _ = writeln!(out, "checked {} pages: no errors", outcome.pages);
            }
        }
        CheckFormat::Json => {
            let _ = writeln!(
                out,
                "{}",
                continuum::check::json_report(checks, &outcome.diagnostics)
            );
        }
        CheckFormat::Github => {
            let _ = write!(
                out,
                "{}",
                continuum::check::github_annotations(checks, &outcome.diagnostics)
            );
            let _ = writeln!(std::io::stderr(), "{}", outcome.diagnostics.summary());
        }
    }
    if let Some(path) = &args.report {
        let html = continuum::check::html_report(checks, &outcome.diagnostics);
        if let Err(error) = std::fs::write(path, html) {
            return usage_error(&format!(
                "cannot write the report to {}: {error}",
                path.display()
            ));
        }
    }
    exit_code(&outcome)
}
