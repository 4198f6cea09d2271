//! The `incidex` command line: parses arguments, runs a command, prints what stopped it and
//! maps the end to an exit code (spec §8), here alone.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ColorChoice, CommandFactory, Parser, Subcommand, ValueEnum};
use commands::build::BuildOptions;
use commands::check::CheckOptions;
use commands::color;
use commands::import::ImportOptions;
use commands::serve::ServeOptions;
use commands::stats::StatsOptions;
use commands::{CommandError, Outcome};
use incidex::config::{Language, Links};
use incidex::diagnostic::Format;
use incidex::scaffold::{InitOptions, NewOptions};
use incidex::schema::Schema;

#[derive(Parser)]
#[command(
    name = "incidex",
    version = env!("INCIDEX_VERSION_LONG"),
    about = "Validate incident reports and publish them as a static archive"
)]
struct Cli {
    /// The site root: holds incidex.yaml and the content folder.
    #[arg(short, long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,

    /// When to colour what incidex prints: `always` and `never` win over the environment;
    /// `auto` follows NO_COLOR, then CLICOLOR_FORCE, then CLICOLOR and the terminal.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum LanguageArg {
    Fr,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum LinksArg {
    /// Links to folders (`stats/`), for a web server (the default).
    Pretty,
    /// Links to their `index.html` (`stats/index.html`), for an archive opened from disk.
    File,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports against the template; report every problem at once.
    Check {
        /// Report files or folders to check (default: the whole content folder).
        paths: Vec<PathBuf>,
        /// Treat warnings as errors (exit code 1).
        #[arg(long)]
        strict: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
    },
    /// Check every report, then write the site (nothing is written if a report has an error).
    Build {
        /// Where to write the site (default: `output_dir` of incidex.yaml, `public`).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The site's public address, for canonical links, feeds and the sitemap.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include draft reports (their problems are then errors).
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors (exit code 1, nothing written).
        #[arg(long)]
        strict: bool,
        /// Keep watching the sources and rebuild on every change.
        #[arg(long)]
        watch: bool,
        /// Write into a non-empty output folder incidex did not create (files of other names
        /// are kept; the files replaced are listed).
        #[arg(long)]
        force: bool,
        /// Leave out the fields listed by `private:` in incidex.yaml (costs, references…).
        #[arg(long)]
        public: bool,
        /// How pages link to folders: `file` for an archive opened from disk (overrides
        /// `links` in incidex.yaml).
        #[arg(long, value_enum, value_name = "STYLE")]
        links: Option<LinksArg>,
    },
    /// Preview the archive: serve it on loopback, rebuild and reload the pages on every save.
    Serve {
        /// The port to listen on (0: any free port).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default keeps the preview on this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the archive in a browser.
        #[arg(long)]
        open: bool,
        /// Leave drafts out of the preview.
        #[arg(long)]
        no_drafts: bool,
    },
    /// Start a new archive: incidex.yaml, an example report, netlify.toml and a CI workflow.
    Init {
        /// The folder to start it in, created when missing; it must be empty (default: the
        /// `--root` folder, `.`).
        dir: Option<PathBuf>,
        /// The language of the site and of the example report.
        #[arg(long, value_enum, default_value = "fr")]
        language: LanguageArg,
    },
    /// Write a new report from the template into the content folder and print its path.
    New {
        /// The incident's title (also names the file).
        #[arg(long, short)]
        title: Option<String>,
        /// Critique, Haute, Moyenne, Basse (or Critical, High, Medium, Low).
        #[arg(long, short)]
        severity: Option<String>,
        /// Downtime, Erreur, Sécurité, Performance, Coût (or Error, Security, Cost).
        #[arg(long = "type", value_name = "TYPE")]
        kind: Option<String>,
        /// When the incident started, e.g. `2025-01-15 14:30` (default: now, in the site's
        /// time zone).
        #[arg(long)]
        date: Option<String>,
    },
    /// Print the archive's statistics: tables in the site's language, or `--json`.
    Stats {
        /// Print exactly the content of the built `stats.json`.
        #[arg(long)]
        json: bool,
        /// Count the drafts too (their problems are then errors), as `build --drafts` does.
        #[arg(long)]
        drafts: bool,
        /// One year or quarter (`2025`, `2025-Q1`): its figures compared with the previous
        /// one of its kind; with --json, its object of `periods` in stats.json.
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
    },
    /// Split a document holding several incidents into one report per incident.
    ///
    /// Reads every `## Incident <date>` block of the document (the team's incident log), in the
    /// text or in a ```markdown fence, and writes each as a report into the content folder.
    /// Never overwrites a file: a second run changes nothing.
    Import {
        /// The Markdown document to read.
        file: PathBuf,
    },
    /// Print the completion script of a shell for incidex (to load from its startup file).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print incidex's manual page, in roff: `incidex man > incidex.1; man ./incidex.1`.
    Man,
    /// Run the language server for editors, on stdin and stdout.
    ///
    /// The diagnostics of `check` while a report is typed, completion, hover, quick fixes and
    /// an outline. Started by the editor, not by hand (README: "In the editor").
    Lsp,
    /// Print the JSON Schema of incidex.yaml or of a report's front matter, for editors.
    Schema {
        /// Which one: `config` (incidex.yaml) or `front-matter`.
        #[arg(value_enum, value_name = "DOCUMENT")]
        of: SchemaArg,
    },
}

/// The documents `incidex schema` describes.
#[derive(Clone, Copy, ValueEnum)]
enum SchemaArg {
    /// incidex.yaml.
    Config,
    /// The YAML front matter of a report.
    FrontMatter,
}

/// Whether stdout is coloured (`--color`, then the environment: [`color::on_stdout`]).
fn color_wanted() -> bool {
    color::on_stdout()
}

/// Building a site allocates millions of small strings from several threads: mimalloc does
/// that much faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's `mi_option_set` (mimalloc.h); not thread safe: called before any thread.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    #[cfg(test)]
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
}

/// mimalloc's `mi_option_purge_delay` (the 16th option of `mi_option_e` in mimalloc 3's
/// mimalloc.h; the test below checks its default). Its default, one second, keeps memory a
/// build has freed (the rows once the listing pages are written) for a while instead of handing it
/// back: a build frees a lot at once, so returning it soon lowers the peak memory
/// (10,000 reports: about 130 → 110 MiB). [`PURGE_DELAY_MS`] rather than 0 (at once): memory freed
/// and soon used again is not handed back and faulted in anew (10,000 reports: a third fewer page
/// faults, about 9 % less CPU time, 1.5 MiB more at the peak).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// The purge delay incidex sets, in milliseconds.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Tunes the allocator for a short-lived build; `MIMALLOC_PURGE_DELAY` still overrides it.
fn tune_allocator() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: called first thing in `main`, before any other thread exists.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

/// Whether stderr is coloured (`--color`, then the environment: [`color::on_stderr`]).
fn stderr_color() -> bool {
    color::on_stderr()
}

fn main() -> ExitCode {
    tune_allocator();
    // Before parsing, so that clap's help and usage errors follow `--color` too.
    if let Some(choice) = color::asked(std::env::args_os().skip(1)) {
        color::choose(choice);
    }
    let cli = Cli::parse();
    color::choose(cli.color);
    let shown = errors_shown(&cli.command);
    let ended = run(cli);
    exit_code(ended, shown)
}

/// How a command's errors are printed: the diagnostics' format, and whether in colour.
#[derive(Clone, Copy)]
struct Shown {
    format: Format,
    color: bool,
}

/// `check` prints its errors as its diagnostics, coloured as stdout is (as `import`'s); the
/// other commands print human text, coloured as stderr is.
fn errors_shown(command: &Command) -> Shown {
    match command {
        Command::Check { format, .. } => Shown {
            format: (*format).into(),
            color: color_wanted(),
        },
        Command::Import { .. } => Shown {
            format: Format::Human,
            color: color_wanted(),
        },
        _ => Shown {
            format: Format::Human,
            color: stderr_color(),
        },
    }
}

/// The exit code of a build stopped by a signal (128 + SIGINT's number; the handler cannot
/// tell SIGINT from SIGTERM or SIGHUP, so all three give it).
const INTERRUPTED: u8 = 130;

/// The one place where a command's end becomes an exit code (spec §8): what stopped it is
/// printed on stderr first.
fn exit_code(ended: Result<Outcome, CommandError>, shown: Shown) -> ExitCode {
    if let Err(error) = &ended {
        commands::print_error(error, shown.format, shown.color);
    }
    ExitCode::from(code_of(&ended))
}

/// 0 done (warnings may have been printed), 1 the reports need fixing, 2 incidex could not do
/// its job (usage, configuration, missing folder, write failure), 130 a signal stopped the build.
fn code_of(ended: &Result<Outcome, CommandError>) -> u8 {
    match ended {
        Ok(Outcome::Done) => 0,
        Ok(Outcome::ReportsNeedFixing) => 1,
        Err(CommandError::Site(_) | CommandError::Fatal(_)) => 2,
        Err(CommandError::Interrupted(_)) => INTERRUPTED,
    }
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Format {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

impl From<LinksArg> for Links {
    fn from(links: LinksArg) -> Links {
        match links {
            LinksArg::Pretty => Links::Pretty,
            LinksArg::File => Links::File,
        }
    }
}

impl From<LanguageArg> for Language {
    fn from(language: LanguageArg) -> Language {
        match language {
            LanguageArg::Fr => Language::French,
            LanguageArg::En => Language::English,
        }
    }
}

/// Runs the command the arguments name.
fn run(cli: Cli) -> Result<Outcome, CommandError> {
    let root = cli.root;
    match cli.command {
        Command::Check {
            paths,
            strict,
            format,
        } => commands::check::run(&CheckOptions {
            root,
            paths,
            strict,
            format: format.into(),
            color: color_wanted(),
        }),
        Command::Build {
            output,
            base_url,
            drafts,
            strict,
            watch,
            force,
            public,
            links,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                strict,
                force,
                public,
                links: links.map(Links::from),
                color: stderr_color(),
            };
            if watch {
                commands::build::watch(&opts)
            } else {
                commands::build::run(&opts)
            }
        }
        Command::Serve {
            port,
            bind,
            open,
            no_drafts,
        } => commands::serve::run(&ServeOptions {
            root,
            bind,
            port,
            open,
            drafts: !no_drafts,
            color: stderr_color(),
        }),
        Command::Init { dir, language } => commands::init::run(&InitOptions {
            dir: dir.unwrap_or(root),
            language: language.into(),
        }),
        Command::New {
            title,
            severity,
            kind,
            date,
        } => commands::new::run(&NewOptions {
            root,
            title,
            severity,
            kind,
            date,
        }),
        Command::Stats {
            json,
            drafts,
            period,
        } => commands::stats::run(&StatsOptions {
            root,
            json,
            drafts,
            period,
            color: stderr_color(),
        }),
        Command::Import { file } => commands::import::run(&ImportOptions {
            root,
            file,
            color: color_wanted(),
        }),
        Command::Completions { shell } => commands::completions::run(Cli::command(), shell),
        Command::Man => commands::man::run(Cli::command()),
        Command::Lsp => commands::lsp::run(),
        Command::Schema { of } => commands::schema::run(match of {
            SchemaArg::Config => Schema::Config,
            SchemaArg::FrontMatter => Schema::FrontMatter,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{CommandError, Outcome, code_of};
    use incidex::error::{Fatal, SiteError};

    #[test]
    fn every_end_of_a_command_has_its_exit_code() {
        assert_eq!(code_of(&Ok(Outcome::Done)), 0);
        assert_eq!(code_of(&Ok(Outcome::ReportsNeedFixing)), 1);
        let site = SiteError {
            diagnostics: Vec::new(),
        };
        assert_eq!(code_of(&Err(CommandError::Site(site))), 2);
        let fatal = || Fatal::new("cannot write `public`");
        assert_eq!(code_of(&Err(CommandError::Fatal(fatal()))), 2);
        assert_eq!(code_of(&Err(CommandError::Interrupted(None))), 130);
        assert_eq!(code_of(&Err(CommandError::Interrupted(Some(fatal())))), 130);
    }

    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        // mimalloc's options.c: `purge_delay` defaults to 1000 (ms), its neighbours (a deprecated
        // option, `use_numa_nodes`) to 1 and 0: an upgrade that renumbers the options fails here.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reading an option has no precondition.
            let value = unsafe { super::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
            assert_eq!(value, 1000);
        }
    }
}
