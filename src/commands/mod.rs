//! The commands of `incidex`, one module each: a readable function over the library that
//! prints what happened and returns an [`Outcome`] or a [`CommandError`]; `main` says the error
//! and chooses the exit code.

/// Prints a line on stdout; a closed pipe (`incidex serve | head -1`) is not a reason to stop.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints a line on stderr, ignoring a closed stream.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod build;
pub mod check;
pub mod color;
pub mod completions;
pub mod import;
pub mod init;
pub mod lsp;
pub mod man;
pub mod new;
pub mod schema;
pub mod serve;
pub mod stats;
mod terminal;

use incidex::diagnostic::{Diagnostic, Format, render_all};
use incidex::error::{ArchiveError, BuildError, Fatal, SiteError};

/// How a command ended when it could do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; warnings may have been printed.
    Done,
    /// The reports need fixing (said above).
    ReportsNeedFixing,
}

/// Why a command could not do its job.
#[derive(Debug)]
pub enum CommandError {
    /// The site cannot be opened: the diagnostics of incidex.yaml or of the content folder.
    Site(SiteError),
    /// incidex could not do its job (a file, a folder, an option).
    Fatal(Fatal),
    /// A signal stopped `incidex build`; when it was writing, what it left.
    Interrupted(Option<Fatal>),
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CommandError::Site(e) => e.fmt(f),
            CommandError::Fatal(e) | CommandError::Interrupted(Some(e)) => e.fmt(f),
            CommandError::Interrupted(None) => f.write_str("interrupted"),
        }
    }
}

impl std::error::Error for CommandError {}

impl From<SiteError> for CommandError {
    fn from(e: SiteError) -> CommandError {
        CommandError::Site(e)
    }
}

impl From<Fatal> for CommandError {
    fn from(e: Fatal) -> CommandError {
        CommandError::Fatal(e)
    }
}

impl From<ArchiveError> for CommandError {
    fn from(e: ArchiveError) -> CommandError {
        match e {
            ArchiveError::Site(e) => CommandError::Site(e),
            ArchiveError::Fatal(e) => CommandError::Fatal(e),
        }
    }
}

/// A build's error as the end of a command: reports that need fixing are an outcome (their
/// diagnostics were printed), the rest errors.
fn build_ended(error: BuildError) -> Result<Outcome, CommandError> {
    match error {
        BuildError::Reports => Ok(Outcome::ReportsNeedFixing),
        BuildError::Site(e) => Err(CommandError::Site(e)),
        BuildError::Fatal(e) => Err(CommandError::Fatal(e)),
        BuildError::Interrupted(e) => Err(CommandError::Interrupted(e)),
    }
}

/// Prints what stopped a command on stderr: the diagnostics of the site in `format`, or
/// `error: …` and its help.
pub fn print_error(error: &CommandError, format: Format, color: bool) {
    match error {
        CommandError::Site(e) => print_diagnostics(&e.diagnostics, format, color),
        CommandError::Fatal(e) | CommandError::Interrupted(Some(e)) => print_fatal(e, color),
        CommandError::Interrupted(None) => {}
    }
}

/// Writes `bytes` on stdout (a generated script or page); a closed pipe (`incidex man | head`)
/// is not an error, a full disk is.
fn print_out(bytes: &[u8]) -> Result<(), Fatal> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Fatal::new(format!(
            "cannot write to the standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// Prints diagnostics that stop a command before it starts.
fn print_diagnostics(diagnostics: &[Diagnostic], format: Format, color: bool) {
    let mut err = std::io::stderr().lock();
    let _ = render_all(
        &mut err,
        diagnostics,
        format,
        &incidex::Texts::default(),
        color,
    );
}

/// `error: <message>` in red, and `= help: <help>`.
fn print_fatal(fatal: &Fatal, color: bool) {
    let (error, bold) = if color {
        (color::ERROR, color::BOLD)
    } else {
        (anstyle::Style::new(), anstyle::Style::new())
    };
    tell!("{error}error{error:#}{bold}: {}{bold:#}", fatal.message);
    if let Some(help) = &fatal.help {
        tell!("  = help: {help}");
    }
}
