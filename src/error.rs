//! What stops a command, as values: the library returns these errors, `main` says them and
//! chooses the exit code.

use std::fmt;

use crate::diagnostic::Diagnostic;
pub use crate::diagnostic::Fatal;
use crate::output::OutputError;

impl From<OutputError> for Fatal {
    fn from(e: OutputError) -> Fatal {
        Fatal {
            message: e.message,
            help: e.help,
        }
    }
}

/// The site cannot be opened: incidex.yaml is missing or wrong, or the content folder is
/// missing. The diagnostics say where.
#[derive(Debug, Clone)]
pub struct SiteError {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        f.write_str(&messages.join("; "))
    }
}

impl std::error::Error for SiteError {}

/// Why a build produced no site.
#[derive(Debug)]
pub enum BuildError {
    /// The site cannot be opened (incidex.yaml, the content folder).
    Site(SiteError),
    /// incidex could not do its job: a bad `--base-url`, theme, template or output folder.
    Fatal(Fatal),
    /// The reports need fixing; their diagnostics are in the [`crate::site::Built`] site.
    Reports,
    /// A signal stopped the build; when it was writing, what it left is said.
    Interrupted(Option<Fatal>),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Site(e) => e.fmt(f),
            BuildError::Fatal(e) | BuildError::Interrupted(Some(e)) => e.fmt(f),
            BuildError::Interrupted(None) => f.write_str("the build was interrupted"),
            BuildError::Reports => f.write_str("the reports need fixing"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Site(e) => Some(e),
            BuildError::Fatal(e) | BuildError::Interrupted(Some(e)) => Some(e),
            BuildError::Interrupted(None) | BuildError::Reports => None,
        }
    }
}

impl From<SiteError> for BuildError {
    fn from(e: SiteError) -> BuildError {
        BuildError::Site(e)
    }
}

impl From<Fatal> for BuildError {
    fn from(e: Fatal) -> BuildError {
        BuildError::Fatal(e)
    }
}

/// Why a command that opens the archive to read or write its reports (`new`, `import`) could
/// not do its job.
#[derive(Debug)]
pub enum ArchiveError {
    /// The site cannot be opened (incidex.yaml, the content folder).
    Site(SiteError),
    /// Any other problem: no archive there, a file that cannot be read or written.
    Fatal(Fatal),
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArchiveError::Site(e) => e.fmt(f),
            ArchiveError::Fatal(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ArchiveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ArchiveError::Site(e) => Some(e),
            ArchiveError::Fatal(e) => Some(e),
        }
    }
}

impl From<SiteError> for ArchiveError {
    fn from(e: SiteError) -> ArchiveError {
        ArchiveError::Site(e)
    }
}

impl From<Fatal> for ArchiveError {
    fn from(e: Fatal) -> ArchiveError {
        ArchiveError::Fatal(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn errors_say_their_message_and_keep_their_cause() {
        let fatal = Fatal::with_help("cannot write `public`", "make it writable");
        assert_eq!(fatal.to_string(), "cannot write `public`");
        let build = BuildError::from(fatal.clone());
        assert_eq!(build.to_string(), "cannot write `public`");
        assert_eq!(
            build.source().map(|e| e.to_string()),
            Some("cannot write `public`".to_string())
        );
        assert!(BuildError::Reports.source().is_none());
        assert_eq!(
            BuildError::Interrupted(None).to_string(),
            "the build was interrupted"
        );
        let archive = ArchiveError::from(fatal);
        assert_eq!(archive.to_string(), "cannot write `public`");
    }
}
