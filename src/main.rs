//! The `incidex` command line: parses arguments and maps results to exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use incidex::diagnostic::Format;
use incidex::{CheckOptions, run_check};

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
    };
    ExitCode::from(code as u8)
}
