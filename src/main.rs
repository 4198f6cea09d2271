//! The `incidex` command line: parses arguments and maps results to exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use incidex::diagnostic::Format;
use incidex::{BuildOptions, CheckOptions, run_build, run_check};

#[derive(Parser)]
#[command(
    name = "incidex",
    version,
    about = "Validate incident reports and publish them as a static archive"
)]
struct Cli {
    /// The site root: holds incidex.yaml and the content folder.
    #[arg(short, long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
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
    },
}

fn color_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check {
            paths,
            strict,
            format,
        } => {
            let format = match format {
                FormatArg::Human => Format::Human,
                FormatArg::Json => Format::Json,
                FormatArg::Github => Format::Github,
            };
            let opts = CheckOptions {
                root: cli.root,
                paths,
                strict,
                format,
                color: color_wanted(),
            };
            run_check(&opts, &mut std::io::stdout().lock())
        }
        Command::Build {
            output,
            base_url,
            drafts,
            strict,
        } => {
            let color = std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            run_build(&BuildOptions {
                root: cli.root,
                output,
                base_url,
                drafts,
                strict,
                color,
            })
        }
    };
    ExitCode::from(code as u8)
}
