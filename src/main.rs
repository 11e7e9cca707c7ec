//! The `continuum` command: a thin shell over the library. Exit codes: 0 success (warnings
//! allowed), 1 the content has errors, 2 usage or internal error.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use continuum::{BuildOptions, Outcome};

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
        /// The folder to write the site to [default: ROOT/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
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
    /// Create an article with complete front matter, e.g. `continuum new therapies/art-therapy.md`.
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
    fn options(self, output: Option<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: self.root,
            output,
            base_url: self.base_url,
            drafts: self.drafts,
            ..BuildOptions::default()
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = std::time::Instant::now();
    match cli.command {
        Command::Build {
            site,
            output,
            timings,
            pdf,
        } => {
            let options = BuildOptions {
                pdf,
                ..site.options(output)
            };
            let outcome = continuum::build(&options);
            report(&outcome);
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
            }
            exit_code(&outcome)
        }
        Command::Serve {
            site,
            port,
            interface,
            open,
        } => {
            let options = continuum::serve::ServeOptions {
                build: site.options(None),
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
            let today = continuum::load::Date::today();
            match continuum::scaffold::new_article(&root, &path, title.as_deref(), today) {
                Ok(file) => {
                    let _ = writeln!(std::io::stdout(), "created {}", file.display());
                    ExitCode::SUCCESS
                }
                Err(message) => usage_error(&message),
            }
        }
        Command::Check { site, checks } => run_check(site, checks),
    }
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

fn report(outcome: &Outcome) {
    if outcome.diagnostics.is_empty() {
        return;
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = write!(std::io::stderr(), "{}", outcome.diagnostics.report(color));
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
    let mut options = site.options(None);
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
            report(&outcome);
            if !checks.articles.is_empty() {
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
